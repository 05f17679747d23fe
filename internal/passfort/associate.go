package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// associates is a list of AssociatedEntity: a company's officers, owners and
// authorised persons. Each is either immediate, carrying its own EntityData
// (as a registry check returns it), or linked to another profile.
var associates = arrayOf(&schema{kind: objectKind, check: associate})

var associateBase = fields{
	"resolver_id":        pattern(uuid),
	"entity_type":        enum("INDIVIDUAL", "COMPANY"),
	"relationship":       text,
	"appointed_on":       pattern(fullDate),
	"resigned_on":        pattern(fullDate),
	"original_role":      text,
	"total_percentage":   number,
	"shareholdings":      arrayOf(shareholding),
	"notified_on":        pattern(fullDate),
	"ceased_on":          pattern(fullDate),
	"natures_of_control": texts,
	"kind":               text,
	"task_variant_ids":   arrayOf(pattern(uuid)),
}

var shareholding = object(fields{
	"provider_name": text,
	"share_class":   text,
	"amount":        integer,
	"percentage":    number,
	"currency":      text,
})

var (
	immediateAssociate = object(merge(associateBase, fields{
		"immediate_data": nil, // entityData, set by init: EntityData contains itself
		"provider_name":  text,
	}), "entity_type", "immediate_data")

	linkedAssociate = object(merge(associateBase, fields{
		"merged_resolver_ids": arrayOf(pattern(uuid)),
		"linked_profile":      object(fields{"id": pattern(uuid)}),
	}), "entity_type", "linked_profile")
)

func init() { immediateAssociate.props["immediate_data"] = entityData }

// associate applies the contract's oneOf exactly: an entry must match one of
// the immediate and linked forms and not both. Members one form declares are
// unconstrained in the other, so an entry with both immediate_data and
// linked_profile may still match just one form.
func associate(v *validator, n int32, depth int) *kyc.Error {
	hasImmediate := v.t.member(n, "immediate_data") >= 0
	hasLinked := v.t.member(n, "linked_profile") >= 0
	switch {
	case hasImmediate && hasLinked:
		mark := len(v.drops)
		errImmediate := v.object(immediateAssociate, n, depth)
		if errImmediate != nil {
			v.drops = v.drops[:mark]
		}
		mark = len(v.drops)
		errLinked := v.object(linkedAssociate, n, depth)
		if errLinked != nil {
			v.drops = v.drops[:mark]
		}
		switch {
		case errImmediate == nil && errLinked == nil:
			return v.fail(v.t.member(n, "linked_profile"), "is not allowed with immediate_data")
		case errImmediate != nil && errLinked != nil:
			return errImmediate
		}
		return nil
	case hasImmediate:
		return v.object(immediateAssociate, n, depth)
	case hasLinked:
		return v.object(linkedAssociate, n, depth)
	}
	return missingOneOf(v.t.path(n), "immediate_data", "linked_profile")
}
