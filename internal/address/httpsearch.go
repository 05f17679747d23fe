package address

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// HTTPSearcher asks a real address service. Its contract is PassFort's
// own address endpoints, so the service can be PassFort itself, another
// Gatehouse, or an adapter in front of a commercial address API (Loqate,
// getAddress, Google Places) answering the same two calls:
//
//	GET {BaseURL}/address/search?address=…&country_code=GBR&limit=7
//	  → 200 {"count": n, "results": [{"id", "text", "query_substrings": [[start, end]…]}]}
//	GET {BaseURL}/address/format?id=…&country_code=GBR
//	  → 200 StructuredAddress; 404 for an unknown id
//
// with the key in an apikey header. docs/address.md describes it. Answers
// are checked: results without an id are dropped, offsets outside the text
// are dropped, at most limit results are kept, bodies are read up to 1 MiB.
// Queries hold personal data: nothing here logs them.
type HTTPSearcher struct {
	// BaseURL is the service's root, without a trailing slash
	// ("https://addresses.example.com/4.0").
	BaseURL string
	// APIKey is sent in the apikey header when set.
	APIKey string
	// Client makes the requests; nil means one with a 10-second timeout.
	Client *http.Client
}

var _ Searcher = (*HTTPSearcher)(nil)

const maxServiceBody = 1 << 20

var defaultClient = &http.Client{Timeout: 10 * time.Second}

// Search asks the service for addresses.
func (h *HTTPSearcher) Search(ctx context.Context, query, country string, limit int) ([]Result, error) {
	v := url.Values{"address": {query}, "country_code": {country}, "limit": {strconv.Itoa(limit)}}
	var body struct {
		Results []Result `json:"results"`
	}
	if err := h.get(ctx, "/address/search", v, &body); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(body.Results))
	for _, r := range body.Results {
		if strings.TrimSpace(r.ID) == "" || len(out) == limit {
			continue
		}
		n := utf8.RuneCountInString(r.Text)
		kept := [][2]int{}
		for _, s := range r.QuerySubstrings {
			if s[0] >= 0 && s[0] < s[1] && s[1] <= n {
				kept = append(kept, s)
			}
		}
		r.QuerySubstrings = kept
		out = append(out, r)
	}
	return out, nil
}

// Resolve asks the service for the structured address of a result.
func (h *HTTPSearcher) Resolve(ctx context.Context, id, country string) (StructuredAddress, error) {
	var a StructuredAddress
	if err := h.get(ctx, "/address/format", url.Values{"id": {id}, "country_code": {country}}, &a); err != nil {
		var ke *kyc.Error
		if errors.As(err, &ke) && ke.Code == kyc.ENotFound {
			return StructuredAddress{}, kyc.NotFound("address", id)
		}
		return StructuredAddress{}, err
	}
	if a.Type != "" && a.Type != Structured {
		return StructuredAddress{}, serviceError("its address has type %q, not STRUCTURED", a.Type)
	}
	if a.Country != "" && a.Country != country {
		return StructuredAddress{}, serviceError("it answered with an address in %q for %s", a.Country, country)
	}
	a.Type, a.Country = Structured, country
	return a, nil
}

// get makes one call and decodes its JSON answer into out. A 404 is
// ENotFound; other failures are EProvider errors (302 PROVIDER_CONNECTION_ERROR)
// that name the status, never the query.
func (h *HTTPSearcher) get(ctx context.Context, path string, v url.Values, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(h.BaseURL, "/")+path+"?"+v.Encode(), nil)
	if err != nil {
		return &kyc.Error{Code: kyc.EProcessNotSetup, Message: "the address service's URL is not valid", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	if h.APIKey != "" {
		req.Header.Set("apikey", h.APIKey)
	}
	c := h.Client
	if c == nil {
		c = defaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &kyc.Error{Code: kyc.EProvider, Message: "the address service cannot be reached", Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxServiceBody+1))
	switch {
	case err != nil:
		return &kyc.Error{Code: kyc.EProvider, Message: "the address service's answer could not be read", Err: err}
	case resp.StatusCode == http.StatusNotFound:
		return &kyc.Error{Code: kyc.ENotFound, Message: "address not found"}
	case resp.StatusCode != http.StatusOK:
		return serviceError("it answered HTTP %d", resp.StatusCode)
	case len(body) > maxServiceBody:
		return serviceError("its answer is larger than %d bytes", maxServiceBody)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &kyc.Error{Code: kyc.EProvider, Message: "the address service's answer is not the JSON expected", Err: err}
	}
	return nil
}

func serviceError(format string, args ...any) *kyc.Error {
	return &kyc.Error{Code: kyc.EProvider, Message: "address service: " + fmt.Sprintf(format, args...)}
}
