package screening

// Hand-written romanisation tables. They follow the spellings OFAC and the
// UN use (BGN/PCGN-like for Cyrillic, ELOT-like for Greek), which is what
// query variants are compared with; exact scholarly transliteration is not
// the goal. Arabic script is not romanised but matched across scripts
// (arabic.go, xscript.go).

var cyrillic = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ё': "YO", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "Y", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O",
	'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "KH", 'Ц': "TS",
	'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "YU",
	'Я': "YA",
	// Ukrainian, Belarusian, Serbian, Macedonian, Kazakh.
	'Є': "YE", 'І': "I", 'Ї': "YI", 'Ґ': "G", 'Ў': "U", 'Ђ': "DJ", 'Ј': "J", 'Љ': "LJ",
	'Њ': "NJ", 'Ћ': "C", 'Џ': "DZ", 'Ѓ': "GJ", 'Ќ': "KJ", 'Ѕ': "DZ", 'Ә': "A", 'Ғ': "G",
	'Қ': "K", 'Ң': "N", 'Ө': "O", 'Ұ': "U", 'Ү': "U", 'Һ': "H",
}

var greek = map[rune]string{
	'Α': "A", 'Β': "V", 'Γ': "G", 'Δ': "D", 'Ε': "E", 'Ζ': "Z", 'Η': "I", 'Θ': "TH",
	'Ι': "I", 'Κ': "K", 'Λ': "L", 'Μ': "M", 'Ν': "N", 'Ξ': "X", 'Ο': "O", 'Π': "P",
	'Ρ': "R", 'Σ': "S", 'ς': "S", 'Τ': "T", 'Υ': "Y", 'Φ': "F", 'Χ': "CH", 'Ψ': "PS",
	'Ω': "O",
}

// latinSpecial covers letters that Unicode decomposition leaves alone.
var latinSpecial = map[rune]string{
	'ß': "SS", 'ẞ': "SS", 'Æ': "AE", 'Ø': "O", 'Œ': "OE", 'Ł': "L", 'Đ': "D", 'Ð': "D",
	'Þ': "TH", 'ı': "I", 'Ħ': "H", 'Ŀ': "L", 'ŉ': "N", 'ĸ': "K", 'ſ': "S", 'ƒ': "F",
	'Ŋ': "NG", 'Ɨ': "I", 'Ʉ': "U", 'ʻ': "'", 'ʼ': "'", 'ʿ': "'", 'ʾ': "'",
}
