package portal

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// BenchmarkRenderQueue renders a full queue page of fifty rows from
// memory: the template's share of a queue request.
func BenchmarkRenderQueue(b *testing.B) {
	ps, err := loadPages()
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{pages: ps}
	items := make([]kyc.QueueItem, queuePageSize)
	for i := range items {
		items[i] = kyc.QueueItem{ApplicationID: kyc.NewID(), ProfileID: kyc.NewID(), DisplayName: "Olivia Smith", Role: kyc.RoleIndividualCustomer,
			ProductName: "Forexo Basic Account", Status: kyc.AppApplied, Flag: kyc.FlagReadyForDecision, Risk: kyc.RiskLow,
			AssigneeName: "Ana Analyst", WaitingSince: time.Now().Add(-time.Hour)}
	}
	u := &kyc.UserAccount{ID: kyc.NewID(), Name: "Ana", Role: kyc.UserAnalyst}
	rq := &request{user: u, inst: &kyc.Institution{Name: "Acme"}, sess: &kyc.Session{CSRF: "x", Stage: kyc.SessionFull}}
	var tabs []bucketTab
	for _, bk := range kyc.QueueBuckets {
		tabs = append(tabs, bucketTab{Name: bk, Count: 10, Counted: true, URL: "/portal/queue?bucket=" + bk})
	}
	b.ReportAllocs()
	for b.Loop() {
		d := queueData{Rows: queueRows(items), Tabs: tabs, Filter: queueFilter{Bucket: "READY_FOR_DECISION", Page: 1}, Risks: riskOptions, Waits: waitOptions}
		if err := s.render(httptest.NewRecorder(), "queue", newPage(rq, "Queue", "queue", d)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCase renders the case page of a company (many checks
// and tasks) through the handler, on SQLite.
func BenchmarkRenderCase(b *testing.B) {
	e := newEnv(b, storetest.Databases()[0], nil)
	np, err := passfort.DecodeCreateProfile([]byte(`{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"COMPANY","metadata":{"name":"Acme Trading Ltd","number":"01234567","country_of_incorporation":"GBR"}}}`))
	if err != nil {
		b.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, e.key, np)
	if err != nil {
		b.Fatal(err)
	}
	e.drain()
	em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
	br := e.browser()
	br.signIn(em, pw)
	b.ReportAllocs()
	for b.Loop() {
		if s, _, _ := br.get("/portal/profiles/" + p.ID); s != 200 {
			b.Fatal(s)
		}
	}
}
