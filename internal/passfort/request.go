package passfort

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// decodeBody unmarshals a JSON request body into v, turning decoding
// failures into precise field errors.
func decodeBody(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return kyc.FieldError("body", "is empty; a JSON object is required")
	}
	if body[0] != '{' {
		if !json.Valid(body) {
			return kyc.FieldError("body", "is not valid JSON")
		}
		return kyc.FieldError("body", "must be a JSON object")
	}
	err := json.Unmarshal(body, v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		if kerr := checkTexts(v, ""); kerr != nil {
			return kerr
		}
		return nil
	case errors.As(err, &se):
		return kyc.FieldError("body", fmt.Sprintf("is not valid JSON: %s at byte %d", se.Error(), se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return kyc.FieldError(field, "must be "+jsonKind(te.Type.Kind().String())+", not "+te.Value)
	}
	return kyc.FieldError("body", "cannot be read: "+err.Error())
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "int", "int64", "float64":
		return "a number"
	}
	return "of another type"
}

type createProfileBody struct {
	Role          *string           `json:"role"`
	CollectedData json.RawMessage   `json:"collected_data"`
	Applications  []json.RawMessage `json:"applications"`
}

// DecodeCreateProfile validates a POST /profiles body. Read-only fields of
// ProfileResource sent by the caller are ignored, as the contract says.
func DecodeCreateProfile(body []byte) (kyc.NewProfile, error) {
	var b createProfileBody
	if err := decodeBody(body, &b); err != nil {
		return kyc.NewProfile{}, err
	}
	if b.Role == nil {
		return kyc.NewProfile{}, kyc.MissingField("role")
	}
	role := kyc.Role(*b.Role)
	if _, ok := role.EntityType(); !ok {
		return kyc.NewProfile{}, kyc.FieldError("role", "must be one of INDIVIDUAL_CUSTOMER, INDIVIDUAL_ASSOCIATED, COMPANY_CUSTOMER, COMPANY_ASSOCIATED")
	}
	if len(b.CollectedData) == 0 || string(b.CollectedData) == "null" {
		return kyc.NewProfile{}, kyc.MissingField("collected_data")
	}
	data, facts, err := DecodeEntityData(b.CollectedData, "collected_data")
	if err != nil {
		return kyc.NewProfile{}, err
	}
	np := kyc.NewProfile{Role: role, CollectedData: data, Facts: facts}
	if b.Applications != nil {
		np.Applications = make([]kyc.NewApplication, 0, len(b.Applications))
		for i, raw := range b.Applications {
			na, err := decodeApplication(raw, fmt.Sprintf("applications[%d]", i))
			if err != nil {
				return kyc.NewProfile{}, err
			}
			np.Applications = append(np.Applications, na)
		}
	}
	return np, nil
}

type applicationBody struct {
	Product *struct {
		ID    *string `json:"id"`
		Alias *string `json:"alias"`
	} `json:"product"`
	AssociatedRole *string `json:"associated_role"`
}

// DecodeApplication validates a POST /applications body.
func DecodeApplication(body []byte) (kyc.NewApplication, error) {
	return decodeApplication(body, "")
}

func decodeApplication(raw []byte, field string) (kyc.NewApplication, error) {
	at := func(name string) string {
		if field == "" {
			return name
		}
		return field + "." + name
	}
	var b applicationBody
	if err := decodeBody(raw, &b); err != nil {
		var ke *kyc.Error
		if field != "" && errors.As(err, &ke) && ke.Info != nil {
			f, _ := ke.Info["field"].(string)
			if f == "body" {
				f = field
			} else {
				f = field + "." + f
			}
			return kyc.NewApplication{}, kyc.FieldError(f, ke.Info["reason"].(string))
		}
		return kyc.NewApplication{}, err
	}
	if b.Product == nil {
		return kyc.NewApplication{}, kyc.MissingField(at("product"))
	}
	var na kyc.NewApplication
	if b.Product.ID != nil {
		if !kyc.ValidID(*b.Product.ID) {
			return na, kyc.FieldError(at("product.id"), "must be a UUID")
		}
		na.Product.ID = strings.ToLower(*b.Product.ID)
	}
	if b.Product.Alias != nil {
		if *b.Product.Alias == "" {
			return na, kyc.FieldError(at("product.alias"), "must not be empty")
		}
		na.Product.Alias = *b.Product.Alias
	}
	if na.Product.ID == "" && na.Product.Alias == "" {
		return na, kyc.MissingField(at("product.alias"))
	}
	if b.AssociatedRole != nil {
		na.AssociatedRole = kyc.AssociatedRole(*b.AssociatedRole)
		if !na.AssociatedRole.Valid() {
			return na, kyc.FieldError(at("associated_role"), "must be one of AUTHORIZED_PERSON, UNAUTHORIZED_PERSON, DIRECTOR, COMPANY_SECRETARY, SHAREHOLDER, PARTNER, TRUSTEE, BENEFICIAL_OWNER, RESIGNED_OFFICER, OTHER")
		}
	}
	return na, nil
}

// DecodeTag validates a POST /tags body: {"name": ...} or {"id": ...}.
func DecodeTag(body []byte) (kyc.TagRef, error) {
	var b struct {
		ID   *string `json:"id"`
		Name *string `json:"name"`
	}
	if err := decodeBody(body, &b); err != nil {
		return kyc.TagRef{}, err
	}
	var ref kyc.TagRef
	if b.ID != nil {
		if !kyc.ValidID(*b.ID) {
			return ref, kyc.FieldError("id", "must be a UUID")
		}
		ref.ID = strings.ToLower(*b.ID)
	}
	if b.Name != nil {
		ref.Name = *b.Name
	}
	if ref.ID == "" && b.Name == nil {
		return ref, kyc.MissingField("name")
	}
	return ref, nil
}

// DecodeStatus validates a POST /status body: the bare ProfileStatus string
// the contract gives, or {"status": ...} as some clients send.
func DecodeStatus(body []byte) (kyc.ProfileStatus, error) {
	body = bytes.TrimSpace(body)
	var s string
	if len(body) > 0 && body[0] == '"' {
		if err := json.Unmarshal(body, &s); err != nil {
			return "", kyc.FieldError("body", "is not a valid JSON string")
		}
	} else {
		var b struct {
			Status *string `json:"status"`
		}
		if err := decodeBody(body, &b); err != nil {
			return "", err
		}
		if b.Status == nil {
			return "", kyc.MissingField("status")
		}
		s = *b.Status
	}
	st := kyc.ProfileStatus(s)
	if !st.Valid() {
		return "", kyc.FieldError("status", "must be one of NORMAL, SUSPENDED, BANNED")
	}
	return st, nil
}
