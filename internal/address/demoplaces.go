package address

// place is a town the demo searcher puts addresses in, with its state or
// county and a postcode pattern ('#' a digit, '@' a letter).
type place struct{ town, county, state, postcode string }

// demoCountry is how the demo searcher invents addresses in a country:
// its towns, and street name patterns ('%' the name).
type demoCountry struct {
	places  []place
	streets []string
	// kinds are the words that already make a name a street name
	// ("road", "rue", "straße"): a query having one keeps its own.
	kinds []string
	// flat is the word for a flat ("Flat 2", "Apt 2").
	flat string
}

var anglo = []string{"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "way", "place", "close", "crescent", "boulevard", "blvd", "terrace", "court", "square", "parade", "row", "hill", "gardens"}

// demoCountries are the countries the demo searcher knows by their towns;
// others get demoDefault.
var demoCountries = map[string]demoCountry{
	"GBR": {places: []place{{"London", "", "", "EC1A #@@"}, {"Manchester", "", "", "M1 #@@"}, {"Bristol", "", "", "BS1 #@@"}, {"Leeds", "", "", "LS1 #@@"}, {"Edinburgh", "", "", "EH1 #@@"}, {"Cardiff", "", "", "CF10 #@@"}, {"Glasgow", "", "", "G1 #@@"}, {"Belfast", "", "", "BT1 #@@"}},
		streets: []string{"% Street", "% Road", "% Lane", "% Avenue"}, kinds: anglo, flat: "Flat"},
	"USA": {places: []place{{"New York", "", "New York", "100##"}, {"Austin", "", "Texas", "787##"}, {"Chicago", "", "Illinois", "606##"}, {"San Francisco", "", "California", "941##"}, {"Boston", "", "Massachusetts", "021##"}, {"Seattle", "", "Washington", "981##"}},
		streets: []string{"% Street", "% Avenue", "% Road", "% Boulevard"}, kinds: anglo, flat: "Apt"},
	"FRA": {places: []place{{"Paris", "", "", "750##"}, {"Lyon", "", "", "6900#"}, {"Marseille", "", "", "130##"}, {"Toulouse", "", "", "310##"}, {"Bordeaux", "", "", "330##"}, {"Lille", "", "", "590##"}},
		streets: []string{"rue %", "avenue %", "boulevard %", "place %"}, kinds: []string{"rue", "avenue", "av", "boulevard", "bd", "place", "chemin", "allée", "quai", "impasse"}, flat: "Appartement"},
	"DEU": {places: []place{{"Berlin", "", "", "10###"}, {"München", "", "", "80###"}, {"Hamburg", "", "", "20###"}, {"Köln", "", "", "50###"}, {"Frankfurt am Main", "", "", "60###"}},
		streets: []string{"%straße", "%weg", "%platz", "%allee"}, kinds: []string{"straße", "strasse", "str", "weg", "platz", "allee", "ring", "gasse", "damm"}, flat: "Wohnung"},
	"IRL": {places: []place{{"Dublin 2", "County Dublin", "", "D02 @##@"}, {"Cork", "County Cork", "", "T12 @##@"}, {"Galway", "County Galway", "", "H91 @##@"}, {"Limerick", "County Limerick", "", "V94 @##@"}},
		streets: []string{"% Street", "% Road", "% Avenue", "% Lane"}, kinds: anglo, flat: "Apartment"},
	"NLD": {places: []place{{"Amsterdam", "", "", "10## @@"}, {"Rotterdam", "", "", "30## @@"}, {"Utrecht", "", "", "35## @@"}, {"Den Haag", "", "", "25## @@"}, {"Eindhoven", "", "", "56## @@"}},
		streets: []string{"%straat", "%weg", "%laan", "%gracht"}, kinds: []string{"straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk"}, flat: "Appartement"},
	"ESP": {places: []place{{"Madrid", "", "", "280##"}, {"Barcelona", "", "", "080##"}, {"Valencia", "", "", "460##"}, {"Sevilla", "", "", "410##"}},
		streets: []string{"Calle %", "Avenida %", "Plaza %", "Paseo %"}, kinds: []string{"calle", "c", "avenida", "av", "plaza", "paseo", "camino", "ronda"}, flat: "Piso"},
	"ITA": {places: []place{{"Roma", "Roma", "", "001##"}, {"Milano", "Milano", "", "201##"}, {"Napoli", "Napoli", "", "801##"}, {"Torino", "Torino", "", "101##"}},
		streets: []string{"Via %", "Corso %", "Piazza %", "Viale %"}, kinds: []string{"via", "corso", "piazza", "viale", "largo", "vicolo"}, flat: "Interno"},
	"CAN": {places: []place{{"Toronto", "", "Ontario", "M5V #@#"}, {"Ottawa", "", "Ontario", "K1A #@#"}, {"Montréal", "", "Quebec", "H2X #@#"}, {"Vancouver", "", "British Columbia", "V6B #@#"}},
		streets: []string{"% Street", "% Avenue", "% Road", "% Drive"}, kinds: anglo, flat: "Apt"},
	"AUS": {places: []place{{"Sydney", "", "New South Wales", "2000"}, {"Melbourne", "", "Victoria", "3000"}, {"Brisbane", "", "Queensland", "4000"}, {"Perth", "", "Western Australia", "6000"}},
		streets: []string{"% Street", "% Road", "% Avenue", "% Parade"}, kinds: anglo, flat: "Unit"},
	"JPN": {places: []place{{"Chiyoda-ku", "", "Tokyo", "100-00##"}, {"Kita-ku", "", "Osaka", "530-00##"}, {"Nakagyo-ku", "", "Kyoto", "604-8###"}},
		streets: []string{"%", "%-dori"}, kinds: []string{"dori", "chome"}, flat: "Room"},
	"BRA": {places: []place{{"São Paulo", "", "São Paulo", "01310-###"}, {"Rio de Janeiro", "", "Rio de Janeiro", "20040-###"}, {"Belo Horizonte", "", "Minas Gerais", "30130-###"}},
		streets: []string{"Rua %", "Avenida %", "Praça %"}, kinds: []string{"rua", "r", "avenida", "av", "praça", "travessa", "alameda"}, flat: "Apto"},
	"IND": {places: []place{{"Mumbai", "", "Maharashtra", "4000##"}, {"Bengaluru", "", "Karnataka", "5600##"}, {"New Delhi", "", "Delhi", "1100##"}, {"Chennai", "", "Tamil Nadu", "6000##"}},
		streets: []string{"% Road", "% Marg", "% Street"}, kinds: append([]string{"marg"}, anglo...), flat: "Flat"},
	"CHN": {places: []place{{"Dongcheng", "", "Beijing", "1000##"}, {"Huangpu", "", "Shanghai", "2000##"}, {"Guangzhou", "", "Guangdong", "5100##"}},
		streets: []string{"% Road", "% Street", "% Avenue"}, kinds: anglo, flat: "Room"},
}

var demoDefault = demoCountry{
	places:  []place{{"Northtown", "", "", "1###"}, {"Southport", "", "", "2###"}, {"Eastfield", "", "", "3###"}, {"Westbury", "", "", "4###"}},
	streets: []string{"% Street", "% Road", "% Avenue"}, kinds: anglo, flat: "Flat",
}

// demoStreetNames name streets when the query has no name of its own.
var demoStreetNames = []string{"High", "Station", "Church", "Mill", "Park", "Victoria"}
