package policy

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Theme is how the hosted collection form (package collect) looks and
// speaks for an institution: its name and logo in the header, its brand
// colour on buttons and links, and the form's main wording. Every field is
// set: what the policy leaves out is DefaultTheme's.
type Theme struct {
	// Name is shown in the header and the page title; empty means the
	// institution's own name.
	Name string
	// Logo is an https URL or a data:image/… URL, or empty for none.
	Logo string
	// Colour is the brand colour, #rrggbb.
	Colour string
	// PrivacyURL links the institution's privacy notice from the form's
	// footer, or is empty.
	PrivacyURL string
	Wording    Wording
}

// Wording is the text of the form that an institution may change.
type Wording struct {
	Title  string // the page's heading
	Intro  string // a paragraph under it: why the data is asked for
	Submit string // the submit button
	Done   string // shown when nothing more is needed
	Help   string // who to ask, in the footer
}

// DefaultTheme is the theme of a policy without a collect section.
func DefaultTheme() Theme {
	return Theme{
		Colour: "#1d4ed8",
		Wording: Wording{
			Title:  "A few details to finish your application",
			Intro:  "We need to confirm who you are. It takes a couple of minutes, and your details are only used to check your identity.",
			Submit: "Send my details",
			Done:   "Thank you. We have everything we need for now, and you can close this page.",
			Help:   "Questions? Reply to the message that brought you here.",
		},
	}
}

// CollectTheme returns the theme for an institution, by name: its entry
// under collect.institutions over collect.theme over DefaultTheme.
func (p *Policy) CollectTheme(institution string) Theme {
	t := DefaultTheme()
	if p.theme != nil {
		t = p.theme.over(t)
	}
	if o, ok := p.themes[institution]; ok {
		t = o.over(t)
	}
	return t
}

// The collect section of a policy document.
type collectFile struct {
	Theme        *themeFile           `yaml:"theme"`
	Institutions map[string]themeFile `yaml:"institutions"`
}

type themeFile struct {
	Name       string      `yaml:"name"`
	Logo       string      `yaml:"logo"`
	Colour     string      `yaml:"colour"`
	PrivacyURL string      `yaml:"privacy_url"`
	Wording    wordingFile `yaml:"wording"`
}

type wordingFile struct {
	Title  string `yaml:"title"`
	Intro  string `yaml:"intro"`
	Submit string `yaml:"submit"`
	Done   string `yaml:"done"`
	Help   string `yaml:"help"`
}

// over returns base with what t sets.
func (t *themeFile) over(base Theme) Theme {
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&base.Name, t.Name)
	set(&base.Logo, t.Logo)
	set(&base.Colour, strings.ToLower(expandColour(t.Colour)))
	set(&base.PrivacyURL, t.PrivacyURL)
	set(&base.Wording.Title, t.Wording.Title)
	set(&base.Wording.Intro, t.Wording.Intro)
	set(&base.Wording.Submit, t.Wording.Submit)
	set(&base.Wording.Done, t.Wording.Done)
	set(&base.Wording.Help, t.Wording.Help)
	return base
}

// Theme limits.
const (
	maxLogoBytes = 256 << 10 // a data: logo, decoded
	maxWording   = 600       // characters of one wording text
	maxThemeName = 100
)

var colourRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// expandColour writes #abc as #aabbcc.
func expandColour(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 4 && colourRE.MatchString(c) {
		return "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
	}
	return c
}

// logoTypes are the image types a data: logo may have.
var logoTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}

// collect checks the collect section and keeps its themes.
func (b *builder) collect(p *Policy, c *collectFile) {
	if c == nil {
		return
	}
	if c.Theme != nil {
		b.theme("collect.theme", c.Theme)
		p.theme = c.Theme
	}
	names := make([]string, 0, len(c.Institutions))
	for name := range c.Institutions {
		names = append(names, name)
	}
	sort.Strings(names)
	p.themes = map[string]*themeFile{}
	for _, name := range names {
		at := fmt.Sprintf("collect.institutions[%q]", name)
		if strings.TrimSpace(name) == "" {
			b.bad("%s: an institution name is required", at)
		}
		t := c.Institutions[name]
		b.theme(at, &t)
		p.themes[name] = &t
	}
}

// theme checks one theme, naming each bad value by its path.
func (b *builder) theme(at string, t *themeFile) {
	text := func(field, v string, max int, k kyc.TextKind) {
		if reason := kyc.TextProblem(v, k); reason != "" {
			b.bad("%s.%s: %s", at, field, reason)
		} else if utf8.RuneCountInString(v) > max {
			b.bad("%s.%s: must be at most %d characters", at, field, max)
		}
	}
	text("name", t.Name, maxThemeName, kyc.Line)
	if t.Colour != "" && !colourRE.MatchString(strings.TrimSpace(t.Colour)) {
		b.bad("%s.colour: must be a colour written #rrggbb or #rgb, got %q", at, t.Colour)
	}
	if t.Logo != "" {
		if reason := logoProblem(strings.TrimSpace(t.Logo)); reason != "" {
			b.bad("%s.logo: %s", at, reason)
		}
	}
	if t.PrivacyURL != "" {
		if u, err := url.Parse(strings.TrimSpace(t.PrivacyURL)); err != nil || u.Scheme != "https" || u.Host == "" {
			b.bad("%s.privacy_url: must be an https URL", at)
		}
	}
	for _, w := range []struct{ field, v string }{{"title", t.Wording.Title}, {"intro", t.Wording.Intro},
		{"submit", t.Wording.Submit}, {"done", t.Wording.Done}, {"help", t.Wording.Help}} {
		text("wording."+w.field, w.v, maxWording, kyc.Prose)
	}
}

// logoProblem says what is wrong with a logo: an https URL, or a base64
// data: URL of an image type, at most maxLogoBytes.
func logoProblem(logo string) string {
	if rest, ok := strings.CutPrefix(logo, "data:"); ok {
		mediaType, data, ok := strings.Cut(rest, ";base64,")
		if !ok {
			return "a data: logo must be base64 (data:image/png;base64,…)"
		}
		if !containsString(logoTypes, mediaType) {
			return "a data: logo must be one of " + strings.Join(logoTypes, ", ") + ", got " + fmt.Sprintf("%q", mediaType)
		}
		raw, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return "the data: logo is not valid base64"
		}
		if len(raw) > maxLogoBytes {
			return fmt.Sprintf("the data: logo must be at most %d KiB", maxLogoBytes>>10)
		}
		return ""
	}
	u, err := url.Parse(logo)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "must be an https URL or a data:image/… URL"
	}
	return ""
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
