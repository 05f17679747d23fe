package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

type appView struct {
	ID               string `json:"id"`
	Status           string `json:"status"`
	Flag             string `json:"flag"`
	Hidden           bool   `json:"hidden"`
	ApprovalBlockers []struct {
		BlockerType string `json:"blocker_type"`
		TaskType    string `json:"task_type"`
		EventID     string `json:"event_id"`
	} `json:"approval_blockers"`
	History []struct {
		Status        string `json:"status"`
		Comment       string `json:"comment"`
		PolicyVersion string `json:"policy_version"`
	} `json:"history"`
}

// lifecycle drives one profile over HTTP.
type lifecycle struct {
	t  *testing.T
	e  *env
	id string
}

func (l *lifecycle) profile() profileView {
	l.t.Helper()
	status, body := l.e.c.Do("GET", "/4.0/profiles/"+l.id, nil)
	if status != 200 {
		l.t.Fatalf("get profile: %d %s", status, body)
	}
	return decode[profileView](l.t, body)
}

func (l *lifecycle) app() appView {
	l.t.Helper()
	p := l.profile()
	status, body := l.e.c.Do("GET", "/4.0/profiles/"+l.id+"/applications/"+p.Applications[len(p.Applications)-1].ID, nil)
	if status != 200 {
		l.t.Fatalf("get application: %d %s", status, body)
	}
	return decode[appView](l.t, body)
}

func (l *lifecycle) setTask(taskID, body string) {
	l.t.Helper()
	status, out := l.e.c.Do("POST", "/4.0/profiles/"+l.id+"/tasks/"+taskID, body)
	if status != 200 {
		l.t.Fatalf("update task %s with %s: %d %s", taskID, body, status, out)
	}
}

func (l *lifecycle) passAll() {
	l.t.Helper()
	for i, tk := range l.profile().Tasks {
		if tk.State != "COMPLETED_PASS" {
			// Both ways of completing a task: live PassFort's state, and the contract's is_complete.
			if i%2 == 0 {
				l.setTask(tk.ID, `{"state":"COMPLETED_PASS"}`)
			} else {
				l.setTask(tk.ID, `{"is_complete":true}`)
			}
		}
	}
}

func (l *lifecycle) decide(appID, status string) (int, []byte) {
	return l.e.c.Do("POST", "/4.0/profiles/"+l.id+"/applications/"+appID, `{"status":"`+status+`","comment":"by test"}`)
}

// TestLifecycleEndToEnd: the guide's individual goes APPLIED → tasks
// completed → READY_FOR_DECISION → APPROVED; a synthetic sanctions event
// sends it to IN_REVIEW; resolving the event and passing the task again
// returns it to APPROVED.
func TestLifecycleEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		// A name with the sandbox's "pending" keyword: its checks never
		// finish, so its tasks stay open.
		_, body := e.c.Do("POST", "/4.0/profiles", strings.Replace(guideIndividual, "Wheeler", "Pending", 1))
		pending := &lifecycle{t: t, e: e, id: decode[profileView](t, body).ID}
		e.settle()
		pa := pending.app()
		if pa.Flag != "AUTOMATING" {
			t.Errorf("checks left running: flag %s", pa.Flag)
		}
		status, body := pending.decide(pa.ID, "APPROVED")
		if code, _ := errorOf(t, body); status != 422 || code != 105 || !strings.Contains(string(body), "INCOMPLETE_TASK") {
			t.Errorf("approve with open tasks: %d %s", status, body)
		}
		pending.passAll()
		// The screen that would give the required PEP status still runs:
		// the risk is undetermined, and that alone blocks approval.
		if pa = pending.app(); pa.Flag != "AUTOMATING" || len(pa.ApprovalBlockers) != 1 || pa.ApprovalBlockers[0].BlockerType != "UNDETERMINED_RISK" {
			t.Errorf("tasks passed by hand while the checks still run: %s %+v, want AUTOMATING blocked by UNDETERMINED_RISK alone", pa.Flag, pa.ApprovalBlockers)
		}

		_, body = e.c.Do("POST", "/4.0/profiles", guideIndividual)
		created := decode[profileView](t, body)
		l := &lifecycle{t: t, e: e, id: created.ID}
		// The demo policy's checks answer in the process: they ran in the create.
		if a := created.Applications[0]; a.Status != "APPLIED" || a.Flag != "READY_FOR_DECISION" {
			t.Fatalf("new application: %s %s", a.Status, a.Flag)
		}
		e.settle()
		a := l.app()
		if a.Flag != "READY_FOR_DECISION" || len(a.ApprovalBlockers) != 0 {
			t.Fatalf("after the automatic checks: %s %+v", a.Flag, a.ApprovalBlockers)
		}
		if status, body = l.decide(a.ID, "APPROVED"); status != 200 {
			t.Fatalf("approve: %d %s", status, body)
		}
		a = decode[appView](t, body)
		last := a.History[len(a.History)-1]
		if a.Status != "APPROVED" || a.Flag != "DECIDED" || last.Comment != "by test" || last.PolicyVersion == "" {
			t.Errorf("approved: %+v", a)
		}
		if p := l.profile(); p.Category != "CUSTOMER" {
			t.Errorf("category %s", p.Category)
		}
		status, body = l.decide(a.ID, "APPROVED")
		if code, _ := errorOf(t, body); status != 409 || code != 102 {
			t.Errorf("approve twice: %d %s", status, body)
		}

		// A synthetic sanctions hit, as monitoring would raise.
		status, body = e.c.Do("POST", "/4.0/profiles/"+l.id+"/events", `{"data":{"event_type":"SANCTION_FLAG","match_name":"Alex Wheeler","score":0.97}}`)
		if status != 200 {
			t.Fatalf("create event: %d %s", status, body)
		}
		ev := decode[struct {
			ID, Resolution string
		}](t, body)
		if ev.Resolution != "UNRESOLVED" {
			t.Errorf("new event resolution %s", ev.Resolution)
		}
		p := l.profile()
		a = l.app()
		if a.Status != "IN_REVIEW" || len(p.UnresolvedEventTypes) != 1 || p.UnresolvedEventTypes[0] != "SANCTION_FLAG" {
			t.Fatalf("after the event: %s %v", a.Status, p.UnresolvedEventTypes)
		}
		var screening string
		for _, tk := range p.Tasks {
			if tk.Type == "INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE" {
				screening = tk.ID
				if tk.State != "INCOMPLETE" || tk.IsComplete {
					t.Errorf("screening task after the event: %s", tk.State)
				}
			} else if tk.State != "COMPLETED_PASS" {
				t.Errorf("%s reopened by a sanctions event", tk.Type)
			}
		}
		hasEventBlocker := false
		for _, b := range a.ApprovalBlockers {
			hasEventBlocker = hasEventBlocker || b.BlockerType == "UNRESOLVED_EVENT" && b.EventID == ev.ID
		}
		if !hasEventBlocker {
			t.Errorf("no UNRESOLVED_EVENT blocker: %+v", a.ApprovalBlockers)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+l.id+"/events/"+ev.ID, `{"resolution":"MISMATCH","resolution_reason":"different date of birth"}`)
		resolved := decode[struct {
			Resolution       string `json:"resolution"`
			ResolutionReason string `json:"resolution_reason"`
			ResolutionDate   string `json:"resolution_date"`
		}](t, body)
		if status != 200 || resolved.ResolutionDate == "" {
			t.Fatalf("resolve: %d %s", status, body)
		}
		if a = l.app(); a.Status != "IN_REVIEW" {
			t.Errorf("resolving alone does not approve: %s", a.Status)
		}
		l.setTask(screening, `{"state":"COMPLETED_PASS"}`)
		if status, body = l.decide(a.ID, "APPROVED"); status != 200 {
			t.Fatalf("re-approve: %d %s", status, body)
		}

		// Audit trail and the hash chain.
		_, body = e.c.Do("GET", "/4.0/profiles/"+l.id+"/audit-items", nil)
		actions := map[string]int{}
		for _, it := range decode[[]struct{ Action string }](t, body) {
			actions[it.Action]++
		}
		for _, want := range []string{"created-profile", "added-product", "completed-a-task", "manual-decision",
			"added-event", "uncompleted-a-task", "profile-application-status-changed", "event-resolution"} {
			if actions[want] == 0 {
				t.Errorf("no %s audit item: %v", want, actions)
			}
		}
		if _, err := e.svc.SealAudit(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		rep, err := e.svc.VerifyAudit(ctx, actorInstitution(t, e), kyc.AuditCheck{})
		if err != nil || rep.Problem != "" || rep.Sealed == 0 || rep.Unsealed != 0 {
			t.Errorf("audit chain: %+v %v", rep, err)
		}
	})
}

func actorInstitution(t *testing.T, e *env) string {
	_, body := e.c.Do("GET", "/4.0/whoami", nil)
	return decode[struct{ Institution struct{ ID string } }](t, body).Institution.ID
}

// TestDecisionsOverHTTP: refused transitions get PassFort's codes, revert
// hides the old application and creates a new one.
func TestDecisionsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		l := &lifecycle{t: t, e: e, id: decode[profileView](t, body).ID}
		a := l.app()
		for _, tc := range []struct {
			status string
			http   int
			code   int
		}{
			{"IN_REVIEW", 422, 402}, {"CANCELLED", 422, 402}, {"APPLIED", 422, 402}, {"NOPE", 400, 201},
		} {
			status, body := l.decide(a.ID, tc.status)
			if code, _ := errorOf(t, body); status != tc.http || code != tc.code {
				t.Errorf("APPLIED → %s: %d %s, want %d code %d", tc.status, status, body, tc.http, tc.code)
			}
		}
		if status, body := l.decide(a.ID, "REJECTED"); status != 200 {
			t.Fatalf("reject: %d %s", status, body)
		}
		status, body := l.decide(a.ID, "APPROVED")
		if code, _ := errorOf(t, body); status != 409 || code != 103 {
			t.Errorf("approve a rejected application: %d %s", status, body)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+l.id+"/applications/"+a.ID+"/revert_decision", `{"comment":"rejected by mistake"}`)
		n := decode[appView](t, body)
		if status != 200 || n.ID == a.ID || n.Status != "APPLIED" || n.Hidden {
			t.Fatalf("revert: %d %s", status, body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+l.id+"/applications", nil)
		apps := decode[[]appView](t, body)
		if len(apps) != 2 || !apps[0].Hidden || apps[1].ID != n.ID {
			t.Errorf("applications after revert: %s", body)
		}
		if p := l.profile(); p.Category != "APPLICANT" {
			t.Errorf("category after revert %s", p.Category)
		}
		status, _ = e.c.Do("POST", "/4.0/profiles/"+l.id+"/applications/"+n.ID+"/revert_decision", nil)
		if status != 422 {
			t.Errorf("revert an APPLIED application: %d", status)
		}
		if status, _ = e.c.Do("POST", "/4.0/profiles/"+l.id+"/applications/"+l.id, `{"status":"APPROVED"}`); status != 404 {
			t.Errorf("decide an unknown application: %d", status)
		}
	})
}

func TestTasksNotesAndEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		l := &lifecycle{t: t, e: e, id: decode[profileView](t, body).ID}
		base := "/4.0/profiles/" + l.id

		status, body := e.c.Do("GET", base+"/tasks", nil)
		tasks := decode[[]struct{ ID, Type string }](t, body)
		if status != 200 || len(tasks) != 2 {
			t.Fatalf("tasks: %d %s", status, body)
		}
		status, body = e.c.Do("POST", base+"/tasks", `{"type":"INDIVIDUAL_VERIFY_ADDRESS"}`)
		if status != 400 {
			t.Errorf("a task type without a variant in the policy: %d %s", status, body)
		}
		status, body = e.c.Do("POST", base+"/tasks", `{"variant":{"id":"3d7a333c-418d-72a1-007b-06854dbb28eb"}}`)
		if code, _ := errorOf(t, body); status != 409 || code != 202 {
			t.Errorf("a second current task of a variant: %d %s", status, body)
		}
		for _, bad := range []string{`{"state":"DONE"}`, `{}`, `{"check_ids":["x"]}`} {
			if status, body = e.c.Do("POST", base+"/tasks/"+tasks[0].ID, bad); status != 400 {
				t.Errorf("task update %s: %d %s", bad, status, body)
			}
		}
		status, body = e.c.Do("POST", base+"/tasks/"+tasks[0].ID+"/notes", `{"text":"Called the customer; passport seen."}`)
		note := decode[struct {
			ID         string `json:"id"`
			AuthorName string `json:"author_name"`
		}](t, body)
		if status != 200 || note.AuthorName != "test key" {
			t.Fatalf("add note: %d %s", status, body)
		}
		_, body = e.c.Do("GET", base+"/tasks/"+tasks[0].ID+"/notes", nil)
		if notes := decode[[]any](t, body); len(notes) != 1 {
			t.Errorf("notes: %s", body)
		}
		if status, body = e.c.Do("DELETE", base+"/tasks/"+tasks[0].ID+"/notes/"+note.ID, nil); status != 200 {
			t.Errorf("delete note: %d %s", status, body)
		}
		_, body = e.c.Do("GET", base+"/tasks/"+tasks[0].ID+"/notes", nil)
		if notes := decode[[]any](t, body); len(notes) != 0 {
			t.Errorf("notes after delete: %s", body)
		}
		if status, _ = e.c.Do("DELETE", base+"/tasks/"+tasks[0].ID+"/notes/"+note.ID, nil); status != 404 {
			t.Errorf("delete twice: %d", status)
		}

		var ids []string
		for _, et := range []string{"PEP_FLAG", "ADVERSE_MEDIA_FLAG", "REFER_FLAG"} {
			status, body = e.c.Do("POST", base+"/events", `{"data":{"event_type":"`+et+`"}}`)
			if status != 200 {
				t.Fatalf("event %s: %d %s", et, status, body)
			}
			ids = append(ids, decode[struct{ ID string }](t, body).ID)
		}
		for _, bad := range []string{`{}`, `{"data":{}}`, `{"data":{"event_type":"LOTTERY_WIN"}}`, `{"data":{"event_type":"PEP_FLAG","score":2}}`} {
			if status, body = e.c.Do("POST", base+"/events", bad); status != 400 {
				t.Errorf("bad event %s: %d %s", bad, status, body)
			}
		}
		status, body = e.c.Do("POST", base+"/events/bulk_update",
			`[{"id":"`+ids[0]+`","resolution":"MISMATCH"},{"id":"`+ids[1]+`","resolution":"IGNORE","resolution_reason":"old news"}]`)
		if status != 200 || len(decode[[]any](t, body)) != 2 {
			t.Fatalf("bulk update: %d %s", status, body)
		}
		// All or nothing: one unknown id refuses the whole batch.
		status, body = e.c.Do("POST", base+"/events/bulk_update",
			`[{"id":"`+ids[2]+`","resolution":"MISMATCH"},{"id":"3d7a333c-418d-72a1-007b-06854dbb28eb","resolution":"MISMATCH"}]`)
		if status != 404 {
			t.Errorf("bulk update with an unknown id: %d %s", status, body)
		}
		_, body = e.c.Do("GET", base+"/events/"+ids[2], nil)
		if r := decode[struct{ Resolution string }](t, body).Resolution; r != "UNRESOLVED" {
			t.Errorf("a refused batch changed an event: %s", r)
		}
		if got := l.profile().UnresolvedEventTypes; len(got) != 1 || got[0] != "REFER_FLAG" {
			t.Errorf("unresolved_event_types = %v", got)
		}
		status, body = e.c.Do("POST", base+"/events/"+ids[2], `{"resolution":"CREATED_TASK","resolution_task_ids":["`+tasks[0].ID+`"]}`)
		if status != 200 {
			t.Errorf("resolve with a task: %d %s", status, body)
		}
	})
}

// TestRiskDrivesTasksAndRejection: a HIGH-risk nationality adds the
// enhanced due diligence task; a call-for-action nationality is rejected
// automatically; a change of data re-evaluates risk and adds tasks.
func TestRiskDrivesTasksAndRejection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		individual := func(nationality string) string {
			return `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Sam"],"family_name":"Doe"},"dob":"1980-05-01","nationality":"` + nationality + `"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","postal_code":"NW1 6XE","locality":"London","route":"Baker Street","street_number":"221B"}}]}}`
		}
		taskTypes := func(p profileView) []string {
			var out []string
			for _, tk := range p.Tasks {
				out = append(out, tk.Type)
			}
			return out
		}

		// The risk needs the automatic screen's PEP status, then the
		// model's level decides the tasks. The screen runs in the create
		// (the demo provider answers in the process), so the create answers
		// with the risk it gave.
		created := func(body string) profileView {
			t.Helper()
			_, out := e.c.Do("POST", "/4.0/profiles", body)
			p := decode[profileView](t, out)
			if len(p.Risk.MissingRequiredComponents) != 0 || p.Risk.OverallRisk.Category == "UNDETERMINED" {
				t.Errorf("created with risk %s missing %v, want the screen's PEP status", p.Risk.OverallRisk.Category, p.Risk.MissingRequiredComponents)
			}
			e.settle()
			return decode[profileView](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID, nil)))
		}
		low := created(individual("GBR"))
		if low.Risk.OverallRisk.Category != "LOW" || len(low.Tasks) != 2 {
			t.Errorf("GBR national: risk %s tasks %v", low.Risk.OverallRisk.Category, taskTypes(low))
		}

		high := created(individual("SYR"))
		if high.Risk.OverallRisk.Category != "HIGH" || len(high.Tasks) != 3 || high.Tasks[2].Type != "INDIVIDUAL_VERIFY_SOURCE_OF_FUNDS" {
			t.Errorf("grey-list national: risk %s tasks %v, want HIGH with source of funds", high.Risk.OverallRisk.Category, taskTypes(high))
		}

		_, body := e.c.Do("POST", "/4.0/profiles", individual("PRK"))
		rejected := decode[profileView](t, body)
		if a := rejected.Applications[0]; a.Status != "REJECTED" || a.Flag != "DECIDED" || rejected.Category != "INACTIVE_APPLICANT" {
			t.Errorf("call-for-action national: %s %s %s", a.Status, a.Flag, rejected.Category)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+rejected.ID+"/audit-items", nil)
		if !strings.Contains(string(body), `"risk-auto-reject-application"`) {
			t.Errorf("no risk-auto-reject-application audit item: %s", body)
		}

		// The LOW profile's data changes to a grey-list nationality: risk is
		// re-evaluated and the EDD task added.
		status, body := e.c.Do("POST", "/4.0/profiles/"+low.ID+"/collected_data",
			`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Sam"],"family_name":"Doe"},"dob":"1980-05-01","nationality":"VEN"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","postal_code":"NW1 6XE","locality":"London","route":"Baker Street","street_number":"221B"}}]}`)
		if status != 200 {
			t.Fatalf("replace data: %d %s", status, body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+low.ID, nil)
		changed := decode[profileView](t, body)
		if changed.Risk.OverallRisk.Category != "HIGH" || len(changed.Tasks) != 3 {
			t.Errorf("after the change: risk %s tasks %v", changed.Risk.OverallRisk.Category, taskTypes(changed))
		}
	})
}
