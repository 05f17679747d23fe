package passfort

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

const (
	imgA = "0198a000-0000-7000-8000-0000000000a1"
	imgB = "0198a000-0000-7000-8000-0000000000b2"
)

func TestDecodeDocument(t *testing.T) {
	t.Parallel()
	body := `{"id":"0198A000-0000-7000-8000-0000000000D0","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT",
		"images":[{"id":"` + imgA + `","image_type":"FRONT"},{"id":"` + strings.ToUpper(imgB) + `"}],
		"extracted_data":{"number":"L898902C3","expiry":"2031-04-15","mrz1":"P<UTO",
		"personal_details":{"name":{"given_names":["Anna"],"family_name":"Eriksson"},"dob":"1974-08-12"}}}`
	got, err := DecodeDocument([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := kyc.NewDocument{ID: "0198a000-0000-7000-8000-0000000000d0", Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT",
		ImageIDs: []string{imgA, imgB},
		ExtractedData: []byte(`{"number":"L898902C3","expiry":"2031-04-15","mrz1":"P<UTO",` +
			`"personal_details":{"name":{"given_names":["Anna"],"family_name":"Eriksson"},"dob":"1974-08-12"}}`)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestDecodeDocumentErrors(t *testing.T) {
	t.Parallel()
	img := `{"id":"` + imgA + `"}`
	tests := []struct {
		name, body string
		code       kyc.Code
		field      string
	}{
		{"empty", ``, kyc.EInvalid, "body"},
		{"array", `[]`, kyc.EInvalid, "body"},
		{"no category", `{"document_type":"PASSPORT","images":[]}`, kyc.EMissingFields, "category"},
		{"no images", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT"}`, kyc.EMissingFields, "images"},
		{"bad category", `{"category":"ID","document_type":"PASSPORT","images":[]}`, kyc.EInvalid, "category"},
		{"bad type", `{"category":"PROOF_OF_IDENTITY","document_type":"ID_CARD","images":[]}`, kyc.EInvalid, "document_type"},
		{"image without id", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"image_type":"FRONT"}]}`, kyc.EMissingFields, "images[0].id"},
		{"image id not a uuid", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"x"}]}`, kyc.EInvalid, "images[0].id"},
		{"image with bytes", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[` + img + `,{"id":"` + imgB + `","data":"aGVsbG8="}]}`, kyc.EInvalid, "images[1].data"},
		{"bad expiry", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[],"extracted_data":{"expiry":"2031-02-30"}}`, kyc.EInvalid, "extracted_data.expiry"},
		{"bad country", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[],"extracted_data":{"issuing_country":"UK"}}`, kyc.EInvalid, "extracted_data.issuing_country"},
		{"unknown member", `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[],"notes":"x"}`, kyc.EInvalid, "notes"},
		{"duplicate key", `{"category":"PROOF_OF_IDENTITY","category":"SUPPORTING","document_type":"PASSPORT","images":[]}`, kyc.EInvalid, "category"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeDocument([]byte(tc.body))
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != tc.field {
				t.Fatalf("got %v, want a %s error naming %s", err, tc.code, tc.field)
			}
			if !strings.HasPrefix(ke.Message, tc.field+":") {
				t.Errorf("message %q does not start with the field", ke.Message)
			}
		})
	}
}

func TestDecodeNoteBody(t *testing.T) {
	t.Parallel()
	text, ids, err := DecodeNoteBody([]byte(`{"text":"see the statement","attachments":[{"id":"` + strings.ToUpper(imgA) + `","name":"x.pdf"}]}`))
	if err != nil || text != "see the statement" || !reflect.DeepEqual(ids, []string{imgA}) {
		t.Errorf("got %q, %v, %v", text, ids, err)
	}
	for body, field := range map[string]string{
		`{"text":"x","attachments":[{}]}`:            "attachments[0].id",
		`{"text":"x","attachments":[{"id":"nope"}]}`: "attachments[0].id",
		`{"attachments":[]}`:                         "text",
		`{"text":"x","attachments":{}}`:              "attachments",
	} {
		_, _, err := DecodeNoteBody([]byte(body))
		var ke *kyc.Error
		if !errors.As(err, &ke) || ke.Info["field"] != field {
			t.Errorf("%s: got %v, want an error naming %s", body, err, field)
		}
	}
}

// FuzzDecodeDocument: never panics; errors are kyc errors; what is
// accepted has its images by id.
func FuzzDecodeDocument(f *testing.F) {
	f.Add(`{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + imgA + `"}]}`)
	f.Add(`{"category":"SUPPORTING","document_type":"UNKNOWN","images":[],"extracted_data":{"mrz1":"x"},"verification_result":{"all_passed":true}}`)
	f.Add(`{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + imgA + `","data":"aGk="}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		d, err := DecodeDocument([]byte(body))
		if err != nil {
			var ke *kyc.Error
			if !errors.As(err, &ke) {
				t.Fatalf("not a kyc error: %v", err)
			}
			return
		}
		for _, id := range d.ImageIDs {
			if !kyc.ValidID(id) {
				t.Fatalf("accepted image id %q", id)
			}
		}
	})
}
