package documents

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/mrz"
)

const (
	docID   = "0198a000-0000-7000-8000-0000000000d1"
	frontID = "0198a000-0000-7000-8000-0000000000f1"
	backID  = "0198a000-0000-7000-8000-0000000000b1"
)

// now is when the tests run: the Doc 9303 specimens (expiry 2012) are
// tested at a time before they expired, everything else at this one.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func digit(s string) string {
	d, _ := mrz.CheckDigit(s)
	return string(d)
}

func field(s string, n int) string {
	s = strings.ReplaceAll(strings.ToUpper(s), " ", "<")
	return (s + strings.Repeat("<", n))[:n]
}

// td3 builds a passport zone with correct check digits.
func td3(state, surname, given, number, nationality, dob, sex, expiry, personal string) []string {
	num, per := field(number, 9), field(personal, 14)
	l2 := num + digit(num) + nationality + dob + digit(dob) + sex + expiry + digit(expiry) + per + digit(per)
	comp := digit(num + digit(num) + dob + digit(dob) + expiry + digit(expiry) + per + digit(per))
	return []string{field("P<"+field(state, 3)+surname+"<<"+given, 44), l2 + comp}
}

// A British passport as a real one reads: valid digits, a real state, and
// an expiry after now.
var gbr = td3("GBR", "WHEELER", "ALEX DANIEL", "533401372", "GBR", "900112", "F", "310415", "")

// The specimens of ICAO Doc 9303 (Parts 4 to 6) and a published German
// sample.
var (
	td3Specimen = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	td1Specimen = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
	td2Specimen = []string{"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"}
	german      = []string{"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"}
)

type person struct {
	given, family, dob, gender, nationality string
}

var (
	anna  = person{"Anna Maria", "Eriksson", "1974-08-12", "F", ""}
	alex  = person{"Alex Daniel", "Wheeler", "1990-01-12", "F", "GBR"}
	erika = person{"Erika", "Mustermann", "1964-08-12", "F", "DEU"}
)

// request builds a check request for a profile with one document of the
// given type and zone, and its front image uploaded.
func request(p person, docType string, zone []string, extra map[string]any) checks.Request {
	x := map[string]any{}
	for i, l := range zone {
		x["mrz"+string(rune('1'+i))] = l
	}
	for k, v := range extra {
		x[k] = v
	}
	doc := map[string]any{"id": docID, "category": "PROOF_OF_IDENTITY", "document_type": docType,
		"images": []any{map[string]any{"id": frontID, "image_type": "FRONT"}}, "extracted_data": x}
	pd := map[string]any{"name": map[string]any{"given_names": strings.Fields(p.given), "family_name": p.family}}
	for k, v := range map[string]string{"dob": p.dob, "gender": p.gender, "nationality": p.nationality} {
		if v != "" {
			pd[k] = v
		}
	}
	input, _ := json.Marshal(map[string]any{"entity_type": "INDIVIDUAL", "personal_details": pd, "documents": []any{doc}})
	facts, _ := kyc.ParseFacts(input)
	return checks.Request{CheckID: kyc.NewID(), CheckType: kyc.CheckDocumentVerification, Input: input, Facts: facts,
		DocumentID: docID, Images: []kyc.DocumentImage{{ID: frontID}, {ID: backID}}}
}

func run(t *testing.T, at time.Time, req checks.Request) (checks.Outcome, *documentResult) {
	t.Helper()
	p := &Provider{NowFunc: func() time.Time { return at }}
	o, err := p.Run(context.Background(), req)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var out output
	if err := json.Unmarshal(o.Output, &out); err != nil {
		t.Fatalf("output: %v: %s", err, o.Output)
	}
	if len(out.Documents) == 0 {
		return o, nil
	}
	return o, out.Documents[0].VerificationResult
}

func specimen(r checks.Request) checks.Request {
	r.Variant.Config = map[string]any{"allow_specimen": true}
	return r
}

// fails reports the field checks that are not valid and the forgery
// checks that failed.
func fails(res *documentResult) []string {
	var out []string
	for _, f := range res.FieldChecks {
		if f.Result != checkValid {
			out = append(out, f.Field)
		}
	}
	for _, c := range res.ForgeryChecks {
		if c.Result != "PASS" {
			out = append(out, c.Category+"/"+c.Type)
		}
	}
	if !res.DocumentTypePassed {
		out = append(out, "document_type")
	}
	return out
}

func TestVerify(t *testing.T) {
	t.Parallel()
	before2012 := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	wrongDigit := []string{gbr[0], gbr[1][:9] + string('0'+(gbr[1][9]-'0'+1)%10) + gbr[1][10:]}
	tests := []struct {
		name    string
		at      time.Time
		req     checks.Request
		result  string
		fails   []string
		reasons []string // substrings of the failure reasons
	}{
		{"ICAO TD3 specimen", before2012, specimen(request(anna, "PASSPORT", td3Specimen, nil)), "Pass", nil, nil},
		{"ICAO TD1 specimen", before2012, specimen(request(anna, "STATE_ID", td1Specimen, nil)), "Pass", nil, nil},
		{"ICAO TD2 specimen", before2012, specimen(request(anna, "STATE_ID", td2Specimen, nil)), "Pass", nil, nil},
		{"German sample", now, request(erika, "PASSPORT", german, nil), "Pass", nil, nil},
		{"British passport", now, request(alex, "PASSPORT", gbr, map[string]any{"number": "533 401 372", "expiry": "2031-04-15",
			"issuing_country": "GBR", "personal_details": map[string]any{"name": map[string]any{"given_names": []string{"Alex", "Daniel"}, "family_name": "Wheeler"}, "dob": "1990-01-12"}}),
			"Pass", nil, nil},
		{"lower case, joined lines", now, request(alex, "PASSPORT", []string{strings.ToLower(gbr[0] + "\n" + gbr[1])}, nil), "Pass", nil, nil},
		{"one wrong check digit", now, request(alex, "PASSPORT", wrongDigit, nil), "Fail",
			[]string{fieldMRZ, fieldNumber, "MRZ_CHECK_DIGIT/DOCUMENT_NUMBER", "MRZ_CHECK_DIGIT/COMPOSITE"},
			[]string{"FIELD_NUMBER: document_number (extracted_data.mrz2): check digit 1 does not match 0"}},
		{"expired", now, request(alex, "PASSPORT", td3("GBR", "WHEELER", "ALEX DANIEL", "533401372", "GBR", "900112", "F", "250415", ""), nil),
			"Fail", []string{fieldExpiry}, []string{"FIELD_EXPIRY: the document expired on 2025-04-15"}},
		{"specimen expired", now, specimen(request(anna, "PASSPORT", td3Specimen, nil)), "Fail", []string{fieldExpiry}, nil},
		{"specimen state refused", before2012, request(anna, "PASSPORT", td3Specimen, nil), "Fail",
			[]string{fieldIssuingCountry, fieldNationality}, []string{`"UTO" is not an ICAO 9303 state code`}},
		{"name not the profile's", now, request(person{"John", "Smith", "1990-01-12", "F", "GBR"}, "PASSPORT", gbr, nil), "Fail",
			[]string{fieldFamilyName, fieldGivenNames}, []string{"surname WHEELER is not the profile's family name Smith"}},
		{"date of birth not the profile's", now, request(person{"Alex Daniel", "Wheeler", "1990-01-13", "F", ""}, "PASSPORT", gbr, nil), "Fail",
			[]string{fieldDOB}, nil},
		{"sex not the profile's", now, request(person{"Alex Daniel", "Wheeler", "1990", "M", ""}, "PASSPORT", gbr, nil), "Fail",
			[]string{fieldGender}, nil},
		{"nationality not the profile's", now, request(person{"Alex Daniel", "Wheeler", "", "", "IRL"}, "PASSPORT", gbr, nil), "Fail",
			[]string{fieldNationality}, nil},
		{"number not the extracted one", now, request(alex, "PASSPORT", gbr, map[string]any{"number": "533401373"}), "Fail",
			[]string{fieldNumber}, []string{"extracted_data.number 533401373"}},
		{"expiry not the extracted one", now, request(alex, "PASSPORT", gbr, map[string]any{"expiry": "2031-04-16"}), "Fail",
			[]string{fieldExpiry}, nil},
		{"a card's zone on a passport", before2012, specimen(request(anna, "PASSPORT", td1Specimen, nil)), "Fail",
			[]string{fieldMRZ, "document_type"}, nil},
		{"a visa", before2012, specimen(request(person{"Anna Maria", "Eriksson", "1940-09-07", "F", ""}, "UNKNOWN",
			[]string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"}, nil)), "Fail",
			[]string{fieldMRZ, fieldExpiry, "document_type"}, []string{"a visa is no identity document"}},
		{"zone cut short", now, request(alex, "PASSPORT", []string{gbr[0], gbr[1][:43]}, nil), "Fail",
			[]string{fieldMRZ, "MRZ/FORMAT"}, []string{"extracted_data.mrz2: has 43 characters"}},
		{"transliterated names", now, request(person{"Jürgen", "Müller", "1990-01-12", "M", ""}, "PASSPORT",
			td3("DEU", "MUELLER", "JUERGEN", "C01X00T47", "DEU", "900112", "M", "310415", ""), nil), "Pass", nil, nil},
		{"names without diacritics", now, request(person{"Jürgen", "Müller", "1990-01-12", "M", ""}, "PASSPORT",
			td3("DEU", "MULLER", "JURGEN", "C01X00T47", "DEU", "900112", "M", "310415", ""), nil), "Pass", nil, nil},
		{"hyphens and apostrophes", now, request(person{"Mary-Kate", "O'Brien", "", "", ""}, "PASSPORT",
			td3("IRL", "OBRIEN", "MARY KATE", "P1234567", "IRL", "900112", "F", "310415", ""), nil), "Pass", nil, nil},
		{"a name cut by the zone", now, request(person{"Maximiliane Theodora Wilhelmina", "Schwarzenberg-Hohenlohe", "", "", ""}, "PASSPORT",
			td3("AUT", "SCHWARZENBERG<HOHENLOHE", "MAXIMILIANE<THEODORA<WIL", "P1234567", "AUT", "900112", "F", "310415", ""), nil), "Pass", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, res := run(t, tc.at, tc.req)
			if o.Result != tc.result || res == nil {
				t.Fatalf("got %s, want %s; output %s", o.Result, tc.result, o.Output)
			}
			if res.AllPassed != (tc.result == "Pass") {
				t.Errorf("all_passed %v with result %s", res.AllPassed, o.Result)
			}
			if got := fails(res); !slices.Equal(got, tc.fails) {
				t.Errorf("failed checks: got %v, want %v (reasons %q)", got, tc.fails, res.FailureReasons)
			}
			for _, want := range tc.reasons {
				if !strings.Contains(strings.Join(res.FailureReasons, "\n"), want) {
					t.Errorf("reasons %q do not say %q", res.FailureReasons, want)
				}
			}
			if tc.result == "Pass" && len(res.FailureReasons) != 0 {
				t.Errorf("a pass with reasons %q", res.FailureReasons)
			}
		})
	}
}

// TestCannotCheck: a document that is missing, has no images, names an
// image the profile does not have, has no zone or is of a type without
// one ends as Error with a reason.
func TestCannotCheck(t *testing.T) {
	t.Parallel()
	noImages := request(alex, "PASSPORT", gbr, nil)
	noImages.Input = []byte(strings.Replace(string(noImages.Input), `[{"id":"`+frontID+`","image_type":"FRONT"}]`, "[]", 1))
	notUploaded := request(alex, "PASSPORT", gbr, nil)
	notUploaded.Images = []kyc.DocumentImage{{ID: backID}}
	otherDoc := request(alex, "PASSPORT", gbr, nil)
	otherDoc.DocumentID = "0198a000-0000-7000-8000-0000000000d9"
	noDocs := request(alex, "PASSPORT", gbr, nil)
	noDocs.Input, noDocs.DocumentID = []byte(`{"entity_type":"INDIVIDUAL"}`), ""
	tests := []struct {
		name   string
		req    checks.Request
		code   int
		reason string
	}{
		{"no such document", otherDoc, 201, "has no document 0198a000-0000-7000-8000-0000000000d9"},
		{"no document at all", noDocs, 101, "no proof of identity"},
		{"no images", noImages, 101, "has no images"},
		{"image not uploaded", notUploaded, 201, "is not an image uploaded to this profile"},
		{"no zone", request(alex, "PASSPORT", nil, nil), 101, "no machine-readable zone"},
		{"bank statement", request(alex, "BANK_STATEMENT", gbr, nil), 201, "document type BANK_STATEMENT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, res := run(t, now, tc.req)
			if o.Result != "Error" || len(o.Errors) != 1 || o.Errors[0].Code != tc.code || !strings.Contains(o.Errors[0].Message, tc.reason) {
				t.Fatalf("got %s %+v, want Error %d saying %q", o.Result, o.Errors, tc.code, tc.reason)
			}
			if res != nil && (res.AllPassed || !strings.Contains(res.ErrorReason, tc.reason)) {
				t.Errorf("verification result %+v", res)
			}
		})
	}
}

// TestLatestIdentityDocument: a check instructed without a document id
// verifies the profile's latest proof of identity.
func TestLatestIdentityDocument(t *testing.T) {
	t.Parallel()
	req := request(alex, "PASSPORT", gbr, nil)
	req.DocumentID = ""
	var in map[string]any
	_ = json.Unmarshal(req.Input, &in)
	docs := in["documents"].([]any)
	expired := map[string]any{"id": "0198a000-0000-7000-8000-0000000000d0", "category": "PROOF_OF_IDENTITY", "document_type": "PASSPORT",
		"images": []any{map[string]any{"id": frontID}}, "extracted_data": map[string]any{"mrz1": td3Specimen[0], "mrz2": td3Specimen[1]}}
	address := map[string]any{"id": "0198a000-0000-7000-8000-0000000000d2", "category": "PROOF_OF_ADDRESS", "document_type": "BANK_STATEMENT", "images": []any{}}
	in["documents"] = []any{expired, docs[0], address}
	req.Input, _ = json.Marshal(in)
	o, _ := run(t, now, req)
	var out output
	_ = json.Unmarshal(o.Output, &out)
	if o.Result != "Pass" || out.Documents[0].ID != docID {
		t.Errorf("got %s on %s, want Pass on the latest identity document %s", o.Result, out.Documents[0].ID, docID)
	}
}

func TestVariantProblems(t *testing.T) {
	t.Parallel()
	p := New()
	if got := p.VariantProblems(kyc.CheckVariant{Config: map[string]any{"allow_specimen": true}}); len(got) != 0 {
		t.Errorf("allow_specimen: true refused: %v", got)
	}
	got := p.VariantProblems(kyc.CheckVariant{Config: map[string]any{"allow_specimen": "yes", "threshold": 1}})
	if len(got) != 2 {
		t.Errorf("got %v, want two problems", got)
	}
}

// FuzzVerify: any zone text gives an outcome, never a panic, and a Pass
// only with every check digit valid.
func FuzzVerify(f *testing.F) {
	f.Add(gbr[0], gbr[1], "")
	f.Add(td1Specimen[0], td1Specimen[1], td1Specimen[2])
	f.Add(german[0], german[1], "")
	f.Add("P<", "x", "é")
	f.Fuzz(func(t *testing.T, l1, l2, l3 string) {
		req := request(alex, "UNKNOWN", []string{l1, l2, l3}, nil)
		o, res := run(t, now, req)
		switch o.Result {
		case "Pass":
			if !res.ForgeryChecksPassed || !res.AllPassed {
				t.Fatalf("Pass with %+v", res)
			}
			for _, c := range res.ForgeryChecks {
				if c.Result != "PASS" {
					t.Fatalf("Pass with a failed %s", c.Type)
				}
			}
		case "Fail":
			if len(res.FailureReasons) == 0 {
				t.Fatalf("Fail without a reason: %+v", res)
			}
		case "Error":
		default:
			t.Fatalf("result %q", o.Result)
		}
	})
}
