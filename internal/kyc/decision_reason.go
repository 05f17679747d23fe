package kyc

import (
	"slices"
	"strings"
)

// Reasons an analyst picks from when deciding in the portal (PassFort's
// Policy Builder calls them decision reasons). The reason leads the
// history comment and is kept in the audit item's ref_data.
var (
	approveReasons = []string{"Due diligence complete", "Potential matches reviewed and dismissed",
		"Risk accepted by compliance", "Other"}
	rejectReasons = []string{"Identity could not be verified", "Confirmed sanctions or PEP match",
		"Outside the risk appetite", "Suspected fraud", "Information requested was not provided", "Other"}
)

// DecisionReasons returns the reasons for a decision to a status.
func DecisionReasons(to AppStatus) []string {
	switch to {
	case AppApproved:
		return approveReasons
	case AppRejected, AppCancelled:
		return rejectReasons
	}
	return nil
}

func validReason(to AppStatus, reason string) bool {
	return slices.Contains(DecisionReasons(to), reason)
}

// decisionComment joins a reason and a comment into the history comment.
func decisionComment(reason, comment string) string {
	comment = strings.TrimSpace(comment)
	switch {
	case reason == "":
		return comment
	case comment == "":
		return reason
	}
	return reason + ": " + comment
}
