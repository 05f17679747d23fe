package mrz

import "github.com/gatehouse/gatehouse/internal/passfort"

// icaoOnly are the codes Doc 9303 Part 3 uses besides ISO 3166-1 alpha-3:
// Germany's one-letter D, the British nationality classes, the EU and UN,
// international organisations, and the stateless/refugee/unspecified codes.
// passfort's table already holds RKS (Kosovo).
var icaoOnly = map[string]bool{
	"D":   true,
	"GBD": true, "GBN": true, "GBO": true, "GBP": true, "GBS": true,
	"EUE": true, "UNO": true, "UNA": true, "UNK": true,
	"XBA": true, "XIM": true, "XCC": true, "XCE": true, "XCO": true, "XDC": true,
	"XEC": true, "XES": true, "XMP": true, "XOM": true, "XPO": true,
	"XXA": true, "XXB": true, "XXC": true, "XXX": true,
}

// SpecimenState is Utopia, the fictitious state of Doc 9303's specimens.
// Parse refuses it unless Options.AllowSpecimen is set: a real applicant
// never holds a Utopian document.
const SpecimenState = "UTO"

// IsICAOCode reports whether code (fillers already removed) is a code
// Doc 9303 allows for an issuing state or a nationality.
func IsICAOCode(code string) bool {
	return icaoOnly[code] || passfort.IsCountryCode(code)
}

// ISO3 maps an MRZ state code to the code the PassFort contract expects:
// Germany's D becomes DEU; every other code is returned unchanged (ICAO-only
// codes such as GBN or XXA are valid PassFort ICAOCodes as they are; GBD
// and UTO are not, and the caller decides what to do with them).
func ISO3(code string) string {
	if code == "D" {
		return "DEU"
	}
	return code
}
