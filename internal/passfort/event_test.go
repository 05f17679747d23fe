package passfort

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// validEvents returns the accepted event data: the files under
// testdata/events (a rich example of each flag) and small documents
// exercising the contract's corners.
func validEvents(t testing.TB) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = b
	}
	if len(docs) < 4 {
		t.Fatalf("got %d files in testdata/events, want 4", len(docs))
	}
	for name, doc := range cornerEvents {
		docs[name] = []byte(doc)
	}
	return docs
}

// cornerEvents are valid by the letter of the contract, however odd.
var cornerEvents = map[string]string{
	// PassFort's test recipe posts a synthetic PEP_FLAG event with little data.
	"minimal pep":            `{"event_type":"PEP_FLAG"}`,
	"minimal sanction":       `{"event_type":"SANCTION_FLAG"}`,
	"minimal adverse media":  `{"event_type":"ADVERSE_MEDIA_FLAG"}`,
	"minimal refer":          `{"event_type":"REFER_FLAG"}`,
	"synthetic pep":          `{"event_type":"PEP_FLAG","match_name":"Test PEP","provider_name":"Gatehouse","pep":{"match":true,"tier":1}}`,
	"score bounds":           `{"event_type":"SANCTION_FLAG","score":0.0,"x":[{"event_type":"PEP_FLAG","score":1.0e0}]}`,
	"score negative zero":    `{"event_type":"REFER_FLAG","score":-0}`,
	"tier written 1e1":       `{"event_type":"PEP_FLAG","pep":{"tier":1e1,"roles":[{"tier":2.0}]}}`,
	"dates by part":          `{"event_type":"PEP_FLAG","match_dates":["1960","1960-02","1960-02-29"],"deceased_dates":["2000-02-29"]}`,
	"untyped location":       `{"event_type":"PEP_FLAG","locations":["Paris",1,true,[]],"identifications":[{"values":[7]}]}`,
	"other flags' members":   `{"event_type":"REFER_FLAG","pep":"none","sanctions":1,"media":{"url":2},"pep_rating":false}`,
	"undeclared everywhere":  `{"event_type":"ADVERSE_MEDIA_FLAG","media":[{"lang":"en"}],"sources":[{"name":"x","rank":1}],"associates":[{"id":null}],"extra":null}`,
	"event_type escaped":     `{"event\u005ftype":"PEP_\u0046LAG"}`,
	"case-folded event_type": `{"event_type":"PEP_FLAG","EVENT_TYPE":"nonsense","Score":7}`,
	"keyed national ids": `{"event_type":"SANCTION_FLAG","documents":[{"category":"PROOF_OF_IDENTITY","document_type":"STATE_ID","images":[],` +
		`"extracted_data":{"personal_details":{"national_identity_number":{"FRA":"1850375123456"}}}}]}`,
	"icao nationality": `{"event_type":"PEP_FLAG","documents":[{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[],` +
		`"extracted_data":{"issuing_country":"GBN","personal_details":{"nationality":"XXA"}}}]}`,
}

func TestDecodeEventDataValid(t *testing.T) {
	t.Parallel()
	for name, doc := range validEvents(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, typ, err := DecodeEventData(doc, "data")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			var want bytes.Buffer
			_ = json.Compact(&want, doc)
			if !bytes.Equal(data, want.Bytes()) {
				t.Errorf("got data %s, want the input compacted: %s", data, want.Bytes())
			}
			if want := eventDiscriminator(doc); string(typ) != want || !typ.Valid() {
				t.Errorf("got event type %q, want %q", typ, want)
			}
			if err, ok := eventSpecCheck(t, data); ok && err != nil {
				t.Errorf("accepted, but the contract refuses it: %v", err)
			}
		})
	}
}

// TestDecodeEventDataTypes checks each rich example is its own flag.
func TestDecodeEventDataTypes(t *testing.T) {
	t.Parallel()
	docs := validEvents(t)
	for file, want := range map[string]kyc.EventType{
		"pep_rich.json":           kyc.EventPEP,
		"sanction_rich.json":      kyc.EventSanction,
		"adverse_media_rich.json": kyc.EventAdverseMedia,
		"refer_rich.json":         kyc.EventRefer,
		"event_type escaped":      kyc.EventPEP,
	} {
		if _, got, err := DecodeEventData(docs[file], "data"); err != nil || got != want {
			t.Errorf("%s: got %q, %v, want %q", file, got, err, want)
		}
	}
}

// eventDiscriminator returns the document's event_type, matched exactly.
func eventDiscriminator(doc []byte) string {
	var m map[string]any
	_ = json.Unmarshal(doc, &m)
	s, _ := m["event_type"].(string)
	return s
}

const (
	pepEv  = `{"event_type":"PEP_FLAG",`
	sanEv  = `{"event_type":"SANCTION_FLAG",`
	amEv   = `{"event_type":"ADVERSE_MEDIA_FLAG",`
	refEv  = `{"event_type":"REFER_FLAG",`
	docEv  = `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[]`
	doc0Ev = "data.documents[0]"
)

// invalidEvents are refused event data, with the field and code of the error.
var invalidEvents = []struct {
	name, doc, field string
	code             kyc.Code
}{
	{"not JSON", `{"event_type":`, "data", kyc.EInvalid},
	{"empty", ``, "data", kyc.EInvalid},
	{"trailing garbage", `{"event_type":"PEP_FLAG"} {}`, "data", kyc.EInvalid},
	{"null", `null`, "data", kyc.EInvalid},
	{"string", `"PEP_FLAG"`, "data", kyc.EInvalid},
	{"array", `[{"event_type":"PEP_FLAG"}]`, "data", kyc.EInvalid},
	{"invalid UTF-8", pepEv + `"match_name":"\xff"}`, "data", kyc.EInvalid},
	{"NUL in match_name", pepEv + `"match_name":"a\u0000"}`, "data.match_name", kyc.EInvalid},
	{"escape character in a remark", pepEv + `"remarks":["ok","\u001b"]}`, "data.remarks[1]", kyc.EInvalid},
	{"lone surrogate in a snippet", `{"event_type":"ADVERSE_MEDIA_FLAG","media":[{"snippet":"\udbff"}]}`, "data.media[0].snippet", kyc.EInvalid},
	{"no event_type", `{"match_name":"x"}`, "data.event_type", kyc.EMissingFields},
	{"empty object", `{}`, "data.event_type", kyc.EMissingFields},
	{"case-folded event_type only", `{"EVENT_TYPE":"PEP_FLAG"}`, "data.event_type", kyc.EMissingFields},
	{"unknown event_type", `{"event_type":"PEP"}`, "data.event_type", kyc.EInvalid},
	{"lowercase event_type", `{"event_type":"pep_flag"}`, "data.event_type", kyc.EInvalid},
	{"event_type not a string", `{"event_type":["PEP_FLAG"]}`, "data.event_type", kyc.EInvalid},
	{"event_type null", `{"event_type":null}`, "data.event_type", kyc.EInvalid},
	{"duplicate event_type", `{"event_type":"PEP_FLAG","event_type":"REFER_FLAG"}`, "data.event_type", kyc.EInvalid},
	{"duplicate nested key", pepEv + `"pep":{"tier":1,"tier":2}}`, "data.pep.tier", kyc.EInvalid},
	{"number out of range", refEv + `"x":[1e400]}`, "data.x[0]", kyc.EInvalid},
	{"JSON nested too deeply", refEv + `"x":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`, "data.x" + strings.Repeat("[0]", maxDepth), kyc.EInvalid},
	{"match_id number", pepEv + `"match_id":42}`, "data.match_id", kyc.EInvalid},
	{"modified_date RFC 3339", sanEv + `"modified_date":"2023-11-02T08:15:42Z"}`, "data.modified_date", kyc.EInvalid},
	{"modified_date hour 24", sanEv + `"modified_date":"2023-11-02 24:00:00"}`, "data.modified_date", kyc.EInvalid},
	{"match_dates format", amEv + `"match_dates":["1961","17/04/1961"]}`, "data.match_dates[1]", kyc.EInvalid},
	{"match_dates not a list", amEv + `"match_dates":"1961"}`, "data.match_dates", kyc.EInvalid},
	{"match_countries alpha-2", refEv + `"match_countries":["GBR","FR"]}`, "data.match_countries[1]", kyc.EInvalid},
	{"match_countries ICAO", refEv + `"match_countries":["GBN"]}`, "data.match_countries[0]", kyc.EInvalid},
	{"score above 1", pepEv + `"score":1.01}`, "data.score", kyc.EInvalid},
	{"score below 0", sanEv + `"score":-0.1}`, "data.score", kyc.EInvalid},
	{"score a percentage", amEv + `"score":87}`, "data.score", kyc.EInvalid},
	{"score a string", refEv + `"score":"0.5"}`, "data.score", kyc.EInvalid},
	{"score null", pepEv + `"score":null}`, "data.score", kyc.EInvalid},
	{"aliases a string", pepEv + `"aliases":"Max"}`, "data.aliases", kyc.EInvalid},
	{"alias a number", pepEv + `"aliases":["Max",1]}`, "data.aliases[1]", kyc.EInvalid},
	{"associate is_pep", pepEv + `"associates":[{"name":"x"},{"is_pep":"yes"}]}`, "data.associates[1].is_pep", kyc.EInvalid},
	{"associate dates", sanEv + `"associates":[{"inactive_as_pep_dates":["2019-13"]}]}`, "data.associates[0].inactive_as_pep_dates[0]", kyc.EInvalid},
	{"associate not an object", sanEv + `"associates":["x"]}`, "data.associates[0]", kyc.EInvalid},
	{"detail text", refEv + `"details":[{"text":1}]}`, "data.details[0].text", kyc.EInvalid},
	{"pep not an object", pepEv + `"pep":[]}`, "data.pep", kyc.EInvalid},
	{"pep tier fraction", pepEv + `"pep":{"tier":1.5}}`, "data.pep.tier", kyc.EInvalid},
	{"pep from_date", pepEv + `"pep":{"from_date":"2009-09-31"}}`, "data.pep.from_date", kyc.EInvalid},
	{"pep role from_date", pepEv + `"pep":{"roles":[{"from_date":"2009-09-01"},{"from_date":"Sept 2009"}]}}`, "data.pep.roles[1].from_date", kyc.EInvalid},
	{"pep role tier", pepEv + `"pep":{"roles":[{"tier":"1"}]}}`, "data.pep.roles[0].tier", kyc.EInvalid},
	{"pep role is_current", pepEv + `"pep":{"roles":[{"is_current":1}]}}`, "data.pep.roles[0].is_current", kyc.EInvalid},
	{"pep_rating number", pepEv + `"pep_rating":3}`, "data.pep_rating", kyc.EInvalid},
	{"sanctions an object", sanEv + `"sanctions":{"list":"SDN"}}`, "data.sanctions", kyc.EInvalid},
	{"sanction is_past", sanEv + `"sanctions":[{"is_past":"no"}]}`, "data.sanctions[0].is_past", kyc.EInvalid},
	{"time period to_date", sanEv + `"sanctions":[{"time_periods":[{"from_date":"2014"},{"to_date":"2016-6"}]}]}`, "data.sanctions[0].time_periods[1].to_date", kyc.EInvalid},
	{"time period not an object", sanEv + `"sanctions":[{"time_periods":["2014"]}]}`, "data.sanctions[0].time_periods[0]", kyc.EInvalid},
	{"media article date partial", amEv + `"media":[{"date":"2019-10"}]}`, "data.media[0].date", kyc.EInvalid},
	{"media article url", amEv + `"media":[{"url":["x"]}]}`, "data.media[0].url", kyc.EInvalid},
	{"location city", pepEv + `"locations":[{"city":1}]}`, "data.locations[0].city", kyc.EInvalid},
	{"location null", pepEv + `"locations":[null]}`, "data.locations[0]", kyc.EInvalid},
	{"identification values", sanEv + `"identifications":[{"values":{"value":"x"}}]}`, "data.identifications[0].values", kyc.EInvalid},
	{"identification value", sanEv + `"identifications":[{"values":[{"value":12345}]}]}`, "data.identifications[0].values[0].value", kyc.EInvalid},
	{"source without name", amEv + `"sources":[{"name":"a"},{"url":"https://x"}]}`, "data.sources[1].name", kyc.EMissingFields},
	{"source name null", amEv + `"sources":[{"name":null}]}`, "data.sources[0].name", kyc.EInvalid},
	{"gender number", refEv + `"gender":1}`, "data.gender", kyc.EInvalid},
	{"deceased_dates", refEv + `"deceased_dates":["yesterday"]}`, "data.deceased_dates[0]", kyc.EInvalid},
	{"document without images", pepEv + `"documents":[{"category":"SUPPORTING","document_type":"UNKNOWN"}]}`, doc0Ev + ".images", kyc.EMissingFields},
	{"document undeclared", pepEv + docEv + `,"note":"x"}]}`, doc0Ev + ".note", kyc.EInvalid},
	{"document type", sanEv + `"documents":[{"category":"SUPPORTING","document_type":"PHOTO","images":[]}]}`, doc0Ev + ".document_type", kyc.EInvalid},
	{"image upload_date", amEv + docEv[:len(docEv)-1] + `{"upload_date":"2023-11-02"}]}]}`, doc0Ev + ".images[0].upload_date", kyc.EInvalid},
	{"extracted expiry", refEv + docEv + `,"extracted_data":{"expiry":"2030-02-29"}}]}`, doc0Ev + ".extracted_data.expiry", kyc.EInvalid},
	{"extracted gender", refEv + docEv + `,"extracted_data":{"personal_details":{"gender":"Female"}}}]}`, doc0Ev + ".extracted_data.personal_details.gender", kyc.EInvalid},
	{"extracted address", pepEv + docEv + `,"extracted_data":{"address_history":[{"address":{"type":"FREEFORM","country":"GBR"}}]}}]}`, doc0Ev + ".extracted_data.address_history[0].address.text", kyc.EMissingFields},
	{"field check result", pepEv + docEv + `,"verification_result":{"field_checks":[{"result":"OK"}]}}]}`, doc0Ev + ".verification_result.field_checks[0].result", kyc.EInvalid},
	{"first error in document order", pepEv + `"score":2,"match_id":1}`, "data.score", kyc.EInvalid},
	{"member before missing required", amEv + `"sources":[{"url":1}]}`, "data.sources[0].url", kyc.EInvalid},
}

func TestDecodeEventDataInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range invalidEvents {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data, typ, err := DecodeEventData([]byte(tc.doc), "data")
			var e *kyc.Error
			if !errors.As(err, &e) {
				t.Fatalf("got data %s and error %v, want a *kyc.Error", data, err)
			}
			if e.Info["field"] != tc.field || e.Code != tc.code {
				t.Errorf("got %s at %v, want %s at %s (%v)", e.Code, e.Info["field"], tc.code, tc.field, e)
			}
			if data != nil || typ != "" {
				t.Errorf("got data %s and type %q, want none", data, typ)
			}
		})
	}
}

func TestDecodeEventDataUnknownTypeNamesAll(t *testing.T) {
	t.Parallel()
	_, _, err := DecodeEventData([]byte(`{"event_type":"WATCHLIST_FLAG"}`), "data")
	var e *kyc.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a *kyc.Error", err)
	}
	for _, typ := range []kyc.EventType{kyc.EventPEP, kyc.EventSanction, kyc.EventAdverseMedia, kyc.EventRefer} {
		if !strings.Contains(e.Error(), string(typ)) {
			t.Errorf("got %q, want it to name %s", e.Error(), typ)
		}
	}
	_, _, err = DecodeEventData([]byte(`{"x":1}`), "events[3].data")
	if !errors.As(err, &e) || e.Code != kyc.EMissingFields || e.Info["field"] != "events[3].data.event_type" {
		t.Errorf("got %v, want events[3].data.event_type missing", err)
	}
}

func TestDecodeEventDataDepthLimit(t *testing.T) {
	t.Parallel()
	doc := refEv + `"x":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}`
	if _, _, err := DecodeEventData([]byte(doc), "data"); err != nil {
		t.Errorf("got %v for %d levels, want none", err, maxDepth)
	}
}

func BenchmarkDecodeEventData(b *testing.B) {
	doc := validEvents(b)["pep_rich.json"]
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DecodeEventData(doc, "data"); err != nil {
			b.Fatal(err)
		}
	}
}
