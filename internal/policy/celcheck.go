package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"
	celast "github.com/google/cel-go/common/ast"
)

// checkFields reports selections of fields `profile` and `risk` never have
// (a misspelt field would otherwise always be "data missing").
func checkFields(checked *cel.Ast, at string, bad func(string, ...any)) bool {
	a := checked.NativeRep()
	ok := true
	for _, e := range celast.MatchDescendants(celast.NavigateAST(a), celast.AllMatcher()) {
		var op celast.Expr
		var field string
		switch e.Kind() {
		case celast.SelectKind: // profile.field
			op, field = e.AsSelect().Operand(), e.AsSelect().FieldName()
		case celast.CallKind: // profile.?field
			c := e.AsCall()
			if c.FunctionName() != "_?._" || len(c.Args()) != 2 || c.Args()[1].Kind() != celast.LiteralKind {
				continue
			}
			name, _ := c.Args()[1].AsLiteral().Value().(string)
			op, field = c.Args()[0], name
		default:
			continue
		}
		if op.Kind() != celast.IdentKind {
			continue
		}
		var known []string
		switch op.AsIdent() {
		case "profile":
			known = profileFields
		case "risk":
			known = riskFields
		default:
			continue
		}
		if !slices.Contains(known, field) {
			hint := "it has " + strings.Join(known, ", ")
			if near := nearest(field, known); near != "" {
				hint = "did you mean " + near + "?"
			}
			loc := a.SourceInfo().GetStartLocation(e.ID())
			loc = common.NewLocation(loc.Line(), loc.Column()+1) // the field, after the dot (or ?)
			bad("%s", pointAt(checked.Source(), at, loc, fmt.Sprintf("%s has no field %q (%s)", op.AsIdent(), field, hint)))
			ok = false
		}
	}
	return ok
}

// pointAt formats a problem in an expression with its position and a caret
// under it.
func pointAt(src common.Source, at string, loc common.Location, msg string) string {
	out := fmt.Sprintf("%s:%d:%d: %s", at, loc.Line(), loc.Column()+1, msg)
	if line, ok := src.Snippet(loc.Line()); ok {
		out += "\n      | " + line + "\n      | " + strings.Repeat(".", max(loc.Column(), 0)) + "^"
	}
	return out
}

// nearest returns the candidate within two edits of s, if any.
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
