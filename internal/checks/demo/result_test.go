package demo

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// want is an expected outcome: a result, or pending, with the error code
// and source when the result is an error, and the hit types in order.
type want struct {
	result  string
	pending bool
	code    int
	source  string
	hits    []kyc.EventType
}

var (
	pepHit      = kyc.EventPEP
	sanctionHit = kyc.EventSanction
	mediaHit    = kyc.EventAdverseMedia
	referHit    = kyc.EventRefer
	allHits     = []kyc.EventType{pepHit, sanctionHit, mediaHit, referHit}
)

func TestDemoResults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ct   kyc.CheckType
		demo string
		want want
	}{
		{kyc.CheckIdentity, "ANY", want{result: "2+2"}},
		{kyc.CheckIdentity, "any_charge", want{result: "2+2"}},
		{kyc.CheckIdentity, "NO_MATCHES", want{result: "Fail"}},
		{kyc.CheckIdentity, "ONE_NAME_ADDRESS_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "ONE_NAME_DOB_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "TWO_NAME_ADDRESS_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH", want{result: "1+1"}},
		{kyc.CheckIdentity, "ONE_NAME_ADDRESS_DOB_MATCH", want{result: "1+1"}},
		{kyc.CheckIdentity, "MORTALITY_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "ONE_NAME_ADDRESS_MORTALITY_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH", want{result: "Fail"}},
		{kyc.CheckIdentity, "ERROR_INVALID_CREDENTIALS", want{result: "Error", code: 502, source: "PROVIDER"}},
		{kyc.CheckIdentity, "ERROR_ANY_PROVIDER_MESSAGE", want{result: "Error", code: 303, source: "PROVIDER"}},
		{kyc.CheckIdentity, "SCREEN_SINGLE_PEP", want{result: "Error", code: 201, source: "API"}},

		{kyc.CheckDocumentVerification, "ANY", want{result: "Pass"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_ALL_PASS", want{result: "Pass"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_IMAGE_CHECK_FAILURE", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_FORGERY_CHECK_FAILURE", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_NAME_FIELD_DIFFERENT", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_NAME_FIELD_UNREADBALE", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_DOB_FIELD_DIFFERENT", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "DOCUMENT_DOB_FIELD_UNREADBALE", want{result: "Fail"}},
		{kyc.CheckDocumentVerification, "ERROR_UNSUPPORTED_DOCUMENT_TYPE", want{result: "Error", code: 201, source: "PROVIDER"}},
		{kyc.CheckDocumentFetch, "ERROR_INVALID_PROVIDER_REFERENCE", want{result: "Error", code: 201, source: "PROVIDER"}},
		{kyc.CheckDocumentFetch, "ERROR_MISSING_CONTACT_DETAILS", want{result: "Error", code: 101, source: "PROVIDER"}},
		{kyc.CheckDocumentFetch, "DOCUMENT_ALL_PASS", want{result: "Pass"}},
		{kyc.CheckCompanyDocumentVerify, "DOCUMENT_FORGERY_CHECK_FAILURE", want{result: "Fail"}},
		{kyc.CheckCompanyDocumentVerify, "DOCUMENT_NAME_FIELD_DIFFERENT", want{result: "Error", code: 201, source: "API"}},

		{kyc.CheckPEPsAndSanctions, "ANY", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_NO_HITS", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "NO_DATA", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "ALL_DATA", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_PEP", want{result: "PEP", hits: []kyc.EventType{pepHit}}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_SANCTION", want{result: "Sanction", hits: []kyc.EventType{sanctionHit}}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_ADVERSE_MEDIA", want{result: "Media", hits: []kyc.EventType{mediaHit}}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_REFER", want{result: "Refer", hits: []kyc.EventType{referHit}}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_ALL_FLAGS_SAME_HIT", want{result: "Sanction", hits: allHits}},
		{kyc.CheckPEPsAndSanctions, "SCREEN_ALL_FLAGS_SEPARATE_HITS", want{result: "Sanction", hits: allHits}},
		{kyc.CheckPEPsAndSanctions, "ONE_HIT", want{result: "PEP", hits: []kyc.EventType{pepHit}}},
		{kyc.CheckPEPsAndSanctions, "MANY_HITS", want{result: "PEP", hits: []kyc.EventType{pepHit, pepHit, pepHit}}},
		{kyc.CheckCompanyPEPsSanctions, "SCREEN_SINGLE_SANCTION", want{result: "Sanction", hits: []kyc.EventType{sanctionHit}}},
		{kyc.CheckPEPsAndSanctions, "NO_MATCHES", want{result: "Error", code: 201, source: "API"}},

		{kyc.CheckBankAccount, "ANY", want{result: "Pass"}},
		{kyc.CheckBankAccount, "ERROR_INVALID_CREDENTIALS", want{result: "Error", code: 502, source: "PROVIDER"}},
		{kyc.CheckBankAccount, "NO_DATA", want{result: "Error", code: 201, source: "API"}},

		{kyc.CheckCompanyRegistry, "ANY", want{result: "Pass"}},
		{kyc.CheckCompanyRegistry, "ALL_DATA", want{result: "Pass"}},
		{kyc.CheckCompanyRegistry, "NO_DATA", want{result: "Fail"}},
		{kyc.CheckCompanyRegistry, "COMPANY_INACTIVE", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "COMPANY_NAME_MISMATCH", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "COMPANY_NUMBER_MISMATCH", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "COMPANY_ADDRESS_MISMATCH", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "COMPANY_ADDRESS_MATCH", want{result: "Pass"}},
		{kyc.CheckCompanyRegistry, "COMPANY_RESIGNED_OFFICER", want{result: "Pass"}},
		{kyc.CheckCompanyOwnership, "COMPANY_INACTIVE", want{result: "Pass"}},
		{kyc.CheckCompanyOwnership, "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP", want{result: "Pass"}},
		{kyc.CheckCompanyOwnership, "NO_DATA", want{result: "Fail"}},
		{kyc.CheckCompanyFilings, "NO_DATA", want{result: "Fail"}},
		{kyc.CheckCompanyFilingPurchase, "ANY", want{result: "Pass"}},
		{kyc.CheckCompanyCharities, "COMPANY_NAME_MISMATCH", want{result: "Pass"}},
		{kyc.CheckCompanyCharities, "SCREEN_SINGLE_PEP", want{result: "Error", code: 201, source: "API"}},

		{kyc.CheckIndividualManualForm, "ANY", want{pending: true}},
		{kyc.CheckCompanyManualForm, "ANY_CHARGE", want{pending: true}},
		{kyc.CheckIndividualManualForm, "ERROR_INVALID_CREDENTIALS", want{result: "Fail", code: 201, source: "API"}},
	}
	for _, c := range cases {
		t.Run(string(c.ct)+"/"+c.demo, func(t *testing.T) {
			t.Parallel()
			name := "Wheeler"
			if c.ct == kyc.CheckCompanyCharities {
				name = "Wheeler Trust" // a charity: a charities check fails for any other company
			}
			o, err := runCheck(t, request(t, c.ct, inputFor(c.ct, name), c.demo))
			if err != nil {
				t.Fatalf("got error %v, want result %q", err, c.want.result)
			}
			checkWant(t, o.Result, o.Pending, o.Errors, hitTypes(o.Hits), c.want)
		})
	}
}

func TestKeywords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ct   kyc.CheckType
		name string
		want want
	}{
		{kyc.CheckIdentity, "Wheeler", want{result: "2+2"}},
		{kyc.CheckIdentity, "Wheeler-fail", want{result: "Fail"}},
		{kyc.CheckIdentity, "FAIL", want{result: "Fail"}},
		{kyc.CheckIdentity, "refer", want{result: "1+1"}},
		{kyc.CheckIdentity, "Wheeler refer fail", want{result: "Fail"}},
		{kyc.CheckIdentity, "deceased", want{result: "Fail"}},
		{kyc.CheckIdentity, "pep", want{result: "2+2"}},
		{kyc.CheckIdentity, "Failsworth", want{result: "2+2"}},
		{kyc.CheckIdentity, "error", want{result: "Error", code: 303, source: "PROVIDER"}},
		{kyc.CheckIdentity, "pending", want{pending: true}},
		{kyc.CheckIdentity, "error pending", want{result: "Error", code: 303, source: "PROVIDER"}},

		{kyc.CheckPEPsAndSanctions, "Wheeler", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "Wheeler-pep", want{result: "PEP", hits: []kyc.EventType{pepHit}}},
		{kyc.CheckPEPsAndSanctions, "pep sanction", want{result: "Sanction", hits: []kyc.EventType{pepHit, sanctionHit}}},
		{kyc.CheckPEPsAndSanctions, "Sanctions", want{result: "Sanction", hits: []kyc.EventType{sanctionHit}}},
		{kyc.CheckPEPsAndSanctions, "media", want{result: "Media", hits: []kyc.EventType{mediaHit}}},
		{kyc.CheckPEPsAndSanctions, "refer media", want{result: "Media", hits: []kyc.EventType{mediaHit, referHit}}},
		{kyc.CheckPEPsAndSanctions, "refer", want{result: "Refer", hits: []kyc.EventType{referHit}}},
		{kyc.CheckPEPsAndSanctions, "media refer sanction pep", want{result: "Sanction", hits: allHits}},
		{kyc.CheckPEPsAndSanctions, "Pepper", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "fail", want{result: "Pass"}},
		{kyc.CheckPEPsAndSanctions, "pep pending", want{pending: true}},
		{kyc.CheckCompanyPEPsSanctions, "Sanction", want{result: "Sanction", hits: []kyc.EventType{sanctionHit}}},

		{kyc.CheckDocumentVerification, "fail", want{result: "Fail"}},
		{kyc.CheckDocumentFetch, "refer", want{result: "Pass"}},
		{kyc.CheckCompanyDocumentVerify, "fail", want{result: "Fail"}},
		{kyc.CheckBankAccount, "fail", want{result: "Fail"}},
		{kyc.CheckBankAccount, "error", want{result: "Error", code: 303, source: "PROVIDER"}},

		{kyc.CheckCompanyRegistry, "Acme fail Ltd", want{result: "Fail"}},
		{kyc.CheckCompanyRegistry, "Acme refer Ltd", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "Acme inactive Ltd", want{result: "Refer"}},
		{kyc.CheckCompanyRegistry, "Acme partial Ltd", want{result: "Pass"}},
		{kyc.CheckCompanyOwnership, "Acme partial Ltd", want{result: "Partial"}},
		{kyc.CheckCompanyOwnership, "Acme refer Ltd", want{result: "Pass"}},
		{kyc.CheckCompanyOwnership, "Acme fail partial Ltd", want{result: "Fail"}},
		{kyc.CheckCompanyFilings, "Acme fail Ltd", want{result: "Fail"}},
		{kyc.CheckCompanyCharities, "Acme pending", want{pending: true}},

		{kyc.CheckIndividualManualForm, "fail", want{pending: true}},
		{kyc.CheckCompanyManualForm, "error", want{pending: true}},
	}
	for _, c := range cases {
		t.Run(string(c.ct)+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			o, err := runCheck(t, request(t, c.ct, inputFor(c.ct, c.name), ""))
			if err != nil {
				t.Fatalf("got error %v, want result %q", err, c.want.result)
			}
			checkWant(t, o.Result, o.Pending, o.Errors, hitTypes(o.Hits), c.want)
		})
	}
}

func hitTypes(hs []kyc.Hit) []kyc.EventType {
	var out []kyc.EventType
	for _, h := range hs {
		out = append(out, h.Type)
	}
	return out
}

func checkWant(t *testing.T, result string, pending bool, errs []kyc.CheckError, hits []kyc.EventType, w want) {
	t.Helper()
	if result != w.result || pending != w.pending {
		t.Errorf("got result %q (pending %v), want %q (pending %v)", result, pending, w.result, w.pending)
	}
	switch {
	case w.code == 0 && len(errs) > 0:
		t.Errorf("got errors %+v, want none", errs)
	case w.code != 0 && (len(errs) != 1 || errs[0].Code != w.code || errs[0].Source != w.source):
		t.Errorf("got errors %+v, want one %d from %s", errs, w.code, w.source)
	}
	if !slices.Equal(hits, w.hits) {
		t.Errorf("got hits %v, want %v", hits, w.hits)
	}
}

// TestConnectionError: ERROR_CONNECTION_TO_PROVIDER is the one transient
// failure, the same on every attempt.
func TestConnectionError(t *testing.T) {
	t.Parallel()
	for _, ct := range allTypes {
		if families[ct] == famManual {
			continue
		}
		for range 3 {
			o, err := runCheck(t, request(t, ct, inputFor(ct, "Wheeler"), "ERROR_CONNECTION_TO_PROVIDER"))
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Code != kyc.EProvider || o.Result != "" {
				t.Errorf("%s: got %+v, %v; want a kyc.EProvider error", ct, o, err)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, ct := range allTypes {
		for _, d := range append(DemoResults(ct), "") {
			req := request(t, ct, inputFor(ct, "Wheeler pep media"), d)
			a, errA := runCheck(t, req)
			b, errB := runCheck(t, req)
			if string(a.Output) != string(b.Output) || a.Result != b.Result || len(a.Hits) != len(b.Hits) || (errA == nil) != (errB == nil) {
				t.Errorf("%s %q: two runs differ", ct, d)
			}
			for i := range a.Hits {
				if string(a.Hits[i].Event) != string(b.Hits[i].Event) || a.Hits[i].MatchKey != b.Hits[i].MatchKey {
					t.Errorf("%s %q: hit %d differs", ct, d, i)
				}
			}
		}
	}
}

func TestUnsupportedCheckType(t *testing.T) {
	t.Parallel()
	p := New()
	if p.Supports("CREDIT_CHECK") || !p.Supports(kyc.CheckCompanyFilingPurchase) || p.Name() != "demo" {
		t.Errorf("got Supports(CREDIT_CHECK) %v, Name %q", p.Supports("CREDIT_CHECK"), p.Name())
	}
	o, err := p.Run(context.Background(), checks.Request{CheckID: checkID, CheckType: "CREDIT_CHECK"})
	if err != nil || o.Result != "Error" || len(o.Errors) != 1 || o.Errors[0].Code != 201 || o.Errors[0].Source != "ENGINE" {
		t.Errorf("got %+v, %v; want result Error with a 201 ENGINE error", o, err)
	}
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Run(ctx, request(t, kyc.CheckIdentity, inputFor(kyc.CheckIdentity, "Wheeler"), "")); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestBlankDemoResult: a blank demo_result is no demo_result.
func TestBlankDemoResult(t *testing.T) {
	t.Parallel()
	o, err := runCheck(t, request(t, kyc.CheckPEPsAndSanctions, inputFor(kyc.CheckPEPsAndSanctions, "pep"), "  "))
	if err != nil || o.Result != "PEP" {
		t.Errorf("got %q, %v; want PEP from the name's keyword", o.Result, err)
	}
}
