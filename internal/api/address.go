package api

import (
	"encoding/json"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// addresses is the address searcher in service: the configured one, or the
// deterministic demo searcher.
func (s *Server) addresses() address.Searcher {
	if s.cfg.Addresses != nil {
		return s.cfg.Addresses
	}
	return address.Demo{}
}

// onceEach refuses a query parameter given more than once.
func onceEach(r *http.Request, names ...string) error {
	q := r.URL.Query()
	for _, n := range names {
		if len(q[n]) > 1 {
			return kyc.FieldError(n, "is given more than once")
		}
	}
	return nil
}

func (s *Server) searchAddresses(w http.ResponseWriter, r *http.Request) error {
	if err := onceEach(r, "address", "country_code", "limit"); err != nil {
		return err
	}
	q := r.URL.Query()
	limit, err := address.ParseLimit(q.Get("limit"))
	if err != nil {
		return err
	}
	res, err := address.SearchAddresses(r.Context(), s.addresses(), q.Get("address"), q.Get("country_code"), limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, res)
	return nil
}

// formattedAddress is the answer of GET /address/format: the contract's
// StructuredAddress, and formatted_lines, Gatehouse's addition (the
// StructuredAddress schema is open): the address laid out by its
// country's postal conventions, as an envelope would carry it.
type formattedAddress struct {
	address.StructuredAddress
	FormattedLines []string `json:"formatted_lines"`
}

func (s *Server) formatAddress(w http.ResponseWriter, r *http.Request) error {
	if err := onceEach(r, "id", "country_code"); err != nil {
		return err
	}
	q := r.URL.Query()
	a, err := address.ResolveAddress(r.Context(), s.addresses(), q.Get("id"), q.Get("country_code"))
	if err != nil {
		return err
	}
	lines, err := address.Format(a, "")
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, formattedAddress{StructuredAddress: a, FormattedLines: lines})
	return nil
}

// addressLayout is the answer of POST /gatehouse/v1/address/format.
type addressLayout struct {
	Country string   `json:"country"`
	Lines   []string `json:"lines"`
}

// layoutAddress lays a structured address out by its country's postal
// conventions (Gatehouse's own endpoint: the contract's /address/format
// only resolves search results).
func (s *Server) layoutAddress(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	raw, domestic, err := passfort.DecodeFormatRequest(body)
	if err != nil {
		return err
	}
	var a address.StructuredAddress
	if err := json.Unmarshal(raw, &a); err != nil {
		return kyc.FieldError("address", "cannot be read: "+err.Error())
	}
	lines, err := address.FormatWith(a, "", address.Options{Domestic: domestic})
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, addressLayout{Country: a.Country, Lines: lines})
	return nil
}
