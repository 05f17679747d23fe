package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/mrz"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

func checkDigit(s string) string {
	d, _ := mrz.CheckDigit(s)
	return string(d)
}

func mrzField(s string, n int) string {
	s = strings.ReplaceAll(strings.ToUpper(s), " ", "<")
	return (s + strings.Repeat("<", n))[:n]
}

// passportZone builds a TD3 zone with correct check digits, as a real
// passport's reads.
func passportZone(state, surname, given, number, dob, sex, expiry string) (string, string) {
	num, per := mrzField(number, 9), mrzField("", 14)
	l2 := num + checkDigit(num) + state + dob + checkDigit(dob) + sex + expiry + checkDigit(expiry) + per + checkDigit(per)
	comp := checkDigit(num + checkDigit(num) + dob + checkDigit(dob) + expiry + checkDigit(expiry) + per + checkDigit(per))
	return mrzField("P<"+state+surname+"<<"+given, 44), l2 + comp
}

type docCheckView struct {
	checkView
	OutputData struct {
		Documents []struct {
			ID                 string `json:"id"`
			VerificationResult struct {
				AllPassed     bool `json:"all_passed"`
				ForgeryChecks []struct {
					Type, Result string
				} `json:"forgery_checks"`
				FieldChecks []struct {
					Field, Result string
				} `json:"field_checks"`
				FailureReasons []string `json:"failure_reasons"`
				ErrorReason    string   `json:"error_reason"`
			} `json:"verification_result"`
		} `json:"documents"`
	} `json:"output_data"`
}

func (d docCheckView) invalid() []string {
	var out []string
	if len(d.OutputData.Documents) == 0 {
		return nil
	}
	r := d.OutputData.Documents[0].VerificationResult
	for _, f := range r.FieldChecks {
		if f.Result != "CHECK_VALID" {
			out = append(out, f.Field)
		}
	}
	for _, c := range r.ForgeryChecks {
		if c.Result != "PASS" {
			out = append(out, c.Type)
		}
	}
	return out
}

// TestDocumentVerificationOverHTTP: the built-in provider verifies the
// documents of a profile's collected data, on both databases.
func TestDocumentVerificationOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newDocEnv(t, db, blobtest.Store{Name: "dir", Location: t.TempDir()}, api.Config{})
		pid := newIndividual(t, e, "Alex Daniel", "Wheeler", "1990-01-12")
		base := "/4.0/profiles/" + pid
		status, body := e.c.Do("POST", base+"/document_images", contenttest.JSON(`"image_type":"FRONT","document_type":"PASSPORT"`, contenttest.JPEG(50_000)))
		if status != 200 {
			t.Fatalf("upload: %d %s", status, body)
		}
		image := decode[imageView](t, body).ID
		addDoc := func(l1, l2 string) string {
			t.Helper()
			doc, _ := json.Marshal(map[string]any{"category": "PROOF_OF_IDENTITY", "document_type": "PASSPORT",
				"images": []any{map[string]any{"id": image}}, "extracted_data": map[string]any{"mrz1": l1, "mrz2": l2}})
			status, body := e.c.Do("POST", base+"/collected_data/documents", doc)
			if status != 200 {
				t.Fatalf("document: %d %s", status, body)
			}
			return decode[struct{ ID string }](t, body).ID
		}
		verify := func(docID string) docCheckView {
			t.Helper()
			status, body := e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"DOCUMENT_VERIFICATION","document_id":"`+docID+`"}`)
			if status != 200 {
				t.Fatalf("check: %d %s", status, body)
			}
			return decode[docCheckView](t, body)
		}
		l1, l2 := passportZone("GBR", "WHEELER", "ALEX DANIEL", "533401372", "900112", "F", "310415")
		wrong := l2[:9] + string('0'+(l2[9]-'0'+1)%10) + l2[10:]
		e1, e2 := passportZone("GBR", "WHEELER", "ALEX DANIEL", "533401372", "900112", "F", "200415")
		o1, o2 := passportZone("GBR", "TAYLOR", "SAM", "533401372", "900112", "F", "310415")
		for _, tc := range []struct {
			name, l1, l2, result string
			invalid              []string
			says                 string
		}{
			{"a real-format passport", l1, l2, "Pass", nil, ""},
			{"one wrong check digit", l1, wrong, "Fail", []string{"FIELD_MRZ", "FIELD_NUMBER", "DOCUMENT_NUMBER", "COMPOSITE"}, "document_number (extracted_data.mrz2): check digit"},
			{"expired", e1, e2, "Fail", []string{"FIELD_EXPIRY"}, "expired on 2020-04-15"},
			{"someone else's name", o1, o2, "Fail", []string{"FIELD_FAMILY_NAME", "FIELD_GIVEN_NAMES"}, "TAYLOR is not the profile's family name Wheeler"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := verify(addDoc(tc.l1, tc.l2))
				if c.State != "COMPLETE" || c.Result != tc.result || strings.Join(c.invalid(), ",") != strings.Join(tc.invalid, ",") {
					t.Fatalf("got %s %s, invalid %v; want %s, invalid %v", c.State, c.Result, c.invalid(), tc.result, tc.invalid)
				}
				r := c.OutputData.Documents[0].VerificationResult
				if r.AllPassed != (tc.result == "Pass") || !strings.Contains(strings.Join(r.FailureReasons, "\n"), tc.says) {
					t.Errorf("result %+v, want reasons saying %q", r, tc.says)
				}
			})
		}
		c := verify("0198a000-0000-7000-8000-0000000000d9")
		if c.Result != "Error" || len(c.Errors) != 1 || c.Errors[0].Code != 201 {
			t.Errorf("a document the profile lacks: %s %+v", c.Result, c.Errors)
		}

		// A DOCUMENT collection step holds checks until a document of its
		// category and an allowed type is uploaded (with its images).
		status, body = e.c.Do("POST", base+"/collection_steps", `[{"collection_type":"DOCUMENT","category":"PROOF_OF_ADDRESS","allowed_types":["BANK_STATEMENT"]}]`)
		if status != 200 || len(decode[[]any](t, body)) != 1 {
			t.Fatalf("steps: %d %s", status, body)
		}
		_, body = e.c.Do("POST", base+"/checks", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN"}`)
		held := decode[checkView](t, body)
		if held.State != "PENDING" {
			t.Fatalf("a check with a step open: %s", body)
		}
		for _, d := range []map[string]any{
			{"category": "PROOF_OF_ADDRESS", "document_type": "UNKNOWN", "images": []any{map[string]any{"id": image}}},
			{"category": "PROOF_OF_ADDRESS", "document_type": "BANK_STATEMENT", "images": []any{}},
			{"category": "SUPPORTING", "document_type": "BANK_STATEMENT", "images": []any{map[string]any{"id": image}}},
		} {
			doc, _ := json.Marshal(d)
			if status, body := e.c.Do("POST", base+"/collected_data/documents", doc); status != 200 {
				t.Fatalf("document: %d %s", status, body)
			}
			if _, body = e.c.Do("GET", base+"/collection_steps", nil); len(decode[[]any](t, body)) != 1 {
				t.Errorf("%v fulfilled the step: %s", d, body)
			}
		}
		doc, _ := json.Marshal(map[string]any{"category": "PROOF_OF_ADDRESS", "document_type": "BANK_STATEMENT",
			"images": []any{map[string]any{"id": image}}})
		e.c.Do("POST", base+"/collected_data/documents", doc)
		if _, body = e.c.Do("GET", base+"/collection_steps", nil); len(decode[[]any](t, body)) != 0 {
			t.Errorf("the statement did not fulfil the step: %s", body)
		}
		e.settle()
		if _, body = e.c.Do("GET", base+"/checks/"+held.ID, nil); decode[checkView](t, body).State != "COMPLETE" {
			t.Errorf("the held check did not run: %s", body)
		}
	})
}

// TestDocumentVerificationPassesIdentityTask: in the demo policy, a passing
// document verification linked to the verify_identity task completes it
// when the electronic identity check did not.
func TestDocumentVerificationPassesIdentityTask(t *testing.T) {
	e := newDocEnv(t, storetest.Databases()[0], blobtest.Store{Name: "dir", Location: t.TempDir()}, api.Config{})
	// "fail" makes the demo identity check fail; the passport carries the same name.
	pid := newIndividual(t, e, "Alex", "Wheeler-fail", "1990-01-12")
	base := "/4.0/profiles/" + pid
	e.settle()
	_, body := e.c.Do("GET", base+"/tasks", nil)
	var task string
	for _, tk := range decode[[]struct {
		ID    string
		Type  string
		State string
	}](t, body) {
		if tk.Type == "INDIVIDUAL_VERIFY_IDENTITY" {
			if tk.State != "INCOMPLETE" {
				t.Fatalf("the identity task is %s before the document", tk.State)
			}
			task = tk.ID
		}
	}
	_, body = e.c.Do("POST", base+"/document_images", contenttest.JSON(`"image_type":"FRONT"`, contenttest.JPEG(20_000)))
	image := decode[imageView](t, body).ID
	l1, l2 := passportZone("GBR", "WHEELER<FAIL", "ALEX", "533401372", "900112", "F", "310415")
	doc, _ := json.Marshal(map[string]any{"category": "PROOF_OF_IDENTITY", "document_type": "PASSPORT",
		"images": []any{map[string]any{"id": image}}, "extracted_data": map[string]any{"mrz1": l1, "mrz2": l2}})
	_, body = e.c.Do("POST", base+"/collected_data/documents", doc)
	docID := decode[struct{ ID string }](t, body).ID
	status, body := e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"DOCUMENT_VERIFICATION","document_id":"`+docID+`","task_ids":["`+task+`"]}`)
	if c := decode[checkView](t, body); status != 200 || c.Result != "Pass" {
		t.Fatalf("check: %d %s", status, body)
	}
	if _, body = e.c.Do("GET", base+"/tasks/"+task, nil); !strings.Contains(string(body), `"state":"COMPLETED_PASS"`) {
		t.Errorf("the identity task after a passing document verification: %s", body)
	}
}

// TestCheckInputWithoutImageBytes: a check's input_data may not carry image
// bytes either (they would be stored with the check, unencrypted).
func TestCheckInputWithoutImageBytes(t *testing.T) {
	e := newDocEnv(t, storetest.Databases()[0], blobtest.Store{Name: "dir", Location: t.TempDir()}, api.Config{})
	pid := newIndividual(t, e, "Alex", "Wheeler", "1990-01-12")
	status, body := e.c.Do("POST", "/4.0/profiles/"+pid+"/checks", `{"check_type":"DOCUMENT_VERIFICATION","document_id":"0198a000-0000-7000-8000-0000000000d1",`+
		`"input_data":{"entity_type":"INDIVIDUAL","documents":[{"id":"0198a000-0000-7000-8000-0000000000d1","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"data":"aGVsbG8="}]}]}}`)
	if _, field := errorOf(t, body); status != 400 || field != "input_data.documents[0].images[0].data" {
		t.Errorf("inline bytes in input_data: %d %s", status, body)
	}
}
