package address

import (
	"regexp"
	"strings"
)

// render renders an address template: the subset of Mustache the
// address-formatting templates use. {{{name}}} (and {{name}}) insert a
// component, unescaped, or nothing; {{#first}} a || b || c {{/first}}
// renders its body and keeps the first alternative that is not empty.
// Sections do not nest in the data; an unclosed tag is copied as text.
func render(tpl string, comps *components) string {
	var b strings.Builder
	for len(tpl) > 0 {
		i := strings.Index(tpl, "{{")
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		b.WriteString(tpl[:i])
		tpl = tpl[i:]
		if strings.HasPrefix(tpl, "{{#first}}") {
			end := strings.Index(tpl, "{{/first}}")
			if end < 0 {
				b.WriteString(tpl)
				break
			}
			b.WriteString(first(render(tpl[len("{{#first}}"):end], comps)))
			tpl = tpl[end+len("{{/first}}"):]
			continue
		}
		name, rest, ok := tag(tpl)
		if !ok {
			b.WriteString("{{")
			tpl = tpl[2:]
			continue
		}
		b.WriteString(comps.get(name))
		tpl = rest
	}
	return b.String()
}

// tag reads a {{{name}}} or {{name}} tag at the start of s.
func tag(s string) (name, rest string, ok bool) {
	open, close := "{{", "}}"
	if strings.HasPrefix(s, "{{{") {
		open, close = "{{{", "}}}"
	}
	end := strings.Index(s[len(open):], close)
	if end < 0 {
		return "", s, false
	}
	return strings.TrimSpace(s[len(open) : len(open)+end]), s[len(open)+end+len(close):], true
}

var alternatives = regexp.MustCompile(`\s*\|\|\s*`)

// first is the {{#first}} lambda: the first non-empty alternative.
func first(s string) string {
	for _, p := range alternatives.Split(s, -1) {
		if p != "" {
			return p
		}
	}
	return ""
}
