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

// insertAudit inserts audit items, in one statement.
func (t *tx) insertAudit(ctx context.Context, items []kyc.AuditItem) error {
	if len(items) == 0 {
		return nil
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
