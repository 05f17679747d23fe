package partner_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

var callbackVariants = []variant{
	{alias: "docs", target: kyc.CheckDocumentVerification, kind: integration.DocumentVerification},
	{alias: "fetch", target: kyc.CheckDocumentFetch, kind: integration.DocumentFetch},
}

// TestCallbackDemoChecks runs callback checks whose integrations call back
// while answering /ready, as demo checks must: start, ready, callback,
// complete, every request signed both ways.
func TestCallbackDemoChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, callbackVariants, options{})
		id := e.profile(individual)
		for _, tc := range []struct {
			alias  string
			target kyc.CheckType
			demo   string
			result string
			codes  []int
			calls  []string
		}{
			{"docs", kyc.CheckDocumentVerification, "DOCUMENT_ALL_PASS", "Pass", nil, []string{"/checks", "/ready", "/complete"}},
			{"docs", kyc.CheckDocumentVerification, "DOCUMENT_NAME_FIELD_DIFFERENT", "Fail", nil, []string{"/checks", "/ready", "/complete"}},
			{"docs", kyc.CheckDocumentVerification, "DOCUMENT_FORGERY_CHECK_FAILURE", "Fail", nil, []string{"/checks", "/ready", "/complete"}},
			{"docs", kyc.CheckDocumentVerification, "ERROR_UNSUPPORTED_DOCUMENT_TYPE", "Error", []int{201}, []string{"/checks", "/ready", "/complete"}},
			{"docs", kyc.CheckDocumentVerification, "ERROR_CONNECTION_TO_PROVIDER", "Error", []int{302}, []string{"/checks"}},
			// A fetch's result names two images, downloaded into the profile's.
			{"fetch", kyc.CheckDocumentFetch, "DOCUMENT_ALL_PASS", "Pass", nil, []string{"/checks", "/ready", "/complete", "/download_file", "/download_file"}},
			{"fetch", kyc.CheckDocumentFetch, "ERROR_MISSING_CONTACT_DETAILS", "Error", []int{101}, []string{"/checks"}},
		} {
			t.Run(tc.alias+"/"+tc.demo, func(t *testing.T) {
				before := len(e.ints[tc.alias].Requests())
				c := e.instruct(id, tc.alias, tc.target, tc.demo, "")
				c = e.wait(id, c.ID)
				if c.Result != tc.result || !slices.Equal(c.codes(), nonNil(tc.codes)) {
					t.Errorf("got %s %v, want %s %v (%+v)", c.Result, c.codes(), tc.result, tc.codes, c.Errors)
				}
				var calls []string
				for _, r := range e.ints[tc.alias].Requests()[before:] {
					switch r.Path {
					case "/checks", "/checks/" + c.ID + "/ready", "/checks/" + c.ID + "/complete", "/download_file":
						calls = append(calls, r.Path[len(r.Path)-len(lastSegment(r.Path))-1:])
					default:
						t.Errorf("unexpected request %s %s", r.Method, r.Path)
					}
				}
				if !slices.Equal(calls, tc.calls) {
					t.Errorf("got calls %v, want %v", calls, tc.calls)
				}
				if _, err := e.store.ProviderCheck(ctx, c.ID); !kyc.IsCode(err, kyc.ENotFound) {
					t.Errorf("the check's provider state outlived it: %v", err)
				}
			})
		}
		e.signedBothWays("docs")
		e.signedBothWays("fetch")
	})
}

func lastSegment(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// TestCallbackLiveCheck runs a live document verification: the integration
// downloads the document's image, uploaded through the API, while
// answering /checks (access granted for the check, to its integration
// only) and gets the very bytes uploaded; then it calls back later.
// Forged, stale, unsigned and misaddressed callbacks are refused and
// change nothing; the genuine one completes the check; nothing reaches
// the check after that. Every download is audited as a view.
func TestCallbackLiveCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, callbackVariants, options{})
		id := e.profile(individual)
		up := e.uploads[id]
		imageID := up.ID
		docs := e.ints["docs"]

		// Before any check, the image is no one's to download.
		if st, _, err := docs.FetchImage(ctx, imageID, integrationtest.Tamper{}); err != nil || st != http.StatusNotFound {
			t.Errorf("image before the check: got %d %v, want 404", st, err)
		}
		c := e.instruct(id, "docs", kyc.CheckDocumentVerification, "", "")
		var st *kyc.ProviderCheck
		waitFor(t, "the check waits for its callback", func() bool {
			var err error
			st, err = e.store.ProviderCheck(ctx, c.ID)
			return err == nil && st.Stage == kyc.ProviderStarted && docs.Count("/checks/*/ready") == 1
		})
		if got := docs.Downloaded(st.Reference); !slices.Equal(got, []string{imageID}) {
			t.Errorf("the integration downloaded %v, want [%s]", got, imageID)
		}
		if got := docs.DownloadedSHA256(st.Reference)[imageID]; got != up.SHA256 {
			t.Errorf("the integration downloaded bytes of SHA-256 %s, want the upload's %s", got, up.SHA256)
		}
		if st, data, err := docs.FetchImageData(ctx, imageID, integrationtest.Tamper{}); err != nil || st != http.StatusOK || !bytes.Equal(data, passport) {
			t.Errorf("image while the check runs: got %d, %d bytes (%v), want 200 and the %d bytes uploaded", st, len(data), err, len(passport))
		}
		// While the check runs: its integration may fetch the image, with
		// a valid signature only; another integration may not.
		for _, tc := range []struct {
			name string
			p    *integrationtest.Provider
			t    integrationtest.Tamper
			want int
		}{
			{"genuine", docs, integrationtest.Tamper{}, http.StatusOK},
			{"unsigned", docs, integrationtest.Tamper{Unsigned: true}, http.StatusUnauthorized},
			{"stale", docs, integrationtest.Tamper{Skew: -time.Minute}, http.StatusUnauthorized},
			{"wrong key", docs, integrationtest.Tamper{Key: make([]byte, 32)}, http.StatusUnauthorized},
			{"another integration", e.ints["fetch"], integrationtest.Tamper{}, http.StatusNotFound},
		} {
			if got, n, err := tc.p.FetchImage(ctx, imageID, tc.t); err != nil || got != tc.want || tc.want == 200 && n != len(passport) {
				t.Errorf("image, %s: got %d (%d bytes) %v, want %d", tc.name, got, n, err, tc.want)
			}
		}

		for _, tc := range []struct {
			name string
			t    integrationtest.Tamper
			want int
		}{
			{"tampered body", integrationtest.Tamper{Body: true}, http.StatusUnauthorized},
			{"wrong key", integrationtest.Tamper{Key: make([]byte, 32)}, http.StatusUnauthorized},
			{"stale date", integrationtest.Tamper{Skew: -31 * time.Second}, http.StatusUnauthorized},
			{"future date", integrationtest.Tamper{Skew: 31 * time.Second}, http.StatusUnauthorized},
			{"unsigned", integrationtest.Tamper{Unsigned: true}, http.StatusUnauthorized},
			{"unknown reference", integrationtest.Tamper{Reference: "REF-9999"}, http.StatusNotFound},
			{"unknown provider_id", integrationtest.Tamper{ProviderID: kyc.NewID()}, http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got, err := docs.Callback(ctx, st.Reference, tc.t); err != nil || got != tc.want {
					t.Errorf("got %d %v, want %d", got, err, tc.want)
				}
			})
		}
		// Another integration's genuine callback for this reference is not
		// this check's.
		if got, err := e.ints["fetch"].Callback(ctx, st.Reference, integrationtest.Tamper{ProviderID: docsProviderID}); err != nil || got != http.StatusNotFound {
			t.Errorf("another integration's callback: got %d %v, want 404", got, err)
		}
		if c := e.get(id, c.ID); c.State != "RUNNING" || docs.Count("/checks/*/complete") != 0 {
			t.Fatalf("after refused callbacks: check %s, %d /complete, want RUNNING and none", c.State, docs.Count("/checks/*/complete"))
		}

		if got, err := docs.Callback(ctx, st.Reference, integrationtest.Tamper{}); err != nil || got != http.StatusOK {
			t.Fatalf("genuine callback: got %d %v, want 200", got, err)
		}
		done := e.wait(id, c.ID)
		if done.Result != "Pass" || len(done.Errors) != 0 {
			t.Errorf("got %s %+v, want Pass", done.Result, done.Errors)
		}
		// Finished: no callback or image download reaches it any more.
		if got, _ := docs.Callback(ctx, st.Reference, integrationtest.Tamper{}); got != http.StatusNotFound {
			t.Errorf("callback after completion: got %d, want 404", got)
		}
		if got, _, _ := docs.FetchImage(ctx, imageID, integrationtest.Tamper{}); got != http.StatusNotFound {
			t.Errorf("image after completion: got %d, want 404", got)
		}
		if n := docs.Count("/checks/*/complete"); n != 1 {
			t.Errorf("got %d /complete, want 1", n)
		}
		e.signedBothWays("docs")
		// Three reads reached the image (the integration's while starting,
		// the test's two genuine ones): each is an audited view, naming
		// the image and its hash; refused downloads read nothing.
		if got := e.views(id, imageID); got != 3 {
			t.Errorf("got %d audited views of the image, want 3", got)
		}
	})
}

// views counts the audit items of a profile recording a check provider's
// read of an image.
func (e *env) views(profileID, imageID string) int {
	e.t.Helper()
	status, out := e.c.Do("GET", "/4.0/profiles/"+profileID+"/audit-items", nil)
	if status != 200 {
		e.t.Fatalf("audit items: %d %s", status, out)
	}
	var items []struct {
		Action   string         `json:"action"`
		Message  *string        `json:"message"`
		RefData  map[string]any `json:"ref_data"`
		Filehash *string        `json:"filehash"`
	}
	if err := json.Unmarshal(out, &items); err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Action == "view" && it.RefData["image_id"] == imageID {
			if it.Message == nil || *it.Message != "read by a check provider" || it.Filehash == nil || *it.Filehash != e.uploads[profileID].SHA256 {
				e.t.Errorf("a view of the image reads %+v", it)
			}
			n++
		}
	}
	return n
}

// docsProviderID is the test integrations' provider_id.
const docsProviderID = "7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f"

// TestCallbackWithoutImages: a provider given no image source (a server
// without the documents service's images) answers every image download
// 404, and a live document verification whose integration must download
// them ends with the integration's error.
func TestCallbackWithoutImages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, callbackVariants[:1], options{noImages: true})
		id := e.profile(individual)
		c := e.wait(id, e.instruct(id, "docs", kyc.CheckDocumentVerification, "", "").ID)
		if c.Result != "Error" || !slices.Equal(c.codes(), []int{303}) {
			t.Errorf("got %s %v, want Error [303]", c.Result, c.codes())
		}
		if n := e.ints["docs"].Count("/checks/*/ready"); n != 0 {
			t.Errorf("got %d /ready after a start that failed, want 0", n)
		}
	})
}

// TestReviewedByHand: a person who approves a check while it waits for its
// integration ends it there; the integration's later callback, image
// downloads and polls find nothing, and no work is left queued.
func TestReviewedByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		vs := append(callbackVariants[:1:1], variant{alias: "screen", target: kyc.CheckPEPsAndSanctions, kind: integration.PEPsAndSanctionsScreen,
			opts: integrationtest.Options{PollsBeforeResult: -1, MaxPolls: 1000, PollingInterval: 0.02}})
		e := newEnv(t, db, vs, options{})
		id := e.profile(individual)
		imageID := e.uploads[id].ID
		docs, screen := e.ints["docs"], e.ints["screen"]
		dc := e.instruct(id, "docs", kyc.CheckDocumentVerification, "", "")
		sc := e.instruct(id, "screen", kyc.CheckPEPsAndSanctions, "", "")
		var st *kyc.ProviderCheck
		waitFor(t, "both checks are in progress", func() bool {
			var err error
			st, err = e.store.ProviderCheck(ctx, dc.ID)
			return err == nil && st.Stage == kyc.ProviderStarted && screen.Count("/checks/*/poll") > 0
		})
		for _, c := range []check{dc, sc} {
			if status, out := e.c.Do("POST", "/4.0/profiles/"+id+"/checks/"+c.ID+"/approve", nil); status != 200 {
				t.Fatalf("approve: %d %s", status, out)
			}
			if _, err := e.store.ProviderCheck(ctx, c.ID); !kyc.IsCode(err, kyc.ENotFound) {
				t.Errorf("check %s approved: its provider state is still there (%v)", c.CheckType, err)
			}
		}
		if got, _ := docs.Callback(ctx, st.Reference, integrationtest.Tamper{}); got != http.StatusNotFound {
			t.Errorf("callback after approval: got %d, want 404", got)
		}
		if got, _, _ := docs.FetchImage(ctx, imageID, integrationtest.Tamper{}); got != http.StatusNotFound {
			t.Errorf("image after approval: got %d, want 404", got)
		}
		waitFor(t, "no work left queued", func() bool {
			counts, err := e.store.JobCounts(ctx)
			return err == nil && len(counts) == 0
		})
		polls := screen.Count("/checks/*/poll")
		time.Sleep(100 * time.Millisecond) // five polling intervals
		if n := screen.Count("/checks/*/poll"); n != polls {
			t.Errorf("polls went on after approval: %d then %d", polls, n)
		}
		if c := e.get(id, sc.ID); c.Result != "Pass" {
			t.Errorf("the approved screening: got %s, want Pass", c.Result)
		}
	})
}

// TestEarlyCallback: an integration that calls back as soon as it has
// answered POST /checks, before Gatehouse has recorded its reference, is
// not refused: the callback waits for the check being started.
func TestEarlyCallback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, callbackVariants[:1], options{})
		id := e.profile(individual)
		docs := e.ints["docs"]
		docs.Inject("/checks", 1, integrationtest.Fault{Delay: 500 * time.Millisecond})
		c := e.instruct(id, "docs", kyc.CheckDocumentVerification, "", "")
		waitFor(t, "the check is being started", func() bool {
			st, err := e.store.ProviderCheck(ctx, c.ID)
			return err == nil && st.Stage == kyc.ProviderStarting
		})
		// The test integration's first reference is REF-0001.
		if got, err := docs.Callback(ctx, "REF-0001", integrationtest.Tamper{}); err != nil || got != http.StatusOK {
			t.Fatalf("early callback: got %d %v, want 200", got, err)
		}
		if st, err := e.store.ProviderCheck(ctx, c.ID); err == nil && st.Stage != kyc.ProviderCalledBack {
			t.Errorf("after the early callback the check is %s, want called_back", st.Stage)
		}
		if c := e.wait(id, c.ID); c.Result != "Pass" {
			t.Errorf("got %s %+v, want Pass", c.Result, c.Errors)
		}
	})
}
