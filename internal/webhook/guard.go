package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrForbiddenDestination is wrapped by every Guard refusal.
var ErrForbiddenDestination = errors.New("webhook: destination not allowed")

// Guard decides where webhooks may be delivered. An integrator chooses the
// URL, so without a guard a webhook is a request the server makes on an
// outsider's behalf: to the cloud metadata service (credentials), to
// link-local devices, or inside the operator's network.
//
// Always refused, whatever the settings: cloud metadata addresses
// (169.254.169.254, fd00:ec2::254, 100.100.100.200 and the names
// metadata.google.internal and metadata.goog), unspecified addresses
// (0.0.0.0/8, ::), multicast, broadcast and 240.0.0.0/4. Refused unless
// allowed: link-local (169.254.0.0/16, fe80::/10), private (10.0.0.0/8,
// 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7, fec0::/10) and
// loopback (127.0.0.0/8, ::1). IPv6 addresses that carry an IPv4 address
// are judged by the address inside too (see CheckAddr), and the deprecated
// IPv4-compatible and 6to4 ranges are refused.
//
// Refusals say why but never name an address a host name resolved to, nor
// the resolver: the integrator reads them, and the operator's internal
// network is none of their business.
//
// The zero Guard allows public addresses only. DefaultGuard also allows
// loopback and private addresses, which self-hosted deployments and local
// receivers need; a multi-tenant operator should set AllowPrivate and
// AllowLoopback to false.
type Guard struct {
	AllowLinkLocal bool
	AllowPrivate   bool
	AllowLoopback  bool
	// LookupFunc resolves a host name to its addresses; nil uses
	// net.DefaultResolver. Tests set it to resolve names without DNS.
	LookupFunc func(ctx context.Context, host string) ([]netip.Addr, error)
}

// DefaultGuard returns the guard a Sender uses when given none: link-local
// and metadata addresses refused, loopback and private networks allowed.
func DefaultGuard() *Guard { return &Guard{AllowPrivate: true, AllowLoopback: true} }

// CheckURL validates a destination when an endpoint is configured; see
// CheckURLContext.
func (g *Guard) CheckURL(raw string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return g.CheckURLContext(ctx, raw)
}

// CheckURLContext validates a destination when an endpoint is configured:
// an absolute http or https URL with a host, no user info (credentials in
// URLs end up in logs; use the secret) and no fragment, whose host is an
// allowed address or a name all of whose addresses are allowed. DNS can
// change afterwards, so DialContext checks again on every connection.
// Errors never contain the URL's path or query, only its host.
func (g *Guard) CheckURLContext(ctx context.Context, raw string) error {
	host, err := g.checkStatic(raw)
	if err != nil {
		return err
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil // checked by checkStatic
	}
	_, err = g.resolve(ctx, host)
	return err
}

// checkStatic applies every rule that needs no DNS and returns the host.
func (g *Guard) checkStatic(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may be long or carry tokens
		}
		return "", fmt.Errorf("webhook: invalid URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		if len(u.Scheme) > 16 {
			return "", errors.New("webhook: URL scheme is not http or https")
		}
		return "", fmt.Errorf("webhook: URL scheme %q is not http or https", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("webhook: URL has no host")
	case u.User != nil:
		return "", errors.New("webhook: URL must not contain user info")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", errors.New("webhook: URL must not contain a fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("webhook: URL port %q is invalid", p)
		}
	}
	host := u.Hostname()
	return host, g.checkHost(host)
}

// checkHost checks a host literal or name without resolving it.
func (g *Guard) checkHost(host string) error {
	if ip, err := netip.ParseAddr(host); err == nil {
		return g.CheckAddr(ip)
	}
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	for _, m := range metadataNames {
		if name == m {
			return refuse("%s is a cloud metadata host", host)
		}
	}
	// Resolvers disagree on forms like 2852039166 or 0xa9.0xfe.0xa9.0xfe
	// (C libraries read them as IPv4); no real name ends in a numeric label.
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" || strings.Trim(last, "0123456789") == "" || strings.HasPrefix(last, "0x") {
		return refuse("%q is not a valid host name or IP address", host)
	}
	return nil
}

// resolve returns the addresses of a host name, refusing it unless the
// guard allows every one. Its errors name the host, never the addresses
// or the resolver.
func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	var ips []netip.Addr
	var err error
	if g.LookupFunc != nil {
		ips, err = g.LookupFunc(ctx, host)
	} else {
		ips, err = net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}
	if err != nil || len(ips) == 0 {
		why := "no addresses"
		var de *net.DNSError
		switch {
		case errors.As(err, &de) && de.IsNotFound:
			why = "no such host"
		case errors.As(err, &de) && de.IsTimeout, errors.Is(err, context.DeadlineExceeded):
			why = "the lookup timed out"
		case err != nil:
			why = "the lookup failed"
		}
		return nil, fmt.Errorf("webhook: resolving %s: %s", host, why)
	}
	for _, ip := range ips {
		if why := g.refusal(ip); why != "" {
			return nil, refuse("%s resolves to %s", host, why)
		}
	}
	return ips, nil
}

// DialContext connects like net.Dialer.DialContext, but resolves the host
// itself and refuses the connection unless the guard allows every address
// it resolves to, then checks the address actually connected to again, so
// a name re-pointed at a forbidden address after CheckURL (DNS rebinding)
// is still refused. Use it as an http.Transport's DialContext with no
// proxy: through a proxy only the proxy's address would be checked.
// Errors name the host as given, not the addresses it resolved to.
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if err := g.checkHost(host); err != nil {
		return nil, err
	}
	var ips []netip.Addr
	literal := false
	if ip, err := netip.ParseAddr(host); err == nil {
		ips, literal = []netip.Addr{ip}, true
	} else if ips, err = g.resolve(ctx, host); err != nil {
		return nil, err
	}
	d := net.Dialer{KeepAlive: 30 * time.Second, Control: g.Control}
	var firstErr error
	for _, ip := range ips {
		ip = ip.Unmap()
		if (network == "tcp4" && !ip.Is4()) || (network == "tcp6" && !ip.Is6()) {
			continue
		}
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	switch {
	case firstErr == nil:
		return nil, fmt.Errorf("webhook: %s has no %s address", host, network)
	case literal:
		return nil, firstErr
	}
	var oe *net.OpError
	if errors.As(firstErr, &oe) && oe.Err != nil {
		firstErr = oe.Err // without the address dialled
	}
	return nil, fmt.Errorf("webhook: connecting to %s: %w", net.JoinHostPort(host, port), firstErr)
}

// Control is a net.Dialer Control function that refuses connections to
// addresses the guard does not allow. It sees the address being connected
// to after all resolution, so it also protects dialers other than
// DialContext. Its errors do not name the address.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refuse("cannot check the address connected to")
	}
	if why := g.refusal(ap.Addr()); why != "" {
		return refuse("the address connected to is %s", why)
	}
	return nil
}
