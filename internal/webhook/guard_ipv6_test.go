package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

// TestCheckAddrEmbeddedIPv4: IPv6 forms that carry an IPv4 address are
// judged by the address inside; the deprecated IPv4-compatible and 6to4
// ranges are refused whatever they carry.
func TestCheckAddrEmbeddedIPv4(t *testing.T) {
	t.Parallel()
	def := webhook.DefaultGuard()
	strict := &webhook.Guard{}
	open := &webhook.Guard{AllowLinkLocal: true, AllowPrivate: true, AllowLoopback: true}
	for _, tc := range []struct {
		name                string
		addr                string
		def, strict, opened bool // allowed by each guard
	}{
		{"IPv4-mapped loopback", "::ffff:127.0.0.1", true, false, true},
		{"IPv4-mapped public", "::ffff:93.184.216.34", true, true, true},
		{"IPv4-compatible loopback", "::127.0.0.1", false, false, false},
		{"IPv4-compatible metadata", "::169.254.169.254", false, false, false},
		{"IPv4-compatible public (deprecated)", "::93.184.216.34", false, false, false},
		{"IPv4-translated metadata", "::ffff:0:a9fe:a9fe", false, false, false},
		{"IPv4-translated loopback", "::ffff:0:7f00:1", true, false, true},
		{"NAT64 loopback", "64:ff9b::7f00:1", true, false, true},
		{"NAT64 public", "64:ff9b::5db8:d822", true, true, true},
		{"local-use NAT64 /96 metadata", "64:ff9b:1::a9fe:a9fe", false, false, false},
		{"local-use NAT64 /48 metadata", "64:ff9b:1:a9fe:a9:fe00::", false, false, false},
		{"local-use NAT64 /64 metadata", "64:ff9b:1:0:a9:fea9:fe00:0", false, false, false},
		{"local-use NAT64 public (a local network)", "64:ff9b:1::5db8:d822", true, false, true},
		{"6to4 metadata", "2002:a9fe:a9fe::1", false, false, false},
		{"6to4 loopback", "2002:7f00:1::1", false, false, false},
		{"6to4 public (deprecated)", "2002:5db8:d822::1", false, false, false},
		{"Teredo client metadata", "2001:0:4136:e378:8000:63bf:5601:5601", false, false, false},
		{"Teredo client loopback", "2001:0:4136:e378:8000:63bf:80ff:fffe", true, false, true},
		{"Teredo server private", "2001:0:a00:1::a247:27dd", true, false, true},
		{"Teredo public", "2001:0:4136:e378:8000:63bf:a247:27dd", true, true, true},
		{"ISATAP metadata", "2001:db8::5efe:a9fe:a9fe", false, false, false},
		{"ISATAP global loopback", "2001:db8::200:5efe:7f00:1", true, false, true},
		{"ISATAP public", "2001:db8::200:5efe:5db8:d822", true, true, true},
		{"plain public IPv6", "2606:2800:220:1:248:1893:25c8:1946", true, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
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
		})
	}
}

// TestEmbeddedIPv4URLs: the review's URLs, at configuration and at dial time.
func TestEmbeddedIPv4URLs(t *testing.T) {
	t.Parallel()
	g := webhook.DefaultGuard()
	for _, host := range []string{"[::127.0.0.1]", "[::169.254.169.254]", "[::ffff:0:a9fe:a9fe]", "[2002:a9fe:a9fe::]",
		"[64:ff9b:1::a9fe:a9fe]", "[2001:0:4136:e378:8000:63bf:5601:5601]", "[fe80::5efe:a9fe:a9fe]"} {
		if err := g.CheckURL("http://" + host + "/"); !errors.Is(err, webhook.ErrForbiddenDestination) {
			t.Errorf("CheckURL(%s): got %v, want ErrForbiddenDestination", host, err)
		}
		if _, err := g.DialContext(context.Background(), "tcp", host+":80"); !errors.Is(err, webhook.ErrForbiddenDestination) {
			t.Errorf("DialContext(%s): got %v, want ErrForbiddenDestination", host, err)
		}
	}
}

// TestGuardErrorsRevealNothing: an integrator learns why a destination is
// refused, but not what a name resolved to, nor which resolver was asked.
func TestGuardErrorsRevealNothing(t *testing.T) {
	t.Parallel()
	failing := func(ctx context.Context, host string) ([]netip.Addr, error) {
		return nil, &net.DNSError{Err: "server misbehaving", Name: host, Server: "192.0.2.53:53", IsTemporary: true}
	}
	refused := withDNS(webhook.DefaultGuard()) // loopback.test resolves to 127.0.0.1; nothing listens on port 1
	for _, tc := range []struct {
		name   string
		err    error
		want   string // in the error
		secret string // never in the error
	}{
		{"private name at configuration", withDNS(&webhook.Guard{}).CheckURL("http://private.test/"), "private", "10.1.2.3"},
		{"metadata name at configuration", withDNS(webhook.DefaultGuard()).CheckURL("http://evil.test/"), "metadata", "169.254.169.254"},
		{"IPv6 metadata name", withDNS(webhook.DefaultGuard()).CheckURL("http://ec2v6.test/"), "metadata", "fd00:ec2::254"},
		{"resolver failure at configuration", (&webhook.Guard{LookupFunc: failing}).CheckURL("http://a.test/"), "resolving", "192.0.2.53"},
		{"metadata name at dial time", dialErr(withDNS(webhook.DefaultGuard()), "evil.test:80"), "metadata", "169.254.169.254"},
		{"resolver failure at dial time", dialErr(&webhook.Guard{LookupFunc: failing}, "a.test:80"), "resolving", "192.0.2.53"},
		{"refused connection to a name", dialErr(refused, "loopback.test:1"), "loopback.test", "127.0.0.1"},
		{"address connected to", (&webhook.Guard{}).Control("tcp", "10.9.8.7:80", nil), "private", "10.9.8.7"},
	} {
		switch {
		case tc.err == nil:
			t.Errorf("%s: got no error", tc.name)
		case !strings.Contains(tc.err.Error(), tc.want) || strings.Contains(tc.err.Error(), tc.secret):
			t.Errorf("%s: got %q, want it to contain %q and not %q", tc.name, tc.err, tc.want, tc.secret)
		}
	}
}

func dialErr(g *webhook.Guard, addr string) error {
	c, err := g.DialContext(context.Background(), "tcp", addr)
	if c != nil {
		c.Close()
	}
	return err
}

// FuzzCheckAddr: CheckAddr must not panic, and allowing more never
// refuses more: whatever the strict guard allows, the default guard
// allows, and whatever that allows, the open guard allows.
func FuzzCheckAddr(f *testing.F) {
	for _, s := range []string{"::127.0.0.1", "::ffff:0:a9fe:a9fe", "2002:a9fe:a9fe::", "64:ff9b:1:a9fe:a9:fe00::",
		"2001:0:4136:e378:8000:63bf:5601:5601", "2001:db8::200:5efe:7f00:1", "fd00:ec2::254", "::1", "::"} {
		b := netip.MustParseAddr(s).As16()
		f.Add(b[:])
	}
	strict, def := &webhook.Guard{}, webhook.DefaultGuard()
	open := &webhook.Guard{AllowLinkLocal: true, AllowPrivate: true, AllowLoopback: true}
	f.Fuzz(func(t *testing.T, raw []byte) {
		ip, ok := netip.AddrFromSlice(raw)
		if !ok {
			return
		}
		s, d, o := strict.CheckAddr(ip) == nil, def.CheckAddr(ip) == nil, open.CheckAddr(ip) == nil
		if s && !d || d && !o {
			t.Fatalf("%s: allowed by strict %v, default %v, open %v", ip, s, d, o)
		}
	})
}
