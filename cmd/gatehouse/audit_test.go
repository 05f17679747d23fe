package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestAuditCommands: `audit verify` never seals (an item inserted unsealed
// long ago is reported and left so), finds the newest items deleted, and
// checks the heads `audit head` printed, kept outside the database, which
// is how a deletion that also moved the head back is found.
func TestAuditCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		ctx := context.Background()
		url := db.URL(t)
		env := map[string]string{"GATEHOUSE_DATABASE": url}
		s := storetest.OpenURL(t, url)
		svc := &kyc.Service{Store: s, Policy: policy.Demo()}
		_, k, inst, err := svc.CreateAPIKey(ctx, "Acme", "ci")
		if err != nil {
			t.Fatal(err)
		}
		data := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ada"],"family_name":"Lovelace"}}}`)
		f, err := kyc.ParseFacts(data)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			_, err := svc.CreateProfile(ctx, kyc.Actor{InstitutionID: inst.ID, APIKey: k},
				kyc.NewProfile{Role: kyc.RoleIndividualCustomer, CollectedData: data, Facts: f})
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.SealAudit(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		items, err := s.AuditChain(ctx, inst.ID, 0, 1000)
		if err != nil || len(items) < 3 {
			t.Fatalf("chain: %d items, %v", len(items), err)
		}

		// An item inserted unsealed, two hours ago by its timestamp.
		forged := kyc.NewID()
		storetest.Exec(t, s, "INSERT INTO audit_items (id, institution_id, profile_id, action, ts) VALUES (?, ?, ?, ?, ?)",
			forged, inst.ID, items[0].ProfileID, "manual-decision", time.Now().Add(-2*time.Hour).UnixMicro())
		out, err := runCmd(t, env, "audit", "verify")
		if err == nil || !strings.Contains(out, "UNSEALED: 1 items") {
			t.Errorf("verify with an old unsealed item: got %v\n%s, want it reported as unsealed", err, out)
		}
		if n, _, _ := s.CountUnsealed(ctx, inst.ID); n != 1 {
			t.Errorf("after verify: got %d unsealed items, want the inserted one left unsealed", n)
		}
		storetest.Exec(t, s, "DELETE FROM audit_items WHERE id = ?", forged)

		out, err = runCmd(t, env, "audit", "verify")
		if err != nil || !strings.Contains(out, "intact") {
			t.Fatalf("verify: got %v\n%s, want intact", err, out)
		}
		heads, err := runCmd(t, env, "audit", "head")
		last := items[len(items)-1]
		if want := fmt.Sprintf("%s %d:%s # Acme\n", inst.ID, last.Seq, last.Hash); err != nil || heads != want {
			t.Fatalf("head: got %v %q, want %q", err, heads, want)
		}
		anchor := filepath.Join(t.TempDir(), "heads.txt")
		if err := os.WriteFile(anchor, []byte("# kept elsewhere\n"+heads), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := runCmd(t, env, "audit", "verify", "--expect-file", anchor); err != nil || !strings.Contains(out, "holds the expected head") {
			t.Errorf("verify against the heads: got %v\n%s", err, out)
		}

		// The newest item deleted: the recorded head is past the chain's end.
		storetest.Exec(t, s, "DELETE FROM audit_items WHERE id = ?", last.ID)
		if out, err := runCmd(t, env, "audit", "verify"); err == nil || !strings.Contains(out, "BROKEN at position") {
			t.Errorf("verify a truncated chain: got %v\n%s, want BROKEN", err, out)
		}
		if out, err := runCmd(t, env, "audit", "head"); err == nil || strings.Contains(out, inst.ID) {
			t.Errorf("head of a truncated chain: got %v\n%s, want no head and an error", err, out)
		}
		// ... and the head moved back: only the kept heads show it.
		prev := items[len(items)-2]
		storetest.Exec(t, s, "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE institution_id = ?", prev.Seq, prev.Hash, inst.ID)
		if out, err := runCmd(t, env, "audit", "verify"); err != nil {
			t.Errorf("verify a consistently truncated chain without the heads: got %v\n%s, want intact", err, out)
		}
		expect := inst.ID + "=" + (kyc.AuditHead{Seq: last.Seq, Hash: last.Hash}).String()
		for _, args := range [][]string{{"--expect-file", anchor}, {"--expect", expect},
			{"--institution", inst.ID, "--expect", strings.TrimPrefix(expect, inst.ID+"=")}} {
			out, err := runCmd(t, env, append([]string{"audit", "verify"}, args...)...)
			if err == nil || !strings.Contains(out, "before the expected head") {
				t.Errorf("verify %v: got %v\n%s, want BROKEN before the expected head", args, err, out)
			}
		}
		for _, args := range [][]string{{"--expect", "12"}, {"--expect", "x=1:" + strings.Repeat("0", 64)}, {"--institution", "nope"}, {"extra"}} {
			if out, err := runCmd(t, env, append([]string{"audit", "verify"}, args...)...); err == nil {
				t.Errorf("verify %v: got success\n%s, want an error", args, out)
			}
		}
	})
}
