package passfort

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Check is a CheckResource.
type Check struct {
	ID                   string          `json:"id"`
	CheckType            kyc.CheckType   `json:"check_type"`
	Variant              checkVariant    `json:"variant"`
	State                kyc.CheckState  `json:"state"`
	PerformedOn          *DateTime       `json:"performed_on,omitempty"`
	Errors               []apiError      `json:"errors"`
	TaskIDs              []string        `json:"task_ids"`
	InstructedExternally bool            `json:"instructed_externally"`
	Providers            []checkProvider `json:"providers"`
	DocumentID           string          `json:"document_id,omitempty"`
	Source               string          `json:"source,omitempty"`
	Reference            string          `json:"reference,omitempty"`
	SourceID             string          `json:"source_id,omitempty"`
	InputData            json.RawMessage `json:"input_data,omitempty"`
	OutputData           json.RawMessage `json:"output_data,omitempty"`
	Result               string          `json:"result,omitempty"`
}

type checkVariant struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type checkProvider struct {
	ProviderName string `json:"provider_name"`
	IsMonitored  bool   `json:"is_monitored"`
}

// FromCheck converts a check. Output data appears once the check is
// complete; an empty output is left out.
func FromCheck(c *kyc.Check) Check {
	out := Check{
		ID: c.ID, CheckType: c.Type, Variant: checkVariant{ID: c.Variant.ID, Name: c.Variant.Name}, State: c.State,
		PerformedOn: dateTimePtr(c.PerformedOn), Errors: []apiError{}, TaskIDs: orEmpty(c.TaskIDs),
		Providers: []checkProvider{}, DocumentID: c.DocumentID, InputData: c.Input, Result: c.Result,
		Source: c.Param("source"), Reference: c.Param("reference"), SourceID: c.Param("source_id"),
	}
	if c.State == kyc.CheckComplete && len(c.Output) > 0 && string(c.Output) != "{}" {
		out.OutputData = c.Output
	}
	for _, e := range c.Errors {
		info := e.Info
		if info == nil {
			info = map[string]any{}
		}
		out.Errors = append(out.Errors, apiError{Code: e.Code, Message: e.Message, Source: e.Source, Info: info})
	}
	for _, p := range c.Providers {
		out.Providers = append(out.Providers, checkProvider{ProviderName: p.Name, IsMonitored: p.IsMonitored})
	}
	return out
}

// FromChecks converts checks, never returning nil.
func FromChecks(cs []*kyc.Check) []Check {
	out := make([]Check, len(cs))
	for i, c := range cs {
		out[i] = FromCheck(c)
	}
	return out
}

// CollectionStep is a CollectionStep of the contract.
type CollectionStep struct {
	CollectionType   kyc.CollectionType `json:"collection_type"`
	ID               string             `json:"id,omitempty"`
	Category         string             `json:"category,omitempty"`
	FacialSimilarity *bool              `json:"facial_similarity,omitempty"`
	AllowedTypes     []string           `json:"allowed_types,omitempty"`
}

// FromCollectionSteps converts collection steps, never returning nil.
func FromCollectionSteps(steps []kyc.CollectionStep) []CollectionStep {
	out := make([]CollectionStep, len(steps))
	for i, s := range steps {
		cs := CollectionStep{CollectionType: s.Type}
		if s.Type == kyc.CollectDocument {
			fs := s.FacialSimilarity
			cs.ID, cs.Category, cs.FacialSimilarity, cs.AllowedTypes = s.DocumentID, s.Category, &fs, orEmpty(s.AllowedTypes)
		}
		out[i] = cs
	}
	return out
}
