package demo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// FuzzRun: any names and demo_result, on any check type, give an outcome
// whose result is in the type's enum (or pending), whose output is a JSON
// object, and whose hits are EventData the event decoder accepts; never a
// panic, and an error only for ERROR_CONNECTION_TO_PROVIDER.
func FuzzRun(f *testing.F) {
	f.Add(uint8(0), "Alex", "Wheeler", "Acme Ltd", "")
	f.Add(uint8(3), "Alex", "Wheeler-pep", "", "")
	f.Add(uint8(3), "pep sanction", "media refer", "", "SCREEN_ALL_FLAGS_SAME_HIT")
	f.Add(uint8(5), "", "", "Acme partial Ltd", "COMPANY_INACTIVE")
	f.Add(uint8(7), "", "", "fail", "")
	f.Add(uint8(1), "Ünïcødé", "O'Brien", "", "document_dob_field_different")
	f.Add(uint8(10), "", "", "\xff\xfe", "MANY_HITS")
	f.Add(uint8(12), "", "", "Co", "ERROR_CONNECTION_TO_PROVIDER")
	f.Fuzz(func(t *testing.T, ti uint8, given, family, companyName, demo string) {
		ct := allTypes[int(ti)%len(allTypes)]
		var input string
		if et, _ := ct.EntityType(); et == kyc.Company {
			input = mustJSON(map[string]any{"entity_type": "COMPANY", "metadata": map[string]any{"name": companyName, "number": family}})
		} else {
			input = individual([]string{given}, family)
		}
		facts, _ := kyc.ParseFacts([]byte(input))
		fuzzOne(t, checks.Request{CheckID: given, CheckType: ct, Input: json.RawMessage(input), Facts: facts, DemoResult: demo})
	})
}

// FuzzInput: any input bytes, parsed or not, are read without a panic.
func FuzzInput(f *testing.F) {
	f.Add(uint8(0), []byte(individual([]string{"Alex"}, "Wheeler")))
	f.Add(uint8(5), []byte(company("Acme partial Ltd")))
	f.Add(uint8(1), []byte(`{"documents":[{"category":"X","document_type":"Y","images":[1]}],"address_history":{}}`))
	f.Add(uint8(6), []byte(`{"metadata":{"addresses":[{"address":[]}],"incorporation_date":7}}`))
	f.Add(uint8(4), []byte(`[`))
	f.Fuzz(func(t *testing.T, ti uint8, raw []byte) {
		ct := allTypes[int(ti)%len(allTypes)]
		facts, _ := kyc.ParseFacts(raw)
		fuzzOne(t, checks.Request{CheckID: "c", CheckType: ct, Input: raw, Facts: facts})
	})
}

func fuzzOne(t *testing.T, req checks.Request) {
	o, err := New().Run(context.Background(), req)
	if err != nil {
		if NormaliseDemoResult(req.DemoResult) != resultConnection {
			t.Fatalf("%s %q: unexpected error %v", req.CheckType, req.DemoResult, err)
		}
		return
	}
	checkOutcome(t, req.CheckType, req.DemoResult, o)
	if !json.Valid(o.Output) {
		t.Fatalf("output is not JSON: %q", o.Output)
	}
	for _, h := range o.Hits {
		if _, et, err := passfort.DecodeEventData(h.Event, "data"); err != nil || et != h.Type {
			t.Fatalf("hit refused (%v) or typed %s, want %s: %s", err, et, h.Type, h.Event)
		}
	}
}
