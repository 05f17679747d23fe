package integration

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
)

// Client calls one integration. Its fields may be set before first use;
// it is safe for concurrent use after that.
type Client struct {
	base *url.URL
	key  httpsig.Key

	// HTTP sends the requests; nil means a client that follows no
	// redirects (a redirect would carry a signed request to another
	// target, whose signature could not match; it is answered as a
	// non-2xx status). Per-call timeouts come from Timeout, not from
	// HTTP.Timeout.
	HTTP *http.Client
	// Now dates requests; nil means time.Now.
	Now func() time.Time
	// Timeout bounds each attempt of a call; zero means DefaultTimeout.
	// CompleteTimeout bounds /complete; zero means Timeout. Configure sets
	// both from the integration's template.
	Timeout, CompleteTimeout time.Duration
	// Retry says how calls that get no answer are retried.
	Retry Retry
	// Sleep waits d or until ctx is done, between retries and between the
	// polls of Screen; nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxBody bounds a JSON answer; zero means 4 MiB. MaxFile bounds a
	// downloaded file; zero means 32 MiB.
	MaxBody, MaxFile int64
}

// NewClient returns a client of the integration at baseURL (http or
// https, ending in "/", as the protocol requires) that signs with key.
func NewClient(baseURL string, key httpsig.Key) (*Client, error) {
	u, err := url.Parse(baseURL)
	switch {
	case err != nil:
		return nil, fmt.Errorf("integration: the URL %s does not parse", quote(baseURL))
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("integration: the URL %s must be https:// (or http:// for testing)", quote(baseURL))
	case u.Host == "":
		return nil, fmt.Errorf("integration: the URL %s has no host", quote(baseURL))
	case u.User != nil:
		return nil, errors.New("integration: the URL must not carry a user name or password")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("integration: the URL %s must not have a query or fragment", quote(baseURL))
	case !strings.HasSuffix(u.Path, "/"):
		return nil, fmt.Errorf("integration: the URL %s must end with /", quote(baseURL))
	case key.IsZero():
		return nil, errors.New("integration: no key to sign with")
	}
	return &Client{base: u, key: key}, nil
}

// BaseURL is the integration's URL.
func (c *Client) BaseURL() string { return c.base.String() }

// Configure sets the timeouts the integration's template declares.
func (c *Client) Configure(cfg *Config) { c.Timeout, c.CompleteTimeout = cfg.Timeouts() }

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Retry is how a call that gets no answer is retried: after a delay that
// doubles from Base up to Max, each picked at random between half and all
// of it so that many clients do not retry in step.
type Retry struct {
	// Attempts is the number of tries, the first included; zero means 3.
	Attempts int
	// Base and Max bound the delays; zero means 250 ms and 5 s.
	Base, Max time.Duration
	// Rand returns a number in [0, 1); nil means math/rand/v2.
	Rand func() float64
}

func (r Retry) attempts() int {
	if r.Attempts <= 0 {
		return 3
	}
	return r.Attempts
}

// Delay is the wait before retry n (1 for the first retry).
func (r Retry) Delay(n int) time.Duration {
	base, max := r.Base, r.Max
	if base <= 0 {
		base = 250 * time.Millisecond
	}
	if max <= 0 {
		max = 5 * time.Second
	}
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	rnd := rand.Float64
	if r.Rand != nil {
		rnd = r.Rand
	}
	return d/2 + time.Duration(rnd()*float64(d/2))
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// call is one request of the protocol.
type call struct {
	method, path string
	body         any // encoded as JSON; nil for none
	signed       bool
	timeout      time.Duration
	maxBody      int64
}

func (k call) op() string { return k.method + " /" + k.path }

// answer is an HTTP answer, read in full.
type answer struct {
	header   http.Header
	body     []byte
	attempts int
}

// do makes a call: it signs each attempt afresh, retries attempts that get
// no answer, and returns a 2xx answer or a *CallError.
func (c *Client) do(ctx context.Context, k call) (answer, error) {
	var body []byte
	if k.body != nil {
		var err error
		if body, err = json.Marshal(k.body); err != nil {
			return answer{}, &CallError{Op: k.op(), Kind: KindRequest, Reason: "the request cannot be encoded as JSON", Err: err}
		}
	}
	u := c.base.JoinPath(k.path)
	if k.path == "" {
		u = c.base
	}
	hc := c.HTTP
	if hc == nil {
		hc = noRedirects
	}
	timeout := k.timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	attempts := c.Retry.attempts()
	for n := 1; ; n++ {
		a, err := c.attempt(ctx, hc, k, u.String(), body, timeout)
		if err == nil {
			a.attempts = n
			return a, nil
		}
		ce := err.(*CallError)
		ce.Attempts = n
		if ce.Kind != KindConnection || n >= attempts || ctx.Err() != nil || !retryable(ce.Err) {
			return answer{}, ce
		}
		if serr := c.sleep(ctx, c.Retry.Delay(n)); serr != nil {
			return answer{}, ce
		}
	}
}

func (c *Client) attempt(ctx context.Context, hc *http.Client, k call, target string, body []byte, timeout time.Duration) (answer, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, k.method, target, rd)
	if err != nil {
		return answer{}, &CallError{Op: k.op(), Kind: KindRequest, Reason: "the request cannot be made", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "Gatehouse")
	if k.signed {
		if err := (httpsig.Signer{Key: c.key, Now: c.Now}).SignRequest(req, body); err != nil {
			return answer{}, &CallError{Op: k.op(), Kind: KindRequest, Reason: "the request cannot be signed", Err: err}
		}
	}
	resp, err := hc.Do(req)
	if err != nil {
		reason := "no answer"
		if actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			reason = "no answer within " + timeout.String()
		}
		return answer{}, &CallError{Op: k.op(), Kind: KindConnection, Reason: reason, Err: err}
	}
	defer resp.Body.Close()
	limit := k.maxBody
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return answer{}, &CallError{Op: k.op(), Kind: KindBody, Status: resp.StatusCode, Reason: "the answer was cut off", Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answer{}, &CallError{Op: k.op(), Kind: KindStatus, Status: resp.StatusCode, Reason: statusReason(resp.StatusCode)}
	}
	if int64(len(b)) > limit {
		return answer{}, &CallError{Op: k.op(), Kind: KindBody, Status: resp.StatusCode,
			Reason: "the answer is larger than " + formatNumber(float64(limit)) + " bytes"}
	}
	return answer{header: resp.Header, body: b}, nil
}

func statusReason(code int) string {
	s := "the integration answered HTTP " + itoa(code)
	if t := http.StatusText(code); t != "" {
		s += " " + t
	}
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		s += " (it refused the request's signature: check the key both sides share and the clocks)"
	}
	return s
}

// retryable reports whether an attempt that got no answer may be tried
// again: not when the server's certificate is refused, which a retry
// cannot change.
func retryable(err error) bool {
	var (
		cv *tls.CertificateVerificationError
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	return !(errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci))
}

func (c *Client) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return 4 << 20
}

func (c *Client) maxFile() int64 {
	if c.MaxFile > 0 {
		return c.MaxFile
	}
	return 32 << 20
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) completeTimeout() time.Duration {
	if c.CompleteTimeout > 0 {
		return c.CompleteTimeout
	}
	return c.timeout()
}
