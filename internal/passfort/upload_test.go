package passfort

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// keep is a StoreFunc that keeps what it is given.
func keep(got *[]byte) StoreFunc {
	return func(r io.Reader) (kyc.Content, error) {
		b, err := io.ReadAll(r)
		*got = b
		return kyc.Content{Size: int64(len(b)), MediaType: "test"}, err
	}
}

func TestDecodeDocumentImage(t *testing.T) {
	t.Parallel()
	hello := base64.StdEncoding.EncodeToString([]byte("hello, world"))
	escaped := strings.ReplaceAll(base64.StdEncoding.EncodeToString([]byte("??>>??>>")), "/", `\/`)
	const fileID = "0198a000-0000-7000-8000-0000000000aa"
	tests := []struct {
		name, body string
		want       kyc.NewDocumentImage
		data       string
	}{
		{"all members", `{"image_type":"FRONT","document_type":"PASSPORT","document_category":"PROOF_OF_IDENTITY","data":"` + hello + `"}`,
			kyc.NewDocumentImage{ImageType: "FRONT", DocumentType: "PASSPORT", DocumentCategory: "PROOF_OF_IDENTITY"}, "hello, world"},
		{"data first, white space", " {\n \"data\" : \"" + hello + "\" ,\t\"image_type\":\"BACK\", \"name\":\"back.jpg\" }\n",
			kyc.NewDocumentImage{ImageType: "BACK", Name: "back.jpg"}, "hello, world"},
		{"only data", `{"data":"` + hello + `"}`, kyc.NewDocumentImage{}, "hello, world"},
		{"escaped slashes", `{"data":"` + escaped + `"}`, kyc.NewDocumentImage{}, "??>>??>>"},
		{"line breaks", `{"data":"` + hello[:8] + `\r\n` + hello[8:] + `\n"}`, kyc.NewDocumentImage{}, "hello, world"},
		{"unicode escape", `{"data":"\u0061` + hello[1:] + `"}`, kyc.NewDocumentImage{}, "hello, world"},
		{"data uri", `{"data":"data:image/png;base64,` + hello + `"}`, kyc.NewDocumentImage{}, "hello, world"},
		{"read-only and unknown members", `{"id":"x","upload_date":"2020-01-01 00:00:00","encrypted_data":{},"extra":[1,{"a":"}"}],"data":"` + hello + `","n":-1.5e3,"t":true}`,
			kyc.NewDocumentImage{}, "hello, world"},
		{"null members", `{"image_type":null,"name":null,"data":"` + hello + `"}`, kyc.NewDocumentImage{}, "hello, world"},
		{"empty data", `{"data":""}`, kyc.NewDocumentImage{}, ""},
		{"a file id", `{"image_type":"FACE","data":"` + fileID + `"}`, kyc.NewDocumentImage{ImageType: "FACE", FileID: fileID}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []byte
			// One byte at a time: the tokenizer must not depend on how the body arrives.
			in, err := DecodeDocumentImage(iotest.OneByteReader(strings.NewReader(tc.body)), keep(&got))
			if err != nil {
				t.Fatalf("got %v", err)
			}
			if tc.want.FileID == "" {
				if in.Content == nil || string(got) != tc.data {
					t.Fatalf("data: got %q (content %v), want %q", got, in.Content, tc.data)
				}
				in.Content = nil
			}
			if in != tc.want {
				t.Errorf("got %+v, want %+v", in, tc.want)
			}
		})
	}
}

func TestDecodeUploadErrors(t *testing.T) {
	t.Parallel()
	hello := base64.StdEncoding.EncodeToString([]byte("hello, world"))
	tests := []struct {
		name, body string
		code       kyc.Code
		field      string
	}{
		{"empty body", "", kyc.EInvalid, "body"},
		{"an array", `[]`, kyc.EInvalid, "body"},
		{"no data", `{"image_type":"FRONT"}`, kyc.EMissingFields, "data"},
		{"data null", `{"data":null}`, kyc.EMissingFields, "data"},
		{"data a number", `{"data":12}`, kyc.EInvalid, "data"},
		{"not base64", `{"data":"hello world!"}`, kyc.EInvalid, "data"},
		{"missing padding", `{"data":"aGVsbG8"}`, kyc.EInvalid, "data"},
		{"padding inside", `{"data":"aGU=bGxv"}`, kyc.EInvalid, "data"},
		{"a file id for a file", `{"data":"0198a000-0000-7000-8000-0000000000aa"}`, kyc.EInvalid, "data"},
		{"data uri without base64", `{"data":"data:text/plain,hello"}`, kyc.EInvalid, "data"},
		{"unterminated data", `{"data":"` + hello, kyc.EInvalid, "body"},
		{"control character in data", "{\"data\":\"aGVs\x01bG8=\"}", kyc.EInvalid, "body"},
		{"bad escape", `{"data":"aGVs\qbG8="}`, kyc.EInvalid, "body"},
		{"bad enum", `{"image_type":"SIDE","data":"` + hello + `"}`, kyc.EInvalid, "image_type"},
		{"enum not a string", `{"document_type":1,"data":"` + hello + `"}`, kyc.EInvalid, "document_type"},
		{"bad category", `{"document_category":"PROOF","data":"` + hello + `"}`, kyc.EInvalid, "document_category"},
		{"name with a newline", `{"name":"a\nb","data":"` + hello + `"}`, kyc.EInvalid, "name"},
		{"name too long", `{"name":"` + strings.Repeat("n", 256) + `","data":"` + hello + `"}`, kyc.EInvalid, "name"},
		{"duplicate data", `{"data":"` + hello + `","data":"` + hello + `"}`, kyc.EInvalid, "data"},
		{"duplicate member", `{"name":"a","name":"b","data":"` + hello + `"}`, kyc.EInvalid, "name"},
		{"missing comma", `{"name":"a" "data":"` + hello + `"}`, kyc.EInvalid, "body"},
		{"trailing comma", `{"data":"` + hello + `",}`, kyc.EInvalid, "body"},
		{"missing value", `{"name":,"data":"` + hello + `"}`, kyc.EInvalid, "name"},
		{"bad literal", `{"x":tru,"data":"` + hello + `"}`, kyc.EInvalid, "x"},
		{"garbage after", `{"data":"` + hello + `"} {}`, kyc.EInvalid, "body"},
		{"cut short", `{"data":"` + hello + `"`, kyc.EInvalid, "body"},
		{"deep nesting", `{"x":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `,"data":"` + hello + `"}`, kyc.EInvalid, "x"},
		{"huge member", `{"x":"` + strings.Repeat("a", maxUploadMember) + `","data":"` + hello + `"}`, kyc.EInvalid, "x"},
		{"key too long", `{"` + strings.Repeat("k", 300) + `":1,"data":"` + hello + `"}`, kyc.EInvalid, "body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []byte
			_, err := DecodeFile(strings.NewReader(tc.body), keep(&got))
			if strings.Contains(tc.name, "image_type") || strings.Contains(tc.name, "enum") || strings.Contains(tc.name, "category") {
				_, err = DecodeDocumentImage(strings.NewReader(tc.body), keep(&got))
			}
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != tc.field {
				t.Fatalf("got %v, want a %s error naming %s", err, tc.code, tc.field)
			}
		})
	}
}

// TestDecodeUploadReaderError: the body reader's own errors (a size
// limit, a broken connection) come back unchanged.
func TestDecodeUploadReaderError(t *testing.T) {
	t.Parallel()
	cut := errors.New("connection reset")
	for _, at := range []int{0, 5, 12, 40} {
		body := `{"name":"x","data":"` + strings.Repeat("QUJD", 20) + `"}`
		r := io.MultiReader(strings.NewReader(body[:at]), iotest.ErrReader(cut))
		var got []byte
		if _, err := DecodeFile(r, keep(&got)); !errors.Is(err, cut) {
			t.Errorf("cut at %d: got %v, want the reader's error", at, err)
		}
	}
}

// FuzzDecodeUpload: the tokenizer never panics, and whatever it accepts is
// valid JSON whose data, as encoding/json reads it, base64-decodes to the
// bytes it stored.
func FuzzDecodeUpload(f *testing.F) {
	hello := base64.StdEncoding.EncodeToString([]byte("hello, world"))
	for _, s := range []string{
		`{"data":"` + hello + `"}`,
		`{"image_type":"FRONT","document_type":"PASSPORT","data":"` + hello + `","name":"a.jpg"}`,
		`{"data":"data:image/jpeg;base64,` + hello + `"}`,
		`{"data":"0198a000-0000-7000-8000-0000000000aa"}`,
		`{"x":[{"y":"}"}],"data":"aGVs\/bG8=\n"}`,
		`{"data":"\u0041QID"}`,
		`{"data":null}`,
		` { } `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var got []byte
		in, err := DecodeDocumentImage(strings.NewReader(body), keep(&got))
		if err != nil {
			var ke *kyc.Error
			if !errors.As(err, &ke) {
				t.Fatalf("error is not a kyc error: %v", err)
			}
			return
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		var m struct {
			Data string `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("accepted %q, which encoding/json cannot read: %v", body, err)
		}
		if in.FileID != "" {
			if m.Data != in.FileID {
				t.Fatalf("file id %q, encoding/json reads %q", in.FileID, m.Data)
			}
			return
		}
		s := m.Data
		if strings.HasPrefix(s, "data:") {
			s = s[strings.IndexByte(s, ',')+1:]
		}
		want, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(s))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("stored %q; encoding/json and base64 give %q, %v", got, want, err)
		}
	})
}
