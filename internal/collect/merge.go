package collect

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// object is a JSON object read with its numbers kept as written.
type object = map[string]any

func decodeObject(raw []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var o object
	if err := dec.Decode(&o); err != nil {
		return nil, err
	}
	if o == nil {
		return nil, errors.New("collected data is not an object")
	}
	return o, nil
}

// child returns o[key] as an object, creating it when absent or not one.
func child(o object, key string) object {
	if c, ok := o[key].(object); ok {
		return c
	}
	c := object{}
	o[key] = c
	return c
}

// merge puts the answers to the steps asked into the collected data and
// returns the new document. Members the form does not ask about are kept
// as they are. The answers were checked (answers.check).
func (a answers) merge(current []byte, steps stepSet, now time.Time) ([]byte, error) {
	data, err := decodeObject(current)
	if err != nil {
		return nil, err
	}
	pd := func() object { return child(data, "personal_details") }
	if _, ok := steps[kyc.CollectFullName]; ok {
		name := child(pd(), "name")
		name["given_names"] = strings.Fields(a.GivenNames)
		name["family_name"] = a.FamilyName
	}
	if _, ok := steps[kyc.CollectDOB]; ok {
		pd()["dob"], _ = a.dob(now)
	}
	if _, ok := steps[kyc.CollectNationality]; ok {
		pd()["nationality"] = a.Nationality
	}
	if _, ok := steps[kyc.CollectAddressHistory]; ok {
		entry := object{"address": a.Address.structured()}
		if since, _ := a.movedIn(now); since != "" {
			entry["start_date"] = since
		}
		history, _ := data["address_history"].([]any)
		data["address_history"] = append([]any{entry}, history...)
	}
	if _, ok := steps[kyc.CollectEmail]; ok {
		child(data, "contact_details")["email"] = a.Email
	}
	if _, ok := steps[kyc.CollectPhoneNumber]; ok {
		child(data, "contact_details")["phone_number"] = a.Phone
	}
	return json.Marshal(data)
}

// structured is the address as a StructuredAddress, without empty parts.
func (ad addressAnswers) structured() object {
	out := object{"type": "STRUCTURED", "country": ad.Country}
	for k, v := range map[string]string{
		"subpremise": ad.Subpremise, "premise": ad.Premise, "street_number": ad.StreetNumber, "route": ad.Route,
		"locality": ad.Locality, "postal_town": ad.PostalTown, "county": ad.County, "state_province": ad.State,
		"postal_code": ad.PostalCode,
	} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// prefill returns the answers the profile's collected data already gives,
// so that a returning applicant sees what they sent.
func prefill(current []byte) answers {
	var d struct {
		PersonalDetails struct {
			Name struct {
				GivenNames []string `json:"given_names"`
				FamilyName string   `json:"family_name"`
			} `json:"name"`
			DOB         string `json:"dob"`
			Nationality string `json:"nationality"`
		} `json:"personal_details"`
		ContactDetails struct {
			Email string `json:"email"`
			Phone string `json:"phone_number"`
		} `json:"contact_details"`
	}
	_ = json.Unmarshal(current, &d) // valid collected data; a member of another type is left blank
	a := answers{
		GivenNames: strings.Join(d.PersonalDetails.Name.GivenNames, " "), FamilyName: d.PersonalDetails.Name.FamilyName,
		Nationality: d.PersonalDetails.Nationality, Email: d.ContactDetails.Email, Phone: d.ContactDetails.Phone,
	}
	if parts := strings.Split(d.PersonalDetails.DOB, "-"); len(parts) == 3 {
		a.DOBYear, a.DOBMonth, a.DOBDay = parts[0], strings.TrimLeft(parts[1], "0"), strings.TrimLeft(parts[2], "0")
	}
	return a
}

// apiFields maps the collected data paths the form writes to the form's
// fields, to show the API's verdict on a field next to it.
var apiFields = []struct{ path, field, label string }{
	{"collected_data.personal_details.name.given_names", "given_names", "First and middle names"},
	{"collected_data.personal_details.name.family_name", "family_name", "Last name"},
	{"collected_data.personal_details.dob", "dob_day", "Date of birth"},
	{"collected_data.personal_details.nationality", "nationality", "Nationality"},
	{"collected_data.contact_details.email", "email", "Email address"},
	{"collected_data.contact_details.phone_number", "phone", "Phone number"},
	{"collected_data.address_history[0].start_date", "moved_in_month", "The date you moved in"},
	{"collected_data.address_history[0].address.country", "address_country", "Country"},
	{"collected_data.address_history[0].address.subpremise", "address_subpremise", "Flat or unit"},
	{"collected_data.address_history[0].address.premise", "address_premise", "Building name"},
	{"collected_data.address_history[0].address.street_number", "address_street_number", "House number"},
	{"collected_data.address_history[0].address.route", "address_route", "Street"},
	{"collected_data.address_history[0].address.locality", "address_locality", "Town or city"},
	{"collected_data.address_history[0].address.county", "address_county", "County"},
	{"collected_data.address_history[0].address.state_province", "address_state", "State, province or region"},
	{"collected_data.address_history[0].address.postal_code", "address_postal_code", "Postcode"},
}

// fromAPIError turns the API's refusal of the new collected data into a
// problem on the form's field, in the API's words ("Date of birth: is not
// a calendar date"). A refusal of a member the form does not write is
// about data the applicant cannot change here: the whole form's problem.
func fromAPIError(err error) (problems, bool) {
	var ke *kyc.Error
	if !errors.As(err, &ke) || (ke.Code != kyc.EInvalid && ke.Code != kyc.EMissingFields) {
		return nil, false
	}
	path, _ := ke.Info["field"].(string)
	reason, _ := ke.Info["reason"].(string)
	if reason == "" {
		reason = ke.Message
	}
	for _, f := range apiFields {
		if path == f.path || strings.HasPrefix(path, f.path+"[") || strings.HasPrefix(path, f.path+".") {
			return problems{{Field: f.field, Message: f.label + ": " + reason}}, true
		}
	}
	return problems{{Field: "", Message: "Some of the details we already hold cannot be used (" + reason + "). Please contact us."}}, true
}
