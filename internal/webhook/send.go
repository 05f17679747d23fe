package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Delivery defaults.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultUserAgent = "Gatehouse-Webhook/1"
	// SnippetSize is how much of a receiver's answer an Attempt keeps.
	SnippetSize = 512
)

// Attempt is the outcome of one delivery request, for the delivery log.
// It never contains the endpoint's secret.
type Attempt struct {
	Status  int           // HTTP status; 0 when no response arrived
	Latency time.Duration // from sending to reading the response snippet
	Err     string        // why the attempt failed; empty when OK
	OK      bool          // the receiver answered 2xx
	// ResponseSnippet is the start of the response body (at most
	// SnippetSize bytes), with invalid UTF-8 replaced.
	ResponseSnippet string
}

// Sender delivers webhooks, one request per Send. It is safe for
// concurrent use once configured; do not copy it after first use.
type Sender struct {
	// Client sends the requests. Nil builds one whose connections go
	// through Guard.DialContext with no proxy. A given client is used as
	// is except that redirects are never followed; its dialer should use
	// Guard.DialContext or Guard.Control, since Send itself can check only
	// the URL, not what its host resolves to.
	Client *http.Client
	// Guard vets destinations; nil means DefaultGuard().
	Guard *Guard
	// Timeout bounds each attempt, connection included (default 10 s).
	Timeout time.Duration
	// UserAgent is sent as User-Agent (default DefaultUserAgent).
	UserAgent string

	once   sync.Once
	client *http.Client
	guard  *Guard
}

func (s *Sender) init() {
	s.guard = s.Guard
	if s.guard == nil {
		s.guard = DefaultGuard()
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if s.Client != nil {
		c := *s.Client
		c.CheckRedirect = noRedirect
		s.client = &c
		return
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = s.guard.DialContext
	t.MaxIdleConnsPerHost = 4
	s.client = &http.Client{Transport: t, CheckRedirect: noRedirect}
}

// Send makes one POST of Body(ep, msgs) to ep.URL with the headers
// Content-Type: application/json, Authorization: Bearer <secret> (what
// PassFort receivers check), Gatehouse-Signature (see Sign),
// Gatehouse-Delivery (the message ids, comma-separated), Gatehouse-Event
// (for a single message) and User-Agent. Only a 2xx answer is a success; a
// redirect is a failure and is not followed, since it could lead anywhere.
// Send does not retry: the caller records the Attempt and schedules the
// next one with Backoff.
func (s *Sender) Send(ctx context.Context, ep Endpoint, msgs []Message) Attempt {
	s.once.Do(s.init)
	a := s.send(ctx, ep, msgs)
	a.Err = redact(a.Err, ep.Secret)
	a.ResponseSnippet = redact(a.ResponseSnippet, ep.Secret)
	return a
}

func (s *Sender) send(ctx context.Context, ep Endpoint, msgs []Message) Attempt {
	if ep.Secret == "" {
		return Attempt{Err: "endpoint has no secret"}
	}
	body, err := Body(ep, msgs)
	if err != nil {
		return Attempt{Err: err.Error()}
	}
	if _, err := s.guard.checkStatic(ep.URL); err != nil {
		return Attempt{Err: err.Error()}
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return Attempt{Err: withoutURL(err)}
	}
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("Authorization", "Bearer "+ep.Secret)
	h.Set(SignatureHeader, Sign(ep.Secret, time.Now(), body))
	h.Set("Gatehouse-Delivery", strings.Join(ids, ","))
	if len(msgs) == 1 {
		h.Set("Gatehouse-Event", msgs[0].Event)
	}
	ua := s.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	h.Set("User-Agent", ua)

	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		a := Attempt{Latency: time.Since(start), Err: "POST " + origin(ep.URL) + ": " + withoutURL(err)}
		if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
			a.Err = fmt.Sprintf("timed out after %v: %s", timeout, a.Err)
		}
		return a
	}
	defer resp.Body.Close()
	// Read a little past the snippet so a secret echoed across its end is
	// still found and redacted whole.
	head, err := io.ReadAll(io.LimitReader(resp.Body, int64(SnippetSize+len(ep.Secret)+len(jsonEscape(ep.Secret)))))
	a := Attempt{Status: resp.StatusCode, Latency: time.Since(start)}
	a.ResponseSnippet = snippet(redact(string(head), ep.Secret))
	a.OK = resp.StatusCode >= 200 && resp.StatusCode < 300
	// A 2xx whose body broke off (err != nil) is still an acknowledgement.
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		a.Err = fmt.Sprintf("HTTP %d: redirect not followed", resp.StatusCode)
	case !a.OK && err != nil:
		a.Err = fmt.Sprintf("HTTP %d (reading the response: %v)", resp.StatusCode, err)
	case !a.OK:
		a.Err = fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	// Drain a little so the connection can be reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	return a
}

// withoutURL returns an HTTP client error's message without the URL that
// net/http puts in it: a URL can be long, and its path or query can carry
// tokens, and attempt errors are kept in the delivery log and logged.
func withoutURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// origin returns the scheme and host of a webhook URL ("https://host:port"),
// all of it that may be logged, cut to 100 bytes; "(invalid URL)" when it
// does not parse.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	o := u.Scheme + "://" + u.Host
	if len(o) > 100 {
		o = strings.ToValidUTF8(o[:100], "") + "…"
	}
	return o
}

// snippet returns at most SnippetSize bytes of valid UTF-8 from s, cut at
// a rune boundary.
func snippet(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= SnippetSize {
		return s
	}
	n := SnippetSize
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// redact removes the secret, raw and as JSON escapes it, from s.
func redact(s, secret string) string {
	if secret == "" || s == "" {
		return s
	}
	s = strings.ReplaceAll(s, secret, "[redacted]")
	if e := jsonEscape(secret); e != secret {
		s = strings.ReplaceAll(s, e, "[redacted]")
	}
	return s
}

func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
