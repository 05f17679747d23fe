package documents

import (
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/mrz"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// compare checks the zone's holder against the document's extracted data
// and the profile's collected data, wherever they give the field.
func (v *verification) compare(z *mrz.Document, x *extracted, f *kyc.Facts) {
	type source struct {
		name                     string
		family, given            string
		dob, gender, nationality string
	}
	sources := []source{{name: "the profile's", family: f.FamilyName, given: strings.Join(f.GivenNames, " "),
		dob: f.DOB, gender: f.Gender, nationality: f.Nationality}}
	if pd := x.PersonalDetails; pd != nil {
		s := source{name: "extracted_data's", dob: pd.DOB, gender: pd.Gender, nationality: pd.Nationality}
		if pd.Name != nil {
			s.family, s.given = pd.Name.FamilyName, strings.Join(pd.Name.GivenNames, " ")
		}
		sources = append(sources, s)
	}
	for _, s := range sources {
		if s.family != "" && !sameName(s.family, z.Surname, z.NameTruncated) {
			v.invalid(fieldFamilyName, "the zone's surname "+z.Surname+" is not "+s.name+" family name "+s.family)
		}
		if s.given != "" && !sameName(s.given, z.GivenNames, z.NameTruncated) {
			v.invalid(fieldGivenNames, "the zone's given names "+z.GivenNames+" are not "+s.name+" given names "+s.given)
		}
		if s.dob != "" && !sameDate(s.dob, z.DateOfBirth) {
			v.invalid(fieldDOB, "the zone's date of birth "+z.DateOfBirth.String()+" is not "+s.name+" "+s.dob)
		}
		if s.gender != "" && (z.Sex == "M" || z.Sex == "F") && s.gender != z.Sex {
			v.invalid(fieldGender, "the zone's sex "+z.Sex+" is not "+s.name+" gender "+s.gender)
		}
		if s.nationality != "" && mrz.ISO3(s.nationality) != mrz.ISO3(z.Nationality) {
			v.invalid(fieldNationality, "the zone's nationality "+z.Nationality+" is not "+s.name+" "+s.nationality)
		}
	}
	if x.Number != "" && normaliseNumber(x.Number) != z.DocumentNumber {
		v.invalid(fieldNumber, "extracted_data.number "+x.Number+" is not the zone's "+z.DocumentNumber)
	}
	if x.IssuingCountry != "" && mrz.ISO3(x.IssuingCountry) != mrz.ISO3(z.IssuingState) {
		v.invalid(fieldIssuingCountry, "extracted_data.issuing_country "+x.IssuingCountry+" is not the zone's "+z.IssuingState)
	}
}

// normaliseNumber writes a document number as a zone does: upper case,
// without spaces or dashes.
func normaliseNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '<':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// sameName compares a name as given with the zone's, both as the
// screening engine normalises names (upper-case ASCII, punctuation and
// diacritics removed), trying also the transliterations Doc 9303 Part 3
// prescribes (Ä as AE, Ø as OE, ß as SS...). A zone that fills its name
// field to the end may have cut the name: it then need only be a prefix.
func sameName(given, zone string, truncated bool) bool {
	z := screening.Normalise(zone)
	for _, cand := range []string{given, transliterate(given)} {
		g := screening.Normalise(cand)
		if g == z || truncated && z != "" && strings.HasPrefix(g, z) {
			return true
		}
	}
	return false
}

// icaoLatin holds Doc 9303 Part 3's multi-letter transliterations of Latin
// letters; other diacritics are dropped (as Normalise does).
var icaoLatin = strings.NewReplacer(
	"Ä", "AE", "ä", "ae", "Å", "AA", "å", "aa", "Æ", "AE", "æ", "ae", "Ĳ", "IJ", "ĳ", "ij",
	"Ö", "OE", "ö", "oe", "Ø", "OE", "ø", "oe", "Œ", "OE", "œ", "oe", "Ü", "UE", "ü", "ue",
	"ß", "SS", "Þ", "TH", "þ", "th",
)

func transliterate(s string) string { return icaoLatin.Replace(s) }

// sameDate compares a PartialDate with the zone's date on the parts both
// know.
func sameDate(partial string, z mrz.Date) bool {
	parts := strings.Split(partial, "-")
	want := []int{z.Year, z.Month, z.Day}
	for i, p := range parts {
		if i >= len(want) {
			return false
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return false
		}
		if want[i] != 0 && n != want[i] {
			return false
		}
	}
	return true
}

// finish sets the field checks and the verdict.
func (v *verification) finish() *documentResult {
	r := v.res
	r.FieldChecks = []fieldCheck{}
	all := r.ImageChecksPassed && r.DocumentTypePassed && r.ForgeryChecksPassed
	for _, f := range fieldOrder {
		res, ok := v.fields[f]
		if !ok {
			continue
		}
		r.FieldChecks = append(r.FieldChecks, fieldCheck{Field: f, Result: res})
		all = all && res == checkValid
	}
	if r.ImageChecks == nil {
		r.ImageChecks = []documentCheck{}
	}
	r.AllPassed = all
	r.FailureReasons = v.reasons
	return r
}
