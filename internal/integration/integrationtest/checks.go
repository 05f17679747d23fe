package integrationtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// demoErrors are the demo results every check type answers with an error.
var demoErrors = map[string]map[string]any{
	"ERROR_INVALID_CREDENTIALS":    {"type": "INVALID_CREDENTIALS", "message": "Demo result: the provider rejected the credentials"},
	"ERROR_ANY_PROVIDER_MESSAGE":   {"type": "PROVIDER_MESSAGE", "message": "Demo result: the provider could not process the request"},
	"ERROR_CONNECTION_TO_PROVIDER": {"type": "PROVIDER_CONNECTION", "message": "Demo result: the provider could not be reached"},
}

// demoResults are the demo_result values each check type knows, beyond
// ANY, ANY_CHARGE and the errors.
var demoResults = map[string][]string{
	"IDENTITY_CHECK": {"NO_MATCHES", "ONE_NAME_ADDRESS_MATCH", "ONE_NAME_DOB_MATCH", "TWO_NAME_ADDRESS_MATCH",
		"ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH", "ONE_NAME_ADDRESS_DOB_MATCH", "MORTALITY_MATCH",
		"ONE_NAME_ADDRESS_MORTALITY_MATCH", "ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH"},
	"DOCUMENT_VERIFICATION": {"ERROR_UNSUPPORTED_DOCUMENT_TYPE", "DOCUMENT_IMAGE_CHECK_FAILURE", "DOCUMENT_FORGERY_CHECK_FAILURE",
		"DOCUMENT_NAME_FIELD_DIFFERENT", "DOCUMENT_NAME_FIELD_UNREADBALE", "DOCUMENT_DOB_FIELD_DIFFERENT",
		"DOCUMENT_DOB_FIELD_UNREADBALE", "DOCUMENT_ALL_PASS"},
	"DOCUMENT_FETCH": {"ERROR_UNSUPPORTED_DOCUMENT_TYPE", "DOCUMENT_IMAGE_CHECK_FAILURE", "DOCUMENT_FORGERY_CHECK_FAILURE",
		"DOCUMENT_NAME_FIELD_DIFFERENT", "DOCUMENT_NAME_FIELD_UNREADBALE", "DOCUMENT_DOB_FIELD_DIFFERENT",
		"DOCUMENT_DOB_FIELD_UNREADBALE", "DOCUMENT_ALL_PASS", "ERROR_INVALID_PROVIDER_REFERENCE", "ERROR_MISSING_CONTACT_DETAILS"},
	"COMPANY_DATA": {"NO_DATA", "ALL_DATA", "COMPANY_INACTIVE", "COMPANY_NAME_MISMATCH", "COMPANY_NUMBER_MISMATCH",
		"COMPANY_RESIGNED_OFFICER", "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP",
		"COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL", "COMPANY_ADDRESS_MATCH", "COMPANY_ADDRESS_MISMATCH"},
	"PEPS_AND_SANCTIONS_SCREEN": {"SCREEN_NO_HITS", "SCREEN_ALL_FLAGS_SAME_HIT", "SCREEN_ALL_FLAGS_SEPARATE_HITS",
		"SCREEN_SINGLE_REFER", "SCREEN_SINGLE_PEP", "SCREEN_SINGLE_SANCTION", "SCREEN_SINGLE_ADVERSE_MEDIA"},
}

func init() {
	demoResults["COMPANY_PEPS_AND_SANCTIONS_SCREEN"] = demoResults["PEPS_AND_SANCTIONS_SCREEN"]
}

// problem answers 400 for a request that breaks the protocol, so that a
// test sees Gatehouse sent something wrong.
func problem(w http.ResponseWriter, format string, args ...any) int {
	return writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf(format, args...)})
}

// terms checks the commercial terms of a request and returns the errors
// the check ends with before it starts, if any.
func (p *Provider) terms(w http.ResponseWriter, req map[string]any) (errs []any, status int) {
	creds, hasCreds := req["provider_credentials"].(map[string]any)
	switch req["commercial_relationship"] {
	case "DIRECT":
		for k, v := range p.o.Credentials {
			if creds[k] != v {
				return []any{map[string]any{"type": "INVALID_CREDENTIALS", "message": "the credentials were rejected"}}, 0
			}
		}
	case "PASSFORT":
		if hasCreds || req["provider_credentials"] != nil {
			return nil, problem(w, "provider_credentials sent with a PASSFORT relationship")
		}
	default:
		return nil, problem(w, "commercial_relationship must be DIRECT or PASSFORT")
	}
	if _, ok := req["provider_config"].(map[string]any); !ok {
		return nil, problem(w, "provider_config is required")
	}
	demo, _ := req["demo_result"].(string)
	if demo == "" || demo == "ANY" || demo == "ANY_CHARGE" {
		return nil, 0
	}
	if e, ok := demoErrors[demo]; ok {
		return []any{e}, 0
	}
	for _, d := range demoResults[p.o.CheckType] {
		if d == demo {
			return nil, 0
		}
	}
	return []any{map[string]any{"type": "UNSUPPORTED_DEMO_RESULT", "message": "demo result " + demo + " is not supported"}}, 0
}

func (p *Provider) startCheck(w http.ResponseWriter, req map[string]any) int {
	id, _ := req["id"].(string)
	input, _ := req["check_input"].(map[string]any)
	if len(id) != 36 || input == nil {
		return problem(w, "id (a UUID) and check_input (an object) are required")
	}
	errs, status := p.terms(w, req)
	if status != 0 {
		return status
	}
	demo, _ := req["demo_result"].(string)
	cfg, _ := req["provider_config"].(map[string]any)
	c := &check{id: id, demo: demo, input: input, config: cfg}
	if p.template() == "ONE_TIME_SYNCHRONOUS" {
		if errs != nil {
			return writeJSON(w, 200, map[string]any{"errors": errs, "warnings": []any{}})
		}
		return writeJSON(w, 200, p.result(c))
	}
	if errs == nil {
		errs = p.startErrors(c)
	}
	if errs != nil {
		return writeJSON(w, 200, map[string]any{"provider_id": p.o.ProviderID, "errors": errs, "warnings": []any{}})
	}
	p.mu.Lock()
	p.refs++
	c.reference = fmt.Sprintf("REF-%04d", p.refs)
	if demo != "" {
		c.reference = "DEMO-" + c.reference
	}
	p.checks[c.reference] = c
	p.mu.Unlock()
	if p.o.CheckType == "DOCUMENT_VERIFICATION" && demo == "" {
		if err := p.downloadImages(c); err != nil {
			return writeJSON(w, 200, map[string]any{"provider_id": p.o.ProviderID, "warnings": []any{},
				"errors": []any{map[string]any{"type": "PROVIDER_MESSAGE", "message": err.Error()}}})
		}
	}
	return writeJSON(w, 200, map[string]any{
		"provider_id": p.o.ProviderID, "reference": c.reference,
		"custom_data":   map[string]any{"started": true, "demo_result": demo},
		"provider_data": map[string]any{"accepted": true}, "errors": []any{}, "warnings": []any{},
	})
}

// startErrors are the errors a callback or polled check ends with at its
// start.
func (p *Provider) startErrors(c *check) []any {
	if p.o.CheckType != "DOCUMENT_FETCH" {
		return nil
	}
	switch c.demo {
	case "ERROR_INVALID_PROVIDER_REFERENCE":
		return []any{map[string]any{"type": "INVALID_CHECK_INPUT", "message": "Demo result: no such provider reference"}}
	case "ERROR_MISSING_CONTACT_DETAILS":
		return []any{map[string]any{"type": "INVALID_CHECK_INPUT", "sub_type": "MISSING_CONTACT_DETAILS", "message": "Demo result: contact details are missing"}}
	}
	refs, _ := c.input["external_refs"].(map[string]any)
	if g, _ := refs["generic"].(string); g == "" {
		return []any{map[string]any{"type": "MISSING_CHECK_INPUT", "message": "external_refs.generic is required"}}
	}
	return nil
}

// followUp finds the check a /ready, /complete or /poll request names and
// checks the request carries what the protocol says.
func (p *Provider) followUp(w http.ResponseWriter, id string, req map[string]any) (*check, int) {
	ref, _ := req["reference"].(string)
	p.mu.Lock()
	c := p.checks[ref]
	p.mu.Unlock()
	switch {
	case c == nil:
		return nil, problem(w, "no check has reference %q", ref)
	case req["provider_id"] != p.o.ProviderID:
		return nil, problem(w, "provider_id %v is not this provider's", req["provider_id"])
	case req["id"] != id || id != c.id:
		return nil, problem(w, "the check id in the path, the body and the check differ")
	}
	if _, status := p.terms(w, req); status != 0 {
		return nil, status
	}
	cd, _ := req["custom_data"].(map[string]any)
	if cd["started"] != true {
		return nil, problem(w, "custom_data from the start was not passed back")
	}
	return c, 0
}

func (p *Provider) ready(w http.ResponseWriter, id string, req map[string]any) int {
	c, status := p.followUp(w, id, req)
	if status != 0 {
		return status
	}
	if _, ok := req["check_input"].(map[string]any); !ok {
		return problem(w, "check_input is required on /ready")
	}
	p.mu.Lock()
	c.ready = true
	p.mu.Unlock()
	if c.demo != "" || p.o.AutoCallback {
		// Demo checks call back synchronously, before answering.
		if st, err := p.Callback(context.Background(), c.reference, Tamper{}); err != nil || st != http.StatusOK {
			return writeJSON(w, http.StatusBadGateway, map[string]any{"error": fmt.Sprintf("the callback failed: %d %v", st, err)})
		}
	}
	w.WriteHeader(http.StatusOK)
	return http.StatusOK
}

func (p *Provider) complete(w http.ResponseWriter, id string, req map[string]any) int {
	c, status := p.followUp(w, id, req)
	if status != 0 {
		return status
	}
	cd, _ := req["custom_data"].(map[string]any)
	p.mu.Lock()
	calledBack := p.calledBack[c.reference]
	p.mu.Unlock()
	switch {
	case !calledBack:
		return problem(w, "/complete before the callback")
	case cd["called_back"] != true:
		return problem(w, "custom_data from the callback was not merged in")
	case req["check_input"] != nil:
		return problem(w, "/complete carries no check_input")
	}
	return writeJSON(w, 200, p.result(c))
}

func (p *Provider) poll(w http.ResponseWriter, id string, req map[string]any) int {
	c, status := p.followUp(w, id, req)
	if status != 0 {
		return status
	}
	p.mu.Lock()
	c.polls++
	polls := c.polls
	p.mu.Unlock()
	if p.o.PollsBeforeResult < 0 || polls <= p.o.PollsBeforeResult {
		return writeJSON(w, 200, map[string]any{
			"provider_id": p.o.ProviderID, "reference": c.reference, "custom_data": map[string]any{"polls": polls},
			"provider_data": "still running", "errors": []any{}, "warnings": []any{},
		})
	}
	out := p.result(c)
	out["provider_id"], out["reference"], out["custom_data"] = p.o.ProviderID, c.reference, map[string]any{"polls": polls}
	return writeJSON(w, 200, out)
}

func (p *Provider) download(w http.ResponseWriter, req map[string]any) int {
	if _, status := p.terms(w, req); status != 0 {
		return status
	}
	ref, _ := req["file_reference"].(string)
	info, _ := req["download_info"].(map[string]any)
	if !strings.HasPrefix(ref, "IMG-") || info["download_type"] != "IMAGE" || info["image_type"] == nil {
		return writeJSON(w, 404, map[string]any{"error": "no such file"})
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("File-Name", strings.ToLower(ref)+".png")
	w.WriteHeader(http.StatusOK)
	w.Write(PNG)
	return http.StatusOK
}

// PNG is the image /download_file answers with: a 1×1 PNG.
var PNG = []byte("\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63\xf8\x0f\x04\x00\x09\xfb\x03\xfd\xfb\x5e\x6b\x2b\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82")

func (p *Provider) search(w http.ResponseWriter, req map[string]any) int {
	errs, status := p.terms(w, req)
	if status != 0 {
		return status
	}
	if errs != nil {
		return writeJSON(w, 200, map[string]any{"errors": errs})
	}
	in, _ := req["search_input"].(map[string]any)
	q, _ := in["query"].(string)
	country, _ := in["country_of_incorporation"].(string)
	out := []any{}
	for i, suffix := range []string{" Limited", " Holdings PLC", " Services Ltd"} {
		out = append(out, map[string]any{
			"name": strings.TrimSpace(q) + suffix, "number": fmt.Sprintf("0%07d", 1234567+i), "country_of_incorporation": country,
			"status": []string{"ACTIVE", "ACTIVE", "DISSOLVED"}[i], "number_label": "Company number",
			"provider_reference": map[string]any{"label": p.o.ProviderName, "reference": fmt.Sprintf("%s-%d", country, i)},
		})
	}
	return writeJSON(w, 200, map[string]any{"search_output": out, "errors": []any{}, "warnings": []any{}, "provider_data": map[string]any{"hits": 3}})
}

// Tamper changes a callback to test Gatehouse's handler.
type Tamper struct {
	// Key signs with another key.
	Key []byte
	// Skew dates the request this far from the provider's clock.
	Skew time.Duration
	// Body changes the body after signing.
	Body bool
	// Unsigned sends no signature.
	Unsigned bool
	// ProviderID and Reference replace the check's.
	ProviderID, Reference string
}

// Callback POSTs the callback of the check with this reference to
// Gatehouse: {provider_id, reference, custom_data: {"called_back": true}},
// signed, changed as t says. It returns the status Gatehouse answered.
func (p *Provider) Callback(ctx context.Context, reference string, t Tamper) (int, error) {
	body := map[string]any{"provider_id": p.o.ProviderID, "reference": reference, "custom_data": map[string]any{"called_back": true}}
	if t.ProviderID != "" {
		body["provider_id"] = t.ProviderID
	}
	if t.Reference != "" {
		body["reference"] = t.Reference
	}
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.o.Gatehouse+"callbacks", bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	key := p.o.Key
	if t.Key != nil {
		key = t.Key
	}
	if !t.Unsigned {
		sign(req, b, key, p.now().Add(t.Skew))
	}
	if t.Body {
		tampered := bytes.Replace(b, []byte(`"called_back":true`), []byte(`"called_back":1`), 1)
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(tampered)), int64(len(tampered))
	}
	// The check counts as called back from before the request leaves, as
	// a provider records what it sends: Gatehouse may call /complete as
	// soon as it has accepted the callback, before this answer is read.
	// (By reference: a provider may call back before the check it
	// started is on record here.)
	p.mu.Lock()
	was := p.calledBack[reference]
	p.calledBack[reference] = true
	p.mu.Unlock()
	undo := func() {
		p.mu.Lock()
		p.calledBack[reference] = was
		p.mu.Unlock()
	}
	resp, err := p.client.Do(req)
	if err != nil {
		undo()
		return 0, err
	}
	defer resp.Body.Close()
	var answer struct {
		CallbackID string `json:"callback_id"`
	}
	if resp.StatusCode != http.StatusOK {
		undo()
		return resp.StatusCode, nil
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || len(answer.CallbackID) != 36 {
		return resp.StatusCode, fmt.Errorf("the callback answer has no callback_id: %v", err)
	}
	return resp.StatusCode, nil
}

// downloadImages fetches the images of the check input's documents from
// Gatehouse, as a document verification integration does.
func (p *Provider) downloadImages(c *check) error {
	docs, _ := c.input["documents"].([]any)
	for _, d := range docs {
		doc, _ := d.(map[string]any)
		imgs, _ := doc["images"].([]any)
		for _, i := range imgs {
			img, _ := i.(map[string]any)
			id, _ := img["id"].(string)
			if id == "" {
				continue
			}
			st, data, err := p.FetchImageData(context.Background(), id, Tamper{})
			if err != nil || st != http.StatusOK || len(data) == 0 {
				return fmt.Errorf("could not download image %s from Gatehouse: status %d, %d bytes, %v", id, st, len(data), err)
			}
			sum := sha256.Sum256(data)
			p.mu.Lock()
			c.images = append(c.images, id)
			if c.digests == nil {
				c.digests = map[string]string{}
			}
			c.digests[id] = hex.EncodeToString(sum[:])
			p.mu.Unlock()
		}
	}
	return nil
}

// FetchImage GETs an image from Gatehouse, signed (changed as t says),
// and returns the status and the number of bytes received.
func (p *Provider) FetchImage(ctx context.Context, id string, t Tamper) (int, int, error) {
	st, data, err := p.FetchImageData(ctx, id, t)
	return st, len(data), err
}

// FetchImageData is FetchImage, returning the bytes received.
func (p *Provider) FetchImageData(ctx context.Context, id string, t Tamper) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.o.Gatehouse+"images/"+id, nil)
	if err != nil {
		return 0, nil, err
	}
	key := p.o.Key
	if t.Key != nil {
		key = t.Key
	}
	if !t.Unsigned {
		sign(req, nil, key, p.now().Add(t.Skew))
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}
