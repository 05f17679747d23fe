package passfort

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// DecodeNewCheck reads POST /checks: a CheckResource of which check_type is
// required; variant.id (or alias), task_ids, input_data (EntityData),
// document_id (document checks), source and reference (DOCUMENT_FETCH),
// source_id (COMPANY_FILING_PURCHASE), disable_monitoring and
// disable_initial_screen (screening) and demo_result (a Gatehouse extension
// for the sandbox) are optional here; the service says which a type
// requires. mode is the query parameter: sync or async.
func DecodeNewCheck(body []byte, mode string) (kyc.NewCheckRequest, error) {
	var b struct {
		CheckType *string `json:"check_type"`
		Variant   *struct {
			ID    *string `json:"id"`
			Alias *string `json:"alias"`
		} `json:"variant"`
		TaskIDs    []string        `json:"task_ids"`
		InputData  json.RawMessage `json:"input_data"`
		DocumentID *string         `json:"document_id"`
		DemoResult *string         `json:"demo_result"`
		Source     *string         `json:"source"`
		Reference  *string         `json:"reference"`
		SourceID   *string         `json:"source_id"`

		DisableMonitoring    *bool `json:"disable_monitoring"`
		DisableInitialScreen *bool `json:"disable_initial_screen"`
	}
	var r kyc.NewCheckRequest
	if err := decodeBody(body, &b); err != nil {
		return r, err
	}
	switch mode {
	case "", "sync", "async":
		r.Mode = mode
	default:
		return r, kyc.FieldError("mode", "must be sync or async")
	}
	if b.CheckType == nil {
		return r, kyc.MissingField("check_type")
	}
	r.Type = kyc.CheckType(*b.CheckType)
	if _, ok := r.Type.EntityType(); !ok {
		return r, kyc.FieldError("check_type", "is not a check type of the 4.0 contract")
	}
	if b.Variant != nil {
		switch {
		case b.Variant.ID != nil:
			if !kyc.ValidID(*b.Variant.ID) {
				return r, kyc.FieldError("variant.id", "must be a UUID")
			}
			r.VariantRef = strings.ToLower(*b.Variant.ID)
		case b.Variant.Alias != nil:
			r.VariantRef = *b.Variant.Alias
		}
	}
	for i, id := range b.TaskIDs {
		if !kyc.ValidID(id) {
			return r, kyc.FieldError(fmt.Sprintf("task_ids[%d]", i), "must be a UUID")
		}
		r.TaskIDs = append(r.TaskIDs, strings.ToLower(id))
	}
	if len(b.InputData) > 0 && string(b.InputData) != "null" {
		data, _, err := DecodeEntityData(b.InputData, "input_data")
		if err != nil {
			return r, err
		}
		r.Input = data
	}
	if b.DocumentID != nil {
		if !kyc.ValidID(*b.DocumentID) {
			return r, kyc.FieldError("document_id", "must be a UUID")
		}
		r.DocumentID = *b.DocumentID
	}
	if b.DemoResult != nil {
		r.DemoResult = strings.TrimSpace(*b.DemoResult)
		if len(r.DemoResult) > 100 {
			return r, kyc.FieldError("demo_result", "must be at most 100 characters")
		}
	}
	for _, f := range []struct {
		v     *string
		field string
		to    *string
	}{{b.Source, "source", &r.Source}, {b.Reference, "reference", &r.Reference}, {b.SourceID, "source_id", &r.SourceID}} {
		if f.v == nil {
			continue
		}
		if len(*f.v) > 500 {
			return r, kyc.FieldError(f.field, "must be at most 500 bytes")
		}
		if strings.TrimSpace(*f.v) == "" {
			return r, kyc.FieldError(f.field, "must not be empty")
		}
		*f.to = *f.v
	}
	r.DisableMonitoring = b.DisableMonitoring != nil && *b.DisableMonitoring
	r.DisableInitialScreen = b.DisableInitialScreen != nil && *b.DisableInitialScreen
	return r, nil
}

// DecodeCheckTasks reads POST /checks/{id}: only task_ids is used (checks
// are immutable).
func DecodeCheckTasks(body []byte) ([]string, error) {
	var b struct {
		TaskIDs *[]string `json:"task_ids"`
	}
	if err := decodeBody(body, &b); err != nil {
		return nil, err
	}
	if b.TaskIDs == nil {
		return nil, kyc.MissingField("task_ids")
	}
	for i, id := range *b.TaskIDs {
		if !kyc.ValidID(id) {
			return nil, kyc.FieldError(fmt.Sprintf("task_ids[%d]", i), "must be a UUID")
		}
	}
	return *b.TaskIDs, nil
}

// DecodeCollectionSteps reads POST /collection_steps: the new list.
func DecodeCollectionSteps(body []byte) ([]kyc.CollectionStep, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '[' {
		return nil, kyc.FieldError("body", "must be a JSON array of collection steps")
	}
	var bs []struct {
		CollectionType   *string  `json:"collection_type"`
		ID               *string  `json:"id"`
		Category         *string  `json:"category"`
		FacialSimilarity *bool    `json:"facial_similarity"`
		AllowedTypes     []string `json:"allowed_types"`
	}
	if err := json.Unmarshal(t, &bs); err != nil {
		return nil, kyc.FieldError("body", "is not a valid array of collection steps: "+err.Error())
	}
	if err := checkTexts(bs, ""); err != nil {
		return nil, err
	}
	if len(bs) > 100 {
		return nil, kyc.FieldError("body", "must list at most 100 collection steps")
	}
	out := make([]kyc.CollectionStep, 0, len(bs))
	for i, b := range bs {
		at := fmt.Sprintf("[%d].", i)
		if b.CollectionType == nil {
			return nil, kyc.MissingField(at + "collection_type")
		}
		s := kyc.CollectionStep{Type: kyc.CollectionType(*b.CollectionType)}
		if !s.Type.Valid() {
			return nil, kyc.FieldError(at+"collection_type", "must be FULL_NAME, DOB, ADDRESS_HISTORY, NATIONALITY, DOCUMENT, EMAIL or PHONE_NUMBER")
		}
		if s.Type == kyc.CollectDocument {
			if b.Category == nil || documentCategory.format(*b.Category) != "" {
				return nil, kyc.FieldError(at+"category", "a DOCUMENT step needs a document category")
			}
			if b.AllowedTypes == nil {
				return nil, kyc.MissingField(at + "allowed_types")
			}
			for j, dt := range b.AllowedTypes {
				if documentType.format(dt) != "" {
					return nil, kyc.FieldError(fmt.Sprintf("%sallowed_types[%d]", at, j), "is not a document type")
				}
			}
			s.Category, s.AllowedTypes = *b.Category, b.AllowedTypes
			if b.FacialSimilarity != nil {
				s.FacialSimilarity = *b.FacialSimilarity
			}
			s.DocumentID = kyc.NewID()
			if b.ID != nil {
				if !kyc.ValidID(*b.ID) {
					return nil, kyc.FieldError(at+"id", "must be a UUID")
				}
				s.DocumentID = strings.ToLower(*b.ID)
			}
		}
		out = append(out, s)
	}
	return out, nil
}
