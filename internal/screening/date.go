package screening

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Date is a possibly partial date: lists often know only the year of birth,
// or the year and month. Zero fields are unknown.
type Date struct {
	Year, Month, Day int
}

// IsZero reports whether nothing of the date is known.
func (d Date) IsZero() bool { return d.Year == 0 }

// String renders the date as YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalJSON encodes the date as its String form.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON decodes a date written by MarshalJSON (or any form ParseDate
// accepts).
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, ok := ParseDate(s)
	if !ok && s != "" {
		return fmt.Errorf("screening: bad date %q", s)
	}
	*d = v
	return nil
}

var months = map[string]int{
	"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "SEPT": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}

// ParseDate reads the date spellings found on lists and in queries:
// "1948", "1948-12", "1948-12-10", "10 Dec 1948", "Dec 1948", "circa 1948",
// "10/12/1948" (day first unless the day would be over 12 the other way),
// "12/10/1948" style US dates when unambiguous, and ISO timestamps. Ranges
// ("1960 to 1962") yield their first date; use ParseDates for all of them.
func ParseDate(s string) (Date, bool) {
	ds := ParseDates(s)
	if len(ds) == 0 {
		return Date{}, false
	}
	return ds[0], true
}

// ParseDates is ParseDate for text that may hold a range or a list of dates
// ("1960 to 1962", "1960; 1961"); a range yields each year in it, at most 12.
func ParseDates(s string) []Date {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, p := range []string{"CIRCA", "ABOUT", "APPROXIMATELY", "APPROX.", "APPROX", "CA."} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	if i := strings.Index(s, " TO "); i > 0 {
		a, okA := parseOne(s[:i])
		b, okB := parseOne(s[i+4:])
		if okA && okB && b.Year >= a.Year && b.Year-a.Year <= 12 {
			out := []Date{a}
			for y := a.Year + 1; y < b.Year; y++ {
				out = append(out, Date{Year: y})
			}
			return append(out, b)
		}
	}
	var out []Date
	for _, part := range strings.Split(s, ";") {
		if d, ok := parseOne(part); ok {
			out = append(out, d)
		}
	}
	return out
}

func parseOne(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if t := strings.IndexByte(s, 'T'); t == 10 {
		s = s[:10]
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' || r == ',' })
	var d Date
	switch len(f) {
	case 1:
		d.Year = atoi(f[0])
	case 2:
		if m, ok := months[trimMonth(f[0])]; ok {
			d = Date{Year: atoi(f[1]), Month: m}
		} else if len(f[0]) == 4 {
			d = Date{Year: atoi(f[0]), Month: atoi(f[1])}
		} else {
			d = Date{Year: atoi(f[1]), Month: atoi(f[0])}
		}
	case 3:
		if m, ok := months[trimMonth(f[1])]; ok {
			d = Date{Year: atoi(f[2]), Month: m, Day: atoi(f[0])}
		} else if len(f[0]) == 4 {
			d = Date{Year: atoi(f[0]), Month: atoi(f[1]), Day: atoi(f[2])}
		} else {
			a, b := atoi(f[0]), atoi(f[1])
			if a <= 12 && b > 12 { // US month/day/year
				a, b = b, a
			}
			d = Date{Year: atoi(f[2]), Month: b, Day: a}
		}
	default:
		return Date{}, false
	}
	if d.Year < 1000 || d.Year > 2999 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 ||
		(d.Month == 0 && d.Day != 0) {
		return Date{}, false
	}
	return d, true
}

func trimMonth(s string) string {
	if len(s) > 4 {
		s = s[:3]
	}
	return s
}

func atoi(s string) int {
	if len(s) > 4 {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
