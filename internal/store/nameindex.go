package store

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// Search by name works through a blind index: profile_names holds, for
// each word of a profile's display name (vault.NameTokens: lower-case,
// diacritics folded), the keyed hash (vault.BlindIndex, under a subkey of
// the institution's key) of the word's prefixes of minPrefix to maxPrefix
// letters, or of the whole word when shorter than minPrefix. A query word
// is hashed the same way and looked up exactly, so search finds names by
// the start of their words ("ali" finds Alice, "ice" does not), never by
// a substring inside a word; the names themselves are sealed.
const (
	minPrefix = 3
	maxPrefix = 20
	// maxSearchTerms is how many words of a query the index matches (the
	// first ones); the SearchProfiles query has that many slots.
	maxSearchTerms = 4
)

// nameTerms returns the index terms of a display name.
func nameTerms(name string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, tok := range vault.NameTokens(name) {
		rs := []rune(tok)
		if len(rs) < minPrefix {
			add(tok)
			continue
		}
		for n := minPrefix; n <= min(len(rs), maxPrefix); n++ {
			add(string(rs[:n]))
		}
	}
	return out
}

// queryTerm is the index term a query word is looked up by: the word, cut
// to maxPrefix letters.
func queryTerm(word string) string {
	rs := []rune(word)
	if len(rs) > maxPrefix {
		rs = rs[:maxPrefix]
	}
	return string(rs)
}

// blind hashes a term under the institution's key, or keeps it as it is
// when protection is off (ik nil: benchmarks).
func blind(ik *vault.Key, term string) string {
	if ik == nil {
		return term
	}
	return vault.BlindIndex(ik, term)
}

// indexName rewrites a profile's name index when its display name changed
// since it was indexed, in the profile's transaction.
func (t *tx) indexName(ctx context.Context, p *kyc.Profile) error {
	if p.Stored() && p.DisplayName == p.IndexedName {
		return nil
	}
	if p.Stored() {
		if _, err := t.c.Exec(ctx, t.db.q(qDeleteNameTokens), p.ID); err != nil {
			return internal("delete name tokens", err)
		}
	}
	ik, err := t.instKey(ctx, p.InstitutionID)
	if err != nil {
		return err
	}
	terms := nameTerms(p.DisplayName)
	rows := make([][]any, len(terms))
	for i, term := range terms {
		rows[i] = []any{p.InstitutionID, blind(ik, term), p.ID}
	}
	if err := t.insertRows(ctx, qInsertNameToken, "insert name tokens", rows); err != nil {
		return err
	}
	p.IndexedName = p.DisplayName
	return nil
}

// searchTerms returns the SearchProfiles arguments for the name index:
// maxSearchTerms blind terms (repeated to fill the slots) and how many
// distinct ones a profile must match. No name word: no profile matches by
// name (a count of 0 is never reached by a group).
func (r *reader) searchTerms(ctx context.Context, institutionID, text string) ([]any, error) {
	out := make([]any, 0, maxSearchTerms+1)
	var words []string
	seen := map[string]bool{}
	for _, w := range vault.NameTokens(text) {
		if t := queryTerm(w); !seen[t] && len(words) < maxSearchTerms {
			seen[t] = true
			words = append(words, t)
		}
	}
	if len(words) == 0 {
		for range maxSearchTerms {
			out = append(out, "")
		}
		return append(out, 0), nil
	}
	ik, err := r.instKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	for i := range maxSearchTerms {
		out = append(out, blind(ik, words[min(i, len(words)-1)]))
	}
	return append(out, len(words)), nil
}

// SealedName is what the store writes for a new profile's name: the
// profile's wrapped data key, the sealed display name, and the blind terms
// of its name index. Seal seals other columns of the profile under its key.
type SealedName struct {
	WrappedKey  []byte
	DisplayName string
	Terms       []string
	key         *vault.Key
	profileID   string
}

// Seal returns what the store writes in column for plaintext.
func (s SealedName) Seal(column string, plaintext []byte) string {
	return seal(s.key, s.profileID, column, "", plaintext)
}

// SealName makes a new profile's key and seals its name as SaveProfile
// would: for benchmarks that copy profiles in SQL and must leave rows the
// store reads as its own. It needs protection on.
func (d *DB) SealName(ctx context.Context, institutionID, profileID, name string) (SealedName, error) {
	if d.keys == nil {
		return SealedName{}, errUnprotected
	}
	ik, err := d.keys.InstitutionKey(ctx, institutionID)
	if err != nil {
		return SealedName{}, internal("institution key", err)
	}
	k := vault.GenerateKey()
	out := SealedName{WrappedKey: []byte(vault.WrapProfileKey(ik, k, profileID)),
		DisplayName: sealString(k, profileID, "profiles.display_name", "", name), key: k, profileID: profileID}
	for _, term := range nameTerms(name) {
		out.Terms = append(out.Terms, blind(ik, term))
	}
	return out, nil
}
