package passfort

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// eventData is EventData: a PEP, sanction, adverse media or refer flag, by
// event_type.
var eventData = discriminated("event_type", map[string]*schema{
	string(kyc.EventPEP):          eventPEPFlag,
	string(kyc.EventSanction):     eventSanctionFlag,
	string(kyc.EventAdverseMedia): eventAdverseMediaFlag,
	string(kyc.EventRefer):        eventReferFlag,
}, string(kyc.EventPEP), string(kyc.EventSanction), string(kyc.EventAdverseMedia), string(kyc.EventRefer))

var (
	eventPEPFlag = object(merge(eventDataBase, fields{
		"event_type": enum(string(kyc.EventPEP)),
		"pep":        eventPEP,
		"pep_rating": text,
	}), "event_type")

	eventSanctionFlag = object(merge(eventDataBase, fields{
		"event_type": enum(string(kyc.EventSanction)),
		"sanctions":  arrayOf(eventSanction),
	}), "event_type")

	eventAdverseMediaFlag = object(merge(eventDataBase, fields{
		"event_type": enum(string(kyc.EventAdverseMedia)),
		"media":      arrayOf(eventMediaArticle),
	}), "event_type")

	eventReferFlag = object(merge(eventDataBase, fields{
		"event_type": enum(string(kyc.EventRefer)),
	}), "event_type")
)

// eventDataBase holds the members the four flags share: what was matched,
// by whom, and how closely.
var eventDataBase = fields{
	"match_id":        text,
	"modified_date":   pattern(dateTime),
	"provider_name":   text,
	"match_name":      text,
	"match_dates":     arrayOf(pattern(partialDate)),
	"match_countries": arrayOf(country),
	"score":           between(0, 1),
	"aliases":         texts,
	"previous_names":  texts,
	"associates":      arrayOf(eventAssociate),
	"profile_notes":   text,
	"details":         arrayOf(object(fields{"title": text, "text": text})),
	"documents":       arrayOf(document),
	"riskography":     text,
	"locations":       arrayOf(eventLocation),
	"identifications": arrayOf(eventIdentification),
	"remarks":         texts,
	"sources":         arrayOf(eventSource),
	"gender":          text, // free text here, unlike PersonalDetails' M or F
	"deceased_dates":  arrayOf(pattern(partialDate)),
}

// eventAssociate is an Associate: a relative or close associate of the match,
// not a company's AssociatedEntity.
var eventAssociate = object(fields{
	"name":                                 text,
	"association":                          text,
	"is_pep":                               boolean,
	"was_pep":                              boolean,
	"is_sanction":                          boolean,
	"was_sanction":                         boolean,
	"deceased_dates":                       arrayOf(pattern(partialDate)),
	"inactive_as_rca_related_to_pep_dates": arrayOf(pattern(partialDate)),
	"inactive_as_pep_dates":                arrayOf(pattern(partialDate)),
})

// eventPEP is a PEP: the politically exposed person's standing and roles.
var eventPEP = object(fields{
	"name":       text,
	"from_date":  pattern(partialDate),
	"to_date":    pattern(partialDate),
	"is_current": boolean,
	"match":      boolean,
	"tier":       integer,
	"roles": arrayOf(object(fields{ // PEPRole
		"name":       text,
		"tier":       integer,
		"from_date":  pattern(partialDate),
		"to_date":    pattern(partialDate),
		"is_current": boolean,
	})),
})

// eventSanction is a Sanction: one listing, with the periods it was in force.
var eventSanction = object(fields{
	"issuer":     text,
	"name":       text,
	"kind":       text,
	"list":       text,
	"is_current": boolean,
	"is_past":    boolean,
	"type":       text,
	"time_periods": arrayOf(object(fields{ // TimePeriod
		"from_date": pattern(partialDate),
		"to_date":   pattern(partialDate),
	})),
})

var eventMediaArticle = object(fields{
	"title":   text,
	"url":     text,
	"pdf_url": text,
	"snippet": text,
	"date":    pattern(fullDate),
})

// eventLocation is a Location. The contract gives it and Identification no
// type, so only an object's members are checked; country is free text.
var eventLocation = &schema{kind: anyKind, props: fields{
	"city":    text,
	"country": text,
	"address": text,
	"type":    text,
}}

var eventIdentification = &schema{kind: anyKind, props: fields{
	"type": text,
	"values": arrayOf(&schema{kind: anyKind, props: fields{
		"notes": text,
		"value": text,
	}}),
}}

var eventSource = object(fields{
	"name":        text,
	"url":         text,
	"description": text,
}, "name")

// DecodeEventData validates one EventResource.data value against the
// PassFort 4.0 EventData contract (a PEP_FLAG, SANCTION_FLAG,
// ADVERSE_MEDIA_FLAG or REFER_FLAG) and returns it compacted, with its event
// type.
//
// Members the contract does not declare are kept where it allows them. The
// error, a *kyc.Error, names the first offending member by its path under
// field, such as data.pep.roles[0].from_date; its code is
// kyc.EMissingFields for a missing required member, kyc.EInvalid otherwise.
//
// It departs from the contract as DecodeEntityData does, in the parts the
// two share (documents) and in refusing duplicate keys, invalid UTF-8,
// numbers beyond float64, dates and times not on the calendar and nesting
// beyond maxDepth JSON levels.
func DecodeEventData(raw []byte, field string) (data []byte, eventType kyc.EventType, err error) {
	if !utf8.Valid(raw) {
		return nil, "", kyc.FieldError(field, "is not valid UTF-8")
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(raw)))
	if cerr := json.Compact(buf, raw); cerr != nil {
		return nil, "", kyc.FieldError(field, "is not valid JSON: "+cerr.Error())
	}
	data = buf.Bytes()
	if data[0] != '{' {
		return nil, "", kyc.FieldError(field, "must be an object")
	}
	t, kerr := parseTree(string(data), field)
	if kerr != nil {
		return nil, "", kerr
	}
	defer t.release()
	v := validator{t: t}
	if kerr := v.value(eventData, 0, 0); kerr != nil {
		return nil, "", kerr
	}
	return data, kyc.EventType(t.nodes[t.member(0, "event_type")].str), nil
}
