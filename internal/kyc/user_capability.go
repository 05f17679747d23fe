package kyc

import "slices"

// The capabilities a portal role may hold, named by the PassFort
// CapabilityType values of the 4.0 contract. They are untyped string
// constants so that they read as the contract's names wherever a
// capability is compared or listed.
const (
	CapReadProfile           = "READ_PROFILE"
	CapReadCollectedData     = "READ_PROFILE_COLLECTED_DATA"
	CapReadCollectionSteps   = "READ_PROFILE_COLLECTION_STEPS"
	CapReadApplication       = "READ_PRODUCT_APPLICATION"
	CapReadTask              = "READ_TASK"
	CapSearch                = "SEARCH"
	CapViewUser              = "VIEW_USER"
	CapEditTaskCompletion    = "EDIT_TASK_COMPLETION_STATUS"
	CapCreateTaskNote        = "CREATE_TASK_NOTE"
	CapManageMatches         = "MANAGE_PEP_AND_SANCTIONS_MATCHES"
	CapAssignApplication     = "ASSIGN_PRODUCT_APPLICATION"
	CapEditApplicationStatus = "EDIT_PRODUCT_APPLICATION_STATUS"
	CapCreateProfileTag      = "CREATE_PROFILE_TAG"
	CapDeleteProfileTag      = "DELETE_PROFILE_TAG"
	CapViewUsers             = "VIEW_USERS"
	CapCreateUser            = "CREATE_USER"
	CapEditUser              = "EDIT_USER"
	CapEditUserRole          = "EDIT_USER_ROLE"
	CapEditUserPassword      = "EDIT_USER_PASSWORD"
	CapViewConfig            = "VIEW_CONFIG"
	CapEditConfig            = "EDIT_CONFIG"
	CapViewConfigCredentials = "VIEW_CONFIG_CREDENTIALS"
	// CapDeleteProfile erases a profile and clears its legal hold.
	CapDeleteProfile = "DELETE_PROFILE"
	// CapEditProfile sets a legal hold, among the profile's other edits.
	CapEditProfile = "EDIT_PROFILE"
)

// viewerCaps read; analystCaps work cases; adminCaps manage the institution.
var (
	viewerCaps = []string{CapReadProfile, CapReadCollectedData, CapReadCollectionSteps, CapReadApplication,
		CapReadTask, CapSearch, CapViewUser}
	analystCaps = append(slices.Clone(viewerCaps), CapEditTaskCompletion, CapCreateTaskNote, CapManageMatches,
		CapAssignApplication, CapEditApplicationStatus, CapCreateProfileTag, CapDeleteProfileTag)
	adminCaps = append(slices.Clone(analystCaps), CapViewUsers, CapCreateUser, CapEditUser, CapEditUserRole,
		CapEditUserPassword, CapViewConfig, CapEditConfig, CapViewConfigCredentials, CapEditProfile, CapDeleteProfile)
)

// RoleCapabilities is the table from portal role to the capabilities it
// grants. This is the portal's own table (for people); the API's keys have
// theirs. Each role holds every capability of the roles below it.
var RoleCapabilities = map[UserRole][]string{
	UserViewer:  viewerCaps,
	UserAnalyst: analystCaps,
	UserAdmin:   adminCaps,
}

// Capabilities returns the capabilities of a role (none for an unknown one).
func (r UserRole) Capabilities() []string { return RoleCapabilities[r] }

// Can reports whether a role grants a capability.
func (r UserRole) Can(capability string) bool {
	return slices.Contains(RoleCapabilities[r], capability)
}
