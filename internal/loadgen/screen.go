package loadgen

import "net/url"

// screenMix is the fixed query mix of the screening benchmark: listed
// people and companies as written on the lists, with typos, in other
// transliterations and by alias, and the ordinary names that make up most
// real traffic, some with a date of birth or a country.
var screenMix = []struct{ name, typ, dob, country string }{
	{"Ayman al-Zawahiri", "person", "1951", "EG"},
	{"Ahmad Fuad Salim", "person", "", ""},
	{"Aymen al Zawahri", "person", "", ""},
	{"Alexander Lukashenko", "person", "1954-08-30", "BY"},
	{"Aleksandr Grigoryevich Lukashenko", "person", "", ""},
	{"Kim Jong Un", "person", "", "KP"},
	{"Ramzan Akhmatovich Kadyrov", "person", "1976", ""},
	{"Nicolas Maduro Moros", "person", "", "VE"},
	{"Viktor Bout", "person", "1967", ""},
	{"Banco Nacional de Cuba", "company", "", "CU"},
	{"Rosneft Oil Company", "company", "", "RU"},
	{"Islamic Revolutionary Guard Corps", "company", "", ""},
	{"Alex Wheeler", "person", "1985-07-14", "GB"},
	{"Emily Clarke", "person", "1990", ""},
	{"Sophie Martin", "person", "", "FR"},
	{"John Smith", "person", "", ""},
	{"Maria Garcia Lopez", "person", "1978-02", "ES"},
	{"Wei Zhang", "person", "", "CN"},
	{"Olga Ivanova", "person", "1969", "RU"},
	{"Ahmed Hassan Ali", "person", "", "EG"},
	{"Priya Sharma", "person", "1992-11-03", "IN"},
	{"Acme Widgets Limited", "company", "", "GB"},
	{"Northwind Traders Ltd", "company", "", ""},
	{"Global Shipping LLC", "company", "", "AE"},
}

// ScreenPaths returns the screening benchmark's requests:
// GET /gatehouse/v1/screen with each query of the fixed mix.
func ScreenPaths() []string {
	out := make([]string, len(screenMix))
	for i, q := range screenMix {
		v := url.Values{"name": {q.name}, "type": {q.typ}}
		if q.dob != "" {
			v.Set("dob", q.dob)
		}
		if q.country != "" {
			v.Set("country", q.country)
		}
		out[i] = "/gatehouse/v1/screen?" + v.Encode()
	}
	return out
}
