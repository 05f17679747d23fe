package passfort

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// DecodeDecision reads POST /applications/{id}: a ProductApplication of
// which only status and comment are used.
func DecodeDecision(body []byte) (kyc.AppStatus, string, error) {
	var b struct {
		Status  *string `json:"status"`
		Comment *string `json:"comment" text:"prose"`
	}
	if err := decodeBody(body, &b); err != nil {
		return "", "", err
	}
	if b.Status == nil {
		return "", "", kyc.MissingField("status")
	}
	st := kyc.AppStatus(*b.Status)
	if !st.Valid() {
		return "", "", kyc.FieldError("status", "must be one of APPLIED, APPROVED, IN_REVIEW, REJECTED, CANCELLED")
	}
	comment := ""
	if b.Comment != nil {
		comment = strings.TrimSpace(*b.Comment)
	}
	if len(comment) > kyc.MaxNoteText {
		return "", "", kyc.FieldError("comment", "must be at most 20000 bytes")
	}
	return st, comment, nil
}

// DecodeRevert reads POST /revert_decision: an optional {"comment": ...}
// (the body may be empty or null).
func DecodeRevert(body []byte) (string, error) {
	if t := bytes.TrimSpace(body); len(t) == 0 || string(t) == "null" {
		return "", nil
	}
	var b struct {
		Comment *string `json:"comment" text:"prose"`
	}
	if err := decodeBody(body, &b); err != nil {
		return "", err
	}
	if b.Comment == nil {
		return "", nil
	}
	if len(*b.Comment) > kyc.MaxNoteText {
		return "", kyc.FieldError("comment", "must be at most 20000 bytes")
	}
	return strings.TrimSpace(*b.Comment), nil
}

// DecodeTaskUpdate reads POST /tasks/{id}: `state` (live PassFort) or
// `is_complete` (the 4.0 contract; true passes, false reopens), and
// `check_ids`. Other fields are ignored, as the contract says.
func DecodeTaskUpdate(body []byte) (kyc.TaskUpdate, error) {
	var b struct {
		State      *string   `json:"state"`
		IsComplete *bool     `json:"is_complete"`
		CheckIDs   *[]string `json:"check_ids"`
	}
	var u kyc.TaskUpdate
	if err := decodeBody(body, &b); err != nil {
		return u, err
	}
	switch {
	case b.State != nil:
		st := kyc.TaskState(*b.State)
		if !st.Valid() {
			return u, kyc.FieldError("state", "must be INCOMPLETE, COMPLETED_PASS or COMPLETED_FAIL")
		}
		u.State = &st
	case b.IsComplete != nil:
		st := kyc.TaskIncomplete
		if *b.IsComplete {
			st = kyc.TaskCompletedPass
		}
		u.State = &st
	}
	if b.CheckIDs != nil {
		for i, id := range *b.CheckIDs {
			if !kyc.ValidID(id) {
				return u, kyc.FieldError(fmt.Sprintf("check_ids[%d]", i), "must be a UUID")
			}
		}
		ids := append([]string{}, *b.CheckIDs...)
		u.CheckIDs = &ids
	}
	if u.State == nil && u.CheckIDs == nil {
		return u, kyc.MissingField("state")
	}
	return u, nil
}

// DecodeNewTask reads POST /tasks: a TaskResource naming its variant
// (variant.id, or variant.alias) or its type.
func DecodeNewTask(body []byte) (kyc.NewTaskRequest, error) {
	var b struct {
		Variant *struct {
			ID    *string `json:"id"`
			Alias *string `json:"alias"`
		} `json:"variant"`
		Type *string `json:"type"`
	}
	var r kyc.NewTaskRequest
	if err := decodeBody(body, &b); err != nil {
		return r, err
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
	if r.VariantRef == "" && b.Type != nil {
		r.Type = kyc.TaskType(*b.Type)
		if _, ok := r.Type.EntityType(); !ok {
			return r, kyc.FieldError("type", "is not a task type of the 4.0 contract")
		}
	}
	if r.VariantRef == "" && r.Type == "" {
		return r, kyc.MissingField("variant.id")
	}
	return r, nil
}

// DecodeNote reads POST /notes: {"text": ...}.
func DecodeNote(body []byte) (string, error) {
	var b struct {
		Text *string `json:"text" text:"prose"`
	}
	if err := decodeBody(body, &b); err != nil {
		return "", err
	}
	if b.Text == nil {
		return "", kyc.MissingField("text")
	}
	return *b.Text, nil
}

type eventBody struct {
	ID                *string         `json:"id"`
	Data              json.RawMessage `json:"data"`
	Resolution        *string         `json:"resolution"`
	ResolutionReason  *string         `json:"resolution_reason" text:"prose"`
	ResolutionTaskIDs *[]string       `json:"resolution_task_ids"`
}

func (b eventBody) update(at string) (kyc.EventUpdate, error) {
	var u kyc.EventUpdate
	if b.ID != nil {
		u.ID = *b.ID
	}
	if b.Resolution != nil {
		u.Resolution = kyc.Resolution(*b.Resolution)
		if !u.Resolution.Valid() {
			return u, kyc.FieldError(at+"resolution", "must be UNRESOLVED, MISMATCH, MATCH, IGNORE or CREATED_TASK")
		}
	}
	if b.ResolutionReason != nil {
		if len(*b.ResolutionReason) > kyc.MaxNoteText {
			return u, kyc.FieldError(at+"resolution_reason", "must be at most 20000 bytes")
		}
		r := strings.TrimSpace(*b.ResolutionReason)
		u.ResolutionReason = &r
	}
	if b.ResolutionTaskIDs != nil {
		u.ResolutionTaskIDs = []string{}
		for i, id := range *b.ResolutionTaskIDs {
			if !kyc.ValidID(id) {
				return u, kyc.FieldError(fmt.Sprintf("%sresolution_task_ids[%d]", at, i), "must be a UUID")
			}
			u.ResolutionTaskIDs = append(u.ResolutionTaskIDs, strings.ToLower(id))
		}
	}
	return u, nil
}

// DecodeNewEvent reads POST /events: an EventResource whose data (PEP,
// sanction, adverse media or refer flag) is required; it may carry a
// resolution already.
func DecodeNewEvent(body []byte) (kyc.NewEventRequest, error) {
	var b eventBody
	var r kyc.NewEventRequest
	if err := decodeBody(body, &b); err != nil {
		return r, err
	}
	if len(b.Data) == 0 || string(b.Data) == "null" {
		return r, kyc.MissingField("data")
	}
	data, et, err := DecodeEventData(b.Data, "data")
	if err != nil {
		return r, err
	}
	u, err := b.update("")
	if err != nil {
		return r, err
	}
	r.Type, r.Data, r.Update = et, data, u
	return r, nil
}

// DecodeEventUpdate reads POST /events/{id}: the resolution fields of an
// EventResource (data cannot change).
func DecodeEventUpdate(body []byte, id string) (kyc.EventUpdate, error) {
	var b eventBody
	if err := decodeBody(body, &b); err != nil {
		return kyc.EventUpdate{}, err
	}
	u, err := b.update("")
	if err != nil {
		return u, err
	}
	if b.Resolution == nil {
		return u, kyc.MissingField("resolution")
	}
	u.ID = id
	return u, nil
}

// DecodeBulkEventUpdate reads POST /events/bulk_update: an array of
// EventResources, each with its id and resolution.
func DecodeBulkEventUpdate(body []byte) ([]kyc.EventUpdate, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '[' {
		return nil, kyc.FieldError("body", "must be a JSON array of events")
	}
	var bs []eventBody
	if err := json.Unmarshal(t, &bs); err != nil {
		return nil, kyc.FieldError("body", "is not a valid array of events: "+err.Error())
	}
	if err := checkTexts(bs, ""); err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, kyc.FieldError("body", "must list at least one event")
	}
	if len(bs) > 1000 {
		return nil, kyc.FieldError("body", "must list at most 1000 events")
	}
	out := make([]kyc.EventUpdate, len(bs))
	for i, b := range bs {
		at := fmt.Sprintf("[%d].", i)
		u, err := b.update(at)
		if err != nil {
			return nil, err
		}
		if b.ID == nil || !kyc.ValidID(*b.ID) {
			return nil, kyc.FieldError(at+"id", "must be the event's UUID")
		}
		if b.Resolution == nil {
			return nil, kyc.MissingField(at + "resolution")
		}
		out[i] = u
	}
	return out, nil
}
