package screening

// titles are honorifics and ranks dropped from the start of a person's
// name (or of the given-name part after OFAC's comma). Dropping them on
// both sides keeps "Dr. Ayman al-Zawahiri" and "Ayman al-Zawahiri" equal.
var titles = map[string]bool{
	"MR": true, "MRS": true, "MS": true, "MISS": true, "MX": true, "DR": true, "PROF": true,
	"PROFESSOR": true, "SIR": true, "DAME": true, "REV": true, "REVEREND": true, "SHEIKH": true,
	"SHAYKH": true, "SHAIKH": true, "SHEIK": true, "HAJI": true, "HAJJI": true, "HADJI": true,
	"ALHAJI": true, "ALHAJ": true, "MULLAH": true, "MULLA": true, "MAULAWI": true, "MAWLAWI": true,
	"MAWLAVI": true, "MAULVI": true, "MAULANA": true, "QARI": true, "HON": true, "HONORABLE": true,
	"HRH": true, "GEN": true, "GENERAL": true, "COL": true, "COLONEL": true, "LT": true, "MAJ": true,
	"CAPT": true, "CAPTAIN": true, "BRIG": true, "ENG": true, "ENGINEER": true, "SENATOR": true,
	"AMBASSADOR": true, "MADAME": true, "MME": true, "MLLE": true, "MONSIEUR": true, "HERR": true,
	"FRAU": true,
}

// suffixes are generational suffixes dropped from the end of a person's name.
var suffixes = map[string]bool{"JR": true, "SR": true, "II": true, "III": true, "IV": true}

// titleKeys holds the phonetic keys of titles, so "QARY" and "SHEYKH" are
// dropped like "QARI" and "SHEIKH".
var titleKeys = func() map[string]bool {
	m := map[string]bool{}
	for t := range titles {
		if len(t) >= 4 {
			m[phoneticKey(t)] = true
		}
	}
	return m
}()

func isTitle(w, key string) bool {
	return titles[w] || len(w) >= 4 && titleKeys[key] || w[0] >= 0x80 && arabicTitles[w]
}
