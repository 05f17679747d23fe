package store

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// auditRow is an audit item as the arguments of InsertAudit.
func auditRow(it kyc.AuditItem) ([]any, error) {
	var user, ref *string
	if it.User != nil {
		s := mustJSON(toUserJSON(it.User))
		user = &s
	}
	if it.RefData != nil {
		b, err := json.Marshal(it.RefData)
		if err != nil {
			return nil, internal("encode audit ref data", err)
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
		keyName, microsPtr(it.APIKeyExpiry), micros(it.Timestamp), msg, ref, seq, hash}, nil
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
	if t.db.dialect.SealOnInsert {
		if err := t.sealItems(ctx, items); err != nil {
			return err
		}
	}
	rows := make([][]any, len(items))
	for i, it := range items {
		r, err := auditRow(it)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	return t.insertRows(ctx, qInsertAudit, "insert audit items", rows)
}

func (r *reader) AuditItems(ctx context.Context, institutionID, profileID string) ([]kyc.AuditItem, error) {
	return r.auditItems(ctx, qAuditItems, institutionID, profileID)
}

// auditItems runs a query selecting audit item columns.
func (r *reader) auditItems(ctx context.Context, q query, args ...any) ([]kyc.AuditItem, error) {
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("audit items", err)
	}
	defer rows.Close()
	out := []kyc.AuditItem{}
	for rows.Next() {
		var it kyc.AuditItem
		var user, keyName, msg, ref, hash *string
		var keyExpiry, seq *int64
		var ts int64
		if err := rows.Scan(&it.ID, &it.InstitutionID, &it.ProfileID, &it.Action, &user, &keyName, &keyExpiry, &ts,
			&msg, &ref, &seq, &hash); err != nil {
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
		out = append(out, it)
	}
	return out, wrap("audit items", rows.Err())
}

// sealItems gives items their chain positions and hashes after their
// institution's chain head, and moves the head past them.
func (t *tx) sealItems(ctx context.Context, items []kyc.AuditItem) error {
	heads := map[string][2]any{}
	for i := range items {
		it := &items[i]
		h, ok := heads[it.InstitutionID]
		if !ok {
			seq, hash, err := t.LockChainHead(ctx, it.InstitutionID)
			if err != nil {
				return err
			}
			h = [2]any{seq, hash}
		}
		// Hash what will be read back: ref data as its stored JSON decodes.
		if it.RefData != nil {
			b, err := json.Marshal(it.RefData)
			if err != nil {
				return internal("encode audit ref data", err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				return internal("decode audit ref data", err)
			}
			it.RefData = m
		}
		it.Timestamp = fromMicros(micros(it.Timestamp))
		seq := h[0].(int64) + 1
		it.Seq, it.Hash = seq, it.ChainHash(seq, h[1].(string))
		heads[it.InstitutionID] = [2]any{seq, it.Hash}
	}
	for inst, h := range heads {
		if err := t.SetChainHead(ctx, inst, h[0].(int64), h[1].(string)); err != nil {
			return err
		}
	}
	return nil
}
