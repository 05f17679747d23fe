package passfort

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

const (
	ind = `{"entity_type":"INDIVIDUAL",`
	co  = `{"entity_type":"COMPANY",`
	id1 = `"60fb11e6-2093-48a4-aee3-608fb927061d"`
)

// invalidDocs are refused documents, with the field and code of the error.
var invalidDocs = []struct {
	name, doc, field string
	code             kyc.Code
}{
	{"not JSON", `{"entity_type":`, "collected_data", kyc.EInvalid},
	{"trailing garbage", `{"entity_type":"COMPANY"} x`, "collected_data", kyc.EInvalid},
	{"null", `null`, "collected_data", kyc.EInvalid},
	{"array", `[{"entity_type":"COMPANY"}]`, "collected_data", kyc.EInvalid},
	{"invalid UTF-8", ind + `"customer_ref":"\xff"}`, "collected_data", kyc.EInvalid},
	{"NUL in a name", ind + `"personal_details":{"name":{"given_names":["A\u0000"]}}}`, "collected_data.personal_details.name.given_names[0]", kyc.EInvalid},
	{"line break in a name", ind + `"personal_details":{"name":{"family_name":"A\nB"}}}`, "collected_data.personal_details.name.family_name", kyc.EInvalid},
	{"tab in a company name", co + `"metadata":{"name":"A\tB"}}`, "collected_data.metadata.name", kyc.EInvalid},
	{"C1 control in open member", ind + `"x":{"y":"\u0085"}}`, "collected_data.x.y", kyc.EInvalid},
	{"raw DEL in open member", ind + "\"x\":\"\x7f\"}", "collected_data.x", kyc.EInvalid},
	{"escape character in a document", ind + `"documents":[{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","number":"\u001b[31m"}]}`, "collected_data.documents[0].number", kyc.EInvalid},
	{"lone high surrogate", ind + `"customer_ref":"a\ud800b"}`, "collected_data.customer_ref", kyc.EInvalid},
	{"lone low surrogate", ind + `"x":"\udc00"}`, "collected_data.x", kyc.EInvalid},
	{"NUL in a member name", ind + `"x\u0000":1}`, "collected_data", kyc.EInvalid},
	{"no entity_type", `{"personal_details":{}}`, "collected_data.entity_type", kyc.EMissingFields},
	{"unknown entity_type", `{"entity_type":"PERSON"}`, "collected_data.entity_type", kyc.EInvalid},
	{"entity_type not a string", `{"entity_type":1}`, "collected_data.entity_type", kyc.EInvalid},
	{"duplicate key", ind + `"customer_ref":"a","customer_ref":"b"}`, "collected_data.customer_ref", kyc.EInvalid},
	{"duplicate escaped key", ind + `"a":1,"\u0061":2}`, "collected_data.a", kyc.EInvalid},
	{"number out of range", co + `"x":{"y":[1e999]}}`, "collected_data.x.y[0]", kyc.EInvalid},
	{"customer_ref number", ind + `"customer_ref":123}`, "collected_data.customer_ref", kyc.EInvalid},
	{"personal_details undeclared", ind + `"personal_details":{"age":40}}`, "collected_data.personal_details.age", kyc.EInvalid},
	{"dob format", ind + `"personal_details":{"dob":"21/03/1985"}}`, "collected_data.personal_details.dob", kyc.EInvalid},
	{"dob month 13", ind + `"personal_details":{"dob":"1985-13"}}`, "collected_data.personal_details.dob", kyc.EInvalid},
	{"dob 30 February", ind + `"personal_details":{"dob":"2021-02-30"}}`, "collected_data.personal_details.dob", kyc.EInvalid},
	{"nationality alpha-2", ind + `"personal_details":{"nationality":"GB"}}`, "collected_data.personal_details.nationality", kyc.EInvalid},
	{"gender", ind + `"personal_details":{"gender":"X"}}`, "collected_data.personal_details.gender", kyc.EInvalid},
	{"given_names a string", ind + `"personal_details":{"name":{"given_names":"Alex"}}}`, "collected_data.personal_details.name.given_names", kyc.EInvalid},
	{"given name a number", ind + `"personal_details":{"name":{"given_names":["Alex",1]}}}`, "collected_data.personal_details.name.given_names[1]", kyc.EInvalid},
	{"national id key", ind + `"personal_details":{"national_identity_number":{"gbr":"1"}}}`, "collected_data.personal_details.national_identity_number.gbr", kyc.EInvalid},
	{"national id value", ind + `"personal_details":{"national_identity_number":{"GBR":1}}}`, "collected_data.personal_details.national_identity_number.GBR", kyc.EInvalid},
	{"address country", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"XYZ","text":"x"}}]}`, "collected_data.address_history[0].address.country", kyc.EInvalid},
	{"end_date without start_date", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"x"},"end_date":"2020-01"}]}`, "collected_data.address_history[0].end_date", kyc.EInvalid},
	{"start_date a full date", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"x"},"start_date":"2019-06-01"}]}`, "collected_data.address_history[0].start_date", kyc.EInvalid},
	{"dated entry without address", ind + `"address_history":[{"start_date":"2019-06"}]}`, "collected_data.address_history[0].address", kyc.EMissingFields},
	{"address without type", ind + `"address_history":[{"address":{"country":"GBR"}}]}`, "collected_data.address_history[0].address.type", kyc.EMissingFields},
	{"address type", ind + `"address_history":[{"address":{"type":"POSTAL"}}]}`, "collected_data.address_history[0].address.type", kyc.EInvalid},
	{"freeform undeclared", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"x","postal_code":"E1"}}]}`, "collected_data.address_history[0].address.postal_code", kyc.EInvalid},
	{"freeform without text", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"GBR"}}]}`, "collected_data.address_history[0].address.text", kyc.EMissingFields},
	{"contact_details undeclared", ind + `"contact_details":{"fax":"1"}}`, "collected_data.contact_details.fax", kyc.EInvalid},
	{"ip_location without ip_address", ind + `"ip_location":{"country":"GBR"}}`, "collected_data.ip_location.ip_address", kyc.EMissingFields},
	{"continent", ind + `"ip_location":{"ip_address":"::1","continent":"EUR"}}`, "collected_data.ip_location.continent", kyc.EInvalid},
	{"document without images", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN"}]}`, "collected_data.documents[0].images", kyc.EMissingFields},
	{"document category", ind + `"documents":[{"category":"PHOTO","document_type":"UNKNOWN","images":[]}]}`, "collected_data.documents[0].category", kyc.EInvalid},
	{"document undeclared", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[],"notes":""}]}`, "collected_data.documents[0].notes", kyc.EInvalid},
	{"image id", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"id":"42"}]}]}`, "collected_data.documents[0].images[0].id", kyc.EInvalid},
	{"image upload_date", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"upload_date":"2023-04-01T10:11:12Z"}]}]}`, "collected_data.documents[0].images[0].upload_date", kyc.EInvalid},
	{"image data", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"data":"a b="}]}]}`, "collected_data.documents[0].images[0].data", kyc.EInvalid},
	{"image data null", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"data":null}]}]}`, "collected_data.documents[0].images[0].data", kyc.EInvalid},
	{"extracted expiry", ind + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[],"extracted_data":{"expiry":"2030-02-29"}}]}`, "collected_data.documents[0].extracted_data.expiry", kyc.EInvalid},
	{"jumio id", ind + `"external_refs":{"jumio_netverify":["x"]}}`, "collected_data.external_refs.jumio_netverify[0]", kyc.EInvalid},
	{"external_refs null", ind + `"external_refs":null}`, "collected_data.external_refs", kyc.EInvalid},
	{"country_of_incorporation", co + `"metadata":{"country_of_incorporation":"GB"}}`, "collected_data.metadata.country_of_incorporation", kyc.EInvalid},
	{"state_of_incorporation", co + `"metadata":{"state_of_incorporation":5}}`, "collected_data.metadata.state_of_incorporation", kyc.EInvalid},
	{"number_of_employees", co + `"metadata":{"number_of_employees":"42"}}`, "collected_data.metadata.number_of_employees", kyc.EInvalid},
	{"is_active", co + `"metadata":{"is_active":"yes"}}`, "collected_data.metadata.is_active", kyc.EInvalid},
	{"tax id without value", co + `"metadata":{"tax_ids":[{"tax_id_type":"VAT"}]}}`, "collected_data.metadata.tax_ids[0].value", kyc.EMissingFields},
	{"company address type", co + `"metadata":{"addresses":[{"type":"home"}]}}`, "collected_data.metadata.addresses[0].type", kyc.EInvalid},
	{"associate neither form", co + `"officers":{"directors":[{"entity_type":"INDIVIDUAL"}]}}`, "collected_data.officers.directors[0]", kyc.EMissingFields},
	{"associate both forms", co + `"officers":{"directors":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"linked_profile":{"id":` + id1 + `}}]}}`, "collected_data.officers.directors[0].linked_profile", kyc.EInvalid},
	{"associate without entity_type", co + `"officers":{"directors":[{"linked_profile":{"id":` + id1 + `}}]}}`, "collected_data.officers.directors[0].entity_type", kyc.EMissingFields},
	{"linked profile id", co + `"authorized_persons":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"abc"}}]}`, "collected_data.authorized_persons[0].linked_profile.id", kyc.EInvalid},
	{"task variant id", co + `"officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{},"task_variant_ids":[` + id1 + `,"x"]}]}}`, "collected_data.officers.directors[0].task_variant_ids[1]", kyc.EInvalid},
	{"immediate without entity_type", co + `"ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","immediate_data":{}}]}}`, "collected_data.ownership_structure.shareholders[0].immediate_data.entity_type", kyc.EMissingFields},
	{"immediate dob", co + `"ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"dob":"85"}}}]}}`, "collected_data.ownership_structure.shareholders[0].immediate_data.personal_details.dob", kyc.EInvalid},
	{"share amount", co + `"ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{},"shareholdings":[{"amount":1.5}]}]}}`, "collected_data.ownership_structure.shareholders[0].shareholdings[0].amount", kyc.EInvalid},
	{"share class without name", co + `"ownership_structure":{"share_classes":[{"votes":1}]}}`, "collected_data.ownership_structure.share_classes[0].name", kyc.EMissingFields},
	{"filing without source_id", co + `"filings":[{"price":1}]}`, "collected_data.filings[0].source_id", kyc.EMissingFields},
	{"filing without price or document", co + `"filings":[{"source_id":"x"}]}`, "collected_data.filings[0]", kyc.EMissingFields},
	{"filing error code", co + `"filings":[{"source_id":"x","price":1,"error":{"code":1.5}}]}`, "collected_data.filings[0].error.code", kyc.EInvalid},
	{"charity registration_date", co + `"charity_data":{"registration_date":"2005-7-1"}}`, "collected_data.charity_data.registration_date", kyc.EInvalid},
	{"officers not an object", co + `"officers":[]}`, "collected_data.officers", kyc.EInvalid},
	{"entities nested too deeply", nestedShareholders(maxEntityDepth), strings.Repeat(".ownership_structure.shareholders[0].immediate_data", maxEntityDepth), kyc.EInvalid},
	{"JSON nested too deeply", co + `"x":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`, "collected_data.x" + strings.Repeat("[0]", maxDepth), kyc.EInvalid},
}

// nestedShareholders returns a company whose shareholder is a company whose
// shareholder is ... n levels deep.
func nestedShareholders(n int) string {
	doc := `{"entity_type":"COMPANY"}`
	for range n {
		doc = `{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"COMPANY","immediate_data":` + doc + `}]}}`
	}
	return doc
}

func TestDecodeEntityDataInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range invalidDocs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data, _, err := DecodeEntityData([]byte(tc.doc), "collected_data")
			var e *kyc.Error
			if !errors.As(err, &e) {
				t.Fatalf("got data %s and error %v, want a *kyc.Error", data, err)
			}
			field := strings.TrimPrefix(tc.field, ".")
			if !strings.HasPrefix(field, "collected_data") {
				field = "collected_data" + tc.field
			}
			if e.Info["field"] != field || e.Code != tc.code {
				t.Errorf("got %s at %v, want %s at %s (%v)", e.Code, e.Info["field"], tc.code, field, e)
			}
			if data != nil {
				t.Errorf("got data %s, want none", data)
			}
		})
	}
}

func TestDecodeEntityDataDepthLimits(t *testing.T) {
	t.Parallel()
	if _, _, err := DecodeEntityData([]byte(nestedShareholders(maxEntityDepth-1)), "collected_data"); err != nil {
		t.Errorf("got %v for %d entities nested, want none", err, maxEntityDepth)
	}
}
