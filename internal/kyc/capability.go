package kyc

// Capability is a PassFort CapabilityType: something a caller may do.
type Capability string

// grants is what an institution API key can do: each capability of the
// contract the API serves, with what serves it. A capability is over a
// profile (listed per profile in search results) or over the institution.
// Not granted, for want of the endpoints: ROOT, roles and
// users, CUSTOM_AUTHOR_NOTE (a note's author is the key),
// ASSIGN_PRODUCT_APPLICATION, EDIT_CONVERSATION, VIEW_APPLICATION,
// EDIT_PAYMENT, configuration and reports.
var grants = []struct {
	cap       Capability
	onProfile bool
}{
	{"CREATE_PROFILE", false},                  // POST /profiles
	{"SEARCH", false},                          // GET /profiles, GET /tags/search/{term}
	{"READ_PROFILE", true},                     // GET /profiles/{id}, audit items
	{"EDIT_PROFILE", true},                     // POST /profiles/{id}/status
	{"READ_PROFILE_COLLECTED_DATA", true},      // GET .../collected_data
	{"EDIT_PROFILE_COLLECTED_DATA", true},      // POST .../collected_data
	{"READ_PROFILE_COLLECTION_STEPS", true},    // GET .../collection_steps
	{"EDIT_PROFILE_COLLECTION_STEPS", true},    // POST .../collection_steps
	{"READ_PRODUCT_APPLICATION", true},         // GET .../applications
	{"CREATE_PRODUCT_APPLICATION", true},       // POST .../applications
	{"EDIT_PRODUCT_APPLICATION_STATUS", true},  // POST .../applications/{id}, revert_decision
	{"READ_TASK", true},                        // GET .../tasks
	{"EDIT_TASK_COMPLETION_STATUS", true},      // POST .../tasks/{id}
	{"CREATE_PROFILE_TASK", true},              // POST .../tasks
	{"CREATE_TASK_NOTE", true},                 // POST .../tasks/{id}/notes
	{"DELETE_TASK_NOTE", true},                 // DELETE .../tasks/{id}/notes/{note_id}
	{"RUN_CHECK", true},                        // POST .../checks, approve, reject
	{"PURCHASE_FILING_DOCUMENT", true},         // a COMPANY_FILING_PURCHASE check
	{"MANAGE_PEP_AND_SANCTIONS_MATCHES", true}, // POST .../events, events/{id}, bulk_update
	{"CREATE_PROFILE_TAG", true},               // POST .../tags
	{"DELETE_PROFILE_TAG", true},               // DELETE .../tags/{tag_id}
	{CapReadDocumentImage, true},               // GET .../document_images, files, their content
	{CapUploadDocumentImage, true},             // POST .../document_images, files, collected_data/documents
	{CapDeleteProfile, true},                   // DELETE /gatehouse/v1/profiles/{id}, legal hold cleared
}

var (
	allCapabilities, profileCapabilities = func() ([]Capability, []Capability) {
		var all, profile []Capability
		for _, g := range grants {
			all = append(all, g.cap)
			if g.onProfile {
				profile = append(profile, g.cap)
			}
		}
		return all, profile
	}()
)

// collectGrants is what a collect key can do, all of it over the profiles
// it covers: read them and their collection steps, and submit their
// collected data and documents (the API middleware's collect routes).
var collectGrants = []Capability{
	"READ_PROFILE",                  // GET /profiles/{id}
	"READ_PROFILE_COLLECTED_DATA",   // GET .../collected_data
	"EDIT_PROFILE_COLLECTED_DATA",   // POST .../collected_data
	"READ_PROFILE_COLLECTION_STEPS", // GET .../collection_steps
	CapUploadDocumentImage,          // POST .../document_images, collected_data/documents
}

// Capabilities returns what the actor may do: everything (whoami), or only
// what it may do over each profile it can see (search results). A collect
// key may do what collectGrants lists; an actor with Granted capabilities
// those of the table it was granted; every other actor of an institution
// what its API keys may. The slice may be shared and must not be changed.
func (a Actor) Capabilities(onProfile bool) []Capability {
	if a.Collect != nil {
		return collectGrants
	}
	if a.Granted != nil {
		var out []Capability
		for _, g := range grants {
			if (g.onProfile || !onProfile) && a.Can(g.cap) {
				out = append(out, g.cap)
			}
		}
		return out
	}
	if onProfile {
		return profileCapabilities
	}
	return allCapabilities
}
