package policy

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestCollectTheme: a policy without a collect section has the default
// theme; collect.theme sets the default for every institution and an
// institution's entry changes what it names, field by field.
func TestCollectTheme(t *testing.T) {
	if got, want := mustParse(t, base).CollectTheme("Acme"), DefaultTheme(); got != want {
		t.Errorf("no collect section: got %+v, want the default %+v", got, want)
	}
	p := mustParse(t, base+`collect:
  theme:
    name: Forexo
    colour: "#0A7"
    logo: https://cdn.forexo.example/logo.svg
    privacy_url: https://forexo.example/privacy
    wording:
      title: Finish opening your Forexo account
  institutions:
    Acme Bank:
      name: Acme Bank
      colour: "#112233"
      logo: data:image/png;base64,iVBORw0KGgo=
      wording:
        submit: Continue
`)
	forexo := p.CollectTheme("Other")
	if forexo.Name != "Forexo" || forexo.Colour != "#00aa77" || forexo.Logo != "https://cdn.forexo.example/logo.svg" ||
		forexo.Wording.Title != "Finish opening your Forexo account" || forexo.Wording.Submit != DefaultTheme().Wording.Submit {
		t.Errorf("policy theme: got %+v", forexo)
	}
	acme := p.CollectTheme("Acme Bank")
	if acme.Name != "Acme Bank" || acme.Colour != "#112233" || !strings.HasPrefix(acme.Logo, "data:image/png") ||
		acme.Wording.Submit != "Continue" || acme.Wording.Title != forexo.Wording.Title || acme.PrivacyURL != forexo.PrivacyURL {
		t.Errorf("institution theme: got %+v", acme)
	}
}

// TestCollectThemeProblems: every bad theme value is named by its path.
func TestCollectThemeProblems(t *testing.T) {
	big := "data:image/png;base64," + base64.StdEncoding.EncodeToString(make([]byte, maxLogoBytes+1))
	for _, tc := range []struct{ yaml, want string }{
		{"  theme: {colour: blue}", "collect.theme.colour: must be a colour"},
		{"  theme: {colour: '#12345'}", "collect.theme.colour: must be a colour"},
		{"  theme: {logo: 'http://cdn.example/logo.png'}", "collect.theme.logo: must be an https URL"},
		{"  theme: {logo: 'javascript:alert(1)'}", "collect.theme.logo: must be an https URL"},
		{"  theme: {logo: 'data:text/html;base64,PGI+'}", "collect.theme.logo: a data: logo must be one of"},
		{"  theme: {logo: 'data:image/png,rawbytes'}", "collect.theme.logo: a data: logo must be base64"},
		{"  theme: {logo: 'data:image/png;base64,***'}", "collect.theme.logo: the data: logo is not valid base64"},
		{"  theme: {logo: '" + big + "'}", "collect.theme.logo: the data: logo must be at most 256 KiB"},
		{"  theme: {privacy_url: 'http://x.example'}", "collect.theme.privacy_url: must be an https URL"},
		{"  theme: {name: \"Acme\\nBank\"}", "collect.theme.name: must be one line"},
		{"  theme: {wording: {intro: \"" + strings.Repeat("a", maxWording+1) + "\"}}", "collect.theme.wording.intro: must be at most"},
		{"  theme: {wording: {footer: x}}", "field footer not found"},
		{"  institutions: {Acme: {colour: red}}", `collect.institutions["Acme"].colour: must be a colour`},
		{"  institutions: {' ': {name: x}}", `collect.institutions[" "]: an institution name is required`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := Parse([]byte(base+"collect:\n"+tc.yaml+"\n"), testProviders)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a problem containing %q", err, tc.want)
			}
		})
	}
}
