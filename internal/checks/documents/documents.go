// Package documents is the built-in provider of DOCUMENT_VERIFICATION
// checks: it verifies an identity document from its machine-readable zone
// (ICAO Doc 9303: passports, identity cards) as read into the document's
// extracted_data (mrz1, mrz2, mrz3), and compares what the zone says with
// the rest of the extracted data and with the profile's collected data.
//
// What it verifies: that the document and its images are the profile's
// (uploaded, not merely named); that the zone is well formed and every
// check digit holds (the forgery checks); that the document has not
// expired and its issuing state and the holder's nationality are real
// codes; that the zone's name, date of birth, sex, nationality and number
// agree with the extracted data and the profile (names compared after
// screening.Normalise, with ICAO's transliterations). What it cannot
// verify: that the images show the document the zone was read from, or
// that the document is genuine beyond its zone; those need a provider
// that examines the images (the integration protocol).
package documents

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ProviderName is the provider's name in check variants and results.
const ProviderName = "documents"

// Provider runs DOCUMENT_VERIFICATION checks.
type Provider struct {
	// NowFunc returns the current time (expiry, two-digit years); nil
	// means time.Now.
	NowFunc func() time.Time
}

// New returns the provider.
func New() *Provider { return &Provider{} }

// Name is "documents".
func (p *Provider) Name() string { return ProviderName }

// Inline reports that the zone is verified in the process (checks.Inliner).
func (p *Provider) Inline() bool { return true }

// Supports DOCUMENT_VERIFICATION only: company documents carry no
// machine-readable zone.
func (p *Provider) Supports(t kyc.CheckType) bool { return t == kyc.CheckDocumentVerification }

// allowSpecimen is the variant option that accepts Doc 9303's specimen
// state, Utopia (UTO): for demonstrations and tests, never for customers.
const allowSpecimen = "allow_specimen"

// VariantProblems reports bad options in a variant's config.
func (p *Provider) VariantProblems(v kyc.CheckVariant) []kyc.ConfigProblem {
	var out []kyc.ConfigProblem
	for k, val := range v.Config {
		switch k {
		case allowSpecimen:
			if _, ok := val.(bool); !ok {
				out = append(out, kyc.ConfigProblem{Key: k, Reason: "must be true or false", Value: val})
			}
		case "required_data":
		default:
			out = append(out, kyc.ConfigProblem{Key: k, Reason: "is not an option of the documents provider (allow_specimen)", Value: val})
		}
	}
	return out
}

func (p *Provider) now() time.Time {
	if p.NowFunc != nil {
		return p.NowFunc()
	}
	return time.Now()
}

// Run verifies the document the check names (or, for a check instructed
// without one, the profile's latest proof of identity). It never returns
// an error: every problem is an outcome (Fail for a document that does not
// verify, Error for one that cannot be checked).
func (p *Provider) Run(ctx context.Context, req checks.Request) (checks.Outcome, error) {
	var in struct {
		Documents []inputDocument `json:"documents"`
	}
	_ = json.Unmarshal(req.Input, &in) // validated when collected; what cannot be read is absent
	doc, err := pick(in.Documents, req.DocumentID)
	if err != nil {
		return errorOutcome(nil, *err), nil
	}
	if err := imagesUploaded(doc, req.Images); err != nil {
		return errorOutcome(doc, *err), nil
	}
	allow, _ := req.Variant.Config[allowSpecimen].(bool)
	res, err := verify(doc, &req.Facts, p.now(), allow)
	if err != nil {
		return errorOutcome(doc, *err), nil
	}
	result := "Fail"
	if res.AllPassed {
		result = "Pass"
	}
	return outcome(result, doc, res, nil), nil
}

// inputDocument is a Document of the input data, read leniently.
type inputDocument struct {
	ID            string          `json:"id"`
	Category      string          `json:"category"`
	DocumentType  string          `json:"document_type"`
	Images        json.RawMessage `json:"images"`
	ExtractedData json.RawMessage `json:"extracted_data"`

	imageIDs []string
	data     extracted
}

// extracted is the part of DocumentData the provider reads.
type extracted struct {
	IssuingCountry  string `json:"issuing_country"`
	Number          string `json:"number"`
	Expiry          string `json:"expiry"`
	PersonalDetails *struct {
		Name *struct {
			GivenNames []string `json:"given_names"`
			FamilyName string   `json:"family_name"`
		} `json:"name"`
		DOB         string `json:"dob"`
		Nationality string `json:"nationality"`
		Gender      string `json:"gender"`
	} `json:"personal_details"`
	MRZ1 string `json:"mrz1"`
	MRZ2 string `json:"mrz2"`
	MRZ3 string `json:"mrz3"`
}

// problem is why a document cannot be checked, as a check error.
type problem struct {
	code   int // PassFort error code: 101 missing data, 201 invalid data
	reason string
}

// pick finds the document to verify.
func pick(docs []inputDocument, id string) (*inputDocument, *problem) {
	var found *inputDocument
	for i := range docs {
		d := &docs[i]
		if id != "" {
			if strings.EqualFold(d.ID, id) {
				found = d
				break
			}
			continue
		}
		if d.Category == "PROOF_OF_IDENTITY" {
			found = d // the latest wins
		}
	}
	switch {
	case found == nil && id != "":
		return nil, &problem{201, "the profile's collected data has no document " + strings.ToLower(id)}
	case found == nil:
		return nil, &problem{101, "the profile has no proof of identity to verify: upload its images and add the document to the collected data"}
	}
	var images []struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(found.Images, &images)
	for _, im := range images {
		found.imageIDs = append(found.imageIDs, strings.ToLower(im.ID))
	}
	_ = json.Unmarshal(found.ExtractedData, &found.data)
	return found, nil
}

// imagesUploaded refuses a document without images, or naming an image the
// profile does not have: a document nobody uploaded is not verified.
func imagesUploaded(d *inputDocument, have []kyc.DocumentImage) *problem {
	if len(d.imageIDs) == 0 {
		return &problem{101, "the document has no images: upload them (POST /document_images) and name them in the document"}
	}
	for _, id := range d.imageIDs {
		found := false
		for _, im := range have {
			found = found || im.ID == id
		}
		if !found {
			return &problem{201, "the document's image " + id + " is not an image uploaded to this profile"}
		}
	}
	return nil
}
