package passfort

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Event is an EventResource.
type Event struct {
	ID                string          `json:"id"`
	CreationDate      DateTime        `json:"creation_date"`
	Resolution        kyc.Resolution  `json:"resolution"`
	ResolutionReason  string          `json:"resolution_reason,omitempty"`
	ResolutionDate    *DateTime       `json:"resolution_date,omitempty"`
	ResolutionTaskIDs []string        `json:"resolution_task_ids"`
	Data              json.RawMessage `json:"data"`
}

// FromEvent converts an event.
func FromEvent(e *kyc.Event) Event {
	return Event{
		ID: e.ID, CreationDate: DateTime(e.CreatedAt), Resolution: e.Resolution, ResolutionReason: e.ResolutionReason,
		ResolutionDate: dateTimePtr(e.ResolutionDate), ResolutionTaskIDs: orEmpty(e.ResolutionTaskIDs), Data: e.Data,
	}
}

// FromEvents converts events, never returning nil.
func FromEvents(es []*kyc.Event) []Event {
	out := make([]Event, len(es))
	for i, e := range es {
		out[i] = FromEvent(e)
	}
	return out
}

// Note is a NoteResource.
type Note struct {
	ID                   string     `json:"id"`
	CreatedOn            DateTime   `json:"created_on"`
	Text                 string     `json:"text"`
	AuthorName           string     `json:"author_name"`
	AuthorNameCustomised bool       `json:"author_name_customised"`
	Author               noteAuthor `json:"author"`
	Attachments          []File     `json:"attachments"`
}

type noteAuthor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// FromNote converts a note.
func FromNote(n *kyc.Note) Note {
	out := Note{ID: n.ID, CreatedOn: DateTime(n.CreatedAt), Text: n.Text, AuthorName: n.AuthorName,
		AuthorNameCustomised: n.AuthorNameCustomised, Author: noteAuthor{ID: n.AuthorID, Name: n.AuthorName},
		Attachments: fromFileRefs(n.Attachments)}
	return out
}

// riskOverview is a RiskOverviewResource.
type riskOverview struct {
	Components                []riskComponent `json:"components"`
	IsPending                 bool            `json:"is_pending"`
	MissingRequiredComponents []string        `json:"missing_required_components"`
	Inherited                 *inheritedRisk  `json:"inherited,omitempty"`
	OverallRisk               riskLevel       `json:"overall_risk"`
}

// inheritedRisk is an InheritedRisk: the profile the risk comes from.
type inheritedRisk struct {
	TopParentID   string `json:"top_parent_id"`
	TopParentName string `json:"top_parent_name,omitempty"`
}

type riskComponent struct {
	Name       string     `json:"name"`
	InputValue string     `json:"input_value,omitempty"`
	RawValue   string     `json:"raw_value,omitempty"`
	Required   bool       `json:"required"`
	RiskLevel  riskLevel  `json:"risk_level"`
	Errors     []apiError `json:"errors"`
}

type riskLevel struct {
	Score    *float64         `json:"score,omitempty"`
	Category kyc.RiskCategory `json:"category,omitempty"`
}

type apiError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Source  string         `json:"source"`
	Info    map[string]any `json:"info"`
}

// fromRisk converts a risk evaluation; without a risk model the overview is
// empty but has the fields the contract requires.
func fromRisk(r kyc.Risk) any {
	if r.Model == "" {
		return Risk{Components: []any{}, MissingRequiredComponents: []string{}, OverallRisk: map[string]any{}}
	}
	out := riskOverview{Components: []riskComponent{}, IsPending: r.Pending, MissingRequiredComponents: orEmpty(r.MissingRequired)}
	if r.Inherited != nil {
		out.Inherited = &inheritedRisk{TopParentID: r.Inherited.ProfileID, TopParentName: r.Inherited.Name}
	}
	score := r.Score
	out.OverallRisk = riskLevel{Score: &score, Category: r.Category}
	for _, c := range r.Components {
		rc := riskComponent{Name: c.Name, InputValue: c.InputValue, RawValue: c.RawValue, Required: c.Required, Errors: []apiError{}}
		if !c.Undetermined {
			s := c.Score
			rc.RiskLevel.Score = &s
			rc.RiskLevel.Category = c.Category
		} else {
			rc.RiskLevel.Category = kyc.RiskUndetermined
		}
		for _, e := range c.Errors {
			rc.Errors = append(rc.Errors, apiError{Code: 101, Message: e, Source: "ENGINE", Info: map[string]any{"component": c.Name}})
		}
		out.Components = append(out.Components, rc)
	}
	return out
}
