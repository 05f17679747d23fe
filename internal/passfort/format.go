package passfort

// String formats of the contract. Each returns "" for a good value or the
// reason it is refused. They are written by hand rather than as regular
// expressions: they sit on the create-profile hot path, and dates are also
// checked against the calendar, which the contract's patterns do not do.

const (
	reasonCountry = "must be an ISO 3166-1 alpha-3 country code"
	reasonICAO    = "must be an ISO 3166-1 alpha-3 or ICAO nationality code"
	reasonCalDate = "is not a calendar date"
	reasonBase64  = "must be padded base64 data"
	reasonClock   = "is not a time of day"
)

func countryCode(s string) string {
	if _, ok := countryCodes[s]; ok {
		return ""
	}
	return reasonCountry
}

func icaoCode(s string) string {
	if _, ok := icaoExtraCodes[s]; ok {
		return ""
	}
	if countryCode(s) == "" {
		return ""
	}
	return reasonICAO
}

// partialDate accepts YYYY, YYYY-MM or YYYY-MM-DD (a date of birth may be
// known only in part).
func partialDate(s string) string {
	const reason = "must be YYYY, YYYY-MM or YYYY-MM-DD"
	switch len(s) {
	case 4, 7, 10:
	default:
		return reason
	}
	return calendarDate(s, reason)
}

// approxDate accepts YYYY-MM (address history).
func approxDate(s string) string {
	if len(s) != 7 {
		return "must be YYYY-MM"
	}
	return calendarDate(s, "must be YYYY-MM")
}

// fullDate accepts YYYY-MM-DD.
func fullDate(s string) string {
	if len(s) != 10 {
		return "must be YYYY-MM-DD"
	}
	return calendarDate(s, "must be YYYY-MM-DD")
}

// dateTime accepts "YYYY-MM-DD hh:mm:ss", PassFort's UTC timestamp.
func dateTime(s string) string {
	const reason = "must be YYYY-MM-DD hh:mm:ss"
	if len(s) != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':' ||
		!digits(s[11:13]) || !digits(s[14:16]) || !digits(s[17:19]) {
		return reason
	}
	if r := calendarDate(s[:10], reason); r != "" {
		return r
	}
	if num(s[11:13]) > 23 || num(s[14:16]) > 59 || num(s[17:19]) > 59 {
		return reasonClock
	}
	return ""
}

// calendarDate checks a YYYY, YYYY-MM or YYYY-MM-DD prefix of a date whose
// length the caller has checked, and that the month and day exist.
func calendarDate(s, reason string) string {
	if !digits(s[:4]) {
		return reason
	}
	if len(s) == 4 {
		return ""
	}
	if s[4] != '-' || !digits(s[5:7]) {
		return reason
	}
	month := num(s[5:7])
	if month < 1 || month > 12 {
		return reasonCalDate
	}
	if len(s) == 7 {
		return ""
	}
	if s[7] != '-' || !digits(s[8:10]) {
		return reason
	}
	if day := num(s[8:10]); day < 1 || day > daysIn(num(s[:4]), month) {
		return reasonCalDate
	}
	return ""
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// uuid accepts 8-4-4-4-12 hexadecimal digits, in either case.
func uuid(s string) string {
	if len(s) != 36 {
		return "must be a UUID"
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return "must be a UUID"
			}
		default:
			if !isHex(s[i]) {
				return "must be a UUID"
			}
		}
	}
	return ""
}

// base64Data accepts standard, padded base64, or (as PassFort does for an
// image already stored) a lowercase UUID.
func base64Data(s string) string {
	if len(s) == 36 && uuid(s) == "" && !hasUpper(s) {
		return ""
	}
	const reason = reasonBase64
	n := len(s)
	if n%4 != 0 {
		return reason
	}
	for i := 0; i < n; i++ {
		padding := s[i] == '=' && (i == n-1 || i == n-2 && s[n-1] == '=')
		if !padding && !isBase64(s[i]) {
			return reason
		}
	}
	return ""
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'F' {
			return true
		}
	}
	return false
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}
