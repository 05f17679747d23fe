package portal

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// checkView is a check with its output rendered for its type: identity
// matches as a table, screening results as a table of matches, other
// outputs as a tree of their fields.
type checkView struct {
	Check     *kyc.Check
	Kind      string // identity, screening or other
	Identity  []identityRow
	Screening []screeningRow
	Fields    []fieldRow
	// FieldsHTML is Fields rendered (a large output has hundreds: see
	// queueRows for why rows are rendered in Go).
	FieldsHTML template.HTML
	Errors     []string
}

type identityRow struct {
	Database string
	Type     string
	Fields   string
}

type screeningRow struct {
	Name    string
	Score   string
	Flags   string
	EventID string
}

// fieldRow is one leaf of a check's output: its path and value.
type fieldRow struct {
	Path, Value string
}

// maxFieldRows bounds the generic rendering of a large output.
const maxFieldRows = 200

func checkViewOf(c *kyc.Check, p *kyc.Profile) checkView {
	v := checkView{Check: c, Kind: "other"}
	for _, e := range c.Errors {
		v.Errors = append(v.Errors, fmt.Sprintf("%s (code %d, %s)", e.Message, e.Code, strings.ToLower(e.Source)))
	}
	if len(c.Output) == 0 {
		return v
	}
	switch c.Type {
	case kyc.CheckIdentity:
		var out struct {
			EID struct {
				Matches []struct {
					Name   string   `json:"database_name"`
					Type   string   `json:"database_type"`
					Fields []string `json:"matched_fields"`
				} `json:"matches"`
			} `json:"electronic_id_check"`
		}
		if json.Unmarshal(c.Output, &out) == nil {
			v.Kind = "identity"
			for _, m := range out.EID.Matches {
				fs := make([]string, len(m.Fields))
				for i, f := range m.Fields {
					fs[i] = human(f)
				}
				v.Identity = append(v.Identity, identityRow{Database: m.Name, Type: human(m.Type), Fields: strings.Join(fs, ", ")})
			}
			return v
		}
	case kyc.CheckPEPsAndSanctions, kyc.CheckCompanyPEPsSanctions:
		var out struct {
			Results []json.RawMessage `json:"sanctions_results"`
		}
		if json.Unmarshal(c.Output, &out) == nil {
			v.Kind = "screening"
			for _, raw := range out.Results {
				h := parseHit(raw)
				row := screeningRow{Name: h.MatchName}
				if h.Score != nil {
					row.Score = fmt.Sprintf("%.0f%%", *h.Score*100)
				}
				var flags []string
				if h.PEP != nil && h.PEP.Match {
					flags = append(flags, "PEP")
				}
				if len(h.Sanctions) > 0 {
					flags = append(flags, "Sanction")
				}
				if len(h.Media) > 0 {
					flags = append(flags, "Adverse media")
				}
				row.Flags = strings.Join(flags, ", ")
				for _, e := range p.Events {
					if e.CheckID == c.ID && parseHit(e.Data).MatchID == h.MatchID {
						row.EventID = e.ID
						break
					}
				}
				v.Screening = append(v.Screening, row)
			}
			return v
		}
	}
	var tree any
	if json.Unmarshal(c.Output, &tree) == nil {
		flatten("", tree, &v.Fields)
	}
	var b strings.Builder
	for _, f := range v.Fields {
		b.WriteString("<dt>" + html.EscapeString(f.Path) + "</dt><dd>" + html.EscapeString(f.Value) + "</dd>")
	}
	v.FieldsHTML = template.HTML(b.String())
	return v
}

// flatten lists the leaves of a JSON value with their paths.
func flatten(path string, v any, out *[]fieldRow) {
	if len(*out) >= maxFieldRows {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(joinNonEmpty(" › ", path, human(k)), x[k], out)
		}
	case []any:
		for i, e := range x {
			flatten(fmt.Sprintf("%s %d", path, i+1), e, out)
		}
	case nil:
	default:
		*out = append(*out, fieldRow{Path: path, Value: fmt.Sprint(x)})
	}
}
