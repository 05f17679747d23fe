package integration

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// documents maps a document verification or document fetch check. The
// output is {entity_type, documents}, each document as the integration
// returned it (extracted_data, verification_result, and for a fetch the
// images' provider_reference, which DownloadFile takes), valid as a 4.0
// Document.
//
// As PassFort does, Gatehouse compares what the provider read with the
// profile: when a document's verification_result has no field_checks and
// its extracted_data has personal details, Gatehouse adds FIELD_GIVEN_NAMES,
// FIELD_FAMILY_NAME and FIELD_DOB checks for the facts the profile has
// (CHECK_VALID when they agree, CHECK_INVALID when they differ,
// CHECK_UNCERTAIN when the provider read nothing), and a check that is not
// valid clears all_passed.
//
// A document passes when its verification_result says all_passed (or,
// without it, every *_passed flag given is true) and every field check is
// CHECK_VALID; a document with no verification_result and no field checks
// has no evidence and does not pass. The result is Pass when every
// document passes, Fail otherwise, unless the provider gave a result.
func (m Mapping) documents(r *Result) (kyc.CheckOutcome, *Problem) {
	name, given, p := providerResult(r)
	if p != nil {
		return kyc.CheckOutcome{}, p
	}
	var out struct {
		Documents json.RawMessage `json:"documents"`
	}
	if isAbsent(r.CheckOutput) {
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output", Reason: "is required when the answer has no result or errors"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	if p := object("check_output", r.CheckOutput, &out); p != nil {
		return kyc.CheckOutcome{}, p
	}
	if isAbsent(out.Documents) {
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output.documents", Reason: "is required when the answer has no errors"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	var docs []map[string]any
	dec := json.NewDecoder(bytes.NewReader(out.Documents))
	dec.UseNumber()
	if err := dec.Decode(&docs); err != nil {
		return kyc.CheckOutcome{}, &Problem{Field: "check_output.documents", Reason: "must be an array of objects"}
	}
	if len(docs) == 0 {
		return kyc.CheckOutcome{}, &Problem{Field: "check_output.documents", Reason: "must list the documents checked"}
	}
	allPassed := true
	for _, d := range docs {
		if d == nil {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output.documents", Reason: "must be an array of objects"}
		}
		if _, ok := d["images"]; !ok {
			d["images"] = []any{} // required by 4.0; an integration may leave out a list it did not change
		}
		if !m.documentPassed(d) {
			allPassed = false
		}
	}
	output := map[string]any{"entity_type": m.entityType(), "documents": docs}
	raw := marshal(output)
	if _, _, err := passfort.DecodeEntityData(raw, "check_output"); err != nil {
		return kyc.CheckOutcome{}, problemOf(err)
	}
	result := "Fail"
	if allPassed {
		result = "Pass"
	}
	if given {
		result = fit(m.Target, name)
	}
	return kyc.CheckOutcome{Result: result, Output: raw}, nil
}

// documentPassed adds Gatehouse's field checks to a document when the
// provider gave none, and reports whether the document passed.
func (m Mapping) documentPassed(d map[string]any) bool {
	vr, _ := d["verification_result"].(map[string]any)
	fcs := fieldChecksOf(vr)
	added := false
	if len(fcs) == 0 {
		if ours := m.fieldChecks(d); len(ours) > 0 {
			if vr == nil {
				vr = map[string]any{"provider_name": m.Provider}
				d["verification_result"] = vr
			}
			list := make([]any, len(ours))
			for i, fc := range ours {
				list[i] = map[string]any{"field": fc[0], "result": fc[1]}
			}
			vr["field_checks"] = list
			fcs, added = ours, true
		}
	}
	evidence, passed := false, true
	if vr != nil {
		if ap, ok := vr["all_passed"].(bool); ok {
			evidence, passed = true, ap
		} else {
			for _, flag := range []string{"image_checks_passed", "forgery_checks_passed", "document_type_passed"} {
				if v, ok := vr[flag].(bool); ok {
					evidence, passed = true, passed && v
				}
			}
		}
	}
	fieldsValid := true
	for _, fc := range fcs {
		fieldsValid = fieldsValid && fc[1] == "CHECK_VALID"
	}
	if len(fcs) > 0 {
		evidence, passed = true, passed && fieldsValid
	}
	if added {
		if _, ok := vr["all_passed"]; ok || !fieldsValid {
			vr["all_passed"] = passed
		}
	}
	return evidence && passed
}

// fieldChecksOf reads the field checks of a verification result as
// (field, result) pairs.
func fieldChecksOf(vr map[string]any) [][2]string {
	list, _ := vr["field_checks"].([]any)
	out := make([][2]string, 0, len(list))
	for _, item := range list {
		fc, _ := item.(map[string]any)
		f, _ := fc["field"].(string)
		r, _ := fc["result"].(string)
		out = append(out, [2]string{f, r})
	}
	return out
}

// fieldChecks compares the personal details the provider read from a
// document with the profile's.
func (m Mapping) fieldChecks(d map[string]any) [][2]string {
	ed, _ := d["extracted_data"].(map[string]any)
	pd, _ := ed["personal_details"].(map[string]any)
	if pd == nil {
		return nil
	}
	name, _ := pd["name"].(map[string]any)
	var givenRead []string
	if gs, ok := name["given_names"].([]any); ok {
		for _, g := range gs {
			if s, ok := g.(string); ok {
				givenRead = append(givenRead, s)
			}
		}
	}
	familyRead, _ := name["family_name"].(string)
	dobRead, _ := pd["dob"].(string)
	f := &m.Facts
	var out [][2]string
	if len(f.GivenNames) > 0 {
		out = append(out, [2]string{"FIELD_GIVEN_NAMES", compareField(len(givenRead) > 0, givenNamesAgree(f.GivenNames, givenRead))})
	}
	if strings.TrimSpace(f.FamilyName) != "" {
		out = append(out, [2]string{"FIELD_FAMILY_NAME", compareField(familyRead != "", sameWords(f.FamilyName, familyRead))})
	}
	if f.DOB != "" {
		out = append(out, [2]string{"FIELD_DOB", compareField(dobRead != "", datesAgree(f.DOB, dobRead))})
	}
	return out
}

func compareField(read, agree bool) string {
	switch {
	case !read:
		return "CHECK_UNCERTAIN"
	case agree:
		return "CHECK_VALID"
	}
	return "CHECK_INVALID"
}

// words folds a name for comparison: lower case, words split on white
// space, hyphens and full stops.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '-' || r == '.' || r == '\u00a0'
	})
}

func sameWords(a, b string) bool {
	return strings.Join(words(a), " ") == strings.Join(words(b), " ")
}

// givenNamesAgree: the profile's given names and the document's agree when
// one list of words starts with the other (a document may carry middle
// names the profile leaves out, or the reverse).
func givenNamesAgree(profile, read []string) bool {
	a, b := words(strings.Join(profile, " ")), words(strings.Join(read, " "))
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// datesAgree: a partial date agrees with a fuller one it is the start of.
func datesAgree(profile, read string) bool {
	if len(profile) > len(read) {
		profile, read = read, profile
	}
	return strings.HasPrefix(read, profile)
}

// problemOf turns a validation error of the passfort decoders into a
// Problem naming the member.
func problemOf(err error) *Problem {
	if ke, ok := err.(*kyc.Error); ok {
		field, _ := ke.Info["field"].(string)
		reason, _ := ke.Info["reason"].(string)
		if field != "" {
			return &Problem{Field: field, Reason: reason}
		}
		return &Problem{Field: "check_output", Reason: ke.Message}
	}
	return &Problem{Field: "check_output", Reason: err.Error()}
}
