package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// auditPersonal is the sealed form of an audit item's message and
// reference data.
type auditPersonal struct {
	Message string         `json:"m,omitempty"`
	RefData map[string]any `json:"r,omitempty"`
}

// auditRow is an audit item as the arguments of InsertAudit. With k, the
// item's message and reference data are sealed together in the sealed
// column and the plain columns stay NULL.
func auditRow(k *vault.Key, it kyc.AuditItem) ([]any, *string, error) {
	var sealed *string
	if k != nil && (it.Message != "" || it.RefData != nil) {
		b, err := json.Marshal(auditPersonal{Message: it.Message, RefData: it.RefData})
		if err != nil {
			return nil, nil, internal("encode audit item", err)
		}
		s := seal(k, it.ProfileID, "audit_items.sealed", it.ID, b)
		sealed = &s
		it.Message, it.RefData = "", nil
	}
	var user, ref *string
	if it.User != nil {
		s := mustJSON(toUserJSON(it.User))
		user = &s
	}
	if it.RefData != nil {
		b, err := json.Marshal(it.RefData)
		if err != nil {
			return nil, nil, internal("encode audit ref data", err)
		}
		s := string(b)
		ref = &s
	}
	var keyName, msg *string
	if it.APIKeyName != "" {
		keyName = &it.APIKeyName
	}
	if it.Message != "" {
		msg = &it.Message
	}
	var seq *int64
	var hash *string
	if it.Seq != 0 {
		seq, hash = &it.Seq, &it.Hash
	}
	return []any{it.ID, it.InstitutionID, it.ProfileID, string(it.Action), user,
		keyName, microsPtr(it.APIKeyExpiry), micros(it.Timestamp), msg, ref, seq, hash, sealed}, sealed, nil
}

// insertAudit inserts audit items, in one statement. On a store that
// seals on insert (SQLite, whose one writer serialises every transaction
// anyway), the items take their places in their institution's chain here,
// and the chain head moves in the same transaction: no sealing pass has to
// read them back and update them one by one. Elsewhere (PostgreSQL, where
// that would serialise an institution's writes on its chain head) the
// background sealer seals them.
func (t *tx) insertAudit(ctx context.Context, items []kyc.AuditItem) error {
	if len(items) == 0 {
		return nil
	}
	type head struct {
		seq  int64
		hash string
	}
	var heads map[string]head
	if t.db.dialect.SealOnInsert {
		heads = map[string]head{}
	}
	rows := make([][]any, len(items))
	for i := range items {
		it := &items[i]
		var k *vault.Key
		if it.ProfileID != "" && !it.Clear {
			var err error
			if k, err = t.writeKey(ctx, it.InstitutionID, it.ProfileID); err != nil {
				return err
			}
		}
		if heads != nil {
			// Hash what will be read back: the stored time, and ref data
			// stored in clear as its JSON decodes (sealed ref data counts
			// by the digest of its ciphertext).
			it.Timestamp = fromMicros(micros(it.Timestamp))
			if it.RefData != nil && k == nil {
				var m map[string]any
				if err := json.Unmarshal([]byte(mustJSON(it.RefData)), &m); err != nil {
					return internal("decode audit ref data", err)
				}
				it.RefData = m
			}
		}
		r, sealed, err := auditRow(k, *it)
		if err != nil {
			return err
		}
		if heads != nil {
			h, ok := heads[it.InstitutionID]
			if !ok {
				if h.seq, h.hash, err = t.LockChainHead(ctx, it.InstitutionID); err != nil {
					return err
				}
			}
			c := *it
			if sealed != nil {
				c.PersonalDigest = personalDigest(*sealed)
			}
			it.Seq = h.seq + 1
			it.Hash = c.ChainHash(it.Seq, h.hash)
			r[10], r[11] = it.Seq, it.Hash
			heads[it.InstitutionID] = head{it.Seq, it.Hash}
		}
		rows[i] = r
	}
	for inst, h := range heads {
		if err := t.SetChainHead(ctx, inst, h.seq, h.hash); err != nil {
			return err
		}
	}
	return t.insertRows(ctx, qInsertAudit, "insert audit items", rows)
}

// personalDigest is the digest the chain hashes in place of an item's
// sealed personal fields.
func personalDigest(sealed string) string {
	d := sha256.Sum256([]byte(sealed))
	return hex.EncodeToString(d[:])
}

// AuditItems returns a profile's items with their sealed fields opened
// (empty once the profile is erased).
func (r *reader) AuditItems(ctx context.Context, institutionID, profileID string) ([]kyc.AuditItem, error) {
	r = r.session()
	items, err := r.auditItems(ctx, qAuditItems, institutionID, profileID)
	if err != nil || r.db.keys == nil {
		return items, err
	}
	k, err := r.profileKey(ctx, institutionID, profileID)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if err := r.openAudit(k, &items[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// openAudit opens the sealed fields of an item auditItems read.
func (r *reader) openAudit(k *vault.Key, it *kyc.AuditItem) error {
	if it.Message == "" || !isSealed(it.Message) {
		return nil
	}
	raw, err := r.open(k, it.ProfileID, "audit_items.sealed", it.ID, it.Message, "{}")
	if err != nil {
		return err
	}
	var ap auditPersonal
	if err := json.Unmarshal([]byte(raw), &ap); err != nil {
		return internal("decode audit item", err)
	}
	it.Message, it.RefData = ap.Message, ap.RefData
	return nil
}

// auditItems runs a query selecting audit item columns. An item whose
// personal fields are sealed comes with its PersonalDigest and the sealed
// value in Message (opened by openAudit; the chain needs only the digest).
func (r *reader) auditItems(ctx context.Context, q query, args ...any) ([]kyc.AuditItem, error) {
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("audit items", err)
	}
	defer rows.Close()
	out := []kyc.AuditItem{}
	for rows.Next() {
		var it kyc.AuditItem
		var user, keyName, msg, ref, hash, sealed *string
		var keyExpiry, seq *int64
		var ts int64
		if err := rows.Scan(&it.ID, &it.InstitutionID, &it.ProfileID, &it.Action, &user, &keyName, &keyExpiry, &ts,
			&msg, &ref, &seq, &hash, &sealed); err != nil {
			return nil, internal("scan audit item", err)
		}
		it.Timestamp, it.APIKeyExpiry = fromMicros(ts), fromMicrosPtr(keyExpiry)
		if user != nil {
			var u userJSON
			if err := json.Unmarshal([]byte(*user), &u); err != nil {
				return nil, internal("decode audit user", err)
			}
			it.User = u.kyc()
		}
		if ref != nil {
			if err := json.Unmarshal([]byte(*ref), &it.RefData); err != nil {
				return nil, internal("decode audit ref data", err)
			}
		}
		if keyName != nil {
			it.APIKeyName = *keyName
		}
		if msg != nil {
			it.Message = *msg
		}
		if seq != nil && hash != nil {
			it.Seq, it.Hash = *seq, *hash
		}
		if sealed != nil {
			// The digest covers the plain columns too, which a sealed item
			// leaves NULL: a value written there breaks the chain.
			h := sha256.New()
			h.Write([]byte(*sealed))
			if msg != nil || ref != nil {
				h.Write([]byte("\x00" + it.Message + "\x00" + mustJSON(it.RefData)))
			}
			it.PersonalDigest, it.Message, it.RefData = hex.EncodeToString(h.Sum(nil)), *sealed, nil
		}
		out = append(out, it)
	}
	return out, wrap("audit items", rows.Err())
}
