package kyc

import "strings"

// Tag is an institution-wide label attached to profiles.
type Tag struct {
	ID          string
	Name        string
	IsAutomatic bool
}

// TagRef names a tag to attach: an existing tag by ID, or a tag by Name,
// created when the institution has none of that name.
type TagRef struct {
	ID   string
	Name string
}

// MaxTagName is the longest tag name accepted, in bytes.
const MaxTagName = 200

// NormalizeTagName trims a tag name and checks it.
func NormalizeTagName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", FieldError("name", "must not be empty")
	case len(name) > MaxTagName:
		return "", FieldError("name", "must be at most 200 bytes")
	}
	if err := CheckText("name", name, Line); err != nil {
		return "", err
	}
	return name, nil
}
