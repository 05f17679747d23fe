package webhook

import (
	"fmt"
	"net/netip"
	"slices"
)

var (
	metadata4 = []netip.Addr{
		netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OCI, DigitalOcean…
		netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	}
	metadata6     = netip.MustParseAddr("fd00:ec2::254") // AWS over IPv6
	metadataNames = []string{"metadata.google.internal", "metadata.goog"}
	unspecified4  = netip.MustParsePrefix("0.0.0.0/8")
	reserved4     = netip.MustParsePrefix("240.0.0.0/4") // includes 255.255.255.255
	sharedPrivate = netip.MustParsePrefix("100.64.0.0/10")
	siteLocal6    = netip.MustParsePrefix("fec0::/10")

	// IPv6 ranges whose addresses carry an IPv4 address.
	compatible6  = netip.MustParsePrefix("::/96")           // IPv4-compatible ::a.b.c.d, deprecated (RFC 4291)
	translated6  = netip.MustParsePrefix("::ffff:0:0:0/96") // IPv4-translated, SIIT (RFC 7915)
	nat64        = netip.MustParsePrefix("64:ff9b::/96")    // NAT64 well-known prefix (RFC 6052)
	nat64Local   = netip.MustParsePrefix("64:ff9b:1::/48")  // NAT64 local-use prefix (RFC 8215)
	sixToFour    = netip.MustParsePrefix("2002::/16")       // 6to4, deprecated (RFC 7526)
	teredo       = netip.MustParsePrefix("2001::/32")       // Teredo (RFC 4380)
	isatapIID    = [4]byte{0x00, 0x00, 0x5e, 0xfe}          // ISATAP interface id ::0:5efe:a.b.c.d (RFC 5214)
	isatapGlobal = [4]byte{0x02, 0x00, 0x5e, 0xfe}          // …and ::200:5efe:a.b.c.d
)

// CheckAddr reports whether the guard allows connecting to ip. IPv6
// addresses that carry an IPv4 address (IPv4-mapped, IPv4-translated,
// NAT64, Teredo, ISATAP) are judged by the IPv4 address inside as well;
// the deprecated IPv4-compatible (::a.b.c.d) and 6to4 (2002::/16) ranges
// are refused whatever they carry. The error names ip, which the caller
// gave; errors of names resolved by the guard never name an address.
func (g *Guard) CheckAddr(ip netip.Addr) error {
	if why := g.refusal(ip); why != "" {
		return refuse("%s is %s", ip.WithZone(""), why)
	}
	return nil
}

// refusal says why the guard refuses ip, as a noun phrase ("a loopback
// address"), or "" when it allows it.
func (g *Guard) refusal(ip netip.Addr) string {
	ip = ip.WithZone("").Unmap()
	if !ip.IsValid() {
		return "no address"
	}
	if ip.Is4() {
		return g.refusal4(ip)
	}
	for _, v4 := range embeddedIPv4(ip) {
		if why := g.refusal4(v4); why != "" {
			return "an IPv6 form of " + why
		}
	}
	switch {
	case compatible6.Contains(ip) && !ip.IsUnspecified() && !ip.IsLoopback():
		return "a deprecated IPv4-compatible address"
	case sixToFour.Contains(ip):
		return "a deprecated 6to4 address"
	case ip == metadata6:
		return "a cloud metadata address"
	case ip.IsUnspecified():
		return "an unspecified address"
	case ip.IsMulticast():
		return "a multicast address"
	case ip.IsLinkLocalUnicast():
		if !g.AllowLinkLocal {
			return "a link-local address"
		}
	case ip.IsLoopback():
		if !g.AllowLoopback {
			return "a loopback address"
		}
	case ip.IsPrivate() || siteLocal6.Contains(ip) || nat64Local.Contains(ip):
		if !g.AllowPrivate {
			return "a private address"
		}
	}
	return ""
}

// refusal4 is refusal for an IPv4 address.
func (g *Guard) refusal4(ip netip.Addr) string {
	switch {
	case slices.Contains(metadata4, ip):
		return "a cloud metadata address"
	case unspecified4.Contains(ip):
		return "an unspecified address"
	case ip.IsMulticast():
		return "a multicast address"
	case reserved4.Contains(ip):
		return "a reserved or broadcast address"
	case ip.IsLinkLocalUnicast():
		if !g.AllowLinkLocal {
			return "a link-local address"
		}
	case ip.IsLoopback():
		if !g.AllowLoopback {
			return "a loopback address"
		}
	case ip.IsPrivate() || sharedPrivate.Contains(ip):
		if !g.AllowPrivate {
			return "a private address"
		}
	}
	return ""
}

// embeddedIPv4 returns the IPv4 addresses an IPv6 address carries: the
// one inside an IPv4-compatible, IPv4-translated, NAT64 or 6to4 address,
// the server and (de-obfuscated) client of a Teredo address, the one in an
// ISATAP interface id. A local-use NAT64 prefix may be /48 to /96, each
// placing the IPv4 address elsewhere (RFC 6052 2.2): every placement is
// returned, so that none can hide a forbidden address, except those that
// read 0.0.0.0/8, which is what another placement's zero padding reads as
// (and what no translator forwards to). The local-use prefix is itself a
// private network.
func embeddedIPv4(ip netip.Addr) []netip.Addr {
	b := ip.As16()
	at := func(i ...int) netip.Addr { return netip.AddrFrom4([4]byte{b[i[0]], b[i[1]], b[i[2]], b[i[3]]}) }
	var out []netip.Addr
	switch {
	case ip.IsUnspecified() || ip.IsLoopback(): // ::, ::1 are not IPv4-compatible
	case compatible6.Contains(ip), translated6.Contains(ip), nat64.Contains(ip):
		out = append(out, at(12, 13, 14, 15))
	case nat64Local.Contains(ip):
		for _, v4 := range []netip.Addr{at(6, 7, 9, 10), at(7, 9, 10, 11), at(9, 10, 11, 12), at(12, 13, 14, 15)} {
			if !unspecified4.Contains(v4) { // the zero padding of another placement
				out = append(out, v4)
			}
		}
	case sixToFour.Contains(ip):
		out = append(out, at(2, 3, 4, 5))
	case teredo.Contains(ip):
		client := [4]byte{b[12] ^ 0xff, b[13] ^ 0xff, b[14] ^ 0xff, b[15] ^ 0xff}
		out = append(out, at(4, 5, 6, 7), netip.AddrFrom4(client))
	}
	if iid := [4]byte(b[8:12]); iid == isatapIID || iid == isatapGlobal {
		out = append(out, at(12, 13, 14, 15))
	}
	return out
}

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbiddenDestination, fmt.Sprintf(format, args...))
}
