package passfort

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// entityData is EntityData: an individual or a company, by entity_type.
var entityData = func() *schema {
	s := discriminated("entity_type", map[string]*schema{
		"INDIVIDUAL": individualData,
		"COMPANY":    companyData,
	}, "INDIVIDUAL", "COMPANY")
	s.entity = true
	return s
}()

// entityDataBase holds the members individuals and companies share.
var entityDataBase = fields{
	"customer_ref": line,
	"documents":    arrayOf(document),
	"external_refs": {kind: anyKind, props: fields{ // untyped: only an object's members are checked
		"jumio_netverify": arrayOf(pattern(uuid)),
	}},
}

// DecodeEntityData validates one collected_data value against the PassFort
// 4.0 EntityData contract and returns it compacted, with its facts.
//
// Members the contract does not declare are kept where it allows them, since
// collected data is stored and echoed as given. The error, a *kyc.Error, names
// the first offending member by its path under field, such as
// collected_data.address_history[0].address.country; its code is
// kyc.EMissingFields for a missing required member, kyc.EInvalid otherwise.
//
// It is stricter than the contract where that only refuses nonsense or
// ambiguity: duplicate keys, invalid UTF-8, numbers beyond float64, dates and
// times not on the calendar, nesting beyond maxDepth JSON levels or
// maxEntityDepth entities, and images' data and encrypted_data (see
// documentImage). It is laxer in one place, national_identity_number (see
// personalDetails).
func DecodeEntityData(raw []byte, field string) (data []byte, facts kyc.Facts, err error) {
	if !utf8.Valid(raw) {
		return nil, kyc.Facts{}, kyc.FieldError(field, "is not valid UTF-8")
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(raw)))
	if cerr := json.Compact(buf, raw); cerr != nil {
		return nil, kyc.Facts{}, kyc.FieldError(field, "is not valid JSON: "+cerr.Error())
	}
	data = buf.Bytes()
	if data[0] != '{' {
		return nil, kyc.Facts{}, kyc.FieldError(field, "must be an object")
	}
	t, kerr := parseTree(string(data), field)
	if kerr != nil {
		return nil, kyc.Facts{}, kerr
	}
	defer t.release()
	v := validator{t: t}
	if kerr := v.value(entityData, 0, 0); kerr != nil {
		return nil, kyc.Facts{}, kerr
	}
	// Facts are read from the document as given unless some members must be
	// hidden from them; then from a copy without those members.
	view := data
	if len(v.drops) > 0 {
		for _, n := range v.drops {
			t.nodes[n].drop = true
		}
		view = t.appendView(make([]byte, 0, len(data)), 0)
	}
	if facts, err = kyc.ParseFacts(view); err != nil {
		return nil, kyc.Facts{}, err
	}
	return data, facts, nil
}

// factsNames are the member names kyc.ParseFacts reads, at any level.
var factsNames = strings.Fields(`
	entity_type customer_ref personal_details name title given_names
	family_name dob nationality gender address_history address country
	end_date contact_details email phone_number metadata number
	country_of_incorporation sic_codes code addresses officers directors
	secretaries partners resigned trustees other ownership_structure
	shareholders beneficial_owners authorized_persons unauthorized_persons
	linked_profile id task_variant_ids documents category resolver_id
	merged_resolver_ids immediate_data total_percentage shareholdings
	percentage natures_of_control
`)

// factsDrop reports whether an undeclared member must be hidden from
// kyc.ParseFacts. encoding/json matches member names to fields without
// regard to case, and ParseFacts reads some members whatever the entity
// type, so an undeclared "Entity_Type", or "metadata" on an individual,
// would otherwise reach the facts unchecked.
func factsDrop(key string) bool {
	for _, name := range factsNames {
		if strings.EqualFold(key, name) {
			return true
		}
	}
	return false
}

func merge(a, b fields) fields {
	m := make(fields, len(a)+len(b))
	for k, s := range a {
		m[k] = s
	}
	for k, s := range b {
		m[k] = s
	}
	return m
}
