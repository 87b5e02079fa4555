package serve

import (
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
)

// hostList says which Host headers the server answers: the names under
// which the editor's own browser, or for a server on all interfaces a
// colleague's, reaches it. Any other name is a web page that has pointed
// its own domain at this address (DNS rebinding) to read the site, the
// drafts in the search index and the local paths in the overlay; such a
// request gets 421 Misdirected Request.
type hostList struct {
	port  string          // the port actually listened on
	names map[string]bool // lower-case names and normalised IP literals
	show  string          // the address to tell the editor to open
	// anyInterface: listening on all interfaces (0.0.0.0 or ::), so every
	// address of this machine's network interfaces is the server's own,
	// including ones that come up later (Wi-Fi, VPN).
	anyInterface bool
	mu           sync.Mutex // guards names when anyInterface adds to it
}

// allowedHosts gives the Host headers to answer for a server asked to
// listen on requested (the -addr flag, HOST:PORT) that listens on
// listened (the port resolved when it was 0).
//
//   - A loopback address (127.0.0.1, ::1, localhost): that host, and
//     localhost, 127.0.0.1 and [::1], each with the port.
//   - All interfaces (0.0.0.0, ::, or an empty host): the loopback names,
//     the machine's name (as os.Hostname gives it, and with ".local" for
//     mDNS) and any address of its own network interfaces, so a colleague
//     can open http://<naam-van-de-computer>:PORT/ or
//     http://<IP-adres>:PORT/.
//   - Any other address: only that host itself.
func allowedHosts(requested string, listened net.Addr) *hostList {
	reqHost, port, _ := net.SplitHostPort(requested)
	if tcp, ok := listened.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	} else if _, p, err := net.SplitHostPort(listened.String()); err == nil {
		port = p
	}
	h := &hostList{port: port, names: map[string]bool{}}
	h.add(reqHost)
	ip, _ := netip.ParseAddr(reqHost)
	var lip netip.Addr
	if tcp, ok := listened.(*net.TCPAddr); ok {
		lip, _ = netip.AddrFromSlice(tcp.IP)
		lip = lip.Unmap()
		h.add(lip.String())
	}
	loopback := []string{"localhost", "127.0.0.1", "::1"}
	switch {
	case reqHost == "" || ip.IsUnspecified() || (lip.IsValid() && lip.IsUnspecified()):
		h.anyInterface = true
		for _, n := range loopback {
			h.add(n)
		}
		if name, err := os.Hostname(); err == nil && name != "" {
			h.add(name)
			if !strings.Contains(name, ".") {
				h.add(name + ".local")
			}
		}
		h.show = "localhost:" + port
	case strings.EqualFold(reqHost, "localhost") || ip.IsLoopback() || (lip.IsValid() && lip.IsLoopback()):
		for _, n := range loopback {
			h.add(n)
		}
		h.show = net.JoinHostPort(reqHost, port)
	default:
		h.show = net.JoinHostPort(reqHost, port)
	}
	return h
}

// add records a name or an IP literal (with or without brackets).
func (h *hostList) add(host string) {
	if host = normalHost(host); host != "" {
		h.names[host] = true
	}
}

// normalHost lower-cases a name and writes an IP literal the one way
// netip does, without brackets, zone or IPv4-in-IPv6 mapping.
func normalHost(host string) string {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.WithZone("").Unmap().String()
	}
	return strings.ToLower(host)
}

// allow reports whether a request's Host header names this server.
func (h *hostList) allow(hostHeader string) bool {
	if h == nil || hostHeader == "" {
		return false
	}
	host, port, err := net.SplitHostPort(hostHeader)
	if err != nil {
		host, port = hostHeader, "80" // browsers leave out the default port
	}
	if port != h.port {
		return false
	}
	host = normalHost(host)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.names[host] {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !h.anyInterface {
		return false
	}
	// An address not seen before: the interfaces may have changed.
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if own, ok := netip.AddrFromSlice(n.IP); ok && own.Unmap() == ip {
				h.names[host] = true
				return true
			}
		}
	}
	return false
}
