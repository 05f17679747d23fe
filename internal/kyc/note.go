package kyc

import (
	"strings"
	"time"
)

// Note is an analyst's or integrator's note on a task. Deleting a note hides
// it; its text stays in the audit trail.
type Note struct {
	ID                   string
	ProfileID            string
	TaskID               string
	Text                 string
	AuthorID             string // the user's or API key's id
	AuthorName           string
	AuthorNameCustomised bool
	AttachmentIDs        []string
	CreatedAt            time.Time
}

// MaxNoteText is the longest note accepted, in bytes.
const MaxNoteText = 20000

// NewNote checks a note's text and returns the note by the actor.
func NewNote(actor Actor, profileID, taskID, text string, now time.Time) (*Note, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return nil, MissingField("text")
	case len(text) > MaxNoteText:
		return nil, FieldError("text", "must be at most 20000 bytes")
	}
	if err := CheckText("text", text, Prose); err != nil {
		return nil, err
	}
	n := &Note{ID: NewID(), ProfileID: profileID, TaskID: taskID, Text: text, AuthorName: actor.Name(), CreatedAt: now,
		AttachmentIDs: []string{}}
	switch {
	case actor.User != nil:
		n.AuthorID = actor.User.ID
	case actor.APIKey != nil:
		n.AuthorID = actor.APIKey.ID
	}
	return n, nil
}
