package api_test

import (
	"encoding/json"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// The two sample requests of PassFort's "Create profiles (API)" guide. The
// individual has a date of birth and an address besides the guide's name:
// an identity check needs them (guideNameOnly shows what happens without).
const (
	guideIndividual = `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex","D"],"family_name":"Wheeler"},"dob":"1990-01-12"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"},"start_date":"2019-03"}]},"applications":[{"product":{"alias":"forexo_basic"}}]}`
	guideNameOnly   = `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex","D"],"family_name":"Wheeler"}}},"applications":[{"product":{"alias":"forexo_basic"}}]}`
	guideCompany    = `{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"COMPANY","metadata":{"name":"PassFort Limited","number":"09565115","country_of_incorporation":"GBR"}},"applications":[{"product":{"alias":"forexo_pro"}}]}`
)

type profileView struct {
	ID           string `json:"id"`
	DisplayName  string `json:"display_name"`
	Category     string `json:"category"`
	Status       string `json:"status"`
	TaskTypes    []string
	TaskProgress struct {
		CompletedCount int `json:"completed_count"`
		TotalCount     int `json:"total_count"`
	} `json:"task_progress"`
	Applications []struct {
		ID               string `json:"id"`
		Status           string `json:"status"`
		Flag             string `json:"flag"`
		ApprovalBlockers []struct {
			BlockerType string `json:"blocker_type"`
			TaskType    string `json:"task_type"`
		} `json:"approval_blockers"`
		FlagHistory []struct {
			Flag string `json:"flag"`
		} `json:"flag_history"`
		Product struct {
			Alias string `json:"alias"`
		} `json:"product"`
	} `json:"applications"`
	Tasks []struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		State      string `json:"state"`
		IsComplete bool   `json:"is_complete"`
	} `json:"tasks"`
	Tags []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"tags"`
	UnresolvedEventTypes []string `json:"unresolved_event_types"`
	Risk                 struct {
		OverallRisk struct {
			Category string  `json:"category"`
			Score    float64 `json:"score"`
		} `json:"overall_risk"`
		MissingRequiredComponents []string `json:"missing_required_components"`
	} `json:"risk"`
}

// TestGuideExamples reproduces the guide: the individual applying for
// forexo_basic and the company applying for forexo_pro, with the guide's
// derived values, on both databases, against golden files.
func TestGuideExamples(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		for _, tc := range []struct {
			name, body, display string
			taskTypes           []string
			settledFlag         string
			settledDone         int
			riskBlocker         bool // UNDETERMINED_RISK until the screen gives the required PEP status
			inline              bool // the checks all run in the process: done when the create answers
		}{
			{"guide_individual", guideIndividual, "Alex D Wheeler",
				[]string{"INDIVIDUAL_VERIFY_IDENTITY", "INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE"},
				"READY_FOR_DECISION", 2, false, true},
			// On a name alone, the identity check asks for a date of birth and
			// an address (collection steps), and every check waits for them;
			// without a screen, the required PEP status leaves the risk
			// undetermined, which PassFort's flag order puts first.
			{"guide_name_only", guideNameOnly, "Alex D Wheeler",
				[]string{"INDIVIDUAL_VERIFY_IDENTITY", "INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE"},
				"REQUIRES_RISK_SCORE", 0, true, false},
			// Registry and sanctions checks pass their tasks; filings are for an
			// analyst to review, and officers and owners are identified by
			// onboarding them as associates: their checks only bring data.
			{"guide_company", guideCompany, "PassFort Limited",
				[]string{"COMPANY_VERIFY_IDENTITY", "COMPANY_REVIEW_FILINGS", "COMPANY_IDENTIFY_OFFICERS",
					"COMPANY_IDENTIFY_BENEFICIAL_OWNERS", "COMPANY_ASSESS_SANCTIONS_EXPOSURE"},
				"REQUIRES_MANUAL_TASK_COMPLETION", 2, false, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.c.Do("POST", "/4.0/profiles", tc.body)
				if status != 200 {
					t.Fatalf("create: status %d: %s", status, body)
				}
				golden(t, tc.name, body)
				p := decode[profileView](t, body)
				if p.DisplayName != tc.display || p.Category != "APPLICANT" || p.Status != "NORMAL" {
					t.Errorf("display_name %q category %s status %s", p.DisplayName, p.Category, p.Status)
				}
				if len(p.Applications) != 1 {
					t.Fatalf("applications = %d", len(p.Applications))
				}
				a := p.Applications[0]
				if tc.inline {
					// The demo policy's checks answer in the process: the create
					// commits them, their effects and the flag they leave.
					if a.Flag != tc.settledFlag || p.TaskProgress.CompletedCount != tc.settledDone || p.TaskProgress.TotalCount != len(tc.taskTypes) {
						t.Errorf("created with flag %s and %+v tasks done, want %s and %d/%d", a.Flag, p.TaskProgress, tc.settledFlag, tc.settledDone, len(tc.taskTypes))
					}
					if len(a.FlagHistory) != 1 || a.FlagHistory[0].Flag != tc.settledFlag {
						t.Errorf("flag_history = %+v, want only %s", a.FlagHistory, tc.settledFlag)
					}
				} else {
					if p.TaskProgress.CompletedCount != 0 || p.TaskProgress.TotalCount != len(tc.taskTypes) {
						t.Errorf("task_progress = %+v, want 0/%d", p.TaskProgress, len(tc.taskTypes))
					}
					blockers := len(tc.taskTypes)
					if tc.riskBlocker {
						blockers++
					}
					if a.Status != "APPLIED" || a.Flag != "AUTOMATING" || len(a.ApprovalBlockers) != blockers {
						t.Errorf("application status %s flag %s blockers %d, want APPLIED AUTOMATING %d", a.Status, a.Flag, len(a.ApprovalBlockers), blockers)
					}
					if tc.riskBlocker && a.ApprovalBlockers[blockers-1].BlockerType != "UNDETERMINED_RISK" {
						t.Errorf("last blocker = %+v, want UNDETERMINED_RISK", a.ApprovalBlockers[blockers-1])
					}
					for i, tt := range tc.taskTypes {
						if p.Tasks[i].Type != tt || p.Tasks[i].State != "INCOMPLETE" || p.Tasks[i].IsComplete {
							t.Errorf("task %d = %+v, want incomplete %s", i, p.Tasks[i], tt)
						}
						if a.ApprovalBlockers[i].BlockerType != "INCOMPLETE_TASK" || a.ApprovalBlockers[i].TaskType != tt {
							t.Errorf("blocker %d = %+v", i, a.ApprovalBlockers[i])
						}
					}
				}

				// The automatic checks run in the background and pass their tasks.
				e.settle()
				status, body = e.c.Do("GET", "/4.0/profiles/"+p.ID, nil)
				if status != 200 {
					t.Fatalf("get: %d %s", status, body)
				}
				got := decode[profileView](t, body)
				if f := got.Applications[0].Flag; f != tc.settledFlag {
					t.Errorf("flag once the checks ran = %s, want %s", f, tc.settledFlag)
				}
				if fh := got.Applications[0].FlagHistory; !tc.inline && (len(fh) != 2 || fh[0].Flag != "AUTOMATING") {
					t.Errorf("flag_history = %+v", fh)
				}
				if got.TaskProgress.CompletedCount != tc.settledDone {
					t.Errorf("tasks completed by their checks: %d, want %d", got.TaskProgress.CompletedCount, tc.settledDone)
				}
				status, body = e.c.Do("GET", "/4.0/profiles/"+p.ID+"/collected_data", nil)
				want := decode[struct {
					CollectedData json.RawMessage `json:"collected_data"`
				}](t, []byte(tc.body))
				if status != 200 || string(body) != string(want.CollectedData)+"\n" {
					t.Errorf("collected_data = %d %s", status, body)
				}
			})
		}
	})
}
