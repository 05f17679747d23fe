package kyc

import (
	"encoding/json"
	"testing"
)

func TestAppendDocument(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"id":"d"}`)
	for _, tc := range []struct{ name, in, want string }{
		{"no documents member", `{"entity_type":"INDIVIDUAL"}`, `{"entity_type":"INDIVIDUAL","documents":[{"id":"d"}]}`},
		{"empty documents", `{"entity_type":"INDIVIDUAL","documents":[]}`, `{"entity_type":"INDIVIDUAL","documents":[{"id":"d"}]}`},
		{"documents first", `{"documents":[{"id":"a"}],"entity_type":"INDIVIDUAL","x":{"documents":1}}`,
			`{"documents":[{"id":"a"},{"id":"d"}],"entity_type":"INDIVIDUAL","x":{"documents":1}}`},
		{"other members kept as they were", `{"b":"\u00e9","a":[1,2],"documents":[{"id":"a"}],"c":null}`,
			`{"b":"\u00e9","a":[1,2],"documents":[{"id":"a"},{"id":"d"}],"c":null}`},
		{"nested documents are not the member", `{"entity_type":"COMPANY","metadata":{"documents":[]}}`,
			`{"entity_type":"COMPANY","metadata":{"documents":[]},"documents":[{"id":"d"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendDocument([]byte(tc.in), doc)
			if err != nil || string(got) != tc.want || !json.Valid(got) {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestCollectionStepFulfilledBy(t *testing.T) {
	t.Parallel()
	step := CollectionStep{Type: CollectDocument, Category: "PROOF_OF_IDENTITY", AllowedTypes: []string{"PASSPORT", "STATE_ID"}}
	img := []ImageRef{{ID: "i"}}
	for _, tc := range []struct {
		name string
		doc  DocumentFact
		want bool
	}{
		{"passport with an image", DocumentFact{Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT", Images: img}, true},
		{"no image uploaded", DocumentFact{Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT"}, false},
		{"a type not allowed", DocumentFact{Category: "PROOF_OF_IDENTITY", DocumentType: "DRIVING_LICENCE", Images: img}, false},
		{"another category", DocumentFact{Category: "PROOF_OF_ADDRESS", DocumentType: "PASSPORT", Images: img}, false},
	} {
		if got := step.FulfilledBy(tc.doc); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	any := CollectionStep{Type: CollectDocument, Category: "PROOF_OF_ADDRESS"}
	if !any.FulfilledBy(DocumentFact{Category: "PROOF_OF_ADDRESS", DocumentType: "UNKNOWN", Images: img}) {
		t.Error("a step listing no types refused a document of its category")
	}
}

func TestActorCan(t *testing.T) {
	t.Parallel()
	key := Actor{InstitutionID: "i", APIKey: &APIKey{Name: "k"}}
	scoped := Actor{InstitutionID: "i", User: &User{Name: "u"}, Granted: []Capability{CapUploadDocumentImage}}
	for _, tc := range []struct {
		name  string
		actor Actor
		c     Capability
		want  bool
	}{
		{"institution key reads", key, CapReadDocumentImage, true},
		{"system reads", System("i"), CapReadDocumentImage, true},
		{"scoped user uploads", scoped, CapUploadDocumentImage, true},
		{"scoped user cannot read", scoped, CapReadDocumentImage, false},
	} {
		if got := tc.actor.Can(tc.c); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if err := scoped.need(CapReadDocumentImage); !IsCode(err, EForbidden) {
		t.Errorf("need: got %v, want EForbidden", err)
	}
}
