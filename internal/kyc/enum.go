package kyc

// Role is the relation between the profile's entity and the institution.
type Role string

// Roles.
const (
	RoleIndividualCustomer   Role = "INDIVIDUAL_CUSTOMER"
	RoleIndividualAssociated Role = "INDIVIDUAL_ASSOCIATED"
	RoleCompanyCustomer      Role = "COMPANY_CUSTOMER"
	RoleCompanyAssociated    Role = "COMPANY_ASSOCIATED"
)

// EntityType returns the entity type a role requires, and false for an unknown role.
func (r Role) EntityType() (EntityType, bool) {
	switch r {
	case RoleIndividualCustomer, RoleIndividualAssociated:
		return Individual, true
	case RoleCompanyCustomer, RoleCompanyAssociated:
		return Company, true
	}
	return "", false
}

// EntityType tells an individual from a company.
type EntityType string

// Entity types.
const (
	Individual EntityType = "INDIVIDUAL"
	Company    EntityType = "COMPANY"
)

// ProfileStatus is set by the institution to suspend or ban a profile.
type ProfileStatus string

// Profile statuses.
const (
	StatusNormal    ProfileStatus = "NORMAL"
	StatusSuspended ProfileStatus = "SUSPENDED"
	StatusBanned    ProfileStatus = "BANNED"
)

// Valid reports whether s is a known profile status.
func (s ProfileStatus) Valid() bool {
	return s == StatusNormal || s == StatusSuspended || s == StatusBanned
}

// Category is the derived state of the customer relationship.
type Category string

// Categories.
const (
	CategoryApplicant         Category = "APPLICANT"
	CategoryCustomer          Category = "CUSTOMER"
	CategoryPreviousCustomer  Category = "PREVIOUS_CUSTOMER"
	CategoryInactiveApplicant Category = "INACTIVE_APPLICANT"
)

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	switch c {
	case CategoryApplicant, CategoryCustomer, CategoryPreviousCustomer, CategoryInactiveApplicant:
		return true
	}
	return false
}

// AppStatus is the status of a product application.
type AppStatus string

// Application statuses.
const (
	AppApplied   AppStatus = "APPLIED"
	AppApproved  AppStatus = "APPROVED"
	AppInReview  AppStatus = "IN_REVIEW"
	AppRejected  AppStatus = "REJECTED"
	AppCancelled AppStatus = "CANCELLED"
)

// Valid reports whether s is a known application status.
func (s AppStatus) Valid() bool {
	switch s {
	case AppApplied, AppApproved, AppInReview, AppRejected, AppCancelled:
		return true
	}
	return false
}

// Final reports whether no transition leaves s.
func (s AppStatus) Final() bool { return s == AppRejected || s == AppCancelled }

// Flag is the single derived processing state of an application.
type Flag string

// Flags.
const (
	FlagAutomating          Flag = "AUTOMATING"
	FlagDecided             Flag = "DECIDED"
	FlagWaitingOnCollection Flag = "WAITING_ON_COLLECTION_STEPS"
	FlagWaitingOnChecks     Flag = "WAITING_ON_CHECKS"
	FlagRequiresManualTask  Flag = "REQUIRES_MANUAL_TASK_COMPLETION"
	FlagReadyForDecision    Flag = "READY_FOR_DECISION"
	FlagRequiresRiskScore   Flag = "REQUIRES_RISK_SCORE"
	FlagRecalculatingRisk   Flag = "RECALCULATING_RISK"
)

// TaskType names a kind of due-diligence task. It is an open set: policies may
// use types newer than the 4.0 contract, which are passed through unchanged.
type TaskType string

// TaskState is the completion state of a task.
type TaskState string

// Task states.
const (
	TaskIncomplete    TaskState = "INCOMPLETE"
	TaskCompletedPass TaskState = "COMPLETED_PASS"
	TaskCompletedFail TaskState = "COMPLETED_FAIL"
)

// Valid reports whether s is a known task state.
func (s TaskState) Valid() bool {
	return s == TaskIncomplete || s == TaskCompletedPass || s == TaskCompletedFail
}

// Complete reports whether the task has been decided either way.
func (s TaskState) Complete() bool { return s == TaskCompletedPass || s == TaskCompletedFail }

// BlockerType is the kind of an approval blocker.
type BlockerType string

// Blocker types.
const (
	BlockerIncompleteTask   BlockerType = "INCOMPLETE_TASK"
	BlockerUnresolvedEvent  BlockerType = "UNRESOLVED_EVENT"
	BlockerSuspendedProfile BlockerType = "SUSPENDED_PROFILE"
	BlockerUndeterminedRisk BlockerType = "UNDETERMINED_RISK"
)

// AssociatedRole is the role an associate holds in a company.
type AssociatedRole string

// Associated roles.
const (
	RoleAuthorizedPerson   AssociatedRole = "AUTHORIZED_PERSON"
	RoleUnauthorizedPerson AssociatedRole = "UNAUTHORIZED_PERSON"
	RoleDirector           AssociatedRole = "DIRECTOR"
	RoleCompanySecretary   AssociatedRole = "COMPANY_SECRETARY"
	RoleShareholder        AssociatedRole = "SHAREHOLDER"
	RolePartner            AssociatedRole = "PARTNER"
	RoleTrustee            AssociatedRole = "TRUSTEE"
	RoleBeneficialOwner    AssociatedRole = "BENEFICIAL_OWNER"
	RoleResignedOfficer    AssociatedRole = "RESIGNED_OFFICER"
	RoleOther              AssociatedRole = "OTHER"
)

// Valid reports whether r is a known associated role.
func (r AssociatedRole) Valid() bool {
	switch r {
	case RoleAuthorizedPerson, RoleUnauthorizedPerson, RoleDirector, RoleCompanySecretary,
		RoleShareholder, RolePartner, RoleTrustee, RoleBeneficialOwner, RoleResignedOfficer, RoleOther:
		return true
	}
	return false
}

// Task types of the PassFort 4.0 contract.
const (
	TaskIndividualVerifyIdentity                TaskType = "INDIVIDUAL_VERIFY_IDENTITY"
	TaskIndividualVerifyAddress                 TaskType = "INDIVIDUAL_VERIFY_ADDRESS"
	TaskIndividualVerifySourceOfFunds           TaskType = "INDIVIDUAL_VERIFY_SOURCE_OF_FUNDS"
	TaskIndividualAssessMediaPoliticalSanctions TaskType = "INDIVIDUAL_ASSESS_MEDIA_AND_POLITICAL_AND_SANCTIONS_EXPOSURE"
	TaskIndividualAssessPoliticalSanctions      TaskType = "INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE"
	TaskIndividualAssessPolitical               TaskType = "INDIVIDUAL_ASSESS_POLITICAL_EXPOSURE"
	TaskIndividualAssessSanctions               TaskType = "INDIVIDUAL_ASSESS_SANCTIONS_EXPOSURE"
	TaskIndividualVerifyBankAccount             TaskType = "INDIVIDUAL_VERIFY_BANK_ACCOUNT"
	TaskIndividualManual                        TaskType = "INDIVIDUAL_MANUAL_TASK"
	TaskCompanyVerifyIdentity                   TaskType = "COMPANY_VERIFY_IDENTITY"
	TaskCompanyVerifyCharity                    TaskType = "COMPANY_VERIFY_CHARITY"
	TaskCompanyIdentifyAuthorizedPersons        TaskType = "COMPANY_IDENTIFY_AUTHORIZED_PERSONS"
	TaskCompanyIdentifyOfficers                 TaskType = "COMPANY_IDENTIFY_OFFICERS"
	TaskCompanyIdentifyTrustees                 TaskType = "COMPANY_IDENTIFY_TRUSTEES"
	TaskCompanyIdentifyBeneficialOwners         TaskType = "COMPANY_IDENTIFY_BENEFICIAL_OWNERS"
	TaskCompanyReviewFilings                    TaskType = "COMPANY_REVIEW_FILINGS"
	TaskCompanyAssessSanctions                  TaskType = "COMPANY_ASSESS_SANCTIONS_EXPOSURE"
	TaskCompanyAssessMedia                      TaskType = "COMPANY_ASSESS_MEDIA_EXPOSURE"
	TaskCompanyAssessMediaSanctions             TaskType = "COMPANY_ASSESS_MEDIA_AND_SANCTIONS_EXPOSURE"
	TaskCompanyManual                           TaskType = "COMPANY_MANUAL_TASK"
	TaskCompanyVerifyBankAccount                TaskType = "COMPANY_VERIFY_BANK_ACCOUNT"
	TaskCompanyVerifyTaxStatus                  TaskType = "COMPANY_VERIFY_TAX_STATUS"
)

var taskTypes = []TaskType{
	TaskIndividualVerifyIdentity, TaskIndividualVerifyAddress, TaskIndividualVerifySourceOfFunds,
	TaskIndividualAssessMediaPoliticalSanctions, TaskIndividualAssessPoliticalSanctions,
	TaskIndividualAssessPolitical, TaskIndividualAssessSanctions, TaskIndividualVerifyBankAccount,
	TaskIndividualManual, TaskCompanyVerifyIdentity, TaskCompanyVerifyCharity,
	TaskCompanyIdentifyAuthorizedPersons, TaskCompanyIdentifyOfficers, TaskCompanyIdentifyTrustees,
	TaskCompanyIdentifyBeneficialOwners, TaskCompanyReviewFilings, TaskCompanyAssessSanctions,
	TaskCompanyAssessMedia, TaskCompanyAssessMediaSanctions, TaskCompanyManual,
	TaskCompanyVerifyBankAccount, TaskCompanyVerifyTaxStatus,
}

// TaskCompanyAssessOwnership is a task type newer than the 4.0 contract
// (PassFort's "assess ownership"): a policy may use it, and its tasks
// follow the associate task rule like the identify tasks. It is not in
// TaskTypes, which lists the contract's.
const TaskCompanyAssessOwnership TaskType = "COMPANY_ASSESS_OWNERSHIP"

// associateTaskTypes are the company tasks done by onboarding associates:
// they pass when every associate linked for them is approved.
var associateTaskTypes = []TaskType{
	TaskCompanyIdentifyOfficers, TaskCompanyIdentifyBeneficialOwners, TaskCompanyIdentifyTrustees,
	TaskCompanyIdentifyAuthorizedPersons, TaskCompanyAssessOwnership,
}

// IsAssociateTask reports whether a task type is done by onboarding
// associates (identify officers, beneficial owners, trustees or authorised
// persons, assess ownership).
func (t TaskType) IsAssociateTask() bool {
	for _, k := range associateTaskTypes {
		if k == t {
			return true
		}
	}
	return false
}

// TaskTypes returns every task type of the contract.
func TaskTypes() []TaskType { return append([]TaskType(nil), taskTypes...) }

// EntityType returns the entity type a task type applies to, and false for
// a type outside the contract (and Gatehouse's COMPANY_ASSESS_OWNERSHIP).
func (t TaskType) EntityType() (EntityType, bool) {
	if t == TaskCompanyAssessOwnership {
		return Company, true
	}
	for _, k := range taskTypes {
		if k == t {
			if t[0] == 'I' {
				return Individual, true
			}
			return Company, true
		}
	}
	return "", false
}
