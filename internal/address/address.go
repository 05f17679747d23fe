// Package address formats postal addresses by the conventions of their
// country and searches for addresses behind one interface.
//
// Formatting follows OpenCage's address-formatting templates (a maintained,
// MIT-licensed data set covering every country, embedded as data/formats.json
// by scripts/gen-address-formats), rendered by a small Mustache subset
// written here. Search is the Searcher interface: a deterministic demo
// searcher for the sandbox, and an HTTP searcher for a real address service
// (docs/address.md describes its contract). The spec-shaped answers of
// GET /address/search and GET /address/format are SearchResponse and
// StructuredAddress.
package address

import (
	"encoding/json"
	"strings"
)

// StructuredAddress is PassFort's StructuredAddress: the answer of
// GET /address/format and the structured form of addresses in collected
// data. PostalTown is PassFort's post town (as Royal Mail uses it), which the
// 4.0 document does not list but allows, its StructuredAddress being open.
type StructuredAddress struct {
	Type                      string          `json:"type"`
	Country                   string          `json:"country,omitempty"`
	StateProvince             string          `json:"state_province,omitempty"`
	County                    string          `json:"county,omitempty"`
	PostalCode                string          `json:"postal_code,omitempty"`
	Locality                  string          `json:"locality,omitempty"`
	PostalTown                string          `json:"postal_town,omitempty"`
	Route                     string          `json:"route,omitempty"`
	StreetNumber              string          `json:"street_number,omitempty"`
	Premise                   string          `json:"premise,omitempty"`
	Subpremise                string          `json:"subpremise,omitempty"`
	OriginalFreeformAddress   string          `json:"original_freeform_address,omitempty"`
	OriginalStructuredAddress json.RawMessage `json:"original_structured_address,omitempty"`
}

// Structured is the value of StructuredAddress.Type.
const Structured = "STRUCTURED"

// Lines are a formatted address, one postal line each, top to bottom.
type Lines []string

// String is the address as a label prints it: one line under the other.
func (l Lines) String() string { return strings.Join(l, "\n") }

// OneLine is the address on one line, its lines separated by commas, as
// search results and summaries show it.
func (l Lines) OneLine() string { return strings.Join(l, ", ") }
