package passfort

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// DecodeDocument validates a POST /collected_data/documents body: a
// Document of the contract (category, document_type and images required;
// extracted_data and verification_result as the contract describes them),
// whose images name uploaded images by id. An image carrying its bytes
// (data) is refused: images are uploaded on their own, so that their bytes
// are encrypted outside the database rather than kept in collected data.
// Errors name the member by its path in the body, such as images[0].id.
func DecodeDocument(body []byte) (kyc.NewDocument, error) {
	var out kyc.NewDocument
	if err := validate(body, document); err != nil {
		return out, err
	}
	var b struct {
		ID           *string `json:"id"`
		Category     string  `json:"category"`
		DocumentType string  `json:"document_type"`
		Images       []struct {
			ID   *string         `json:"id"`
			Data json.RawMessage `json:"data"`
		} `json:"images"`
		ExtractedData      json.RawMessage `json:"extracted_data"`
		VerificationResult json.RawMessage `json:"verification_result"`
	}
	if err := json.Unmarshal(body, &b); err != nil { // validate has checked the shape
		return out, kyc.FieldError("body", "cannot be read: "+err.Error())
	}
	if b.ID != nil {
		out.ID = strings.ToLower(*b.ID)
	}
	out.Category, out.DocumentType = b.Category, b.DocumentType
	out.ImageIDs = make([]string, len(b.Images))
	for i, im := range b.Images {
		at := fmt.Sprintf("images[%d]", i)
		switch {
		case len(im.Data) > 0 && string(im.Data) != "null":
			return out, kyc.FieldError(at+".data", "upload images with POST /profiles/{profile_id}/document_images and give their id")
		case im.ID == nil:
			return out, kyc.MissingField(at + ".id")
		}
		out.ImageIDs[i] = strings.ToLower(*im.ID)
	}
	out.ExtractedData = compactOrNil(b.ExtractedData)
	out.VerificationResult = compactOrNil(b.VerificationResult)
	return out, nil
}

func compactOrNil(raw json.RawMessage) []byte {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return nil
	}
	return buf.Bytes()
}

// validate checks a request body against a schema of the contract, with
// the strictness of DecodeEntityData (no duplicate keys, calendar dates,
// bounded nesting). Errors name members by their path in the body.
func validate(body []byte, s *schema) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return kyc.FieldError("body", "is empty; a JSON object is required")
	}
	if !utf8.Valid(body) {
		return kyc.FieldError("body", "is not valid UTF-8")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, body); err != nil {
		return kyc.FieldError("body", "is not valid JSON: "+err.Error())
	}
	if buf.Bytes()[0] != '{' {
		return kyc.FieldError("body", "must be a JSON object")
	}
	t, kerr := parseTree(buf.String(), "")
	if kerr != nil {
		return unrooted(kerr)
	}
	defer t.release()
	v := validator{t: t}
	if kerr := v.value(s, 0, 0); kerr != nil {
		return unrooted(kerr)
	}
	return nil
}

// unrooted drops the leading dot of paths under an unnamed document
// (".images[0].id" becomes "images[0].id"; "" becomes "body").
func unrooted(e *kyc.Error) *kyc.Error {
	f, _ := e.Info["field"].(string)
	switch {
	case f == "":
		e.Info["field"] = "body"
		e.Message = "body" + e.Message
	case strings.HasPrefix(f, "."):
		e.Info["field"] = f[1:]
		e.Message = strings.TrimPrefix(e.Message, ".")
	}
	return e
}

// DecodeNoteBody reads POST /notes: {"text": ..., "attachments": [FileResource]},
// returning the text and the attached files' ids.
func DecodeNoteBody(body []byte) (text string, fileIDs []string, err error) {
	var b struct {
		Text        *string `json:"text" text:"prose"`
		Attachments []struct {
			ID *string `json:"id"`
		} `json:"attachments"`
	}
	if err := decodeBody(body, &b); err != nil {
		return "", nil, err
	}
	if b.Text == nil {
		return "", nil, kyc.MissingField("text")
	}
	for i, a := range b.Attachments {
		at := fmt.Sprintf("attachments[%d].id", i)
		switch {
		case a.ID == nil:
			return "", nil, kyc.MissingField(at)
		case !kyc.ValidID(*a.ID):
			return "", nil, kyc.FieldError(at, "must be a UUID")
		}
		fileIDs = append(fileIDs, strings.ToLower(*a.ID))
	}
	return *b.Text, fileIDs, nil
}
