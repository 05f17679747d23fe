package demo

import (
	"encoding/json"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// input is what a demo check reads from its input data beyond kyc.Facts: the
// address and document entries it echoes back in its output. Reading is
// lenient: a member of an unexpected type is left out, never an error (the
// input was validated when it was collected).
type input struct {
	AddressHistory json.RawMessage `json:"address_history"`
	Metadata       *struct {
		Addresses []struct {
			Type    string          `json:"type"`
			Address json.RawMessage `json:"address"`
		} `json:"addresses"`
		IncorporationDate    string `json:"incorporation_date"`
		StateOfIncorporation string `json:"state_of_incorporation"`
	} `json:"metadata"`
	Documents []inputDocument `json:"documents"`
}

// inputDocument is a Document of the input data, as far as a verification
// result refers to it: its identity, kind and image references (never the
// image data itself).
type inputDocument struct {
	ID           string  `json:"id"`
	Category     string  `json:"category"`
	DocumentType string  `json:"document_type"`
	Images       []image `json:"images"`
}

// image is a DocumentImageResource without its data.
type image struct {
	ID               string `json:"id,omitempty"`
	ImageType        string `json:"image_type,omitempty"`
	UploadDate       string `json:"upload_date,omitempty"`
	DocumentType     string `json:"document_type,omitempty"`
	DocumentCategory string `json:"document_category,omitempty"`
}

func readInput(raw []byte) input {
	var in input
	_ = json.Unmarshal(raw, &in) // lenient: keep whatever could be read
	if !isArray(in.AddressHistory) {
		in.AddressHistory = nil
	}
	return in
}

// companyAddress returns the company's registered address as given (or its
// first address), and nil when it has none.
func (in *input) companyAddress() json.RawMessage {
	if in.Metadata == nil {
		return nil
	}
	var first json.RawMessage
	for _, a := range in.Metadata.Addresses {
		if !isObject(a.Address) {
			continue
		}
		if a.Type == "registered_address" {
			return a.Address
		}
		if first == nil {
			first = a.Address
		}
	}
	return first
}

func isObject(raw json.RawMessage) bool { return len(raw) > 0 && raw[0] == '{' }
func isArray(raw json.RawMessage) bool  { return len(raw) > 0 && raw[0] == '[' }

// personName is an individual's given names and family name, as PassFort
// shows them (whatever entity type the input claims).
func personName(f *kyc.Facts) string {
	return (&kyc.Facts{GivenNames: f.GivenNames, FamilyName: f.FamilyName}).DisplayName()
}

// givenNames are an individual's given names, as one string.
func givenNames(f *kyc.Facts) string { return strings.Join(givenNameList(f), " ") }

// givenNameList are an individual's given names, trimmed, without blanks.
func givenNameList(f *kyc.Facts) []string {
	parts := make([]string, 0, len(f.GivenNames))
	for _, g := range f.GivenNames {
		if g = strings.TrimSpace(g); g != "" {
			parts = append(parts, g)
		}
	}
	return parts
}

// countries returns the entity's countries, for match_countries: the
// country of incorporation or nationality, then address countries; only
// CountryCodes (not ICAO-only nationality codes such as GBN).
func countries(f *kyc.Facts, company bool) []string {
	own := kyc.Facts{Addresses: f.Addresses}
	if company {
		own.CountryOfIncorporation = f.CountryOfIncorporation
	} else {
		own.Nationality = f.Nationality
	}
	var out []string
	for _, c := range own.Countries() {
		if passfort.IsCountryCode(c) {
			out = append(out, c)
		}
	}
	return out
}
