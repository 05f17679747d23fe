package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// indexSize is how many bytes of the HMAC a blind index keeps: 128 bits, so
// accidental collisions across an institution's names are negligible while
// the column stays short. A collision only adds a candidate, which the
// caller drops after decrypting.
const indexSize = 16

// BlindIndex returns a search token for token under key: HMAC-SHA256, under
// a subkey derived from key for this purpose only, of the normalised token
// (NormaliseToken), truncated to 128 bits and base64url-encoded (22
// characters). Use the institution's key, so search works across its
// profiles and no index value means anything in another institution.
//
// What it reveals: equal tokens give equal indexes within one institution,
// so someone with the database sees which profiles share a name token and
// how common each token is, though not the token itself. That is the price
// of searching sealed names; store indexes only for fields searched by.
func BlindIndex(key *Key, token string) string {
	key.indexOnce.Do(func() { key.index = key.derive(nil, "gatehouse blind index v1") })
	m := hmac.New(sha256.New, key.index)
	m.Write([]byte(NormaliseToken(token)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:indexSize])
}

// BlindIndexes returns the distinct blind indexes of the tokens of name,
// in order: what to store for a name, and what to look up for a query.
func BlindIndexes(key *Key, name string) []string {
	tokens := NameTokens(name)
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = BlindIndex(key, t)
	}
	return out
}

// NameTokens splits a name into its distinct normalised tokens: "José
// MARÍA-López O'Brien" gives jose, maria, lopez, obrien.
func NameTokens(name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(name, func(r rune) bool {
		apostrophe := r == '\'' || r == '’' || r == 'ʼ' // O'Brien is one token
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && !apostrophe
	}) {
		t := NormaliseToken(f)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// foldExtra spells out letters that do not decompose into a base letter
// and a mark.
var foldExtra = map[rune]string{
	'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// NormaliseToken lower-cases a token, strips diacritics (NFKD, combining
// marks dropped), spells out ß, ø, æ and the like, and drops everything but
// letters and digits. It is deliberately simple and stable: changing it
// changes every blind index, which would need a reindex.
func NormaliseToken(token string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(token) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
		case foldExtra[r] != "":
			b.WriteString(foldExtra[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
