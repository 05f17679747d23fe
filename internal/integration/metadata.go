package integration

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ProtocolVersion is the protocol version Gatehouse speaks.
const ProtocolVersion = 1

// Metadata is what GET / says of an integration.
type Metadata struct {
	ProtocolVersion float64 `json:"protocol_version"`
	ProviderName    string  `json:"provider_name"`
}

// Provider name length bounds, in characters.
const (
	minProviderName = 6
	maxProviderName = 49
)

// Validate reports every way the metadata falls short of the protocol.
func (m *Metadata) Validate() error {
	var ps Problems
	if m.ProtocolVersion != ProtocolVersion {
		ps.add("protocol_version", "is "+formatNumber(m.ProtocolVersion)+"; Gatehouse speaks protocol version 1")
	}
	switch n := utf8.RuneCountInString(m.ProviderName); {
	case strings.TrimSpace(m.ProviderName) == "":
		ps.add("provider_name", "is required")
	case n < minProviderName || n > maxProviderName:
		ps.add("provider_name", "has "+formatNumber(float64(n))+" characters; it must have 6 to 49")
	}
	return ps.err()
}

// Problem is one way an integration's metadata or config falls short.
type Problem struct {
	// Field is the JSON path of the offending member, such as
	// config.fields[1].default.
	Field  string
	Reason string
}

func (p Problem) Error() string { return p.Field + ": " + p.Reason }

// Problems are the problems found in one document; as an error it lists
// them all. errors.As finds it in what Validate returns.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

func (ps *Problems) add(field, reason string) {
	*ps = append(*ps, Problem{Field: field, Reason: reason})
}

func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// ProblemsOf returns the problems an error from Validate lists, or nil.
func ProblemsOf(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return nil
}
