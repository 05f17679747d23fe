package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

// fakeDNS resolves the names of the tests without the network.
func fakeDNS(ctx context.Context, host string) ([]netip.Addr, error) {
	addrs := map[string][]string{
		"public.test":   {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"},
		"evil.test":     {"169.254.169.254"},
		"ec2v6.test":    {"fd00:ec2::254"},
		"mixed.test":    {"93.184.216.34", "10.1.2.3"},
		"private.test":  {"10.1.2.3"},
		"loopback.test": {"127.0.0.1"},
		"localhost":     {"127.0.0.1", "::1"},
	}[strings.TrimSuffix(strings.ToLower(host), ".")]
	if addrs == nil {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var ips []netip.Addr
	for _, a := range addrs {
		ips = append(ips, netip.MustParseAddr(a))
	}
	return ips, nil
}

func withDNS(g *webhook.Guard) *webhook.Guard { g.LookupFunc = fakeDNS; return g }

func TestCheckAddr(t *testing.T) {
	t.Parallel()
	def := webhook.DefaultGuard()
	strict := &webhook.Guard{}
	open := &webhook.Guard{AllowLinkLocal: true, AllowPrivate: true, AllowLoopback: true}
	for _, tc := range []struct {
		addr                string
		def, strict, opened bool // allowed by each guard
	}{
		{"93.184.216.34", true, true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true, true},
		{"127.0.0.1", true, false, true},
		{"127.9.9.9", true, false, true},
		{"::1", true, false, true},
		{"10.0.0.1", true, false, true},
		{"172.16.5.4", true, false, true},
		{"192.168.1.1", true, false, true},
		{"100.64.0.1", true, false, true},
		{"fd12:3456::1", true, false, true},
		{"169.254.1.1", false, false, true},
		{"fe80::1", false, false, true},
		{"fe80::1%eth0", false, false, true},
		{"::ffff:169.254.1.1", false, false, true},
		// Never allowed.
		{"169.254.169.254", false, false, false},
		{"::ffff:169.254.169.254", false, false, false},
		{"64:ff9b::a9fe:a9fe", false, false, false},
		{"fd00:ec2::254", false, false, false},
		{"100.100.100.200", false, false, false},
		{"0.0.0.0", false, false, false},
		{"0.1.2.3", false, false, false},
		{"::", false, false, false},
		{"224.0.0.1", false, false, false},
		{"ff02::1", false, false, false},
		{"255.255.255.255", false, false, false},
		{"240.0.0.1", false, false, false},
	} {
		ip := netip.MustParseAddr(tc.addr)
		for _, g := range []struct {
			name  string
			guard *webhook.Guard
			want  bool
		}{{"default", def, tc.def}, {"strict", strict, tc.strict}, {"open", open, tc.opened}} {
			err := g.guard.CheckAddr(ip)
			if (err == nil) != g.want {
				t.Errorf("%s guard, %s: got %v, want allowed=%v", g.name, tc.addr, err, g.want)
			}
			if err != nil && !errors.Is(err, webhook.ErrForbiddenDestination) {
				t.Errorf("%s guard, %s: got %v, want ErrForbiddenDestination", g.name, tc.addr, err)
			}
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	def := withDNS(webhook.DefaultGuard())
	strict := withDNS(&webhook.Guard{})
	for _, tc := range []struct {
		url         string
		def, strict string // "" allowed, else part of the error
	}{
		{"https://public.test/hooks?x=1", "", ""},
		{"http://public.test:8080/", "", ""},
		{"HTTPS://PUBLIC.TEST./", "", ""},
		{"http://93.184.216.34/", "", ""},
		{"http://127.0.0.1:8080/hook", "", "loopback"},
		{"http://localhost:8080/hook", "", "loopback"},
		{"http://[::1]/", "", "loopback"},
		{"http://10.0.0.1/", "", "private"},
		{"http://private.test/", "", "private"},
		{"http://mixed.test/", "", "private"},
		{"http://169.254.169.254/latest/meta-data/", "metadata", "metadata"},
		{"http://[::ffff:169.254.169.254]/", "metadata", "metadata"},
		{"http://[64:ff9b::a9fe:a9fe]/", "metadata", "metadata"},
		{"http://[fe80::1]/", "link-local", "link-local"},
		{"http://[fe80::1%25eth0]/", "link-local", "link-local"},
		{"http://169.254.10.10/", "link-local", "link-local"},
		{"http://evil.test/", "metadata", "metadata"},
		{"http://ec2v6.test/", "metadata", "metadata"},
		{"http://metadata.google.internal/computeMetadata/v1/", "metadata", "metadata"},
		{"http://Metadata.Google.Internal./", "metadata", "metadata"},
		{"http://metadata.goog/", "metadata", "metadata"},
		{"http://100.100.100.200/", "metadata", "metadata"},
		{"http://0.0.0.0:8080/", "unspecified", "unspecified"},
		{"http://[::]/", "unspecified", "unspecified"},
		{"http://224.0.0.1/", "multicast", "multicast"},
		{"http://255.255.255.255/", "broadcast", "broadcast"},
		{"http://2852039166/", "not a valid host", "not a valid host"},
		{"http://0xa9.0xfe.0xa9.0xfe/", "not a valid host", "not a valid host"},
		{"http://0251.0376.0251.0376/", "not a valid host", "not a valid host"},
		{"http://nowhere.test/", "resolving", "resolving"},
		{"ftp://public.test/", "scheme", "scheme"},
		{"file:///etc/passwd", "scheme", "scheme"},
		{"public.test/hooks", "scheme", "scheme"},
		{"http:public.test", "no host", "no host"},
		{"http:///path", "no host", "no host"},
		{"http://:80/", "no host", "no host"},
		{"http://user:pass@public.test/", "user info", "user info"},
		{"http://public.test/#frag", "fragment", "fragment"},
		{"http://public.test/#", "fragment", "fragment"},
		{"http://public.test:0/", "port", "port"},
		{"http://public.test:99999/", "port", "port"},
		{"http://public.test:http/", "invalid URL", "invalid URL"},
		{"", "scheme", "scheme"},
	} {
		for _, g := range []struct {
			name  string
			guard *webhook.Guard
			want  string
		}{{"default", def, tc.def}, {"strict", strict, tc.strict}} {
			err := g.guard.CheckURL(tc.url)
			switch {
			case g.want == "" && err != nil:
				t.Errorf("%s guard, %s: got %v, want allowed", g.name, tc.url, err)
			case g.want != "" && (err == nil || !strings.Contains(err.Error(), g.want)):
				t.Errorf("%s guard, %s: got %v, want an error containing %q", g.name, tc.url, err, g.want)
			}
		}
	}
}

func TestDialContextRechecks(t *testing.T) {
	t.Parallel()
	// The name resolves to a public address when the endpoint is
	// configured and to the metadata address when the webhook is sent.
	var calls atomic.Int32
	g := webhook.DefaultGuard()
	g.LookupFunc = func(ctx context.Context, host string) ([]netip.Addr, error) {
		if calls.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	}
	if err := g.CheckURL("http://rebind.test/"); err != nil {
		t.Fatalf("config time: got %v, want allowed", err)
	}
	_, err := g.DialContext(context.Background(), "tcp", "rebind.test:80")
	if !errors.Is(err, webhook.ErrForbiddenDestination) {
		t.Errorf("dial time: got %v, want ErrForbiddenDestination", err)
	}
	for _, addr := range []string{"169.254.169.254:80", "[fe80::1]:80", "metadata.google.internal:80", "evil.test:80"} {
		_, err := withDNS(webhook.DefaultGuard()).DialContext(context.Background(), "tcp", addr)
		if !errors.Is(err, webhook.ErrForbiddenDestination) {
			t.Errorf("dial %s: got %v, want ErrForbiddenDestination", addr, err)
		}
	}
}

func TestControl(t *testing.T) {
	t.Parallel()
	g := webhook.DefaultGuard()
	for addr, want := range map[string]bool{
		"127.0.0.1:80": true, "[::1]:443": true, "169.254.169.254:80": false,
		"[fe80::1%eth0]:80": false, "not-an-address": false,
	} {
		if err := g.Control("tcp", addr, nil); (err == nil) != want {
			t.Errorf("Control(%s): got %v, want allowed=%v", addr, err, want)
		}
	}
	// A dialer with the guard's Control refuses what a plain name hides.
	d := net.Dialer{Control: (&webhook.Guard{}).Control}
	if _, err := d.Dial("tcp", "127.0.0.1:1"); !errors.Is(err, webhook.ErrForbiddenDestination) {
		t.Errorf("strict dialer to loopback: got %v, want ErrForbiddenDestination", err)
	}
}

// FuzzCheckURL: CheckURL must not panic, and what it accepts must be an
// http(s) URL with a host and no user info or fragment.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"http://public.test/", "https://127.0.0.1:8443/x?y#z", "http://[fe80::1%25en0]/",
		"http://user@host/", "http://2852039166/", "HTTP://public.test./", "http://[::ffff:a9fe:a9fe]/", "//x", "http://%zz/",
		"http://[::169.254.169.254]/", "http://[2002:a9fe:a9fe::]/", "http://[64:ff9b:1::a9fe:a9fe]:8080/"} {
		f.Add(s)
	}
	g := webhook.DefaultGuard()
	g.LookupFunc = func(ctx context.Context, host string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if g.CheckURL(raw) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("accepted %q, which does not parse: %v", raw, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || strings.Contains(raw, "#") {
			t.Fatalf("accepted %q: %s", raw, fmt.Sprintf("%#v", u))
		}
	})
}
