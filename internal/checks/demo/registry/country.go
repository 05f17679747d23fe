package registry

// LegalForm is a kind of company a country's law provides for, as a
// registry names it.
type LegalForm struct {
	// Code is the form's short name (Ltd, SAS, GmbH, BV, LLC).
	Code string
	// Name is the registry's description, CompanyMetadata.company_type.
	Name string
	// Suffix ends a made-up name of this form ("Limited", "SAS").
	Suffix string
	// Public, Limited and Ownership are structured_company_type.
	Public, Limited bool
	Ownership       string
	// Shares tells whether members hold shares (not an LLP, a charity
	// limited by guarantee, an association).
	Shares bool
	// Charity forms are registered charities.
	Charity bool

	endings  []string // name endings that tell the form, lower case
	prefixes []string // number prefixes that tell it (GBR OC: an LLP)
	weight   int      // how often a made-up company has it
	director string   // the role of its officers
}

// country is how one country's registry works in the demo.
type country struct {
	code     string
	registry string
	currency string
	// scheme names the industry classification; codeOf picks an activity's
	// code in it.
	scheme string
	codeOf func(a activity) string
	// byName reports whether a check finds a company by its name alone:
	// where names are unique in the register (Companies House, the CRO, a
	// US state's register), not where they are not (SIRENE, the
	// Handelsregister across courts, the KvK's trade names).
	byName bool
	// needsState: companies are registered by state (USA).
	needsState bool
	forms      []LegalForm
	filings    filingKinds
	secretary  string // the role of a company secretary, "" where there is none
	people     namePool
	// streets name the streets of made-up registered offices (English
	// ones where none are given).
	streets []string
}

// filingKinds are a registry's filings: its own code and title, and the
// contract's DocumentType.
type filingKinds struct {
	incorporation, accounts, annual, officers, address filingKind
}

type filingKind struct{ code, title, typ string }

var charityEndings = []string{"trust", "foundation", "charity", "charitable"}

var countries = map[string]*country{
	"GBR": {
		code: "GBR", registry: "Companies House (demo)", currency: "GBP", scheme: "SIC 2007",
		codeOf: func(a activity) string { return a.sic }, byName: true, secretary: "Company secretary",
		forms: []LegalForm{
			{Code: "Ltd", Name: "Private limited company", Suffix: "Limited", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"limited", "ltd", "ltd."}, weight: 8, director: "Director"},
			{Code: "PLC", Name: "Public limited company", Suffix: "PLC", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"plc", "p.l.c."}, weight: 1, director: "Director"},
			{Code: "LLP", Name: "Limited liability partnership", Suffix: "LLP", Limited: true, Ownership: "PARTNERSHIP",
				endings: []string{"llp"}, prefixes: []string{"OC", "SO", "NC"}, weight: 1, director: "Designated member"},
			{Code: "CIO", Name: "Charitable incorporated organisation", Suffix: "Trust", Limited: true, Ownership: "TRUST", Charity: true,
				endings: charityEndings, prefixes: []string{"CE", "CS"}, director: "Trustee"},
		},
		filings: filingKinds{
			incorporation: filingKind{"NEWINC", "Incorporation", "INCORPORATION"},
			accounts:      filingKind{"AA", "Annual accounts", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"CS01", "Confirmation statement", "CONFIRMATION_STATEMENT"},
			officers:      filingKind{"AP01", "Appointment of director", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"AD01", "Change of registered office address", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: british,
	},
	"IRL": {
		code: "IRL", registry: "Companies Registration Office (demo)", currency: "EUR", scheme: "NACE Rev. 2",
		codeOf: func(a activity) string { return a.nace }, byName: true, secretary: "Secretary",
		forms: []LegalForm{
			{Code: "LTD", Name: "Private company limited by shares", Suffix: "Limited", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"limited", "ltd", "teoranta", "teo"}, weight: 7, director: "Director"},
			{Code: "DAC", Name: "Designated activity company", Suffix: "DAC", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"dac", "designated activity company"}, weight: 2, director: "Director"},
			{Code: "PLC", Name: "Public limited company", Suffix: "PLC", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"plc", "cpt"}, weight: 1, director: "Director"},
			{Code: "CLG", Name: "Company limited by guarantee (registered charity)", Suffix: "CLG", Limited: true, Ownership: "ASSOCIATION", Charity: true,
				endings: append([]string{"clg"}, charityEndings...), director: "Director"},
		},
		filings: filingKinds{
			incorporation: filingKind{"A1", "Incorporation of a company", "INCORPORATION"},
			accounts:      filingKind{"B1-FS", "Financial statements", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"B1", "Annual return", "ANNUAL_RETURN"},
			officers:      filingKind{"B10", "Change in directors or secretary", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"B2", "Change of registered office", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: irish,
	},
	"FRA": {
		code: "FRA", registry: "Registre du commerce et des sociétés (demo)", currency: "EUR", scheme: "NAF rév. 2",
		codeOf: func(a activity) string { return a.naf },
		forms: []LegalForm{
			{Code: "SAS", Name: "Société par actions simplifiée", Suffix: "SAS", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"sas", "sasu"}, weight: 5, director: "Président"},
			{Code: "SARL", Name: "Société à responsabilité limitée", Suffix: "SARL", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"sarl", "eurl"}, weight: 4, director: "Gérant"},
			{Code: "SA", Name: "Société anonyme", Suffix: "SA", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"sa"}, weight: 1, director: "Administrateur"},
			{Code: "ASSO", Name: "Association déclarée reconnue d'utilité publique", Suffix: "Association", Ownership: "ASSOCIATION", Charity: true,
				endings: []string{"association", "fondation", "foundation"}, director: "Administrateur"},
		},
		filings: filingKinds{
			incorporation: filingKind{"IMMAT", "Immatriculation", "INCORPORATION"},
			accounts:      filingKind{"DCA", "Dépôt des comptes annuels", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"AGO", "Procès-verbal d'assemblée générale ordinaire", "RESOLUTION"},
			officers:      filingKind{"MODIF-DIR", "Modification relative aux dirigeants", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"TRANSF-SIEGE", "Transfert du siège social", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: french, streets: []string{"de la République", "Victor Hugo", "Pasteur", "Jean Jaurès", "du Général de Gaulle", "de la Gare"},
	},
	"DEU": {
		code: "DEU", registry: "Handelsregister (demo)", currency: "EUR", scheme: "WZ 2008",
		codeOf: func(a activity) string { return a.nace },
		forms: []LegalForm{
			{Code: "GmbH", Name: "Gesellschaft mit beschränkter Haftung", Suffix: "GmbH", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"gmbh"}, prefixes: []string{"HRB"}, weight: 7, director: "Geschäftsführer"},
			{Code: "UG", Name: "Unternehmergesellschaft (haftungsbeschränkt)", Suffix: "UG (haftungsbeschränkt)", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"ug", "ug (haftungsbeschränkt)", "(haftungsbeschränkt)"}, weight: 2, director: "Geschäftsführer"},
			{Code: "AG", Name: "Aktiengesellschaft", Suffix: "AG", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"ag"}, weight: 1, director: "Vorstand"},
			{Code: "KG", Name: "Kommanditgesellschaft", Suffix: "KG", Ownership: "PARTNERSHIP",
				endings: []string{"kg", "gmbh & co. kg"}, prefixes: []string{"HRA"}, director: "Persönlich haftender Gesellschafter"},
			{Code: "e.V.", Name: "Eingetragener Verein (gemeinnützig)", Suffix: "e.V.", Ownership: "ASSOCIATION", Charity: true,
				endings: []string{"e.v.", "ev", "stiftung"}, prefixes: []string{"VR"}, director: "Vorstand"},
		},
		filings: filingKinds{
			incorporation: filingKind{"NE", "Neueintragung", "INCORPORATION"},
			accounts:      filingKind{"JA", "Jahresabschluss", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"GL", "Liste der Gesellschafter", "STATEMENT_OF_CAPITAL"},
			officers:      filingKind{"VÄ-GF", "Veränderungen: Geschäftsführer", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"VÄ-SITZ", "Veränderungen: Geschäftsanschrift", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: german, streets: []string{"Haupt", "Bahnhof", "Schiller", "Goethe", "Kirch", "Garten"},
	},
	"NLD": {
		code: "NLD", registry: "Kamer van Koophandel (demo)", currency: "EUR", scheme: "SBI 2008",
		codeOf: func(a activity) string { return a.sbi },
		forms: []LegalForm{
			{Code: "BV", Name: "Besloten vennootschap", Suffix: "B.V.", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"bv", "b.v.", "b.v"}, weight: 8, director: "Bestuurder"},
			{Code: "NV", Name: "Naamloze vennootschap", Suffix: "N.V.", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"nv", "n.v.", "n.v"}, weight: 1, director: "Bestuurder"},
			{Code: "STG", Name: "Stichting (algemeen nut beogende instelling)", Suffix: "Stichting", Ownership: "TRUST", Charity: true,
				endings: []string{"stichting", "foundation"}, director: "Bestuurder"},
		},
		filings: filingKinds{
			incorporation: filingKind{"OPR", "Oprichting", "INCORPORATION"},
			accounts:      filingKind{"JR", "Jaarrekening", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"UBO", "Opgave uiteindelijk belanghebbenden", "CHANGE_OF_PSC"},
			officers:      filingKind{"WB", "Wijziging bestuurders", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"WA", "Wijziging adres", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: dutch, streets: []string{"Kerk", "Dorps", "Molen", "Stations", "Wilhelmina", "Oranje"},
	},
	"USA": {
		code: "USA", registry: "Secretary of State business registry (demo)", currency: "USD", scheme: "NAICS 2022",
		codeOf: func(a activity) string { return a.naics }, byName: true, needsState: true, secretary: "Secretary",
		forms: []LegalForm{
			{Code: "LLC", Name: "Limited liability company", Suffix: "LLC", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"llc", "l.l.c."}, weight: 5, director: "Manager"},
			{Code: "Inc", Name: "Corporation", Suffix: "Inc.", Limited: true, Ownership: "COMPANY", Shares: true,
				endings: []string{"inc", "inc.", "incorporated", "corp", "corp.", "corporation"}, weight: 4, director: "Director"},
			{Code: "NPC", Name: "Nonprofit corporation (501(c)(3))", Suffix: "Foundation", Limited: true, Ownership: "ASSOCIATION", Charity: true,
				endings: charityEndings, director: "Director"},
		},
		filings: filingKinds{
			incorporation: filingKind{"INC", "Certificate of incorporation", "INCORPORATION"},
			accounts:      filingKind{"FIN", "Financial statement", "COMPANY_ACCOUNTS"},
			annual:        filingKind{"AR", "Annual report", "ANNUAL_RETURN"},
			officers:      filingKind{"SOI", "Statement of information (officers)", "CHANGE_OF_OFFICERS"},
			address:       filingKind{"RA", "Change of registered agent address", "COMPANY_CHANGE_OF_ADDRESS"},
		},
		people: american,
	},
}

// generic is how the demo answers for a country without its own
// registry: a limited company, English names, the data set's address
// conventions.
var generic = country{
	registry: "Demo Companies Registry", scheme: "ISIC Rev. 4",
	codeOf: func(a activity) string { return a.isic },
	forms: []LegalForm{
		{Code: "LTD", Name: "Limited company", Suffix: "Limited", Limited: true, Ownership: "COMPANY", Shares: true,
			endings: []string{"limited", "ltd", "ltd."}, weight: 4, director: "Director"},
		{Code: "PLC", Name: "Public company", Suffix: "PLC", Public: true, Limited: true, Ownership: "COMPANY", Shares: true,
			endings: []string{"plc", "sa", "ag", "nv"}, weight: 1, director: "Director"},
		{Code: "FND", Name: "Foundation (registered charity)", Suffix: "Foundation", Ownership: "TRUST", Charity: true,
			endings: charityEndings, director: "Board member"},
	},
	filings: filingKinds{
		incorporation: filingKind{"INC", "Incorporation", "INCORPORATION"},
		accounts:      filingKind{"ACC", "Annual accounts", "COMPANY_ACCOUNTS"},
		annual:        filingKind{"AR", "Annual return", "ANNUAL_RETURN"},
		officers:      filingKind{"OFF", "Change of officers", "CHANGE_OF_OFFICERS"},
		address:       filingKind{"ADR", "Change of registered address", "COMPANY_CHANGE_OF_ADDRESS"},
	},
	people: american,
}

// currencies of the countries without a registry of their own, for share
// capital; others report none.
var currencies = map[string]string{
	"AUS": "AUD", "AUT": "EUR", "BEL": "EUR", "BRA": "BRL", "CAN": "CAD", "CHE": "CHF", "CHN": "CNY", "CYP": "EUR",
	"CZE": "CZK", "DNK": "DKK", "ESP": "EUR", "EST": "EUR", "FIN": "EUR", "GRC": "EUR", "HKG": "HKD", "HRV": "EUR",
	"IND": "INR", "ITA": "EUR", "JPN": "JPY", "KOR": "KRW", "LTU": "EUR", "LUX": "EUR", "LVA": "EUR", "MEX": "MXN",
	"MLT": "EUR", "NOR": "NOK", "NZL": "NZD", "POL": "PLN", "PRT": "EUR", "SGP": "SGD", "SVK": "EUR", "SVN": "EUR",
	"SWE": "SEK", "ARE": "AED", "ZAF": "ZAR",
}

// countryOf returns how a country's registry works in the demo.
func countryOf(code string) *country {
	if c, ok := countries[code]; ok {
		return c
	}
	c := generic
	c.code, c.currency = code, currencies[code]
	return &c
}

// activity is a line of business with its code in each classification.
type activity struct {
	words                            []string // name words that suggest it
	title                            string
	sic, naf, nace, sbi, naics, isic string
}

var activities = []activity{
	{[]string{"software", "tech", "digital", "data", "cloud", "labs", "systems", "passfort", "app", "apps"}, "Business and domestic software development",
		"62012", "62.01Z", "62.01", "6201", "541511", "6201"},
	{[]string{"pay", "payments", "capital", "finance", "financial", "invest", "fx", "bank", "money", "fund"}, "Other financial service activities",
		"64999", "64.99Z", "64.99", "6499", "523999", "6499"},
	{[]string{"consult", "consulting", "consultancy", "advisory", "partners", "solutions"}, "Management consultancy activities",
		"70229", "70.22Z", "70.22", "7022", "541611", "7020"},
	{[]string{"shop", "store", "retail", "market", "trading", "goods"}, "Retail sale via mail order houses or via Internet",
		"47910", "47.91B", "47.91", "4791", "454110", "4791"},
	{[]string{"property", "properties", "estates", "homes", "realty"}, "Other letting and operating of own or leased real estate",
		"68209", "68.20B", "68.20", "6820", "531110", "6810"},
	{[]string{"trust", "foundation", "charity", "charitable", "stichting", "association", "stiftung", "fondation"}, "Other social work activities without accommodation",
		"88990", "88.99B", "88.99", "8899", "813219", "8890"},
	{[]string{"holdings", "group"}, "Activities of other holding companies",
		"64209", "64.20Z", "64.20", "6420", "551112", "6420"},
}
