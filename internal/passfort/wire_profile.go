package passfort

import (
	"encoding/json"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Profile is a ProfileResource as sent to callers. Every array is emitted,
// empty when there is nothing in it, but in minimal profiles (search
// results), which leave out collected_data, checks and events (nil).
type Profile struct {
	ID                   string            `json:"id"`
	CreationDate         DateTime          `json:"creation_date"`
	Role                 kyc.Role          `json:"role"`
	CollectedData        json.RawMessage   `json:"collected_data,omitempty"`
	Checks               []Check           `json:"checks,omitzero"`
	CollectionSteps      []CollectionStep  `json:"collection_steps"`
	DisplayName          string            `json:"display_name"`
	Applications         []Application     `json:"applications"`
	TaskTypes            []kyc.TaskType    `json:"task_types"`
	Tasks                []Task            `json:"tasks"`
	Events               []Event           `json:"events,omitzero"`
	Category             kyc.Category      `json:"category"`
	Status               kyc.ProfileStatus `json:"status"`
	DocumentImages       []DocumentImage   `json:"document_images"`
	Tags                 []Tag             `json:"tags"`
	Risk                 any               `json:"risk"`
	UnresolvedEventTypes []kyc.EventType   `json:"unresolved_event_types"`
	TaskProgress         TaskProgress      `json:"task_progress"`
	HasAssociates        bool              `json:"has_associates"`
	HasCollectionSteps   bool              `json:"has_collection_steps"`
	LinkedTo             []LinkedTo        `json:"linked_to"`
}

// LinkedTo is an entry of a profile's linked_to: a company the profile is
// an associate of, and its roles there.
type LinkedTo struct {
	Profile LinkedProfile        `json:"profile"`
	Roles   []kyc.AssociatedRole `json:"roles"`
}

// LinkedProfile is the company of a linked_to entry: a minimal
// ProfileResource.
type LinkedProfile struct {
	ID           string            `json:"id"`
	CreationDate DateTime          `json:"creation_date"`
	Role         kyc.Role          `json:"role"`
	DisplayName  string            `json:"display_name"`
	Category     kyc.Category      `json:"category"`
	Status       kyc.ProfileStatus `json:"status"`
}

// FromParents converts the companies a profile is linked to.
func FromParents(ps []kyc.Parent) []LinkedTo {
	out := make([]LinkedTo, len(ps))
	for i, pa := range ps {
		roles := pa.Roles
		if roles == nil {
			roles = []kyc.AssociatedRole{}
		}
		out[i] = LinkedTo{Roles: roles, Profile: LinkedProfile{ID: pa.ProfileID, CreationDate: DateTime(pa.CreatedAt),
			Role: pa.Role, DisplayName: pa.DisplayName, Category: pa.Category, Status: pa.Status}}
	}
	return out
}

// TaskProgress counts a profile's completed tasks.
type TaskProgress struct {
	CompletedCount int `json:"completed_count"`
	TotalCount     int `json:"total_count"`
}

// Risk is a RiskOverviewResource. Without a risk model it is empty but
// still carries the fields the contract requires.
type Risk struct {
	Components                []any          `json:"components"`
	MissingRequiredComponents []string       `json:"missing_required_components"`
	OverallRisk               map[string]any `json:"overall_risk"`
}

// Tag is a TagResource.
type Tag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	IsAutomatic bool   `json:"is_automatic"`
}

// FromTag converts a tag.
func FromTag(t kyc.Tag) Tag { return Tag{ID: t.ID, Name: t.Name, IsAutomatic: t.IsAutomatic} }

// FromTags converts tags, never returning nil.
func FromTags(ts []kyc.Tag) []Tag {
	out := make([]Tag, len(ts))
	for i, t := range ts {
		out[i] = FromTag(t)
	}
	return out
}

// FromProfile converts a profile aggregate. Minimal profiles (search
// results) leave out the collected data, the checks and the events, which
// are then not converted at all: a search result never shows an empty
// list for a profile that has checks or events.
func FromProfile(p *kyc.Profile, minimal bool) Profile {
	tp := p.TaskProgress()
	out := Profile{
		ID:                   p.ID,
		CreationDate:         DateTime(p.CreatedAt),
		Role:                 p.Role,
		CollectionSteps:      FromCollectionSteps(p.CollectionSteps),
		DisplayName:          p.DisplayName,
		Applications:         make([]Application, len(p.Applications)),
		TaskTypes:            p.TaskTypes(),
		Tasks:                FromTasks(p.CurrentTasks()),
		Category:             p.Category,
		Status:               p.Status,
		DocumentImages:       FromDocumentImages(p.Images),
		Tags:                 FromTags(p.Tags),
		Risk:                 fromRisk(p.Risk()),
		UnresolvedEventTypes: p.UnresolvedEventTypes(),
		TaskProgress:         TaskProgress{CompletedCount: tp.Completed, TotalCount: tp.Total},
		HasCollectionSteps:   len(p.CollectionSteps) > 0,
		HasAssociates:        p.HasAssociates(),
		LinkedTo:             FromParents(p.Parents),
	}
	if !minimal {
		out.CollectedData = p.CollectedData
		out.Checks, out.Events = FromChecks(p.Checks), FromEvents(p.Events)
	}
	for i, a := range p.Applications {
		out.Applications[i] = FromApplication(p, a)
	}
	return out
}

// SearchResults is a ProfileSearchResults page.
type SearchResults struct {
	Count             int                         `json:"count"`
	Limit             int                         `json:"limit"`
	Offset            int                         `json:"offset"`
	Hidden            int                         `json:"hidden"`
	Capabilities      map[string][]kyc.Capability `json:"capabilities"`
	Results           []Profile                   `json:"results"`
	AssociatedResults []Profile                   `json:"associated_results"`
}

// FromSearch converts a page of search results; caps is what the caller
// may do over each profile (kyc.Actor.Capabilities).
func FromSearch(page kyc.ProfilePage, q kyc.ProfileQuery, caps []kyc.Capability) SearchResults {
	out := SearchResults{
		Count: page.Count, Limit: q.Limit, Offset: q.Offset,
		Capabilities:      make(map[string][]kyc.Capability, len(page.Profiles)),
		Results:           make([]Profile, len(page.Profiles)),
		AssociatedResults: []Profile{},
	}
	for i, p := range page.Profiles {
		out.Results[i] = FromProfile(p, true)
		out.Capabilities[p.ID] = caps
	}
	return out
}

// dateTimePtr converts an optional time.
func dateTimePtr(t *time.Time) *DateTime {
	if t == nil {
		return nil
	}
	d := DateTime(*t)
	return &d
}
