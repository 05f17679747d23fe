package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/documents"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// The demo policy's associate task variants.
var (
	officersVariant = variantID("identify_officers")
	ownersVariant   = variantID("identify_beneficial_owners")
)

func variantID(alias string) string {
	v, ok := policy.Demo().TaskVariant(alias)
	if !ok {
		panic(alias)
	}
	return v.ID
}

// kyb drives a company and its associates over HTTP.
type kyb struct {
	t *testing.T
	e *env
}

type associateView struct {
	ID           string `json:"id"`
	Role         string `json:"role"`
	DisplayName  string `json:"display_name"`
	Applications []struct {
		ID             string `json:"id"`
		Status         string `json:"status"`
		Flag           string `json:"flag"`
		AssociatedRole string `json:"associated_role"`
		Product        struct {
			Alias string `json:"alias"`
		} `json:"product"`
	} `json:"applications"`
	Tasks []struct {
		ID    string `json:"id"`
		Type  string `json:"type"`
		State string `json:"state"`
	} `json:"tasks"`
	Events []struct {
		ID         string `json:"id"`
		Resolution string `json:"resolution"`
	} `json:"events"`
	HasAssociates bool `json:"has_associates"`
	LinkedTo      []struct {
		Profile struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
		} `json:"profile"`
		Roles []string `json:"roles"`
	} `json:"linked_to"`
	Risk struct {
		Inherited *struct {
			TopParentID   string `json:"top_parent_id"`
			TopParentName string `json:"top_parent_name"`
		} `json:"inherited"`
		OverallRisk struct {
			Category string `json:"category"`
		} `json:"overall_risk"`
	} `json:"risk"`
}

// person creates an individual associate profile, as PassFort's guide
// does: role INDIVIDUAL_ASSOCIATED, no applications.
func (k *kyb) person(given, family string) string {
	k.t.Helper()
	body := fmt.Sprintf(`{"role":"INDIVIDUAL_ASSOCIATED","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":%q},"dob":"1980-01-01","nationality":"GBR"},`+
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","postal_code":"EC1A 1BB","locality":"London","route":"King Street","street_number":"1"}}]}}`, given, family)
	return k.create(body)
}

func (k *kyb) company(name, role string) string {
	k.t.Helper()
	return k.create(fmt.Sprintf(`{"role":%q,"collected_data":{"entity_type":"COMPANY","metadata":{"name":%q,"number":"01234567","country_of_incorporation":"GBR"}}}`, role, name))
}

func (k *kyb) create(body string) string {
	k.t.Helper()
	status, out := k.e.c.Do("POST", "/4.0/profiles", body)
	if status != 200 {
		k.t.Fatalf("create %s: %d %s", body, status, out)
	}
	return decode[associateView](k.t, out).ID
}

func (k *kyb) get(id string) associateView {
	k.t.Helper()
	status, out := k.e.c.Do("GET", "/4.0/profiles/"+id, nil)
	if status != 200 {
		k.t.Fatalf("get %s: %d %s", id, status, out)
	}
	return decode[associateView](k.t, out)
}

func (k *kyb) task(id, taskType string) (string, string) {
	k.t.Helper()
	for _, t := range k.get(id).Tasks {
		if t.Type == taskType {
			return t.ID, t.State
		}
	}
	k.t.Fatalf("profile %s has no %s task", id, taskType)
	return "", ""
}

// post replaces a profile's collected data.
func (k *kyb) post(id string, data any) (int, []byte) {
	k.t.Helper()
	b, err := json.Marshal(data)
	if err != nil {
		k.t.Fatal(err)
	}
	return k.e.c.Do("POST", "/4.0/profiles/"+id+"/collected_data", b)
}

func (k *kyb) mustPost(id string, data any) {
	k.t.Helper()
	if status, out := k.post(id, data); status != 200 {
		k.t.Fatalf("post collected data of %s: %d %s", id, status, out)
	}
}

// onboard passes what an associate's checks left open and approves its
// associate application.
func (k *kyb) onboard(id string) {
	k.t.Helper()
	k.e.settle()
	p := k.get(id)
	for _, t := range p.Tasks {
		if t.State != "COMPLETED_PASS" && !strings.HasPrefix(t.Type, "COMPANY_IDENTIFY") {
			if status, out := k.e.c.Do("POST", "/4.0/profiles/"+id+"/tasks/"+t.ID, `{"state":"COMPLETED_PASS"}`); status != 200 {
				k.t.Fatalf("pass %s of %s: %d %s", t.Type, p.DisplayName, status, out)
			}
		}
	}
	app := k.associateApp(id)
	if status, out := k.e.c.Do("POST", "/4.0/profiles/"+id+"/applications/"+app, `{"status":"APPROVED"}`); status != 200 {
		k.t.Fatalf("approve %s: %d %s", p.DisplayName, status, out)
	}
	k.e.settle()
}

func (k *kyb) associateApp(id string) string {
	k.t.Helper()
	for _, a := range k.get(id).Applications {
		if a.Product.Alias == "forexo_associate" {
			return a.ID
		}
	}
	k.t.Fatalf("profile %s has no associate application", id)
	return ""
}

func linked(id, entityType string, extra map[string]any) map[string]any {
	m := map[string]any{"entity_type": entityType, "linked_profile": map[string]any{"id": id}}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func companyData(name string, directors, shareholders []any) map[string]any {
	return map[string]any{
		"entity_type": "COMPANY",
		"metadata":    map[string]any{"name": name, "number": "09565115", "country_of_incorporation": "GBR"},
		"officers":    map[string]any{"directors": directors},
		"ownership_structure": map[string]any{
			"shareholders": shareholders,
		},
	}
}

// TestKYBEndToEnd is the seed company (PassFort Limited, forexo_pro) with
// two directors and a corporate shareholder: HoldCo owns 60% and a person
// owns half of HoldCo, so 30%: a beneficial owner; another person holds 10%
// directly and is not one. The associates are created and linked as
// PassFort's guide says (an associate profile, then the company's full
// collected data with the Linked entries). Each gets its application; the
// officers and beneficial owners tasks pass once the applications are
// approved; a director named with the sandbox's sanction keyword raises an
// event that blocks the company until it is resolved; unlinking an
// associate reopens its task. Every response is validated against the spec.
func TestKYBEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		k := &kyb{t: t, e: e}

		_, out := e.c.Do("POST", "/4.0/profiles", guideCompany)
		co := decode[associateView](t, out).ID
		alice, bob := k.person("Alice", "Archer"), k.person("Bob", "Baker")
		uma, max := k.person("Uma", "Underwood"), k.person("Max", "Miller")
		hold := k.company("HoldCo Limited", "COMPANY_ASSOCIATED")
		for _, id := range []string{alice, hold} {
			if p := k.get(id); len(p.Applications) != 0 {
				t.Errorf("%s was created with applications %+v; associates apply through their company", p.DisplayName, p.Applications)
			}
		}

		// HoldCo's own owner: Uma, half of it, for HoldCo's owners task.
		holdData := companyData("HoldCo Limited", []any{}, []any{
			linked(uma, "INDIVIDUAL", map[string]any{"total_percentage": 50, "task_variant_ids": []string{ownersVariant}}),
		})
		k.mustPost(hold, holdData)
		// The company: two directors for the officers task (Bob named by
		// the company's task id, as a client may), HoldCo (60%) for the
		// owners task, Max (10%) for none.
		officersTask, _ := k.task(co, "COMPANY_IDENTIFY_OFFICERS")
		coData := companyData("PassFort Limited",
			[]any{
				linked(alice, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}, "appointed_on": "2015-04-01"}),
				linked(bob, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersTask}}),
			},
			[]any{
				linked(hold, "COMPANY", map[string]any{"total_percentage": 60, "task_variant_ids": []string{ownersVariant}}),
				linked(max, "INDIVIDUAL", map[string]any{"total_percentage": 10}),
			})
		k.mustPost(co, coData)

		for _, tc := range []struct {
			id, role string
			app      bool
		}{{alice, "DIRECTOR", true}, {bob, "DIRECTOR", true}, {hold, "SHAREHOLDER", true}, {uma, "SHAREHOLDER", true}, {max, "SHAREHOLDER", false}} {
			p := k.get(tc.id)
			if got := len(p.Applications); tc.app && (got != 1 || p.Applications[0].AssociatedRole != tc.role || p.Applications[0].Product.Alias != "forexo_associate") || !tc.app && got != 0 {
				t.Errorf("%s: applications %+v, want one forexo_associate as %s: %v", p.DisplayName, p.Applications, tc.role, tc.app)
			}
		}
		if p := k.get(co); !p.HasAssociates {
			t.Error("the company has_associates false")
		}
		if p := k.get(alice); len(p.LinkedTo) != 1 || p.LinkedTo[0].Profile.ID != co || !slices.Equal(p.LinkedTo[0].Roles, []string{"DIRECTOR"}) {
			t.Errorf("alice linked_to: %+v", p.LinkedTo)
		}
		if p := k.get(uma); len(p.LinkedTo) != 1 || p.LinkedTo[0].Profile.ID != hold {
			t.Errorf("uma linked_to: %+v", p.LinkedTo)
		}

		// The ownership graph.
		status, out := e.c.Do("GET", "/gatehouse/v1/profiles/"+co+"/ownership", nil)
		if status != 200 {
			t.Fatalf("ownership: %d %s", status, out)
		}
		own := decode[struct {
			Threshold float64 `json:"threshold"`
			Owners    []struct {
				ProfileID       string  `json:"profile_id"`
				Percentage      float64 `json:"percentage"`
				BeneficialOwner bool    `json:"beneficial_owner"`
				Paths           []struct {
					Nodes []struct {
						ID string `json:"id"`
					} `json:"nodes"`
					Percentage float64 `json:"percentage"`
				} `json:"paths"`
			} `json:"owners"`
		}](t, out)
		shares := map[string]float64{}
		var ubos []string
		for _, o := range own.Owners {
			shares[o.ProfileID] = o.Percentage
			if o.BeneficialOwner {
				ubos = append(ubos, o.ProfileID)
				if len(o.Paths) != 1 || len(o.Paths[0].Nodes) != 3 || o.Paths[0].Nodes[1].ID != hold || o.Paths[0].Percentage != 30 {
					t.Errorf("uma's paths: %+v", o.Paths)
				}
			}
		}
		if shares[hold] != 60 || shares[uma] != 30 || shares[max] != 10 || !slices.Equal(ubos, []string{uma}) || own.Threshold != 25 {
			t.Errorf("ownership: %s", out)
		}

		// The officers task passes once both directors are approved.
		e.settle()
		officers, state := k.task(co, "COMPANY_IDENTIFY_OFFICERS")
		if state != "INCOMPLETE" {
			t.Errorf("officers task before the directors are approved: %s", state)
		}
		status, out = e.c.Do("POST", "/4.0/profiles/"+co+"/tasks/"+officers, `{"state":"COMPLETED_PASS"}`)
		if code, _ := errorOf(t, out); status != 422 || code != 105 || !strings.Contains(string(out), "Alice Archer") {
			t.Errorf("pass the officers task by hand while the directors are not approved: %d %s", status, out)
		}
		k.onboard(alice)
		if _, state = k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "INCOMPLETE" {
			t.Errorf("officers task with one director approved: %s", state)
		}
		k.onboard(bob)
		if _, state = k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "COMPLETED_PASS" {
			t.Errorf("officers task with both directors approved: %s", state)
		}
		// The owners task: HoldCo's own owners task needs Uma first.
		k.onboard(uma)
		if _, state = k.task(hold, "COMPANY_IDENTIFY_BENEFICIAL_OWNERS"); state != "COMPLETED_PASS" {
			t.Errorf("HoldCo's owners task with Uma approved: %s", state)
		}
		if _, state = k.task(co, "COMPANY_IDENTIFY_BENEFICIAL_OWNERS"); state != "INCOMPLETE" {
			t.Errorf("owners task before HoldCo is approved: %s", state)
		}
		k.onboard(hold)
		if _, state = k.task(co, "COMPANY_IDENTIFY_BENEFICIAL_OWNERS"); state != "COMPLETED_PASS" {
			t.Errorf("owners task with HoldCo approved: %s", state)
		}
		// Associates without a risk model of their own show the company's.
		if r := k.get(uma).Risk; r.Inherited == nil || r.Inherited.TopParentID != co || r.Inherited.TopParentName != "PassFort Limited" {
			t.Errorf("uma's risk is not inherited from the company: %+v", r)
		}

		// A director named with the sanction keyword: the screen raises an
		// event on the director, which blocks the company.
		sam := k.person("Sam", "Sanction")
		coData["officers"].(map[string]any)["directors"] = append(coData["officers"].(map[string]any)["directors"].([]any),
			linked(sam, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}}))
		k.mustPost(co, coData)
		e.settle()
		if _, state = k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "INCOMPLETE" {
			t.Errorf("officers task after a new director was linked: %s", state)
		}
		sp := k.get(sam)
		if len(sp.Events) != 1 || sp.Events[0].Resolution != "UNRESOLVED" {
			t.Fatalf("sam's events: %+v", sp.Events)
		}
		event := sp.Events[0].ID
		l := &lifecycle{t: t, e: e, id: co}
		a := l.app()
		blocked := false
		for _, b := range a.ApprovalBlockers {
			blocked = blocked || b.BlockerType == "UNRESOLVED_EVENT" && b.EventID == event
		}
		if !blocked {
			t.Errorf("the director's event does not block the company: %+v", a.ApprovalBlockers)
		}
		if !strings.Contains(string(mustGet(t, e, "/4.0/profiles/"+co+"/applications/"+a.ID)), `"profile_id":"`+sam+`"`) {
			t.Error("the blocker does not name the director")
		}
		if status, out = l.decide(a.ID, "APPROVED"); status != 422 || !strings.Contains(string(out), event) {
			t.Errorf("approve the company while the director's event is open: %d %s", status, out)
		}
		if status, out = e.c.Do("POST", "/4.0/profiles/"+sam+"/events/"+event, `{"resolution":"MISMATCH","resolution_reason":"another person"}`); status != 200 {
			t.Fatalf("resolve: %d %s", status, out)
		}
		e.settle()
		for _, b := range l.app().ApprovalBlockers {
			if b.BlockerType == "UNRESOLVED_EVENT" {
				t.Errorf("resolved event still blocks the company: %+v", b)
			}
		}
		k.onboard(sam)
		if _, state = k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "COMPLETED_PASS" {
			t.Errorf("officers task with the three directors approved: %s", state)
		}

		// Unlinking a director reopens the officers task, for a person to review.
		coData["officers"].(map[string]any)["directors"] = coData["officers"].(map[string]any)["directors"].([]any)[:2]
		coData["officers"].(map[string]any)["directors"].([]any)[1] = coData["officers"].(map[string]any)["directors"].([]any)[0]
		coData["officers"].(map[string]any)["directors"] = coData["officers"].(map[string]any)["directors"].([]any)[1:]
		k.mustPost(co, coData)
		e.settle()
		if _, state = k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "INCOMPLETE" {
			t.Errorf("officers task after a director was unlinked: %s", state)
		}
		if p := k.get(bob); len(p.LinkedTo) != 0 {
			t.Errorf("bob is still linked: %+v", p.LinkedTo)
		}
		for id, want := range map[string]string{co: "unlinked-profile", bob: "unlinked-profile", alice: "linked-profile"} {
			if !slices.Contains(auditActions(t, e, id), want) {
				t.Errorf("%s: no %s audit item", id, want)
			}
		}
	})
}

func mustGet(t *testing.T, e *env, path string) []byte {
	t.Helper()
	status, out := e.c.Do("GET", path, nil)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, out)
	}
	return out
}

func auditActions(t *testing.T, e *env, id string) []string {
	t.Helper()
	var out []string
	for _, it := range decode[[]struct{ Action string }](t, mustGet(t, e, "/4.0/profiles/"+id+"/audit-items")) {
		out = append(out, it.Action)
	}
	return out
}

// TestLinkRefused: a Linked entry naming an unknown profile, another
// institution's, a customer, the company itself, a profile of the other
// entity type, or a task variant that is not an associate task is a 400
// naming the field, on create and on replace, and writes nothing.
func TestLinkRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		k := &kyb{t: t, e: e}
		co := k.company("Acme Holdings", "COMPANY_CUSTOMER")
		before := mustGet(t, e, "/4.0/profiles/"+co+"/collected_data")
		person := k.person("Pat", "Person")
		other := (&kyb{t: t, e: &env{t: t, svc: e.svc, store: e.store, url: e.url, c: e.client("Other Bank")}}).person("Oli", "Other")
		customer := k.create(`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"}}`)
		corp := k.company("Corp Associate", "COMPANY_ASSOCIATED")
		verifyCompany := variantID("verify_company")
		for _, tc := range []struct {
			name  string
			entry map[string]any
			list  string
			field string
		}{
			{"unknown profile", linked("0b6ad1c4-7f3e-4c55-9d0e-3f1b2a4c5d6e", "INDIVIDUAL", nil), "directors", "officers.directors[0].linked_profile.id"},
			{"another institution's profile", linked(other, "INDIVIDUAL", nil), "directors", "officers.directors[0].linked_profile.id"},
			{"a customer", linked(customer, "INDIVIDUAL", nil), "directors", "officers.directors[0].linked_profile.id"},
			{"the company itself", linked(co, "COMPANY", nil), "shareholders", "ownership_structure.shareholders[0].linked_profile.id"},
			{"the other entity type", linked(corp, "INDIVIDUAL", nil), "directors", "officers.directors[0].entity_type"},
			{"an unknown task variant", linked(person, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{"5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"}}),
				"directors", "officers.directors[0].task_variant_ids[0]"},
			{"a task variant that onboards no associate", linked(person, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant, verifyCompany}}),
				"directors", "officers.directors[0].task_variant_ids[1]"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var data map[string]any
				if tc.list == "directors" {
					data = companyData("Acme Holdings", []any{tc.entry}, []any{})
				} else {
					data = companyData("Acme Holdings", []any{}, []any{tc.entry})
				}
				status, out := k.post(co, data)
				if code, field := errorOf(t, out); status != 400 || code != 201 || field != "collected_data."+tc.field {
					t.Errorf("replace: got %d code %d field %q, want 400 code 201 field collected_data.%s: %s", status, code, field, tc.field, out)
				}
				b, _ := json.Marshal(map[string]any{"role": "COMPANY_CUSTOMER", "collected_data": data})
				status, out = e.c.Do("POST", "/4.0/profiles", b)
				if code, field := errorOf(t, out); status != 400 || code != 201 || field != "collected_data."+tc.field {
					t.Errorf("create: got %d code %d field %q, want 400 code 201 field collected_data.%s: %s", status, code, field, tc.field, out)
				}
			})
		}
		if after := mustGet(t, e, "/4.0/profiles/"+co+"/collected_data"); string(after) != string(before) {
			t.Errorf("a refused link changed the collected data: %s", after)
		}
		if p := k.get(person); len(p.Applications) != 0 || len(p.LinkedTo) != 0 {
			t.Errorf("a refused link left applications or links: %+v", p)
		}

		// The ownership endpoint: a company of the key's institution only.
		if status, out := e.c.Do("GET", "/gatehouse/v1/profiles/"+person+"/ownership", nil); status != 400 {
			t.Errorf("ownership of an individual: %d %s, want 400", status, out)
		}
		oc := &kyb{t: t, e: &env{t: t, svc: e.svc, store: e.store, url: e.url, c: e.client("Third Bank")}}
		if status, out := oc.e.c.Do("GET", "/gatehouse/v1/profiles/"+co+"/ownership", nil); status != 404 {
			t.Errorf("another institution's company's ownership: %d %s, want 404", status, out)
		}
		if status, out := e.c.Do("GET", "/gatehouse/v1/profiles/not-an-id/ownership", nil); status != 404 {
			t.Errorf("ownership of no profile: %d %s, want 404", status, out)
		}

		// Created with its links: the associate applies at once.
		b, _ := json.Marshal(map[string]any{"role": "COMPANY_CUSTOMER", "applications": []any{map[string]any{"product": map[string]any{"alias": "forexo_pro"}}},
			"collected_data": companyData("New Co", []any{linked(person, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}})}, []any{})})
		status, out := e.c.Do("POST", "/4.0/profiles", b)
		if status != 200 {
			t.Fatalf("create with a link: %d %s", status, out)
		}
		created := decode[associateView](t, out)
		if !created.HasAssociates {
			t.Error("created company: has_associates false")
		}
		if p := k.get(person); len(p.Applications) != 1 || p.Applications[0].AssociatedRole != "DIRECTOR" ||
			len(p.LinkedTo) != 1 || p.LinkedTo[0].Profile.ID != created.ID || p.LinkedTo[0].Profile.DisplayName != "New Co" {
			t.Errorf("associate of a company created with the link: %+v", p)
		}
	})
}

// TestKYBWebhooks: the webhooks of associate changes. Linking is a
// collected data change of the company that names the associates linked
// and unlinked; the associate's new application is a product status
// change of the associate; the company's identify task passing when the
// associate is approved, and reopening when it is unlinked, are task state
// changes of the company; the associate's event putting the approved
// company in review is a product status change of the company.
func TestKYBWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		k := &kyb{t: t, e: e}
		rcv := newReceiver(t, 0)
		status, out := e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": rcv.srv.URL})
		if status != 200 {
			t.Fatalf("create endpoint: %d %s", status, out)
		}
		rcv.secret = decode[struct{ Secret string }](t, out).Secret

		_, out = e.c.Do("POST", "/4.0/profiles", guideCompany)
		co := decode[associateView](t, out).ID
		dir := k.person("Dana", "Director")
		data := companyData("PassFort Limited", []any{linked(dir, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}})}, []any{})
		k.mustPost(co, data)
		k.onboard(dir)
		// Every other task of the company passes, and it is approved.
		e.settle()
		for _, tk := range k.get(co).Tasks {
			if tk.State != "COMPLETED_PASS" {
				if status, out := e.c.Do("POST", "/4.0/profiles/"+co+"/tasks/"+tk.ID, `{"state":"COMPLETED_PASS"}`); status != 200 {
					t.Fatalf("pass %s: %d %s", tk.Type, status, out)
				}
			}
		}
		l := &lifecycle{t: t, e: e, id: co}
		if status, out = l.decide(l.app().ID, "APPROVED"); status != 200 {
			t.Fatalf("approve the company: %d %s", status, out)
		}
		// A monitoring hit on the director puts the company in review.
		if status, out = e.c.Do("POST", "/4.0/profiles/"+dir+"/events", `{"data":{"event_type":"PEP_FLAG","match_name":"Dana Director"}}`); status != 200 {
			t.Fatalf("event: %d %s", status, out)
		}
		e.settle()
		if a := l.app(); a.Status != "IN_REVIEW" {
			t.Errorf("company after its director's event: %s, want IN_REVIEW", a.Status)
		}
		data["officers"] = map[string]any{"directors": []any{}}
		k.mustPost(co, data)
		e.settle()

		type hook struct {
			ProfileID  string   `json:"profile_id"`
			TaskType   string   `json:"task_type"`
			NewState   string   `json:"new_state"`
			NewStatus  string   `json:"new_status"`
			OldStatus  string   `json:"old_status"`
			Linked     []string `json:"linked_profile_ids"`
			Unlinked   []string `json:"unlinked_profile_ids"`
			Associated string   `json:"application_id"`
		}
		want := map[string]bool{"company linked": false, "director applied": false, "officers passed": false,
			"company in review": false, "company unlinked": false, "officers reopened": false}
		deadline := time.Now().Add(10 * time.Second)
		for {
			for _, ev := range rcv.events() {
				var h hook
				if err := json.Unmarshal(ev.Data, &h); err != nil {
					t.Fatal(err)
				}
				switch {
				case ev.Event == "COLLECTED_DATA_CHANGED" && h.ProfileID == co && slices.Equal(h.Linked, []string{dir}):
					want["company linked"] = true
				case ev.Event == "COLLECTED_DATA_CHANGED" && h.ProfileID == co && slices.Equal(h.Unlinked, []string{dir}):
					want["company unlinked"] = true
				case ev.Event == "PRODUCT_STATUS_CHANGED" && h.ProfileID == dir && h.NewStatus == "APPLIED":
					want["director applied"] = true
				case ev.Event == "TASK_STATE_CHANGED" && h.ProfileID == co && h.TaskType == "COMPANY_IDENTIFY_OFFICERS" && h.NewState == "COMPLETED_PASS":
					want["officers passed"] = true
				case ev.Event == "TASK_STATE_CHANGED" && h.ProfileID == co && h.TaskType == "COMPANY_IDENTIFY_OFFICERS" && h.NewState == "INCOMPLETE":
					want["officers reopened"] = true
				case ev.Event == "PRODUCT_STATUS_CHANGED" && h.ProfileID == co && h.NewStatus == "IN_REVIEW":
					want["company in review"] = true
				}
			}
			done := true
			for _, ok := range want {
				done = done && ok
			}
			if done || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		for what, ok := range want {
			if !ok {
				t.Errorf("no webhook: %s", what)
			}
		}
	})
}

// promotePolicy is the demo policy with associates.promote on.
func promotePolicy(t *testing.T) kyc.Policy {
	t.Helper()
	doc := strings.Replace(string(policy.DemoYAML()), "  promote: false", "  promote: true", 1)
	p, err := policy.Parse([]byte(doc), checks.NewRegistry(demo.New(), listscreen.New(&screening.Holder{}), documents.New(), checks.Manual{}))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Associates().Promote {
		t.Fatal("the demo policy's promote option was not found")
	}
	return p
}

// TestPromoteAssociates: with associates.promote, the officers and owners
// the sandbox registry and ownership checks return for the seed company
// become associate profiles linked to it, one per person however many
// lists and checks name them (merged_resolver_ids), with their
// applications; another registry check merges into them instead of
// creating more.
func TestPromoteAssociates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnvPolicy(t, db, api.Config{}, promotePolicy(t))
		k := &kyb{t: t, e: e}
		_, out := e.c.Do("POST", "/4.0/profiles", guideCompany)
		co := decode[associateView](t, out).ID
		e.settle()

		type entry struct {
			EntityType    string   `json:"entity_type"`
			Merged        []string `json:"merged_resolver_ids"`
			TaskVariants  []string `json:"task_variant_ids"`
			LinkedProfile *struct {
				ID string `json:"id"`
			} `json:"linked_profile"`
			Immediate json.RawMessage `json:"immediate_data"`
		}
		type data struct {
			Officers struct {
				Directors []entry `json:"directors"`
			} `json:"officers"`
			Ownership struct {
				Shareholders     []entry `json:"shareholders"`
				BeneficialOwners []entry `json:"beneficial_owners"`
			} `json:"ownership_structure"`
		}
		read := func() (data, map[string]int) {
			d := decode[data](t, mustGet(t, e, "/4.0/profiles/"+co+"/collected_data"))
			merged := map[string]int{}
			for _, list := range [][]entry{d.Officers.Directors, d.Ownership.Shareholders, d.Ownership.BeneficialOwners} {
				seen := map[string]bool{}
				for _, en := range list {
					if en.LinkedProfile == nil || en.Immediate != nil {
						t.Errorf("an entry was not promoted: %+v", en)
						continue
					}
					if seen[en.LinkedProfile.ID] {
						t.Errorf("profile %s linked twice in one list", en.LinkedProfile.ID)
					}
					seen[en.LinkedProfile.ID] = true
					if len(en.Merged) == 0 {
						t.Errorf("a promoted entry without merged_resolver_ids: %+v", en)
					}
					merged[en.LinkedProfile.ID] = max(merged[en.LinkedProfile.ID], len(en.Merged))
				}
			}
			return d, merged
		}
		d, merged := read()
		if len(d.Officers.Directors) == 0 || len(d.Ownership.Shareholders) == 0 {
			t.Fatalf("the registry returned no officers or shareholders to promote: %+v", d)
		}
		names := map[string]string{}
		for id := range merged {
			p := k.get(id)
			if p.Role != "INDIVIDUAL_ASSOCIATED" && p.Role != "COMPANY_ASSOCIATED" {
				t.Errorf("promoted %s is a %s", p.DisplayName, p.Role)
			}
			if other, dup := names[p.DisplayName]; dup {
				t.Errorf("%s promoted twice: %s and %s", p.DisplayName, other, id)
			}
			names[p.DisplayName] = id
			if len(p.LinkedTo) != 1 || p.LinkedTo[0].Profile.ID != co {
				t.Errorf("%s linked_to %+v", p.DisplayName, p.LinkedTo)
			}
		}
		for _, dir := range d.Officers.Directors {
			if !slices.Contains(dir.TaskVariants, officersVariant) {
				t.Errorf("a promoted director is not linked for the officers task: %+v", dir)
			}
			if p := k.get(dir.LinkedProfile.ID); len(p.Applications) != 1 || p.Applications[0].AssociatedRole != "DIRECTOR" {
				t.Errorf("promoted director %s: applications %+v", p.DisplayName, p.Applications)
			}
		}
		if !slices.Contains(auditActions(t, e, co), "linked-profile") {
			t.Error("no linked-profile audit item on the company")
		}

		// Another registry check returns the same people (under the same
		// or new resolver ids): they merge into the profiles already linked.
		if status, out := e.c.Do("POST", "/4.0/profiles/"+co+"/checks?mode=sync", `{"check_type":"COMPANY_REGISTRY"}`); status != 200 {
			t.Fatalf("registry check: %d %s", status, out)
		}
		e.settle()
		_, again := read()
		if len(again) != len(merged) {
			t.Errorf("a second check changed the associates from %d to %d", len(merged), len(again))
		}
		for id, n := range merged {
			if again[id] < n {
				t.Errorf("associate %s lost merged resolver ids: %d, then %d", id, n, again[id])
			}
		}
	})
}

// TestKYBConcurrent: associates approved while their company's data is
// replaced, and two company associates that link each other replaced at the
// same time, on both databases: no request fails (no deadlock, no lost
// update), and once the jobs have run the company's officers task has
// passed, as every director is approved.
func TestKYBConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		k := &kyb{t: t, e: e}
		_, out := e.c.Do("POST", "/4.0/profiles", guideCompany)
		co := decode[associateView](t, out).ID
		var directors []any
		var ids []string
		for i := range 6 {
			id := k.person("Dir", fmt.Sprintf("Number%c", 'A'+i))
			ids = append(ids, id)
			directors = append(directors, linked(id, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}}))
		}
		data := companyData("PassFort Limited", directors, []any{})
		k.mustPost(co, data)
		e.settle()
		// Every director's tasks pass; approvals and data changes race.
		for _, id := range ids {
			for _, tk := range k.get(id).Tasks {
				if tk.State != "COMPLETED_PASS" {
					if status, out := e.c.Do("POST", "/4.0/profiles/"+id+"/tasks/"+tk.ID, `{"state":"COMPLETED_PASS"}`); status != 200 {
						t.Fatalf("pass: %d %s", status, out)
					}
				}
			}
		}
		x := k.company("Cross A", "COMPANY_ASSOCIATED")
		y := k.company("Cross B", "COMPANY_ASSOCIATED")
		var wg sync.WaitGroup
		fail := make(chan string, 64)
		do := func(method, path string, body any) {
			defer wg.Done()
			if status, out := e.c.Do(method, path, body); status != 200 {
				fail <- fmt.Sprintf("%s %s: %d %s", method, path, status, out)
			}
		}
		for i, id := range ids {
			wg.Add(2)
			go do("POST", "/4.0/profiles/"+id+"/applications/"+k.associateApp(id), `{"status":"APPROVED"}`)
			d := companyData("PassFort Limited", directors, []any{map[string]any{"entity_type": "INDIVIDUAL", "total_percentage": i,
				"immediate_data": map[string]any{"entity_type": "INDIVIDUAL"}}})
			b, _ := json.Marshal(d)
			go do("POST", "/4.0/profiles/"+co+"/collected_data", b)
		}
		for i := range 4 {
			wg.Add(2)
			bx, _ := json.Marshal(companyData("Cross A", []any{}, []any{linked(y, "COMPANY", map[string]any{"total_percentage": 10 + i})}))
			by, _ := json.Marshal(companyData("Cross B", []any{}, []any{linked(x, "COMPANY", map[string]any{"total_percentage": 20 + i})}))
			go do("POST", "/4.0/profiles/"+x+"/collected_data", bx)
			go do("POST", "/4.0/profiles/"+y+"/collected_data", by)
		}
		wg.Wait()
		close(fail)
		for f := range fail {
			t.Error(f)
		}
		e.settle()
		if _, state := k.task(co, "COMPANY_IDENTIFY_OFFICERS"); state != "COMPLETED_PASS" {
			t.Errorf("officers task after every director was approved: %s", state)
		}
		if p := k.get(x); len(p.LinkedTo) != 1 || p.LinkedTo[0].Profile.ID != y {
			t.Errorf("cross-holding: %+v", p.LinkedTo)
		}
		status, out := e.c.Do("GET", "/gatehouse/v1/profiles/"+x+"/ownership", nil)
		if status != 200 || !strings.Contains(string(out), `"cycles":[[`) {
			t.Errorf("the cross-holding's cycle is not reported: %d %s", status, out)
		}
	})
}
