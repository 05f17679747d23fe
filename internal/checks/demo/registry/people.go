package registry

// namePool is the given and family names the registry's people of a
// country are made up from. None is a demo keyword.
type namePool struct{ given, family []string }

var (
	british = namePool{
		given:  []string{"Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Grace", "Leo", "Freya", "Oscar", "Evie"},
		family: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Walker", "Hughes", "Edwards", "Clarke"},
	}
	irish = namePool{
		given:  []string{"Seán", "Aoife", "Conor", "Niamh", "Cian", "Saoirse", "Darragh", "Ciara", "Oisín", "Róisín", "Pádraig", "Sinéad"},
		family: []string{"Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Doyle", "McCarthy", "Gallagher"},
	}
	french = namePool{
		given:  []string{"Camille", "Louis", "Léa", "Gabriel", "Chloé", "Jules", "Manon", "Hugo", "Inès", "Arthur", "Juliette", "Lucas"},
		family: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent"},
	}
	german = namePool{
		given:  []string{"Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Paul", "Sophie", "Maximilian", "Laura", "Jan", "Katharina"},
		family: []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter"},
	}
	dutch = namePool{
		given:  []string{"Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Levi", "Sophie", "Finn", "Anna", "Milan", "Fleur"},
		family: []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"},
	}
	american = namePool{
		given:  []string{"James", "Olivia", "Michael", "Emma", "Daniel", "Sophia", "Ethan", "Isabella", "Benjamin", "Charlotte", "Lucas", "Harper"},
		family: []string{"Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Thomas", "Moore", "Jackson", "Lee", "Harris"},
	}
)

// nameWords make up company names for numbers searched alone.
var nameWords = []string{
	"Northgate", "Bluewater", "Harbour", "Silverline", "Oakfield", "Meridian", "Kestrel", "Ashford", "Brightstone",
	"Cedar", "Evergreen", "Granite", "Highland", "Lighthouse", "Riverside", "Summit", "Westbrook", "Willow",
}

// nameTrades follow the word in made-up names.
var nameTrades = []string{"Software", "Payments", "Consulting", "Trading", "Properties", "Holdings", "Digital", "Capital"}
