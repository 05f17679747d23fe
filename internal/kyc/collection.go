package kyc

import "slices"

// CollectionType names data a profile still has to provide.
type CollectionType string

// Collection step types.
const (
	CollectFullName       CollectionType = "FULL_NAME"
	CollectDOB            CollectionType = "DOB"
	CollectAddressHistory CollectionType = "ADDRESS_HISTORY"
	CollectNationality    CollectionType = "NATIONALITY"
	CollectDocument       CollectionType = "DOCUMENT"
	CollectEmail          CollectionType = "EMAIL"
	CollectPhoneNumber    CollectionType = "PHONE_NUMBER"
)

// Valid reports whether t is a known collection type.
func (t CollectionType) Valid() bool {
	switch t {
	case CollectFullName, CollectDOB, CollectAddressHistory, CollectNationality, CollectDocument, CollectEmail, CollectPhoneNumber:
		return true
	}
	return false
}

// CollectionStep describes data required but missing on a profile. While a
// profile has any, every check instructed on it waits (PENDING).
type CollectionStep struct {
	Type CollectionType
	// DOCUMENT steps say which document is wanted.
	DocumentID       string
	Category         string
	FacialSimilarity bool
	AllowedTypes     []string
}

// Fulfilled reports whether the facts provide what the step asks for.
func (s CollectionStep) Fulfilled(f *Facts) bool {
	switch s.Type {
	case CollectFullName:
		return len(f.GivenNames) > 0 && f.FamilyName != ""
	case CollectDOB:
		return f.DOB != ""
	case CollectAddressHistory:
		return len(f.Addresses) > 0
	case CollectNationality:
		return f.Nationality != ""
	case CollectEmail:
		return f.Email != ""
	case CollectPhoneNumber:
		return f.Phone != ""
	case CollectDocument:
		return slices.Contains(f.DocumentCategories, s.Category)
	}
	return false
}

// defaultRequired is what each check type needs of an individual, as
// collection steps, unless its variant's config says otherwise
// (required_data: [FULL_NAME, ...]). An electronic identity check confirms
// the name with the address and with the date of birth in its databases
// (2+2, 1+1), so it needs all three: on a name alone it waits with DOB and
// ADDRESS_HISTORY steps, as PassFort's does; a provider that can do with
// less says so in its variant. Company checks have no collection step types
// in the contract: missing company data ends the check with an error
// instead.
var defaultRequired = map[CheckType][]CollectionType{
	CheckIdentity:             {CollectFullName, CollectDOB, CollectAddressHistory},
	CheckPEPsAndSanctions:     {CollectFullName},
	CheckDocumentVerification: {CollectFullName},
	CheckDocumentFetch:        {CollectFullName},
	CheckBankAccount:          {CollectFullName, CollectAddressHistory},
}

// RequiredData returns the data a check variant needs of an individual.
func RequiredData(t CheckType, v CheckVariant) []CollectionType {
	list, ok := v.Config["required_data"].([]any)
	if !ok {
		return defaultRequired[t]
	}
	var out []CollectionType
	for _, x := range list {
		if s, ok := x.(string); ok && CollectionType(s).Valid() {
			out = append(out, CollectionType(s))
		}
	}
	return out
}

// MissingFor returns the collection steps a check needs that the facts do
// not fulfil.
func MissingFor(t CheckType, v CheckVariant, f *Facts) []CollectionStep {
	var out []CollectionStep
	for _, ct := range RequiredData(t, v) {
		s := CollectionStep{Type: ct}
		if !s.Fulfilled(f) {
			out = append(out, s)
		}
	}
	return out
}

// AddCollectionSteps adds steps the profile does not have yet and reports
// whether any was added.
func (p *Profile) AddCollectionSteps(steps []CollectionStep) bool {
	added := false
	for _, s := range steps {
		dup := false
		for _, h := range p.CollectionSteps {
			dup = dup || h.Type == s.Type && h.Category == s.Category && h.DocumentID == s.DocumentID
		}
		if !dup {
			p.CollectionSteps = append(p.CollectionSteps, s)
			added = true
		}
	}
	if added {
		p.Touch()
	}
	return added
}

// DropFulfilledSteps removes the collection steps the current data
// fulfils and reports whether any was removed.
func (p *Profile) DropFulfilledSteps() bool {
	kept := p.CollectionSteps[:0:0]
	for _, s := range p.CollectionSteps {
		if !s.Fulfilled(p.Facts()) {
			kept = append(kept, s)
		}
	}
	if len(kept) == len(p.CollectionSteps) {
		return false
	}
	p.CollectionSteps = kept
	p.Touch()
	return true
}
