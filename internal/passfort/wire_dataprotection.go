package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// Gatehouse's own data protection endpoints (not PassFort's): erasure,
// legal hold, and a profile's data protection state.

// LegalHold is a profile's legal hold.
type LegalHold struct {
	Reason string   `json:"reason"`
	SetBy  string   `json:"set_by"`
	SetAt  DateTime `json:"set_at"`
}

// DataProtection is GET /gatehouse/v1/profiles/{id}/data_protection, and
// the answer of erasure and of the legal hold endpoints.
type DataProtection struct {
	ProfileID string     `json:"profile_id"`
	Role      kyc.Role   `json:"role"`
	Erased    bool       `json:"erased"`
	ErasedAt  *DateTime  `json:"erased_at"`
	LegalHold *LegalHold `json:"legal_hold"`
	// Erasable says whether DELETE would erase the profile now, and
	// BlockedBy why not.
	Erasable  bool   `json:"erasable"`
	BlockedBy string `json:"blocked_by,omitempty"`
}

// FromDataProtection renders a profile's data protection state.
func FromDataProtection(p *kyc.Profile) DataProtection {
	d := DataProtection{ProfileID: p.ID, Role: p.Role, Erased: p.Erased()}
	if p.ErasedAt != nil {
		t := DateTime(*p.ErasedAt)
		d.ErasedAt = &t
	}
	if h := p.LegalHold; h != nil {
		d.LegalHold = &LegalHold{Reason: h.Reason, SetBy: h.SetBy, SetAt: DateTime(h.SetAt)}
	}
	if !p.Erased() {
		d.BlockedBy = p.ErasureBlocked()
		d.Erasable = d.BlockedBy == ""
	}
	return d
}

// DecodeLegalHold reads PUT /gatehouse/v1/profiles/{id}/legal_hold:
// {"reason": "..."}.
func DecodeLegalHold(body []byte) (string, error) {
	var b struct {
		Reason *string `json:"reason" text:"prose"`
	}
	if err := decodeBody(body, &b); err != nil {
		return "", err
	}
	if b.Reason == nil {
		return "", kyc.MissingField("reason")
	}
	return *b.Reason, nil
}
