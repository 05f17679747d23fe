package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Metadata fetches GET / (unsigned, as the protocol has it). It does not
// validate the answer's content: see Metadata.Validate.
func (c *Client) Metadata(ctx context.Context) (*Metadata, error) {
	k := call{method: http.MethodGet, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var m Metadata
	if err := decode(k.op(), a, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Config fetches GET /config. It does not validate the answer's content:
// see Config.Validate.
func (c *Client) Config(ctx context.Context) (*Config, error) {
	k := call{method: http.MethodGet, path: "config", signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := decode(k.op(), a, &cfg); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// RunCheck runs a synchronous check: POST /checks answers with the result.
func (c *Client) RunCheck(ctx context.Context, req CheckRequest) (*Result, error) {
	if err := prepare(&req.ID, &req.CommercialRelationship, &req.ProviderCredentials, &req.ProviderConfig, req.CheckInput, true); err != nil {
		return nil, err
	}
	k := call{method: http.MethodPost, path: "checks", body: req, signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := decode(k.op(), a, &r); err != nil {
		return nil, err
	}
	var ps Problems
	checkResult(&ps, &r)
	if err := answerProblems(k.op(), a, ps); err != nil {
		return nil, err
	}
	return &r, nil
}

// StartCheck starts a callback or polled check: POST /checks answers with
// the check's Ref, or with errors (and then no callback follows).
func (c *Client) StartCheck(ctx context.Context, req CheckRequest) (*StartResponse, error) {
	if err := prepare(&req.ID, &req.CommercialRelationship, &req.ProviderCredentials, &req.ProviderConfig, req.CheckInput, true); err != nil {
		return nil, err
	}
	k := call{method: http.MethodPost, path: "checks", body: req, signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var r StartResponse
	if err := decode(k.op(), a, &r); err != nil {
		return nil, err
	}
	var ps Problems
	checkRef(&ps, &r.Ref, len(r.Errors) > 0)
	for i, e := range r.Errors {
		checkObject(&ps, "errors["+itoa(i)+"].data", e.Data)
	}
	if err := answerProblems(k.op(), a, ps); err != nil {
		return nil, err
	}
	return &r, nil
}

// FollowUpOf is the body of the requests that follow a start: the check's
// instruction with the integration's Ref.
func FollowUpOf(req CheckRequest, ref Ref) FollowUp {
	return FollowUp{
		ID: req.ID, DemoResult: req.DemoResult, CommercialRelationship: req.CommercialRelationship,
		CheckInput: req.CheckInput, ProviderConfig: req.ProviderConfig, ProviderCredentials: req.ProviderCredentials,
		ProviderID: ref.ProviderID, Reference: ref.Reference, CustomData: ref.CustomData,
	}
}

// Ready tells a callback check's integration that Gatehouse is ready for
// its callback: POST /checks/{id}/ready. Record the check's Ref before
// calling it: the callback may arrive before Ready returns.
func (c *Client) Ready(ctx context.Context, f FollowUp) error {
	if err := prepareFollowUp(&f, true); err != nil {
		return err
	}
	k := call{method: http.MethodPost, path: "checks/" + f.ID + "/ready", body: f, signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	_, err := c.do(ctx, k)
	return err
}

// Complete fetches a callback check's result after its callback: POST
// /checks/{id}/complete. The body carries no check input or demo_result,
// as the protocol has it.
func (c *Client) Complete(ctx context.Context, f FollowUp) (*Result, error) {
	f.CheckInput, f.DemoResult = nil, ""
	if err := prepareFollowUp(&f, false); err != nil {
		return nil, err
	}
	k := call{method: http.MethodPost, path: "checks/" + f.ID + "/complete", body: f, signed: true, timeout: c.completeTimeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := decode(k.op(), a, &r); err != nil {
		return nil, err
	}
	var ps Problems
	checkResult(&ps, &r)
	if err := answerProblems(k.op(), a, ps); err != nil {
		return nil, err
	}
	return &r, nil
}

// Poll asks a polled check's integration for its result once: POST
// /checks/{id}/poll. The answer has no check_output while the check runs.
// The body carries no check input, as the protocol has it.
func (c *Client) Poll(ctx context.Context, f FollowUp) (*PollResponse, error) {
	f.CheckInput = nil
	if err := prepareFollowUp(&f, false); err != nil {
		return nil, err
	}
	k := call{method: http.MethodPost, path: "checks/" + f.ID + "/poll", body: f, signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var r PollResponse
	if err := decode(k.op(), a, &r); err != nil {
		return nil, err
	}
	var ps Problems
	checkResult(&ps, &r.Result)
	checkObject(&ps, "custom_data", r.CustomData)
	if err := answerProblems(k.op(), a, ps); err != nil {
		return nil, err
	}
	return &r, nil
}

// Download content types the protocol allows.
var (
	imageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/tiff", "application/pdf"}
	videoTypes = []string{"video/mp4", "video/webm"}
)

// DownloadFile fetches an image or file of a document fetch check: POST
// /download_file answers with the raw bytes.
func (c *Client) DownloadFile(ctx context.Context, req DownloadRequest) (*File, error) {
	if err := prepare(&req.CheckID, &req.CommercialRelationship, &req.ProviderCredentials, &req.ProviderConfig, nil, false); err != nil {
		return nil, err
	}
	var ps Problems
	switch req.DownloadInfo.DownloadType {
	case "IMAGE":
		if !contains([]string{"FRONT", "BACK", "FACE"}, req.DownloadInfo.ImageType) {
			ps.add("download_info.image_type", "must be FRONT, BACK or FACE")
		}
	case "FILE":
		if !contains([]string{"LIVE_VIDEO", "VIDEO_FRAME"}, req.DownloadInfo.FileType) {
			ps.add("download_info.file_type", "must be LIVE_VIDEO or VIDEO_FRAME")
		}
	default:
		ps.add("download_info.download_type", "must be IMAGE or FILE")
	}
	if req.FileReference == "" {
		ps.add("file_reference", "is required")
	}
	if len(ps) > 0 {
		return nil, kyc.FieldError(ps[0].Field, ps[0].Reason)
	}
	k := call{method: http.MethodPost, path: "download_file", body: req, signed: true, timeout: c.timeout(), maxBody: c.maxFile()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	ct, _, err := mime.ParseMediaType(a.header.Get("Content-Type"))
	allowed := imageTypes
	if req.DownloadInfo.DownloadType == "FILE" {
		allowed = append(append([]string(nil), videoTypes...), imageTypes...)
	}
	if err != nil || !contains(allowed, ct) {
		return nil, &CallError{Op: k.op(), Kind: KindBody, Attempts: a.attempts, Reason: "the file's Content-Type " + quote(a.header.Get("Content-Type")) +
			" is not one the protocol allows (" + joinQuoted(allowed) + ")"}
	}
	if len(a.body) == 0 {
		return nil, &CallError{Op: k.op(), Kind: KindBody, Attempts: a.attempts, Reason: "the file is empty"}
	}
	name := a.header.Get("File-Name")
	if name == "" || !utf8.ValidString(name) {
		name = "unknown"
	}
	return &File{ContentType: ct, Name: name, Data: a.body}, nil
}

// Search runs a company search (feature COMPANY_SEARCH): POST /search.
func (c *Client) Search(ctx context.Context, req SearchRequest) (*SearchResponse, error) {
	if err := prepareTerms(&req.CommercialRelationship, &req.ProviderCredentials, &req.ProviderConfig); err != nil {
		return nil, err
	}
	if req.SearchInput.Query == "" {
		return nil, kyc.MissingField("search_input.query")
	}
	k := call{method: http.MethodPost, path: "search", body: req, signed: true, timeout: c.timeout(), maxBody: c.maxBody()}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var r SearchResponse
	if err := decode(k.op(), a, &r); err != nil {
		return nil, err
	}
	var ps Problems
	if len(r.Errors) == 0 {
		for i, cand := range r.SearchOutput {
			if cand.Name == "" {
				ps.add("search_output["+itoa(i)+"].name", "is required")
			}
			if cand.Number == "" {
				ps.add("search_output["+itoa(i)+"].number", "is required")
			}
		}
	}
	if err := answerProblems(k.op(), a, ps); err != nil {
		return nil, err
	}
	return &r, nil
}

// prepare checks what Gatehouse is about to send: a UUID check id (it goes
// into the path), a known commercial relationship, credentials only when
// DIRECT (dropped otherwise), provider_config an object (empty when nil),
// and, when needInput, check_input a JSON object. Mistakes are the
// caller's, reported as kyc errors naming the member.
func prepare(id *string, rel *CommercialRelationship, creds *Credentials, cfg *map[string]any, input json.RawMessage, needInput bool) error {
	if !isUUID(*id) {
		return kyc.FieldError("id", "must be a UUID")
	}
	if err := prepareTerms(rel, creds, cfg); err != nil {
		return err
	}
	if needInput {
		if b := bytes.TrimSpace(input); len(b) == 0 || b[0] != '{' || !json.Valid(b) {
			return kyc.FieldError("check_input", "must be a JSON object")
		}
	}
	return nil
}

// prepareTerms checks the commercial relationship, drops credentials
// unless it is DIRECT, and sends an empty provider_config for nil.
func prepareTerms(rel *CommercialRelationship, creds *Credentials, cfg *map[string]any) error {
	switch *rel {
	case Direct:
	case PassFort:
		*creds = nil
	case "":
		return kyc.MissingField("commercial_relationship")
	default:
		return kyc.FieldError("commercial_relationship", "must be DIRECT or PASSFORT")
	}
	if *cfg == nil {
		*cfg = map[string]any{}
	}
	return nil
}

func prepareFollowUp(f *FollowUp, needInput bool) error {
	if err := prepare(&f.ID, &f.CommercialRelationship, &f.ProviderCredentials, &f.ProviderConfig, f.CheckInput, needInput); err != nil {
		return err
	}
	switch {
	case f.ProviderID == "":
		return kyc.MissingField("provider_id")
	case f.Reference == "":
		return kyc.MissingField("reference")
	}
	if isAbsent(f.CustomData) {
		f.CustomData = json.RawMessage("{}") // the poll request requires it
	} else if b := bytes.TrimSpace(f.CustomData); b[0] != '{' || !json.Valid(b) {
		return kyc.FieldError("custom_data", "must be a JSON object")
	}
	return nil
}
