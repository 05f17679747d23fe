package collect

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

func parseTemplates() *template.Template {
	return template.Must(template.New("collect").ParseFS(templateFS, "templates/*.html"))
}

// assets serves the embedded stylesheet and script.
func assets() http.Handler {
	files := http.FileServerFS(assetFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// themeView is a theme ready for the page: values checked again here, and
// the text colours that keep the brand colour readable.
type themeView struct {
	Name       string
	Logo       template.URL // checked: https or data:image/…
	PrivacyURL template.URL // checked: https
	Wording    policy.Wording
	// Style sets the brand colours as CSS variables.
	Style template.CSS
}

var (
	hexColour = regexp.MustCompile(`^#[0-9a-f]{6}$`)
	safeLogo  = regexp.MustCompile(`^(https://[^\s"'<>]+|data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+)$`)
	safeHTTPS = regexp.MustCompile(`^https://[^\s"'<>]+$`)
)

// newThemeView prepares a theme; institution is the name shown when the
// theme names none.
func newThemeView(t policy.Theme, institution string) themeView {
	v := themeView{Name: t.Name, Wording: t.Wording}
	if v.Name == "" {
		v.Name = institution
	}
	if safeLogo.MatchString(t.Logo) {
		v.Logo = template.URL(t.Logo)
	}
	if safeHTTPS.MatchString(t.PrivacyURL) {
		v.PrivacyURL = template.URL(t.PrivacyURL)
	}
	brand := strings.ToLower(t.Colour)
	if !hexColour.MatchString(brand) {
		brand = policy.DefaultTheme().Colour
	}
	onBrand, link := "#ffffff", brand
	if contrast(brand, "#ffffff") < contrast(brand, "#000000") {
		onBrand = "#000000"
	}
	if contrast(brand, "#ffffff") < 4.5 { // too light for text on white
		link = "#1f2937"
	}
	v.Style = template.CSS(fmt.Sprintf(":root{--brand:%s;--on-brand:%s;--brand-text:%s}", brand, onBrand, link))
	return v
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		l += w * s
	}
	return l
}

// country is an option of a country picker.
type country struct{ Code, Name string }

// countries lists every CountryCode by its name.
var countries = func() []country {
	var out []country
	for _, c := range passfort.CountryCodes() {
		if n := address.CountryName(c); n != "" {
			out = append(out, country{c, n})
		}
	}
	names := collate.New(language.English, collate.Loose)
	slices.SortFunc(out, func(a, b country) int { return names.CompareString(a.Name, b.Name) })
	return out
}()

// page is what every template gets.
type page struct {
	Theme   themeView
	Nonce   string
	Title   string
	CSRF    string
	Heading string
	Message string

	// The form.
	Action    string
	Steps     stepsView
	A         answers
	Errors    problems
	Countries []country
	Found     []address.Result
	Notice    string

	// A key for several profiles.
	Profiles []profileLink
}

// Err returns the problem with a field, for the template.
func (p *page) Err(field string) string { return p.Errors.of(field) }

// stepsView says which parts the form shows.
type stepsView struct {
	FullName, DOB, Nationality, Address, Email, Phone bool
	Document                                          *documentStep
}

// documentStep is the document part of the form.
type documentStep struct {
	Enabled bool
	Types   []struct{ Type, Label string }
}

// profileLink is one profile of a key that covers several.
type profileLink struct {
	URL, Name string
	Done      bool
}

// render writes a page with its security headers: a CSP allowing only
// this site's stylesheet and script and the page's own nonce'd style (the
// theme colours), images from here, data: and https (the logo), forms
// posted only here, and no framing; pages are never cached.
func (h *Handler) render(w http.ResponseWriter, status int, name string, p *page) {
	var nonce [16]byte
	_, _ = rand.Read(nonce[:])
	p.Nonce = base64.RawURLEncoding.EncodeToString(nonce[:])
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, name, p); err != nil {
		h.cfg.Log.Error("collect: render", "template", name, "error", err.Error())
		http.Error(w, "The page could not be shown. Please try again.", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-"+p.Nonce+"'; "+
		"img-src 'self' data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// message renders a page that only says something.
func (h *Handler) message(w http.ResponseWriter, r *http.Request, status int, t policy.Theme, institution, heading, msg string) {
	h.render(w, status, "message.html", &page{Theme: newThemeView(t, institution), Title: heading, Heading: heading, Message: msg})
}

// field is one input of the form.
type field struct {
	ID, Label, Value, Auto, Hint, Error, Described, Type, Mode, Width string
	Required, Invalid                                                 bool
	Options                                                           []country
}

// required are the fields the form always asks for when their step shows.
var required = map[string]bool{"given_names": true, "family_name": true, "address_locality": true, "email": true, "phone": true}

// Field describes a text input: its type and keyboard follow its id.
func (p *page) Field(id, label, value, auto, hint string) field {
	f := field{ID: id, Label: label, Value: value, Auto: auto, Hint: hint, Error: p.Err(id), Type: "text", Required: required[id]}
	switch id {
	case "email":
		f.Type = "email"
	case "phone":
		f.Type = "tel"
	case "address_street_number":
		f.Width = "narrow"
	case "address_postal_code":
		f.Width = "medium"
	}
	var ids []string
	if hint != "" {
		ids = append(ids, id+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, id+"-error")
	}
	f.Described = strings.Join(ids, " ")
	return f
}

// Part describes one number of a date (day, month, year): its errors are
// the date's, shown once above the parts (under group).
func (p *page) Part(id, label, value, auto, group string) field {
	f := field{ID: id, Label: label, Value: value, Auto: auto, Type: "text", Mode: "numeric", Width: "narrow", Required: true}
	f.Invalid = p.Err(group) != "" // the message is shown once, for the group
	if strings.HasPrefix(id, "moved_in") {
		f.Required = false
	}
	if id == "dob_year" || id == "moved_in_year" {
		f.Width = "medium" + strings.TrimPrefix(f.Width, "narrow")
	}
	return f
}

// Select describes a country picker.
func (p *page) Select(id, label, value, auto string) field {
	return field{ID: id, Label: label, Value: value, Auto: auto, Error: p.Err(id), Options: p.Countries}
}

// FileField describes a file input.
func (p *page) FileField(id, label string) field {
	return field{ID: id, Label: label, Error: p.Err(id)}
}
