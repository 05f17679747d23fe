package integration

import "encoding/json"

// CheckRequest is the body of POST /checks: what a check runs on and how.
type CheckRequest struct {
	// ID is Gatehouse's check id (a UUID); every later request about the
	// check uses it.
	ID string `json:"id"`
	// DemoResult asks for a demo result instead of a live check.
	DemoResult             string                 `json:"demo_result,omitempty"`
	CommercialRelationship CommercialRelationship `json:"commercial_relationship"`
	// CheckInput is the profile's 4.0 EntityData (IndividualData or
	// CompanyData; for screening, EntityData with screening_hits).
	CheckInput     json.RawMessage `json:"check_input"`
	ProviderConfig map[string]any  `json:"provider_config"`
	// ProviderCredentials are sent only when CommercialRelationship is
	// DIRECT; the client drops them otherwise.
	ProviderCredentials Credentials `json:"provider_credentials,omitempty"`
}

// Ref is how an integration knows a check it started: its provider_id,
// its reference, and the custom_data it keeps with Gatehouse (merged from
// the start answer, callbacks and polls). Gatehouse stores it with the
// check between calls.
type Ref struct {
	ProviderID string          `json:"provider_id"`
	Reference  string          `json:"reference"`
	CustomData json.RawMessage `json:"custom_data,omitempty"`
}

// FollowUp is the body of /ready, /complete and /poll: the check's
// instruction again, with the integration's Ref. Ready sends CheckInput
// and DemoResult; Complete sends neither (the protocol's /complete body
// has no check input); Poll sends DemoResult.
type FollowUp struct {
	ID                     string                 `json:"id"`
	DemoResult             string                 `json:"demo_result,omitempty"`
	CommercialRelationship CommercialRelationship `json:"commercial_relationship"`
	CheckInput             json.RawMessage        `json:"check_input,omitempty"`
	ProviderConfig         map[string]any         `json:"provider_config"`
	ProviderCredentials    Credentials            `json:"provider_credentials,omitempty"`
	ProviderID             string                 `json:"provider_id"`
	Reference              string                 `json:"reference"`
	CustomData             json.RawMessage        `json:"custom_data,omitempty"`
}

// Result is what an integration answers with a check's result: the
// answer to a synchronous POST /checks, to /complete, and (with a Ref) to
// /poll.
type Result struct {
	// CheckOutput is the check's data; absent (or null) when the check
	// errored, or, for a poll, while it is still running.
	CheckOutput json.RawMessage `json:"check_output,omitempty"`
	// Result is the provider's own verdict: a string (Pass, Fail, Error,
	// 1+1, 2+2) when it gives no check_output, or for custom checks an
	// object {decision, summary}.
	Result            json.RawMessage    `json:"result,omitempty"`
	Errors            []Error            `json:"errors,omitempty"`
	Warnings          []Warning          `json:"warnings,omitempty"`
	ProviderData      json.RawMessage    `json:"provider_data,omitempty"`
	Charges           []Charge           `json:"charges,omitempty"`
	ExternalResources []ExternalResource `json:"external_resources,omitempty"`
}

// StartResponse answers POST /checks of a callback or polled check.
type StartResponse struct {
	Ref
	ProviderData json.RawMessage `json:"provider_data,omitempty"`
	Errors       []Error         `json:"errors,omitempty"`
	Warnings     []Warning       `json:"warnings,omitempty"`
}

// PollResponse answers POST /checks/{id}/poll.
type PollResponse struct {
	Ref
	Result
}

// Done reports whether a poll ended the check: it has check_output or
// errors.
func (p *PollResponse) Done() bool { return !isAbsent(p.CheckOutput) || len(p.Errors) > 0 }

// Error is an integration error (not a 4.0 Error).
type Error struct {
	Type    string          `json:"type"`
	SubType string          `json:"sub_type,omitempty"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// Warning is like Error without sub_type and data; it does not fail the
// check.
type Warning struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Charge is what a resold check cost, in pennies.
type Charge struct {
	Amount    float64 `json:"amount"`
	SKU       string  `json:"sku,omitempty"`
	Reference string  `json:"reference,omitempty"`
}

// ExternalResource is a page the provider offers about the result.
type ExternalResource struct {
	Type  string `json:"type,omitempty"`
	URL   string `json:"url,omitempty"`
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
}

// Callback is the body an integration POSTs to Gatehouse's callback
// endpoint when a check it started is done.
type Callback struct {
	ProviderID string          `json:"provider_id"`
	Reference  string          `json:"reference"`
	CustomData json.RawMessage `json:"custom_data,omitempty"`
}

// DownloadRequest is the body of POST /download_file.
type DownloadRequest struct {
	CheckID                string                 `json:"check_id"`
	FileReference          string                 `json:"file_reference"`
	DownloadInfo           DownloadInfo           `json:"download_info"`
	CommercialRelationship CommercialRelationship `json:"commercial_relationship"`
	ProviderConfig         map[string]any         `json:"provider_config"`
	ProviderCredentials    Credentials            `json:"provider_credentials,omitempty"`
	CustomData             json.RawMessage        `json:"custom_data,omitempty"`
}

// DownloadInfo says what a download is: an IMAGE (FRONT, BACK, FACE) or a
// FILE (LIVE_VIDEO, VIDEO_FRAME).
type DownloadInfo struct {
	DownloadType string `json:"download_type"`
	ImageType    string `json:"image_type,omitempty"`
	FileType     string `json:"file_type,omitempty"`
}

// File is a downloaded file.
type File struct {
	// ContentType is one the protocol allows (image/jpeg, image/png,
	// image/gif, image/tiff, application/pdf, video/mp4, video/webm).
	ContentType string
	// Name is the File-Name header, "unknown" when there was none.
	Name string
	Data []byte
}

// SearchRequest is the body of POST /search.
type SearchRequest struct {
	DemoResult             string                 `json:"demo_result,omitempty"`
	CommercialRelationship CommercialRelationship `json:"commercial_relationship"`
	SearchInput            SearchInput            `json:"search_input"`
	ProviderConfig         map[string]any         `json:"provider_config"`
	ProviderCredentials    Credentials            `json:"provider_credentials,omitempty"`
}

// SearchInput is what is known of the company searched for.
type SearchInput struct {
	Query                  string `json:"query"`
	CountryOfIncorporation string `json:"country_of_incorporation"`
	State                  string `json:"state,omitempty"`
}

// SearchResponse answers POST /search.
type SearchResponse struct {
	SearchOutput []Candidate     `json:"search_output"`
	Errors       []Error         `json:"errors,omitempty"`
	Warnings     []Warning       `json:"warnings,omitempty"`
	ProviderData json.RawMessage `json:"provider_data,omitempty"`
	Charges      []Charge        `json:"charges,omitempty"`
}

// Candidate is a company a search found. Members Gatehouse does not use
// (addresses, contact, structure_type, tax_ids) are not decoded.
type Candidate struct {
	Name                   string          `json:"name"`
	Number                 string          `json:"number"`
	NumberLabel            string          `json:"number_label,omitempty"`
	CountryOfIncorporation string          `json:"country_of_incorporation"`
	Status                 string          `json:"status,omitempty"`
	ProviderReference      json.RawMessage `json:"provider_reference,omitempty"`
	IncorporationDate      string          `json:"incorporation_date,omitempty"`
	LEI                    string          `json:"lei,omitempty"`
	BvDID                  string          `json:"bvd_id,omitempty"`
}
