package registry

import (
	"fmt"
	"regexp"
	"strings"
)

// Company numbers. Each country's register has its own form; a number of
// the right form exists in the demo registry unless its last digit is 0
// (France: unless its SIREN check digit is wrong), so an integrator makes
// a "not found" by ending a number in 0. docs/sandbox.md lists the forms.

var (
	gbrNumber = regexp.MustCompile(`^(\d{8}|(SC|NI|OC|SO|NC|LP|SL|NL|CE|CS|FC)\d{6})$`)
	deuNumber = regexp.MustCompile(`^(HRA|HRB|GNR|PR|VR) ?(\d{1,6})( ?([A-Z]{1,2}))?$`)
	usaEIN    = regexp.MustCompile(`^(\d{2})-?(\d{7})$`)
	usaFile   = regexp.MustCompile(`^[A-Z]?\d{6,12}$`)
	anyNumber = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 ./-]{1,19}$`)
)

// normalise returns a number in its register's written form and whether
// it has that form. It takes what people type: spaces, lower case, a
// Companies House number without its leading zeros, a SIRET for its SIREN.
func (c *country) normalise(n string) (string, bool) {
	n = strings.ToUpper(strings.Join(strings.Fields(n), " "))
	compact := strings.NewReplacer(" ", "", ".", "").Replace(n)
	switch c.code {
	case "GBR":
		if allDigits(compact) && len(compact) < 8 && compact != "" {
			compact = strings.Repeat("0", 8-len(compact)) + compact
		}
		return compact, gbrNumber.MatchString(compact)
	case "FRA":
		if allDigits(compact) && len(compact) == 14 { // a SIRET: SIREN and establishment
			compact = compact[:9]
		}
		return compact, allDigits(compact) && len(compact) == 9
	case "DEU":
		m := deuNumber.FindStringSubmatch(n)
		if m == nil {
			return n, false
		}
		out := m[1] + " " + m[2]
		if m[1] == "GNR" {
			out = "GnR " + m[2]
		}
		if m[4] != "" {
			out += " " + m[4]
		}
		return out, true
	case "IRL":
		compact = strings.TrimPrefix(compact, "IE")
		trimmed := strings.TrimLeft(compact, "0")
		return trimmed, allDigits(trimmed) && trimmed != "" && len(trimmed) <= 7
	case "NLD":
		return compact, allDigits(compact) && len(compact) == 8
	case "USA":
		if m := usaEIN.FindStringSubmatch(compact); m != nil {
			return m[1] + "-" + m[2], true
		}
		return compact, usaFile.MatchString(compact)
	}
	return n, anyNumber.MatchString(n) && strings.ContainsAny(n, "0123456789")
}

// forms describes the number forms, for error messages and the guide.
func (c *country) numberForms() string {
	switch c.code {
	case "GBR":
		return "8 characters: 8 digits, or 2 letters (SC, NI, OC, SO, LP, CE...) and 6 digits"
	case "FRA":
		return "a SIREN: 9 digits (or a 14-digit SIRET)"
	case "DEU":
		return "a register and number: HRB 12345, HRA 1234, VR 123, GnR 12, PR 12 (with a court suffix such as B)"
	case "IRL":
		return "a CRO number: up to 7 digits"
	case "NLD":
		return "a KvK number: 8 digits"
	case "USA":
		return "a state file number (6 to 12 digits, maybe after a letter) or an EIN (12-3456789)"
	}
	return "2 to 20 letters and digits, with a digit"
}

// exists reports whether a well-formed number was issued.
func (c *country) exists(n string) bool {
	digits := onlyDigits(n)
	if digits == "" || strings.Trim(digits, "0") == "" {
		return false
	}
	if c.code == "FRA" {
		return luhn(digits)
	}
	return digits[len(digits)-1] != '0'
}

// numberFor is the number the registry gives a company known by its name
// only (found by name, or made up by a name search): well formed, issued,
// derived from the name.
func (c *country) numberFor(s uint64) string {
	last := byte('1' + s%9)
	s /= 9
	switch c.code {
	case "GBR":
		return fmt.Sprintf("%07d", 100000+s%1500000) + string(last) // 01000001 to 16000009
	case "FRA":
		body := fmt.Sprintf("%08d", 10000000+s%89999999)
		for d := byte('0'); d <= '9'; d++ {
			if luhn(body + string(d)) {
				return body + string(d)
			}
		}
	case "DEU":
		return fmt.Sprintf("HRB %d", 1000+s%25000*10+uint64(last-'0'))
	case "IRL":
		return fmt.Sprintf("%05d", 10000+s%79999) + string(last)
	case "NLD":
		return fmt.Sprintf("%07d", 1000000+s%8999999) + string(last)
	case "USA":
		return fmt.Sprintf("%06d", 100000+s%899999) + string(last)
	}
	return fmt.Sprintf("%07d", 1000000+s%8999999) + string(last)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func onlyDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// luhn checks a SIREN's check digit (the Luhn algorithm).
func luhn(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
