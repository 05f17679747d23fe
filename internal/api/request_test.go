package api

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestIdempotentRendersOnce: with an Idempotency-Key the result is rendered
// and encoded once, inside the transaction, and those very bytes are both
// stored and sent; a repeat replays them.
func TestIdempotentRendersOnce(t *testing.T) {
	ctx := context.Background()
	st := storetest.OpenSQLite(t)
	svc := &kyc.Service{Store: st, Policy: policy.Demo()}
	if _, _, _, err := svc.CreateAPIKey(ctx, "Idem", "idem"); err != nil {
		t.Fatal(err)
	}
	insts, err := st.Institutions(ctx)
	if err != nil || len(insts) != 1 {
		t.Fatalf("institutions: %v %v", insts, err)
	}
	actor := kyc.Actor{InstitutionID: insts[0].ID}
	s := New(svc, Config{}, nil, nil, nil)

	body := []byte(`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"}}`)
	np, err := passfort.DecodeCreateProfile(body)
	if err != nil {
		t.Fatal(err)
	}
	send := func() (string, string, int) {
		t.Helper()
		renders := 0
		render := func(v any) any { renders++; return renderProfile(v) }
		r := httptest.NewRequest("POST", "/4.0/profiles", strings.NewReader(string(body)))
		r.Header.Set("Idempotency-Key", "render-once")
		rctx, err := s.idempotent(r, body, render)
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.CreateProfile(rctx, actor, np)
		w := httptest.NewRecorder()
		if err := s.respond(rctx, w, p, err, render); err != nil {
			t.Fatal(err)
		}
		return w.Body.String(), w.Header().Get("Idempotent-Replayed"), renders
	}
	first, replayed, renders := send()
	if renders != 1 || replayed != "" || strings.TrimSpace(first) == "" {
		t.Fatalf("first: %d renders (want 1), replayed %q, body %s", renders, replayed, first)
	}
	again, replayed, renders := send()
	if renders != 0 || replayed != "true" || again != first {
		t.Errorf("repeat: %d renders (want 0), replayed %q, same body %v", renders, replayed, again == first)
	}
}
