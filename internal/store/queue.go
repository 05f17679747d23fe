package store

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// The queue's columns of applications (0008) are copies of what the
// aggregate derives, written with the application: its bucket, since when
// it waits there, its risk level and its assignee, so that the queue is an
// index range instead of a scan of every application. Bucket counts are
// kept by triggers (a total, and appended changes folded into it).

// queueColumns returns the queue's column values of an application.
func queueColumns(a *kyc.Application, sealText func(field, s string) string) (bucket string, waiting int64, risk, assigneeID, assignee, pending string) {
	if a.Assignee != nil {
		assigneeID, assignee = a.Assignee.ID, mustJSON(toUserJSON(a.Assignee))
	}
	if ap := a.PendingApproval; ap != nil {
		pending = mustJSON(approvalJSON{User: toUserJSON(ap.User), APIKeyID: ap.APIKeyID, APIKeyName: ap.APIKeyName,
			At: micros(ap.At), Comment: sealText("approval.comment", ap.Comment)})
	}
	return a.Bucket(), micros(a.WaitingSince()), string(a.Risk.Category), assigneeID, assignee, pending
}

// approvalJSON is the stored form of a four-eyes first approval.
type approvalJSON struct {
	User       *userJSON `json:"user,omitempty"`
	APIKeyID   string    `json:"apikey_id,omitempty"`
	APIKeyName string    `json:"apikey_name,omitempty"`
	At         int64     `json:"at"`
	Comment    string    `json:"comment,omitempty"`
}

// decodeAssignment reads the stored assignee and pending approval.
func decodeAssignment(a *kyc.Application, assignee, pending string, openText func(field, s string) string) error {
	if assignee != "" {
		var u userJSON
		if err := json.Unmarshal([]byte(assignee), &u); err != nil {
			return err
		}
		a.Assignee = u.kyc()
	}
	if pending != "" {
		var ap approvalJSON
		if err := json.Unmarshal([]byte(pending), &ap); err != nil {
			return err
		}
		a.PendingApproval = &kyc.Approval{User: ap.User.kyc(), APIKeyID: ap.APIKeyID, APIKeyName: ap.APIKeyName,
			At: fromMicros(ap.At), Comment: openText("approval.comment", ap.Comment)}
	}
	return nil
}

func (r *reader) QueueCounts(ctx context.Context, institutionID string) (map[string]int, error) {
	rows, err := r.c.Query(ctx, r.db.q(qQueueCounts), institutionID, institutionID)
	if err != nil {
		return nil, internal("queue counts", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var b string
		var n int64
		if err := rows.Scan(&b, &n); err != nil {
			return nil, internal("scan queue counts", err)
		}
		out[b] = int(n)
	}
	return out, wrap("queue counts", rows.Err())
}

func (t *tx) FoldQueueCounts(ctx context.Context) (int64, error) {
	var last int64
	if err := t.c.QueryRow(ctx, t.db.q(qLastQueueCountChange)).Scan(&last); err != nil {
		return 0, internal("last queue count change", err)
	}
	if last == 0 {
		return 0, nil
	}
	n, err := t.c.Exec(ctx, t.db.q(qFoldQueueCounts), last)
	if err != nil {
		return 0, internal("fold queue counts", err)
	}
	if t.db.dialect.Name != "postgres" { // PostgreSQL's fold deleted what it added
		if _, err := t.c.Exec(ctx, t.db.q(qDeleteFoldedQueueCounts), last); err != nil {
			return 0, internal("delete folded queue counts", err)
		}
	}
	return n, nil
}

func (r *reader) Queue(ctx context.Context, institutionID string, q kyc.QueueQuery) ([]kyc.QueueItem, error) {
	risk, riskOn := string(q.Risk), 0
	switch q.Risk {
	case "":
	case kyc.RiskNone:
		risk, riskOn = "", 1
	default:
		riskOn = 1
	}
	before := int64(math.MaxInt64)
	if !q.WaitingBefore.IsZero() {
		before = micros(q.WaitingBefore)
	}
	filters := []any{q.Bucket, q.ProductID, q.ProductID, riskOn, risk, before, q.Limit, q.Offset}
	query, args := qQueue, append([]any{institutionID}, filters...)
	if q.Assignee != "" {
		who := q.Assignee
		if who == kyc.AssigneeNone {
			who = ""
		}
		query, args = qQueueAssigned, append([]any{institutionID, who}, filters...)
	}
	return r.queueItems(ctx, institutionID, r.db.q(query), args...)
}

func (r *reader) QueueItemsOf(ctx context.Context, institutionID string, profileIDs []string) ([]kyc.QueueItem, error) {
	if len(profileIDs) == 0 {
		return []kyc.QueueItem{}, nil
	}
	args := append([]any{institutionID}, anyStrings(profileIDs)...)
	return r.queueItems(ctx, institutionID, r.db.expandIDs(qQueueItemsOf, len(profileIDs)), args...)
}

// queueItems reads queue rows of an institution, their sealed display
// names opened with one key query for the page.
func (r *reader) queueItems(ctx context.Context, institutionID, sql string, args ...any) ([]kyc.QueueItem, error) {
	r = r.session()
	rows, err := r.c.Query(ctx, sql, args...)
	if err != nil {
		return nil, internal("queue", err)
	}
	defer rows.Close()
	out := []kyc.QueueItem{}
	for rows.Next() {
		var it kyc.QueueItem
		var prod, assignee string
		var waiting, created int64
		if err := rows.Scan(&it.ApplicationID, &it.ProfileID, &it.DisplayName, &it.Role, &it.ProductID, &prod,
			&it.Status, &it.Flag, &it.Bucket, &it.Risk, &it.AssigneeID, &assignee, &waiting, &created); err != nil {
			return nil, internal("scan queue", err)
		}
		var pj productJSON
		var uj userJSON
		if err := decodeAll([]string{prod}, &pj); err != nil {
			return nil, internal("decode queue product", err)
		}
		it.ProductName = pj.Name
		if assignee != "" {
			if err := json.Unmarshal([]byte(assignee), &uj); err != nil {
				return nil, internal("decode queue assignee", err)
			}
			it.AssigneeName = uj.Name
		}
		it.WaitingSince, it.CreatedAt = fromMicros(waiting), fromMicros(created)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("queue", err)
	}
	rows.Close()
	names := make([]nameRef, len(out))
	for i := range out {
		names[i] = nameRef{out[i].ProfileID, &out[i].DisplayName}
	}
	return out, r.openNames(ctx, institutionID, names)
}

// ProfilesByNameToken looks the word up in the blind name index: it
// finds names with a word starting with it (three letters or more), or
// equal to it (shorter words); see nameindex.go.
func (r *reader) ProfilesByNameToken(ctx context.Context, institutionID, prefix string, limit int) ([]kyc.NameMatch, error) {
	r = r.session()
	words := vault.NameTokens(prefix)
	if len(words) == 0 {
		return []kyc.NameMatch{}, nil
	}
	word := slices.MaxFunc(words, func(a, b string) int { return len(a) - len(b) })
	ik, err := r.instKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	return r.nameMatches(ctx, institutionID, qProfilesByNameToken, institutionID, blind(ik, queryTerm(word)), limit)
}

func (r *reader) ProfilesByTag(ctx context.Context, institutionID, tagID string, limit int) ([]kyc.NameMatch, error) {
	return r.nameMatches(ctx, institutionID, qProfilesByTag, tagID, limit, institutionID)
}

func (r *reader) nameMatches(ctx context.Context, institutionID string, q query, args ...any) ([]kyc.NameMatch, error) {
	r = r.session()
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("profiles by name", err)
	}
	defer rows.Close()
	out := []kyc.NameMatch{}
	for rows.Next() {
		var m kyc.NameMatch
		var created int64
		if err := rows.Scan(&m.ProfileID, &m.DisplayName, &created); err != nil {
			return nil, internal("scan profile name", err)
		}
		m.CreatedAt = fromMicros(created)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("profiles by name", err)
	}
	rows.Close()
	names := make([]nameRef, len(out))
	for i := range out {
		names[i] = nameRef{out[i].ProfileID, &out[i].DisplayName}
	}
	return out, r.openNames(ctx, institutionID, names)
}

func (r *reader) ApplicationProfile(ctx context.Context, institutionID, applicationID string) (string, error) {
	var id string
	err := r.c.QueryRow(ctx, r.db.q(qApplicationProfile), applicationID, institutionID).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return "", kyc.NotFound("application", applicationID)
	}
	return id, wrap("application profile", err)
}

func (r *reader) ProfileNotes(ctx context.Context, institutionID, profileID string) ([]kyc.Note, error) {
	r = r.session()
	if err := r.loadProfileKeys(ctx, institutionID, []string{profileID}); err != nil {
		return nil, err
	}
	rows, err := r.c.Query(ctx, r.db.q(qProfileNotes), institutionID, profileID)
	if err != nil {
		return nil, internal("profile notes", err)
	}
	defer rows.Close()
	out := []kyc.Note{}
	for rows.Next() {
		n, err := r.scanNoteOpen(ctx, institutionID, rows)
		if err != nil {
			return nil, internal("scan note", err)
		}
		out = append(out, n)
	}
	return out, wrap("profile notes", rows.Err())
}

func (r *reader) AuditHashes(ctx context.Context, institutionID string, seqs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(seqs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(seqs)+1)
	args = append(args, institutionID)
	for _, s := range seqs {
		args = append(args, s)
	}
	rows, err := r.c.Query(ctx, r.db.expandIDs(qAuditHashes, len(seqs)), args...)
	if err != nil {
		return nil, internal("audit hashes", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var hash string
		if err := rows.Scan(&seq, &hash); err != nil {
			return nil, internal("scan audit hash", err)
		}
		out[seq] = hash
	}
	return out, wrap("audit hashes", rows.Err())
}
