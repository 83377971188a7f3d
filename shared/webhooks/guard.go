package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"selfserve/shared/domain"
)

// Resolver looks up a host's addresses (net.DefaultResolver does).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Guard decides which URLs endpoints may use (docs/spec.md §8). Deployed, only
// https URLs whose every address is public, on a port of Ports; locally
// (AllowLoopback) also http and loopback addresses, on any port, for
// receivers on the same machine.
type Guard struct {
	AllowLoopback bool
	Resolver      Resolver
	// Ports are the ports deployed deliveries may reach (an https URL
	// without one is on 443); nil means DefaultPorts. Ignored locally.
	Ports []uint16
}

// DefaultPorts are the webhook ports allowed deployed unless configured
// (template parameter WebhookPorts).
var DefaultPorts = []uint16{443, 8443}

// ParsePorts reads a comma-separated list of ports (1-65535), such as the
// WebhookPorts parameter "443,8443".
func ParsePorts(s string) ([]uint16, error) {
	var out []uint16
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("webhook ports: %q is not a port (1-65535) in %q", f, s)
		}
		out = append(out, uint16(n))
	}
	return out, nil
}

// portAllowed reports whether deliveries may reach port.
func (g Guard) portAllowed(port uint16) bool {
	if g.AllowLoopback {
		return port != 0
	}
	ports := g.Ports
	if ports == nil {
		ports = DefaultPorts
	}
	return slices.Contains(ports, port)
}

// allowedPorts lists the ports for an error message.
func (g Guard) allowedPorts() string {
	ports := g.Ports
	if ports == nil {
		ports = DefaultPorts
	}
	s := make([]string, len(ports))
	for i, p := range ports {
		s[i] = strconv.Itoa(int(p))
	}
	return strings.Join(s, ", ")
}

// nonPublic are ranges no delivery may reach besides those netip
// classifies (loopback, private, link-local, multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: embeds any IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds any IPv4
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relays
	netip.MustParsePrefix("2001::/32"),       // Teredo: embeds any IPv4
	netip.MustParsePrefix("2001:10::/28"),    // ORCHID
	netip.MustParsePrefix("2001:20::/28"),    // ORCHIDv2
}

// globalIPv6 is the only IPv6 space in global unicast use.
var globalIPv6 = netip.MustParsePrefix("2000::/3")

// Allowed reports whether a delivery may reach addr: a public unicast
// address, or loopback when the guard allows it. Metadata services
// (169.254.169.254, fd00:ec2::254) are link-local or private, so refused.
func (g Guard) Allowed(addr netip.Addr) bool {
	addr = addr.Unmap()
	if addr.IsLoopback() {
		return g.AllowLoopback
	}
	if !addr.IsGlobalUnicast() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsInterfaceLocalMulticast() {
		return false
	}
	if addr.Is6() && !globalIPv6.Contains(addr) { // IPv4-compatible, SIIT, site-local…
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// CheckURL validates an endpoint URL at registration: its form, its
// scheme, and every address its host resolves to. Errors are
// CodeInvalidRequest with a reason safe to show.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := g.parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if addr, err := netip.ParseAddr(host); err == nil {
		return g.checkAddrs(raw, []netip.Addr{addr})
	}
	r := g.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return domain.Errorf(domain.CodeInvalidRequest, "url: the host %q does not resolve", host)
	}
	return g.checkAddrs(raw, addrs)
}

func (g Guard) checkAddrs(raw string, addrs []netip.Addr) error {
	for _, a := range addrs {
		if !g.Allowed(a) {
			return domain.Errorf(domain.CodeInvalidRequest, "url: %s resolves to a non-public address; endpoints must be reachable on the internet", domain.RedactURL(raw))
		}
	}
	return nil
}

func (g Guard) parse(raw string) (*url.URL, error) {
	if raw == "" || len(raw) > domain.MaxEndpointURL {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url must be 1-%d characters", domain.MaxEndpointURL)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url must be an absolute URL")
	case u.User != nil:
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url must not carry credentials")
	case u.Fragment != "":
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url must not have a fragment")
	case u.Scheme == "https":
	case u.Scheme == "http" && g.AllowLoopback:
	default:
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url must use https")
	}
	if strings.HasSuffix(u.Hostname(), ".") {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url: the host must not end with a dot")
	}
	port := map[string]uint64{"https": 443, "http": 80}[u.Scheme]
	if p := u.Port(); p != "" {
		var err error
		if port, err = strconv.ParseUint(p, 10, 16); err != nil {
			port = 0 // out of range: allowed nowhere
		}
	}
	if !g.portAllowed(uint16(port)) {
		if g.AllowLoopback {
			return nil, domain.Errorf(domain.CodeInvalidRequest, "url: the port must be 1-65535")
		}
		return nil, domain.Errorf(domain.CodeInvalidRequest, "url: the port must be one of %s", g.allowedPorts())
	}
	return u, nil
}

// errRefusedAddress is what dialling a non-public address fails with.
var errRefusedAddress = errors.New("refused: the address is not public")

// errRefusedPort is what dialling a port outside the allow-list fails with.
var errRefusedPort = errors.New("refused: the port is not allowed")

// CheckDial checks an address about to be dialled ("ip:port"), after
// resolution: its address must be allowed, so a name that resolved to a
// public address at registration and to an internal one now (DNS
// rebinding) is refused too, and so must its port.
func (g Guard) CheckDial(address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: %w", err)
	}
	if !g.Allowed(ap.Addr()) {
		return errRefusedAddress
	}
	if !g.portAllowed(ap.Port()) {
		return errRefusedPort
	}
	return nil
}

// control is the dialler's check of every connection (CheckDial).
func (g Guard) control(_, address string, _ syscall.RawConn) error { return g.CheckDial(address) }
