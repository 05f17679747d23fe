package mrz

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Options tune Parse.
type Options struct {
	// Now is the reference date for two-digit years: a date of birth is
	// placed in the latest century that keeps it on or before Now, an
	// expiry date no later than ExpiryWindow years after Now. The zero
	// value means time.Now().
	Now time.Time
	// AllowSpecimen accepts UTO, the fictitious state of Doc 9303's
	// specimens, as an issuing state and nationality.
	AllowSpecimen bool
}

// Parse reads a zone given as its lines (mrz1, mrz2 and, for TD1, mrz3).
// Each line may also hold several lines separated by newlines. Surrounding
// blanks are ignored, lower-case letters are read as upper case (the MRZ
// alphabet has no lower case, so OCR output is read without ambiguity), and
// blank lines are dropped.
//
// A zone that cannot be cut into fields (wrong line count or length, a
// character outside A-Z, 0-9 and '<') returns a nil Document and a
// *kyc.Error naming the line (mrz1, mrz2, mrz3). A zone that can be cut but
// whose content is wrong returns the Document with its Problems and the
// same error as Document.Err, so the caller can show what was read.
func Parse(opts Options, lines ...string) (*Document, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Now = opts.Now.UTC()
	ls, err := normalise(lines)
	if err != nil {
		return nil, err
	}
	f, err := format(ls)
	if err != nil {
		return nil, err
	}
	d := &Document{Format: f}
	p := parser{d: d, opts: opts}
	switch f {
	case TD1:
		p.td1(ls[0], ls[1], ls[2])
	default:
		p.twoLine(ls[0], ls[1])
	}
	return d, d.Err()
}

// normalise splits, trims and upper-cases the lines and refuses characters
// outside the MRZ alphabet.
func normalise(in []string) ([]string, error) {
	var out []string
	for _, l := range in {
		for part := range strings.SplitSeq(l, "\n") {
			part = strings.Trim(part, " \t\r\v\f")
			if part != "" {
				out = append(out, part)
			}
		}
	}
	for i, l := range out {
		b := []byte(l)
		for j := 0; j < len(b); j++ {
			c := b[j]
			switch {
			case c >= 'a' && c <= 'z':
				b[j] = c - 'a' + 'A'
			case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '<':
			default:
				r, _ := utf8.DecodeRuneInString(l[j:])
				return nil, kyc.FieldError(lineField(i), fmt.Sprintf(
					"character %q at position %d is not allowed in an MRZ (A-Z, 0-9 and <)",
					r, utf8.RuneCountInString(l[:j])+1))
			}
		}
		out[i] = string(b)
	}
	return out, nil
}

func lineField(i int) string { return "mrz" + strconv.Itoa(i+1) }

// format tells the layout from the line count and length.
func format(ls []string) (Format, error) {
	if len(ls) == 0 {
		return "", kyc.MissingField("mrz1")
	}
	n := len(ls[0])
	want := 2
	switch n {
	case 30:
		want = 3
	case 36, 44:
	default:
		return "", kyc.FieldError("mrz1", fmt.Sprintf(
			"has %d characters; an MRZ line has 30 (TD1), 36 (TD2) or 44 (TD3)", n))
	}
	for i := 1; i < len(ls) && i < want; i++ {
		if len(ls[i]) != n {
			return "", kyc.FieldError(lineField(i), fmt.Sprintf(
				"has %d characters, want %d like mrz1", len(ls[i]), n))
		}
	}
	if len(ls) < want {
		return "", kyc.MissingField(lineField(len(ls)))
	}
	if len(ls) > want {
		return "", kyc.FieldError(lineField(want), fmt.Sprintf(
			"is one line too many: a zone of %d-character lines has %d lines", n, want))
	}
	visa := ls[0][0] == 'V'
	switch {
	case n == 30:
		return TD1, nil
	case n == 36 && visa:
		return MRVB, nil
	case n == 36:
		return TD2, nil
	case visa:
		return MRVA, nil
	}
	return TD3, nil
}

type parser struct {
	d    *Document
	opts Options
}

// td1 reads a 3x30 card. Line 1: code, state, number, digit, optional data;
// line 2: birth, digit, sex, expiry, digit, nationality, optional data,
// composite; line 3: name.
func (p *parser) td1(l1, l2, l3 string) {
	p.header(l1, "ACI")
	p.number(l1[5:14], l1[14], l1[15:30])
	p.birth(l2[0:6], l2[6])
	p.sex(l2[7])
	p.expiry(l2[8:14], l2[14])
	p.d.Nationality = p.state("nationality", l2[15:18])
	p.d.OptionalData2 = strings.TrimRight(l2[18:29], "<")
	p.d.addCheck(check("composite", l1[5:30]+l2[0:7]+l2[8:15]+l2[18:29], l2[29], false))
	p.name(l3)
}

// twoLine reads TD2, TD3 and visas, which share one layout at two widths.
// Line 1: code, state, name; line 2: number, digit, nationality, birth,
// digit, sex, expiry, digit, optional data, then for TD3 the personal
// number's digit and for TD2 and TD3 the composite digit.
func (p *parser) twoLine(l1, l2 string) {
	n := len(l2)
	f := p.d.Format
	switch f {
	case TD3:
		p.header(l1, "P")
	case TD2:
		p.header(l1, "ACI")
	default:
		p.header(l1, "V")
	}
	p.name(l1[5:])
	optEnd := n - 1 // TD2: the composite follows the optional data
	switch f {
	case TD3:
		optEnd = n - 2
	case MRVA, MRVB:
		optEnd = n
	}
	if f == TD2 {
		p.number(l2[0:9], l2[9], l2[28:optEnd])
	} else {
		p.number(l2[0:9], l2[9], "")
		p.d.OptionalData = strings.TrimRight(l2[28:optEnd], "<")
	}
	p.d.Nationality = p.state("nationality", l2[10:13])
	p.birth(l2[13:19], l2[19])
	p.sex(l2[20])
	p.expiry(l2[21:27], l2[27])
	if f == TD3 {
		p.d.addCheck(check("personal_number", l2[28:42], l2[42], true))
	}
	if f == TD2 || f == TD3 {
		p.d.addCheck(check("composite", l2[0:10]+l2[13:20]+l2[21:n-1], l2[n-1], false))
	}
}

// header reads the document code, whose first letter must be one of first,
// and the issuing state.
func (p *parser) header(l1, first string) {
	code := l1[0:2]
	p.d.DocumentCode = strings.TrimRight(code, "<")
	switch {
	case !strings.ContainsRune(first, rune(code[0])):
		p.d.problem("document_code", fmt.Sprintf("%q does not start with %s, as a %s document code must",
			p.d.DocumentCode, orList(first), p.d.Format))
	case code[1] >= '0' && code[1] <= '9':
		p.d.problem("document_code", fmt.Sprintf("%q is not a document code (letters only)", p.d.DocumentCode))
	}
	p.d.IssuingState = p.state("issuing_state", l1[2:5])
}

func orList(letters string) string {
	parts := strings.Split(letters, "")
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// state reads a three-character state code padded with fillers.
func (p *parser) state(field, s string) string {
	code := strings.TrimRight(s, "<")
	switch {
	case code == SpecimenState && p.opts.AllowSpecimen:
	case code == "":
		p.d.problem(field, "is missing")
	case !IsICAOCode(code):
		p.d.problem(field, fmt.Sprintf("%q is not an ICAO 9303 state code", code))
	}
	return code
}

// number reads the document number and its check digit. When a TD1 or TD2
// number is longer than nine characters, its first nine fill the field, the
// check digit position holds '<', and the rest of the number, its check
// digit and a filler open the optional data (Doc 9303 Parts 5 and 6).
func (p *parser) number(field string, digit byte, optional string) {
	opt := optional
	num := field
	if digit == '<' && optional != "" && !strings.Contains(field, "<") {
		end := strings.IndexByte(optional, '<')
		if end < 0 {
			end = len(optional)
		}
		if end == 0 {
			p.d.DocumentNumber = field
			p.d.problem("document_number", "is long but its overflow in the optional data holds no check digit")
			p.d.OptionalData = strings.TrimRight(optional, "<")
			return
		}
		num = field + optional[:end-1]
		digit = optional[end-1]
		opt = ""
		if end < len(optional) {
			opt = optional[end+1:]
		}
	}
	p.d.DocumentNumber = strings.TrimRight(num, "<")
	if p.d.DocumentNumber == "" {
		p.d.problem("document_number", "is missing")
	}
	p.d.addCheck(check("document_number", num, digit, false))
	if optional != "" {
		p.d.OptionalData = strings.TrimRight(opt, "<")
	}
}

func (p *parser) birth(s string, digit byte) {
	d, reason := parseDate(s, true, birthCentury(p.opts.Now))
	if reason != "" {
		p.d.problem("date_of_birth", reason)
	}
	p.d.DateOfBirth = d
	p.d.addCheck(check("date_of_birth", s, digit, false))
}

func (p *parser) expiry(s string, digit byte) {
	d, reason := parseDate(s, false, expiryCentury(p.opts.Now))
	if reason != "" {
		p.d.problem("expiry_date", reason)
	}
	p.d.ExpiryDate = d
	p.d.addCheck(check("expiry_date", s, digit, false))
}

func (p *parser) sex(c byte) {
	switch c {
	case 'M', 'F', 'X':
		p.d.Sex = string(c)
	case '<':
	default:
		p.d.problem("sex", fmt.Sprintf("%q is not M, F, X or <", string(c)))
	}
}

// name splits the name field at its first "<<" into surname and given
// names; a field with no "<<" is all surname.
func (p *parser) name(s string) {
	p.d.NameTruncated = s[len(s)-1] != '<'
	if strings.ContainsAny(s, "0123456789") {
		p.d.problem("name", "contains a digit")
	}
	surname, given, _ := strings.Cut(strings.TrimRight(s, "<"), "<<")
	p.d.Surname = words(surname)
	p.d.GivenNames = words(given)
	if p.d.Surname == "" {
		p.d.problem("surname", "is missing")
	}
}

// words turns fillers into single spaces.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
}
