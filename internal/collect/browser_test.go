package collect_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// Browser tests drive Debian's chromium (GATEHOUSE_CHROMIUM, else
// /usr/bin/chromium) headless. Without it they skip, unless
// GATEHOUSE_TEST_REQUIRE_BROWSER=1. With GATEHOUSE_SCREENSHOTS=1 they
// write docs/img/collect-*.png.

// phone is the window of the browser tests: a phone's width.
const phoneWidth, phoneHeight = 390, 844

// chrome starts a fresh headless chromium for a test.
func chrome(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("GATEHOUSE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("GATEHOUSE_TEST_REQUIRE_BROWSER") == "1" {
			t.Fatalf("chromium is not at %s and GATEHOUSE_TEST_REQUIRE_BROWSER=1", path)
		}
		t.Skipf("chromium is not at %s: %v", path, err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(phoneWidth, phoneHeight))
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	tctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(tctx); err != nil { // start it now, to fail here if it cannot
		t.Fatalf("start chromium: %v", err)
	}
	return tctx
}

// do runs browser steps, failing the test on error.
func do(t *testing.T, bctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(bctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs a browser action that reads a value.
func get[T any](t *testing.T, bctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(bctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshot saves the page to docs/img when GATEHOUSE_SCREENSHOTS=1.
func screenshot(t *testing.T, bctx context.Context, name string) {
	t.Helper()
	if os.Getenv("GATEHOUSE_SCREENSHOTS") != "1" {
		return
	}
	png := get(t, bctx, "screenshot", chromedp.FullScreenshot(100))
	path := filepath.Join("..", "..", "docs", "img", name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// unlabelled lists the form controls a person cannot tell apart: shown
// inputs and selects without a label.
const unlabelled = `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
	.filter(el => !el.classList.contains('visually-hidden') && (!el.labels || el.labels.length === 0))
	.map(el => el.name)`

// TestBrowserCollect: an applicant opens the form from a collect key at a
// phone's width, uses it by keyboard, finds and fills in their address,
// fills in their date of birth, chooses their identity document and its
// photos (front and back), gets a mistake pointed out, sends it, and the
// identity check held for those details runs; the photos are the
// profile's document images, byte for byte.
func TestBrowserCollect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		id := e.nameOnly("Alex", "Wheeler")
		other := e.nameOnly("Sam", "Other")
		// The officer asks for an identity document too.
		if st := e.api("POST", "/4.0/profiles/"+id+"/collection_steps", documentSteps, nil); st != 200 {
			t.Fatalf("set steps: %d", st)
		}
		if c := identityCheck(t, e.checks(id)); c.State != "PENDING" {
			t.Fatalf("before: identity check %+v, want it held (PENDING)", c)
		}
		// The photos on the applicant's phone: a real JPEG and PNG.
		dir := t.TempDir()
		front, back := contenttest.JPEG(24000), contenttest.PNG(6000)
		frontPath, backPath := filepath.Join(dir, "licence-front.jpg"), filepath.Join(dir, "licence-back.png")
		for path, data := range map[string][]byte{frontPath: front, backPath: back} {
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		key := e.collectKey(id)
		b := chrome(t)

		do(t, b, "open the link",
			chromedp.Navigate(e.url+"/collect/?key="+key),
			chromedp.WaitVisible(chromedp.CSS("h1")))
		location := get(t, b, "location", chromedp.Location())
		cookies := get(t, b, "cookies", chromedp.Evaluate[string](`document.cookie`))
		heads := strings.Join(get(t, b, "headings", chromedp.Evaluate[[]string](`[...document.querySelectorAll('h1, h2')].map(h => h.textContent)`)), "|")
		if strings.Contains(location, key) || !strings.HasSuffix(location, "/collect/p/"+id) {
			t.Errorf("after opening the link the address is %q, want /collect/p/%s without the key", location, id)
		}
		if strings.Contains(cookies, key) {
			t.Errorf("the key is readable by scripts: %q", cookies)
		}
		if !strings.Contains(heads, "Your date of birth") || !strings.Contains(heads, "Your home address") || !strings.Contains(heads, "Your identity document") {
			t.Errorf("got headings %q, want the date of birth, address and document steps", heads)
		}
		if disabled := get(t, b, "document step", chromedp.Evaluate[bool](`document.getElementById('document_front').disabled`)); disabled {
			t.Errorf("the document step is disabled")
		}

		if missing := get(t, b, "labels", chromedp.Evaluate[[]string](unlabelled)); len(missing) > 0 {
			t.Errorf("controls without a label: %v", missing)
		}
		scrollWidth := get(t, b, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if innerWidth := get(t, b, "window width", chromedp.Evaluate[int](`window.innerWidth`)); scrollWidth > innerWidth {
			t.Errorf("the page is %dpx wide in a %dpx window: it scrolls sideways at phone width", scrollWidth, innerWidth)
		}

		// The date of birth, by keyboard: Tab moves from day to month to year.
		do(t, b, "type the date of birth",
			chromedp.Focus(chromedp.ID("dob_day")),
			chromedp.KeyEvent("12"), chromedp.KeyEvent(kb.Tab),
			chromedp.KeyEvent("1"), chromedp.KeyEvent(kb.Tab),
			chromedp.KeyEvent("1990"))
		if focused := get(t, b, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "dob_year" {
			t.Errorf("after two Tabs from the day, focus is on %q, want dob_year", focused)
		}

		// The address: choose the country, search by keyboard, pick the first result.
		do(t, b, "find the address",
			chromedp.SetValue(chromedp.ID("address_country"), "GBR"),
			chromedp.SendKeys(chromedp.ID("address_query"), "10 downing"),
			chromedp.Focus(chromedp.CSS(`button[value="find-address"]`)),
			chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(`input[name="address_choice"]`)),
			chromedp.Click(chromedp.CSS(`button[value="choose-address"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.notice`)))
		route := get(t, b, "street", chromedp.Value(chromedp.ID("address_route")))
		notice := get(t, b, "notice", chromedp.Text(chromedp.CSS(".notice")))
		if route != "Downing Street" || !strings.Contains(notice, "filled in your address") {
			t.Errorf("after choosing: street %q, notice %q", route, notice)
		}
		if day := get(t, b, "day", chromedp.Value(chromedp.ID("dob_day"))); day != "12" {
			t.Errorf("after the search the day is %q, want what was typed", day)
		}

		// The document: which one, and its photos.
		chooseDocument := func(what string) {
			t.Helper()
			do(t, b, what,
				chromedp.Click(chromedp.CSS(`input[name="document_type"][value="DRIVING_LICENCE"]`)),
				chromedp.SetUploadFiles(chromedp.ID("document_front"), []string{frontPath}),
				chromedp.SetUploadFiles(chromedp.ID("document_back"), []string{backPath}))
			if n := get(t, b, "files chosen", chromedp.Evaluate[int](`document.getElementById('document_front').files.length + document.getElementById('document_back').files.length`)); n != 2 {
				t.Fatalf("%s: %d files chosen, want 2", what, n)
			}
		}
		chooseDocument("choose the document")
		screenshot(t, b, "collect-form.png")

		// A mistake: the town cleared. The error summary takes the focus and
		// links to the field.
		do(t, b, "send with a mistake",
			chromedp.Evaluate[chromedp.Void](`document.getElementById('address_locality').value = ''`),
			chromedp.Click(chromedp.CSS(`button.primary`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
		focused := get(t, b, "summary focus", chromedp.Poll[bool](`document.activeElement && document.activeElement.classList.contains('error-summary')`,
			chromedp.WithPollingTimeout(5*time.Second)))
		link := get(t, b, "summary link", chromedp.AttributeValue(chromedp.CSS(`.error-summary a`), "href"))
		if !focused || link.Value != "#address_locality" {
			t.Errorf("error summary focused %v, linking to %q; want focused, linking to #address_locality", focused, link.Value)
		}
		screenshot(t, b, "collect-error.png")
		if strings.Contains(e.collectedData(id), "dob") {
			t.Fatalf("a form with a mistake was saved")
		}

		if ims := e.images(id); len(ims) != 0 {
			t.Fatalf("a form with a mistake stored images %+v", ims)
		}
		// The page says the files must be chosen again (browsers never
		// keep them), and the choice of document is kept.
		again := get(t, b, "files hint", chromedp.Text(chromedp.ID("document-again")))
		checked := get(t, b, "document type", chromedp.Evaluate[bool](`document.querySelector('input[name="document_type"][value="DRIVING_LICENCE"]').checked`))
		if !strings.Contains(again, "choose them again") || !checked {
			t.Errorf("after the mistake: hint %q, driving licence still chosen %v", again, checked)
		}

		do(t, b, "correct the town", chromedp.Click(chromedp.CSS(`.error-summary a`)), chromedp.SendKeys(chromedp.ID("address_locality"), "London"))
		chooseDocument("choose the photos again")
		do(t, b, "send",
			chromedp.Click(chromedp.CSS(`button.primary`)),
			chromedp.WaitVisible(chromedp.CSS(`.panel`)))
		if done := get(t, b, "done", chromedp.Text(chromedp.CSS(`.panel`))); !strings.Contains(done, "All done") {
			t.Errorf("after sending: %q, want the done page", done)
		}
		screenshot(t, b, "collect-done.png")
		e.settle()
		if c := identityCheck(t, e.checks(id)); c.State != "COMPLETE" || c.Result != "2+2" {
			t.Errorf("after the form: identity check %+v, want it run (COMPLETE 2+2)", c)
		}
		if data := e.collectedData(id); !strings.Contains(data, `"dob":"1990-01-12"`) || !strings.Contains(data, `"route":"Downing Street"`) ||
			!strings.Contains(data, `"document_type":"DRIVING_LICENCE"`) {
			t.Errorf("collected data %s lacks the form's answers", data)
		}
		var left []any
		e.api("GET", "/4.0/profiles/"+id+"/collection_steps", "", &left)
		if len(left) != 0 {
			t.Errorf("collection steps left after the form: %v", left)
		}
		ims := e.images(id)
		if len(ims) != 2 || ims[0].ImageType != "FRONT" || ims[1].ImageType != "BACK" {
			t.Fatalf("got images %+v, want the front and the back", ims)
		}
		for i, want := range [][]byte{front, back} {
			if got := e.imageSHA256(id, ims[i].ID); got != sha(want) {
				t.Errorf("the %s reads back as %s, want the photo's %s", ims[i].ImageType, got, sha(want))
			}
		}

		// The key opens nothing else.
		do(t, b, "open another profile", chromedp.Navigate(e.url+"/collect/p/"+other), chromedp.WaitVisible(chromedp.CSS("h1")))
		if heading := get(t, b, "heading", chromedp.Text(chromedp.CSS("h1"))); heading != "This page is not part of your link" {
			t.Errorf("another profile's form: %q", heading)
		}
		if strings.Contains(e.logs.String(), key) {
			t.Errorf("the key was logged")
		}
	})
}
