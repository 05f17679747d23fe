package store

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// saveTasks inserts a profile's new tasks (in one statement) and updates
// its changed ones.
func (t *tx) saveTasks(ctx context.Context, tasks []*kyc.Task) error {
	var fresh [][]any
	for _, tk := range tasks {
		if tk.Stored() && !tk.Dirty() {
			continue
		}
		checks, forms := mustJSON(nonNil(tk.CheckIDs)), mustJSON(nonNil(tk.FormInstanceIDs))
		if !tk.Stored() {
			fresh = append(fresh, []any{tk.ID, tk.ProfileID, tk.Variant.ID, mustJSON(toVariantJSON(tk.Variant)),
				string(tk.State), tk.IsDeleted, tk.IsExpired, tk.IsSkipped, tk.ManuallyUncompleted, checks, forms,
				tk.Version, micros(tk.CreatedAt), microsPtr(tk.CompletedAt), microsPtr(tk.ExpiryDate)})
			continue
		}
		_, err := t.c.Exec(ctx, t.db.q(qUpdateTask), string(tk.State), tk.IsDeleted, tk.IsExpired, tk.IsSkipped,
			tk.ManuallyUncompleted, checks, forms, microsPtr(tk.CompletedAt), microsPtr(tk.ExpiryDate), tk.ID)
		if err != nil {
			return internal("update task", err)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	return t.insertRows(ctx, qInsertTask, "insert tasks", fresh)
}

func (r *reader) loadTasks(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
	rows, err := r.c.Query(ctx, r.db.expandIDs(qTasks, len(ids)), ids...)
	if err != nil {
		return internal("tasks", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tk kyc.Task
		var variant, checks, forms string
		var created int64
		var completed, expiry *int64
		if err := rows.Scan(&tk.ID, &tk.ProfileID, &variant, &tk.State, &tk.IsDeleted, &tk.IsExpired, &tk.IsSkipped,
			&tk.ManuallyUncompleted, &checks, &forms, &tk.Version, &created, &completed, &expiry); err != nil {
			return internal("scan task", err)
		}
		var vj variantJSON
		if err := decodeAll([]string{variant, checks, forms}, &vj, &tk.CheckIDs, &tk.FormInstanceIDs); err != nil {
			return internal("decode task "+tk.ID, err)
		}
		tk.Variant = vj.kyc()
		tk.CreatedAt, tk.CompletedAt, tk.ExpiryDate = fromMicros(created), fromMicrosPtr(completed), fromMicrosPtr(expiry)
		if p := byID[tk.ProfileID]; p != nil {
			p.Tasks = append(p.Tasks, &tk)
		}
	}
	return wrap("tasks", rows.Err())
}

// decodeAll decodes each JSON text into the matching destination.
func decodeAll(texts []string, dst ...any) error {
	for i, s := range texts {
		if err := json.Unmarshal([]byte(s), dst[i]); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
