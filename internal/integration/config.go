package integration

import (
	"bytes"
	"cmp"
	"encoding/json"
	"math"
	"time"

	"github.com/gatehouse/gatehouse/internal/passfort"
)

// DefaultTimeout is how long a call waits for an answer when the template
// sets no timeout.
const DefaultTimeout = 60 * time.Second

// Config is what GET /config declares.
type Config struct {
	CheckType          CheckType     `json:"check_type"`
	CheckTemplate      CheckTemplate `json:"check_template"`
	Pricing            *Pricing      `json:"pricing"`
	SupportedCountries []string      `json:"supported_countries"`
	SupportedFeatures  []string      `json:"supported_features,omitempty"`
	Credentials        *FieldSet     `json:"credentials"`
	Config             *FieldSet     `json:"config"`
}

// CheckTemplate is how the integration runs checks. Times are in seconds;
// nil means not declared (or null), which leaves the default.
type CheckTemplate struct {
	Type Template `json:"type,omitempty"`
	// Timeout bounds each call of a synchronous check.
	Timeout *float64 `json:"timeout,omitempty"`
	// RequestTimeout bounds a callback check's requests and image
	// downloads; CallbackTimeout bounds the /complete call that follows a
	// callback.
	RequestTimeout  *float64 `json:"request_timeout,omitempty"`
	CallbackTimeout *float64 `json:"callback_timeout,omitempty"`
	// Polling members of the polled template.
	PollingStrategy string   `json:"polling_strategy,omitempty"`
	InitialInterval *float64 `json:"initial_interval,omitempty"`
	PollingInterval *float64 `json:"polling_interval,omitempty"`
	MaxPolls        *float64 `json:"max_polls,omitempty"`
}

// UnmarshalJSON reads a template. polling_strategy is a name ("UNIFORM")
// in the protocol's schema, but PassFort's own screening reference
// integration sends it as an object holding the schedule:
// {"type": "UNIFORM", "initial_interval": 120, "polling_interval": 30,
// "max_polls": 10}. Both are read; members at the template's level win.
func (t *CheckTemplate) UnmarshalJSON(b []byte) error {
	type plain CheckTemplate
	var raw struct {
		plain
		PollingStrategy json.RawMessage `json:"polling_strategy,omitempty"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*t = CheckTemplate(raw.plain)
	ps := bytes.TrimSpace(raw.PollingStrategy)
	switch {
	case len(ps) == 0 || string(ps) == "null":
	case ps[0] == '{':
		var nested struct {
			Type            string   `json:"type"`
			InitialInterval *float64 `json:"initial_interval"`
			PollingInterval *float64 `json:"polling_interval"`
			MaxPolls        *float64 `json:"max_polls"`
		}
		if err := json.Unmarshal(ps, &nested); err != nil {
			return err
		}
		t.PollingStrategy = nested.Type
		if t.PollingStrategy == "" {
			t.PollingStrategy = "UNIFORM"
		}
		t.InitialInterval = cmp.Or(t.InitialInterval, nested.InitialInterval)
		t.PollingInterval = cmp.Or(t.PollingInterval, nested.PollingInterval)
		t.MaxPolls = cmp.Or(t.MaxPolls, nested.MaxPolls)
	default:
		return json.Unmarshal(ps, &t.PollingStrategy)
	}
	return nil
}

// Pricing says whether the platform may resell the check.
type Pricing struct {
	SupportsReselling *bool    `json:"supports_reselling"`
	MaximumCost       *float64 `json:"maximum_cost,omitempty"`
}

// FieldSet holds the credential or configuration fields a customer fills in.
type FieldSet struct {
	Fields []Field `json:"fields"`
}

// Field is one credential or configuration field.
type Field struct {
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Label   string          `json:"label"`
	Subtext string          `json:"subtext,omitempty"`
	Options []string        `json:"options,omitempty"`
	Default json.RawMessage `json:"default,omitempty"`
}

// Field types.
const (
	FieldString      = "string"
	FieldPassword    = "password"
	FieldBoolean     = "boolean"
	FieldMultiSelect = "MultiSelect"
)

// Validate reports every way the config falls short of the protocol and,
// when want is not empty, every way it differs from what Gatehouse was
// told to expect of this integration. The error is Problems.
//
// Two things the documents leave open are tolerated: features Gatehouse
// does not know (the documents list those "currently recognised"), and a
// polled template without a type (its schema gives none). A config field
// without a default is refused except in the polled template, whose
// schema does not declare one.
func (c *Config) Validate(want CheckType) error {
	var ps Problems
	switch {
	case c.CheckType == "":
		ps.add("check_type", "is required")
	case !c.CheckType.Valid():
		ps.add("check_type", quote(string(c.CheckType))+" is not a check type of protocol version 1")
	case want != "" && c.CheckType != want:
		ps.add("check_type", "is "+string(c.CheckType)+"; this integration is set up for "+string(want)+" checks")
	}
	c.validateTemplate(&ps)
	c.validatePricing(&ps)
	c.validateCountries(&ps)
	c.validateFeatures(&ps)
	if c.Credentials == nil {
		ps.add("credentials", "is required (an object with a fields list, which may be empty)")
	} else {
		validateFields(&ps, "credentials", c.Credentials.Fields, true, false)
	}
	if c.Config == nil {
		ps.add("config", "is required (an object with a fields list, which may be empty)")
	} else {
		validateFields(&ps, "config", c.Config.Fields, false, c.CheckType.Template() != TemplatePolled)
	}
	return ps.err()
}

func (c *Config) validateTemplate(ps *Problems) {
	t := &c.CheckTemplate
	want := c.CheckType.Template()
	switch want {
	case TemplateSync, TemplateCallback:
		if t.Type != want {
			ps.add("check_template.type", "is "+quote(string(t.Type))+"; "+string(c.CheckType)+" integrations use "+string(want))
		}
	case TemplatePolled:
		if t.Type == TemplateSync || t.Type == TemplateCallback {
			ps.add("check_template.type", "is "+string(t.Type)+"; "+string(c.CheckType)+" integrations are polled")
		}
		if t.PollingStrategy != "" && t.PollingStrategy != "UNIFORM" {
			ps.add("check_template.polling_strategy", quote(t.PollingStrategy)+" is not a polling strategy; the only one is UNIFORM")
		}
		if t.InitialInterval != nil && (*t.InitialInterval < 0 || !finite(*t.InitialInterval)) {
			ps.add("check_template.initial_interval", "must be a number of seconds, 0 or more")
		}
		if t.PollingInterval == nil {
			ps.add("check_template.polling_interval", "is required: Gatehouse needs it to schedule polls")
		} else if *t.PollingInterval <= 0 || !finite(*t.PollingInterval) {
			ps.add("check_template.polling_interval", "must be a number of seconds above 0")
		}
		if t.MaxPolls == nil {
			ps.add("check_template.max_polls", "is required: Gatehouse needs it to stop polling")
		} else if !positiveInteger(*t.MaxPolls) {
			ps.add("check_template.max_polls", "must be a whole number above 0")
		}
	}
	for _, s := range []struct {
		name string
		v    *float64
	}{{"timeout", t.Timeout}, {"request_timeout", t.RequestTimeout}, {"callback_timeout", t.CallbackTimeout}} {
		if s.v != nil && !positiveInteger(*s.v) {
			ps.add("check_template."+s.name, "must be a whole number of seconds above 0")
		}
	}
}

func (c *Config) validatePricing(ps *Problems) {
	p := c.Pricing
	switch {
	case p == nil:
		ps.add("pricing", "is required")
		return
	case p.SupportsReselling == nil:
		ps.add("pricing.supports_reselling", "is required")
	case *p.SupportsReselling && c.CheckType.Valid() && !checkTypes[c.CheckType].resell:
		ps.add("pricing.supports_reselling", "is true, but "+string(c.CheckType)+" checks cannot be resold")
	case *p.SupportsReselling && p.MaximumCost == nil:
		ps.add("pricing.maximum_cost", "is required when supports_reselling is true")
	}
	if p.MaximumCost != nil && (*p.MaximumCost < 0 || !finite(*p.MaximumCost)) {
		ps.add("pricing.maximum_cost", "must be a number of credits, 0 or more")
	}
}

func (c *Config) validateCountries(ps *Problems) {
	if len(c.SupportedCountries) == 0 {
		ps.add("supported_countries", "must list at least one country")
	}
	seen := map[string]bool{}
	for i, cc := range c.SupportedCountries {
		field := "supported_countries[" + itoa(i) + "]"
		switch {
		case !passfort.IsCountryCode(cc):
			ps.add(field, quote(cc)+" is not an ISO 3166-1 alpha-3 country code")
		case seen[cc]:
			ps.add(field, cc+" is listed twice")
		}
		seen[cc] = true
	}
}

// foreignFeatures are features of some check types only.
var foreignFeatures = []string{FeatureCompanySearch, FeatureProviderFieldChecks, FeaturePEPs, FeatureSanctions, FeatureAdverseMedia}

func (c *Config) validateFeatures(ps *Problems) {
	seen := map[string]bool{}
	own := checkTypes[c.CheckType].features
	for i, f := range c.SupportedFeatures {
		field := "supported_features[" + itoa(i) + "]"
		switch {
		case f == "":
			ps.add(field, "is empty")
		case seen[f]:
			ps.add(field, f+" is listed twice")
		case c.CheckType.Valid() && contains(foreignFeatures, f) && !contains(own, f):
			ps.add(field, f+" is not a feature of "+string(c.CheckType)+" integrations")
		}
		seen[f] = true
	}
}

func validateFields(ps *Problems, set string, fs []Field, credentials, needDefault bool) {
	names := map[string]bool{}
	for i, f := range fs {
		at := set + ".fields[" + itoa(i) + "]"
		types := []string{FieldString, FieldBoolean, FieldMultiSelect}
		if credentials {
			types = []string{FieldString, FieldPassword}
		}
		typeOK := contains(types, f.Type)
		if !typeOK {
			ps.add(at+".type", quote(f.Type)+" is not one of "+joinQuoted(types))
		}
		switch {
		case f.Name == "":
			ps.add(at+".name", "is required")
		case names[f.Name]:
			ps.add(at+".name", quote(f.Name)+" names another field too")
		}
		names[f.Name] = true
		if f.Label == "" {
			ps.add(at+".label", "is required")
		}
		if credentials || !typeOK {
			continue
		}
		if f.Type == FieldMultiSelect {
			if len(f.Options) == 0 {
				ps.add(at+".options", "must list the choices of a MultiSelect field")
				continue // its default cannot be judged
			}
			seen := map[string]bool{}
			for j, o := range f.Options {
				if seen[o] {
					ps.add(at+".options["+itoa(j)+"]", quote(o)+" is listed twice")
				}
				seen[o] = true
			}
		}
		if isAbsent(f.Default) {
			if needDefault && f.Default == nil {
				ps.add(at+".default", "is required")
			} else if f.Default != nil && f.Type != FieldMultiSelect {
				ps.add(at+".default", "may be null only for a MultiSelect field")
			}
			continue
		}
		if _, reason := fieldValue(f, f.Default); reason != "" {
			ps.add(at+".default", reason)
		}
	}
}

// fieldValue checks a value given for a configuration field and returns
// it decoded, or why it does not fit the field.
func fieldValue(f Field, raw json.RawMessage) (any, string) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, "is not valid JSON"
	}
	switch f.Type {
	case FieldBoolean:
		if _, ok := v.(bool); !ok {
			return nil, "must be true or false for a boolean field"
		}
	case FieldString, FieldPassword:
		if _, ok := v.(string); !ok {
			return nil, "must be a string for a " + f.Type + " field"
		}
	case FieldMultiSelect:
		var picked []any
		switch x := v.(type) {
		case nil:
			return nil, ""
		case string:
			picked = []any{x}
		case []any:
			picked = x
		default:
			return nil, "must be one of the options, a list of them, or null for a MultiSelect field"
		}
		for _, p := range picked {
			s, ok := p.(string)
			if !ok || !contains(f.Options, s) {
				return nil, "must be one of the options " + joinQuoted(f.Options)
			}
		}
	}
	return v, ""
}

// Timeouts are the per-call timeouts the template sets: call for every
// request but /complete, complete for /complete.
func (c *Config) Timeouts() (call, complete time.Duration) {
	t := &c.CheckTemplate
	call = seconds(t.Timeout, DefaultTimeout)
	if c.CheckType.Template() == TemplateCallback {
		call = seconds(t.RequestTimeout, DefaultTimeout)
	}
	return call, seconds(t.CallbackTimeout, call)
}

// Schedule is when to poll a polled check, from the template.
func (c *Config) Schedule() Schedule {
	t := &c.CheckTemplate
	s := Schedule{Initial: seconds(t.InitialInterval, 0), Interval: seconds(t.PollingInterval, 0), MaxPolls: 1}
	if t.MaxPolls != nil && positiveInteger(*t.MaxPolls) && *t.MaxPolls < 1e6 {
		s.MaxPolls = int(*t.MaxPolls)
	}
	// An interval too long to be meant (over 11 days) is capped, never
	// read as none: polling without pause would spend max_polls at once.
	if t.PollingInterval != nil && *t.PollingInterval > 1e6 {
		s.Interval = 1e6 * time.Second
	}
	return s
}

func seconds(v *float64, def time.Duration) time.Duration {
	if v == nil || *v < 0 || !finite(*v) || *v > 1e6 {
		return def
	}
	return time.Duration(*v * float64(time.Second))
}

func positiveInteger(f float64) bool { return f >= 1 && f == math.Trunc(f) && finite(f) }

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }
