package passfort

import (
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// CollectKey is the answer of POST /api_keys/collect and
// POST /api_keys/collect/{profile_id}: the key, shown this once.
type CollectKey struct {
	Name   string   `json:"name"`
	Key    string   `json:"key"`
	Expiry DateTime `json:"expiry"`
}

// FromCollectKey converts a new collect key and its secret.
func FromCollectKey(secret string, k *kyc.CollectKey) CollectKey {
	return CollectKey{Name: k.Name, Key: secret, Expiry: DateTime(k.Expiry)}
}

// DecodeCollectKeyRequest validates a POST /api_keys/collect body,
// {"profile_ids": [UUID, ...]}, and returns the ids as given (the service
// checks each and names the bad one).
func DecodeCollectKeyRequest(body []byte) ([]string, error) {
	var b struct {
		ProfileIDs *[]string `json:"profile_ids"`
	}
	if err := decodeBody(body, &b); err != nil {
		return nil, err
	}
	if b.ProfileIDs == nil {
		return nil, kyc.MissingField("profile_ids")
	}
	return *b.ProfileIDs, nil
}

// CollectProfile is a profile as a collect key reads it: the applicant's
// own data and what is still asked of them. The institution's assessment
// (checks, events, risk, tasks, applications, tags) is left out: an
// applicant must never learn of screening hits or risk from the form they
// fill in. Every member is a ProfileResource member.
type CollectProfile struct {
	ID                 string           `json:"id"`
	CreationDate       DateTime         `json:"creation_date"`
	Role               kyc.Role         `json:"role"`
	CollectedData      rawObject        `json:"collected_data"`
	CollectionSteps    []CollectionStep `json:"collection_steps"`
	DisplayName        string           `json:"display_name"`
	DocumentImages     []any            `json:"document_images"`
	HasCollectionSteps bool             `json:"has_collection_steps"`
}

// rawObject is a JSON object sent as it is.
type rawObject []byte

// MarshalJSON returns the object.
func (r rawObject) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("{}"), nil
	}
	return r, nil
}

// FromCollectProfile converts a profile for a collect key.
func FromCollectProfile(p *kyc.Profile) CollectProfile {
	return CollectProfile{
		ID: p.ID, CreationDate: DateTime(p.CreatedAt), Role: p.Role, CollectedData: rawObject(p.CollectedData),
		CollectionSteps: FromCollectionSteps(p.CollectionSteps), DisplayName: p.DisplayName,
		DocumentImages: []any{}, HasCollectionSteps: len(p.CollectionSteps) > 0,
	}
}
