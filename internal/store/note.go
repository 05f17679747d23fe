package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) InsertNote(ctx context.Context, institutionID string, n *kyc.Note) error {
	k, err := t.writeKey(ctx, institutionID, n.ProfileID)
	if err != nil {
		return err
	}
	_, err = t.c.Exec(ctx, t.db.q(qInsertNote), n.ID, institutionID, n.ProfileID, n.TaskID,
		sealString(k, n.ProfileID, "task_notes.text", n.ID, n.Text), n.AuthorID, n.AuthorName, n.AuthorNameCustomised,
		sealString(k, n.ProfileID, "task_notes.attachment_ids", n.ID, mustJSON(noteAttachments(n))), micros(n.CreatedAt))
	return wrap("insert note", err)
}

// scanNoteOpen scans a note and opens its sealed text and attachments.
func (r *reader) scanNoteOpen(ctx context.Context, institutionID string, row Row) (kyc.Note, error) {
	var n kyc.Note
	var att string
	var created int64
	if err := row.Scan(&n.ID, &n.ProfileID, &n.TaskID, &n.Text, &n.AuthorID, &n.AuthorName, &n.AuthorNameCustomised,
		&att, &created); err != nil {
		return n, err
	}
	k, err := r.profileKey(ctx, institutionID, n.ProfileID)
	if err != nil {
		return n, err
	}
	if n.Text, err = r.open(k, n.ProfileID, "task_notes.text", n.ID, n.Text, ""); err != nil {
		return n, err
	}
	if att, err = r.open(k, n.ProfileID, "task_notes.attachment_ids", n.ID, att, "[]"); err != nil {
		return n, err
	}
	n.CreatedAt = fromMicros(created)
	return n, decodeAttachments(att, &n)
}

// noteAttachments is what the attachment_ids column holds: the attached
// files as {"id", "name"} objects.
func noteAttachments(n *kyc.Note) []kyc.FileRef {
	if n.Attachments == nil {
		return []kyc.FileRef{}
	}
	return n.Attachments
}

// decodeAttachments reads the attachment_ids column: objects, or the bare
// ids rows written before attachments were kept.
func decodeAttachments(col string, n *kyc.Note) error {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(col), &raw); err != nil {
		return err
	}
	n.AttachmentIDs, n.Attachments = []string{}, []kyc.FileRef{}
	for _, r := range raw {
		var f kyc.FileRef
		if len(r) > 0 && r[0] == '"' {
			if err := json.Unmarshal(r, &f.ID); err != nil {
				return err
			}
		} else if err := json.Unmarshal(r, &f); err != nil {
			return err
		}
		n.Attach(f)
	}
	return nil
}

func (r *reader) Notes(ctx context.Context, institutionID, profileID, taskID string) ([]kyc.Note, error) {
	r = r.session()
	if err := r.loadProfileKeys(ctx, institutionID, []string{profileID}); err != nil {
		return nil, err
	}
	rows, err := r.c.Query(ctx, r.db.q(qNotes), institutionID, profileID, taskID)
	if err != nil {
		return nil, internal("notes", err)
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
	return out, wrap("notes", rows.Err())
}

func (t *tx) DeleteNote(ctx context.Context, institutionID, taskID, noteID string, at time.Time) (*kyc.Note, error) {
	n, err := t.scanNoteOpen(ctx, institutionID, t.c.QueryRow(ctx, t.db.q(qNote), institutionID, taskID, noteID))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("note", noteID)
	}
	if err != nil {
		return nil, internal("note", err)
	}
	_, err = t.c.Exec(ctx, t.db.q(qDeleteNote), micros(at), institutionID, taskID, noteID)
	return &n, wrap("delete note", err)
}

func (r *reader) TasksDue(ctx context.Context, renewBefore, expireBefore time.Time, limit int) ([]kyc.ProfileRef, error) {
	rows, err := r.c.Query(ctx, r.db.q(qTasksDue), micros(expireBefore), micros(renewBefore), limit)
	if err != nil {
		return nil, internal("tasks due", err)
	}
	defer rows.Close()
	var out []kyc.ProfileRef
	for rows.Next() {
		var ref kyc.ProfileRef
		if err := rows.Scan(&ref.InstitutionID, &ref.ProfileID); err != nil {
			return nil, internal("scan tasks due", err)
		}
		out = append(out, ref)
	}
	return out, wrap("tasks due", rows.Err())
}
