package passfort

import (
	"encoding/json"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// DateTimeLayout is the layout of PassFort's DateTime: UTC with no zone and a
// space, not a T, between date and time. PassFort clients parse exactly this,
// so RFC 3339 must never appear in these fields.
const DateTimeLayout = "2006-01-02 15:04:05"

// FormatDateTime formats t as a PassFort DateTime, converting it to UTC.
func FormatDateTime(t time.Time) string {
	return t.UTC().Format(DateTimeLayout)
}

// ParseDateTime parses a PassFort DateTime as a UTC time. It refuses what
// time.Parse would let through but the contract's pattern does not, such as
// single-digit hours.
func ParseDateTime(s string) (time.Time, error) {
	if reason := dateTime(s); reason != "" {
		return time.Time{}, kyc.Errorf(kyc.EInvalid, "%q %s", s, reason)
	}
	return time.Parse(DateTimeLayout, s)
}

// DateTime is a time that wire types carry as a PassFort DateTime.
type DateTime time.Time

// Time returns d as a time.Time.
func (d DateTime) Time() time.Time { return time.Time(d) }

// String returns d formatted as a PassFort DateTime.
func (d DateTime) String() string { return FormatDateTime(time.Time(d)) }

// MarshalJSON writes d as a quoted PassFort DateTime, in UTC. Years outside
// 0000–9999 have no such form and are an error.
func (d DateTime) MarshalJSON() ([]byte, error) {
	t := time.Time(d).UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, kyc.Errorf(kyc.EInternal, "DateTime year %d out of range", y)
	}
	b := make([]byte, 0, len(DateTimeLayout)+2)
	b = append(b, '"')
	b = t.AppendFormat(b, DateTimeLayout)
	return append(b, '"'), nil
}

// UnmarshalJSON reads a quoted PassFort DateTime. Like time.Time, it leaves d
// unchanged for JSON null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return kyc.Errorf(kyc.EInvalid, "DateTime must be a string")
	}
	t, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	*d = DateTime(t)
	return nil
}
