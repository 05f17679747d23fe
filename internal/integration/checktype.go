package integration

import "github.com/gatehouse/gatehouse/internal/kyc"

// CheckType is the check type an integration declares in its config. The
// names are the protocol's, some of which are not 4.0 check types
// (COMPANY_DATA, the custom checks).
type CheckType string

// Check types of protocol version 1.
const (
	IdentityCheck                 CheckType = "IDENTITY_CHECK"
	DocumentVerification          CheckType = "DOCUMENT_VERIFICATION"
	DocumentFetch                 CheckType = "DOCUMENT_FETCH"
	CompanyData                   CheckType = "COMPANY_DATA"
	IndividualCustom              CheckType = "INDIVIDUAL_CUSTOM"
	CompanyCustom                 CheckType = "COMPANY_CUSTOM"
	PEPsAndSanctionsScreen        CheckType = "PEPS_AND_SANCTIONS_SCREEN"
	CompanyPEPsAndSanctionsScreen CheckType = "COMPANY_PEPS_AND_SANCTIONS_SCREEN"
)

// Template is how a check runs.
type Template string

// Templates. The polled template has no documented type name; it is
// recognised by its check type.
const (
	TemplateSync     Template = "ONE_TIME_SYNCHRONOUS"
	TemplateCallback Template = "ONE_TIME_CALLBACK"
	TemplatePolled   Template = "ONE_TIME_POLLED"
)

type checkTypeInfo struct {
	template Template
	entity   kyc.EntityType
	targets  []kyc.CheckType
	features []string
	resell   bool // whether the protocol allows reselling
}

// checkTypes describes each check type. The custom checks have no 4.0
// counterpart: their targets are the manual forms (a decision on the
// entity's data), but Mapping maps them onto any target.
var checkTypes = map[CheckType]checkTypeInfo{
	IdentityCheck: {template: TemplateSync, entity: kyc.Individual, targets: []kyc.CheckType{kyc.CheckIdentity},
		features: []string{FeatureExternalLink, FeatureExternalEmbed}, resell: true},
	DocumentVerification: {template: TemplateCallback, entity: kyc.Individual, targets: []kyc.CheckType{kyc.CheckDocumentVerification},
		features: []string{FeatureExternalLink, FeatureExternalEmbed}, resell: true},
	DocumentFetch: {template: TemplateCallback, entity: kyc.Individual, targets: []kyc.CheckType{kyc.CheckDocumentFetch},
		features: []string{FeatureExternalLink, FeatureExternalEmbed}, resell: true},
	CompanyData: {template: TemplateSync, entity: kyc.Company, targets: []kyc.CheckType{kyc.CheckCompanyRegistry, kyc.CheckCompanyOwnership},
		features: []string{FeatureCompanySearch, FeatureProviderFieldChecks, FeatureExternalLink, FeatureExternalEmbed}, resell: true},
	IndividualCustom: {template: TemplateSync, entity: kyc.Individual, targets: []kyc.CheckType{kyc.CheckIndividualManualForm},
		features: []string{FeatureExternalLink, FeatureExternalEmbed}},
	CompanyCustom: {template: TemplateSync, entity: kyc.Company, targets: []kyc.CheckType{kyc.CheckCompanyManualForm},
		features: []string{FeatureExternalLink, FeatureExternalEmbed}},
	PEPsAndSanctionsScreen: {template: TemplatePolled, entity: kyc.Individual, targets: []kyc.CheckType{kyc.CheckPEPsAndSanctions},
		features: []string{FeaturePEPs, FeatureSanctions, FeatureAdverseMedia, FeatureExternalLink, FeatureExternalEmbed}, resell: true},
	CompanyPEPsAndSanctionsScreen: {template: TemplatePolled, entity: kyc.Company, targets: []kyc.CheckType{kyc.CheckCompanyPEPsSanctions},
		features: []string{FeaturePEPs, FeatureSanctions, FeatureAdverseMedia, FeatureExternalLink, FeatureExternalEmbed}, resell: true},
}

// Features an integration may declare in supported_features.
const (
	FeatureCompanySearch       = "COMPANY_SEARCH"
	FeatureProviderFieldChecks = "PROVIDER_FIELD_CHECKS"
	FeatureExternalLink        = "EXTERNAL_LINK"
	FeatureExternalEmbed       = "EXTERNAL_EMBED"
	FeaturePEPs                = "PEPS"
	FeatureSanctions           = "SANCTIONS"
	FeatureAdverseMedia        = "ADVERSE_MEDIA"
)

// Valid reports whether t is a check type of the protocol.
func (t CheckType) Valid() bool {
	_, ok := checkTypes[t]
	return ok
}

// Template is the template integrations of this check type use.
func (t CheckType) Template() Template { return checkTypes[t].template }

// EntityType is the kind of profile the check runs on.
func (t CheckType) EntityType() kyc.EntityType { return checkTypes[t].entity }

// Targets are the 4.0 check types an integration of this type can run.
func (t CheckType) Targets() []kyc.CheckType {
	return append([]kyc.CheckType(nil), checkTypes[t].targets...)
}

// CommercialRelationship says who pays the provider.
type CommercialRelationship string

// Commercial relationships. DIRECT: the customer has its own contract with
// the provider and sends its credentials. PASSFORT: the platform resells
// the check and the integration uses its own credentials.
const (
	Direct   CommercialRelationship = "DIRECT"
	PassFort CommercialRelationship = "PASSFORT"
)
