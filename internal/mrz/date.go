package mrz

import (
	"fmt"
	"time"
)

// Date is a date read from the zone. Doc 9303 lets a state print '<' for
// the parts of a date of birth it does not know, so Month and Day may be 0;
// the zero Date means the date was not given at all.
type Date struct {
	Year, Month, Day int
}

// IsZero reports whether the date was absent (all fillers).
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as the PassFort contract's PartialDate:
// YYYY-MM-DD, YYYY-MM or YYYY, and "" for the zero Date.
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

// Time returns the date as midnight UTC, and false unless it is complete.
func (d Date) Time() (time.Time, bool) {
	if d.Year == 0 || d.Month == 0 || d.Day == 0 {
		return time.Time{}, false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), true
}

// ExpiryWindow is how far ahead of the reference date an expiry date may
// lie: a two-digit year further out than this belongs to the last century.
// Fifty years covers every document validity in use with room to spare.
const ExpiryWindow = 50

// yymmdd holds the three two-character parts of an MRZ date, each either
// two digits or "<<".
type yymmdd struct{ yy, mm, dd string }

func splitDate(s string) yymmdd { return yymmdd{s[0:2], s[2:4], s[4:6]} }

// two returns the value of a two-digit part, -1 for "<<" and -2 for anything
// else.
func two(s string) int {
	if s == "<<" {
		return -1
	}
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return -2
	}
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

// parseDate reads a six-character MRZ date. partial allows unknown month or
// day (dates of birth); the century is chosen by pick, given the two-digit
// year and the rest of the date. It returns the reason for refusal, or "".
func parseDate(s string, partial bool, pick func(yy int, d Date) int) (Date, string) {
	p := splitDate(s)
	y, m, d := two(p.yy), two(p.mm), two(p.dd)
	if y == -1 && m == -1 && d == -1 {
		return Date{}, ""
	}
	if y < 0 || m == -2 || d == -2 || (m == -1 && d != -1) {
		return Date{}, fmt.Sprintf("%q is not a YYMMDD date", s)
	}
	if !partial && (m < 0 || d < 0) {
		return Date{}, fmt.Sprintf("%q is not a complete YYMMDD date", s)
	}
	out := Date{Month: max(m, 0), Day: max(d, 0)}
	if out.Month > 12 || (m == 0) || (d == 0) {
		return Date{}, fmt.Sprintf("%q is not a calendar date", s)
	}
	out.Year = pick(y, out)
	if out.Day > 0 && out.Day > daysIn(out.Year, out.Month) {
		return Date{}, fmt.Sprintf("%q is not a calendar date", s)
	}
	return out, ""
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// after reports whether d (with unknown parts taken as their earliest
// value) falls after the reference day now.
func after(d Date, now time.Time) bool {
	ny, nm, nd := now.Date()
	switch {
	case d.Year != ny:
		return d.Year > ny
	case d.Month != int(nm):
		return d.Month > int(nm)
	}
	return d.Day > nd
}

// birthCentury places a date of birth in the latest century that does not
// put it in the future.
func birthCentury(now time.Time) func(int, Date) int {
	return func(yy int, d Date) int {
		base := now.Year() / 100 * 100
		d.Year = base + yy
		if after(d, now) {
			return d.Year - 100
		}
		return d.Year
	}
}

// expiryCentury places an expiry date in the century that puts it no more
// than ExpiryWindow years after now (and otherwise as late as possible).
func expiryCentury(now time.Time) func(int, Date) int {
	return func(yy int, d Date) int {
		limit := now.AddDate(ExpiryWindow, 0, 0)
		base := limit.Year() / 100 * 100
		d.Year = base + yy
		if after(d, limit) {
			return d.Year - 100
		}
		return d.Year
	}
}
