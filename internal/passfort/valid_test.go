package passfort

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// validDocs returns the accepted examples: the files under testdata/valid
// (the PassFort guide's two, and rich ones using every part of the contract)
// and small documents exercising its corners.
func validDocs(t testing.TB) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join("testdata", "valid", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = b
	}
	if len(docs) == 0 {
		t.Fatal("no files in testdata/valid")
	}
	for name, doc := range cornerDocs {
		docs[name] = []byte(doc)
	}
	return docs
}

// cornerDocs are valid by the letter of the contract, however odd.
var cornerDocs = map[string]string{
	"dob year only":          `{"entity_type":"INDIVIDUAL","personal_details":{"dob":"1985","nationality":"GBN"}}`,
	"leap day":               `{"entity_type":"INDIVIDUAL","personal_details":{"dob":"2000-02-29"}}`,
	"empty national ids":     `{"entity_type":"INDIVIDUAL","personal_details":{"national_identity_number":{}}}`,
	"untyped external_refs":  `{"entity_type":"INDIVIDUAL","external_refs":"jumio"}`,
	"untyped result":         `{"entity_type":"INDIVIDUAL","documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[],"verification_result":[1]}]}`,
	"dated entry, extra key": `{"entity_type":"INDIVIDUAL","address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"x"},"start_date":"2020-01","note":null}]}`,
	"integer written 1e2":    `{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{},"shareholdings":[{"amount":1e2}]}]}}`,
	"filing with price only": `{"entity_type":"COMPANY","filings":[{"source_id":"x","price":-3}]}`,
	"null undeclared member": `{"entity_type":"COMPANY","notes":null,"metadata":{"state_of_incorporation":null}}`,
	"escaped key":            `{"entity\u005ftype":"COMPANY"}`,
	"immediate with odd linked_profile": `{"entity_type":"COMPANY","officers":{"directors":[{"entity_type":"INDIVIDUAL",` +
		`"immediate_data":{"entity_type":"INDIVIDUAL"},"linked_profile":{"id":"not-a-uuid"}}]}}`,
	"case-folded entity_type": `{"entity_type":"INDIVIDUAL","ENTITY_TYPE":"COMPANY","metadata":{"name":"Acme"},"Customer_Ref":7}`,
}

func TestDecodeEntityDataValid(t *testing.T) {
	t.Parallel()
	for name, doc := range validDocs(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, facts, err := DecodeEntityData(doc, "collected_data")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			var want bytes.Buffer
			_ = json.Compact(&want, doc)
			if !bytes.Equal(data, want.Bytes()) {
				t.Errorf("got data %s, want the input compacted: %s", data, want.Bytes())
			}
			if want := discriminator(doc); string(facts.EntityType) != want {
				t.Errorf("got facts.EntityType %q, want %q", facts.EntityType, want)
			}
			if err, ok := specCheck(t, data); ok && err != nil {
				t.Errorf("accepted, but the contract refuses it: %v", err)
			}
		})
	}
}

func TestDecodeEntityDataFacts(t *testing.T) {
	t.Parallel()
	docs := validDocs(t)
	_, ind, err := DecodeEntityData(docs["individual_rich.json"], "collected_data")
	if err != nil {
		t.Fatal(err)
	}
	if got := ind.DisplayName(); got != "Alex D Wheeler" {
		t.Errorf("got name %q, want %q", got, "Alex D Wheeler")
	}
	if got, want := ind.Countries(), []string{"GBR", "FRA"}; !slices.Equal(got, want) {
		t.Errorf("got countries %v, want %v", got, want)
	}
	if ind.DOB != "1985-03-21" || ind.Email != "alex@example.com" || len(ind.DocumentCategories) != 1 {
		t.Errorf("got facts %+v", ind)
	}

	_, co, err := DecodeEntityData(docs["company_rich.json"], "collected_data")
	if err != nil {
		t.Fatal(err)
	}
	if co.CompanyName != "Acme Widgets Ltd" || !slices.Equal(co.Industry, []string{"62012"}) {
		t.Errorf("got facts %+v", co)
	}
	var linked []string
	for _, a := range co.Links() {
		linked = append(linked, string(a.Role)+" "+a.ProfileID)
	}
	want := []string{
		string(kyc.RoleDirector) + " 939d58aa-971c-4b20-9e51-aeaf16e45402",
		string(kyc.RoleBeneficialOwner) + " b2fdd02d-cf34-40ed-80d9-850e20f42c68",
		string(kyc.RoleAuthorizedPerson) + " 73d6e4d2-24bc-4933-b638-1055baa5ae79",
	}
	if !slices.Equal(linked, want) {
		t.Errorf("got associates %q, want %q", linked, want)
	}
	if n := len(co.Links()[0].TaskVariantIDs); n != 2 {
		t.Errorf("got %d task variant ids, want 2", n)
	}
}

// discriminator returns the document's entity_type, matched exactly (a
// struct field would match "ENTITY_TYPE" too).
func discriminator(doc []byte) string {
	var m map[string]any
	_ = json.Unmarshal(doc, &m)
	s, _ := m["entity_type"].(string)
	return s
}

// TestDecodeEntityDataFactsSeeOnlyDeclared checks that members the contract
// does not declare where they appear never reach the facts.
func TestDecodeEntityDataFactsSeeOnlyDeclared(t *testing.T) {
	t.Parallel()
	_, f, err := DecodeEntityData([]byte(cornerDocs["case-folded entity_type"]), "collected_data")
	if err != nil {
		t.Fatal(err)
	}
	if f.EntityType != kyc.Individual || f.CompanyName != "" || f.CustomerRef != "" {
		t.Errorf("got facts %+v, want an individual with no company name or customer ref", f)
	}
	_, f, err = DecodeEntityData([]byte(cornerDocs["immediate with odd linked_profile"]), "collected_data")
	if err != nil {
		t.Fatal(err)
	}
	if l := f.Links(); len(l) != 0 {
		t.Errorf("got links %+v, want none: the entry is immediate", l)
	}
}
