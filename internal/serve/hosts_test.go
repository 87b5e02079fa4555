package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// TestHostCheck: the server answers only requests for the address it
// serves; a page that points its own name at 127.0.0.1 (DNS rebinding)
// gets 421 and a Dutch explanation, on every route.
func TestHostCheck(t *testing.T) {
	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	ownIP := "127.0.0.1"
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
				ownIP = n.IP.String()
				break
			}
		}
	}
	tcp := func(ip string, port int) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: port} }
	for _, c := range []struct {
		listen   string   // the -addr flag
		listened net.Addr // what the listener got
		host     string   // the request's Host header
		ok       bool
	}{
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "127.0.0.1:8080", true},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "localhost:8080", true},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "LocalHost:8080", true},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "[::1]:8080", true},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "evil.example:8080", false},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "evil.example", false},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "127.0.0.1.nip.io:8080", false},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "localhost.evil.example:8080", false},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "127.0.0.1:9090", false}, // wrong port
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "localhost", false},      // port 80
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), "", false},
		{"127.0.0.1:8080", tcp("127.0.0.1", 8080), hostname + ":8080", false},
		{"127.0.0.1:0", tcp("127.0.0.1", 41234), "127.0.0.1:41234", true}, // the port actually listened on
		{"127.0.0.1:0", tcp("127.0.0.1", 41234), "127.0.0.1:0", false},
		{"localhost:8080", tcp("127.0.0.1", 8080), "localhost:8080", true},
		{"[::1]:8080", tcp("::1", 8080), "[::1]:8080", true},
		{"[::1]:8080", tcp("::1", 8080), "localhost:8080", true},
		{"127.0.0.1:80", tcp("127.0.0.1", 80), "localhost", true},
		{"127.0.0.1:80", tcp("127.0.0.1", 80), "127.0.0.1:80", true},
		// All interfaces: the editor shares the site on purpose.
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), "localhost:8080", true},
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), "127.0.0.1:8080", true},
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), hostname + ":8080", true},
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), ownIP + ":8080", true},
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), "192.0.2.1:8080", false}, // not this machine
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), "evil.example:8080", false},
		{"0.0.0.0:8080", tcp("0.0.0.0", 8080), "localhost:9090", false},
		{":8080", tcp("::", 8080), "[::1]:8080", true},
		// One other address: only that one.
		{"192.0.2.7:8080", tcp("192.0.2.7", 8080), "192.0.2.7:8080", true},
		{"192.0.2.7:8080", tcp("192.0.2.7", 8080), "localhost:8080", false},
	} {
		s := &Server{hosts: allowedHosts(c.listen, c.listened)}
		for _, p := range []string{"/", "/zoeken/index.kbidx", Prefix + "events", Prefix + "reload.js", "/sw.js"} {
			req := httptest.NewRequest("GET", p, nil)
			req.Host = c.host
			ctx, cancel := context.WithCancel(req.Context())
			cancel() // ends the event stream at once
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req.WithContext(ctx))
			refused := rec.Code == http.StatusMisdirectedRequest
			if refused == c.ok {
				t.Errorf("listening on %s, Host %q, %s: status %d; want allowed=%v", c.listen, c.host, p, rec.Code, c.ok)
				continue
			}
			if refused {
				want := "kb serve antwoordt alleen op http://" + s.hosts.show + "/, niet op \"" + c.host + "\".\n" +
					"Zo kan een andere website die zijn naam naar deze computer laat wijzen (DNS-rebinding) de site, de concepten en de zoekindex niet lezen.\n" +
					"Open http://" + s.hosts.show + "/ in de browser.\n"
				if body := rec.Body.String(); body != want {
					t.Errorf("Host %q: body\n%s\nwant\n%s", c.host, body, want)
				}
				if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
			}
		}
	}
}

// TestServerRefusesOtherHosts: the running server, not only its
// handler, refuses a rebound name on every route and still answers its
// own address.
func TestServerRefusesOtherHosts(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	_, port, _ := net.SplitHostPort(r.addr)
	client := &http.Client{Timeout: 10 * time.Second} // an event stream that is answered would never end
	for _, p := range []string{"/", "/voorbeelden/gezin-de-boer/", "/zoeken/index.kbidx", Prefix + "events"} {
		req, _ := http.NewRequest("GET", "http://"+r.addr+p, nil)
		req.Host = "evil.example:" + port
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || !strings.HasPrefix(string(body), "kb serve antwoordt alleen op http://127.0.0.1:"+port+"/") {
			t.Errorf("%s for evil.example: %d\n%s", p, resp.StatusCode, body)
		}
		if strings.Contains(string(body), "De Boer") || strings.Contains(string(body), r.contentDir) {
			t.Errorf("%s for evil.example gave away content:\n%s", p, body)
		}
	}
	if body := get(t, "http://localhost:"+port+"/voorbeelden/gezin-de-boer/"); !strings.Contains(body, "Het gezin De Boer heeft schulden.") {
		t.Errorf("localhost:%s did not get the page:\n%s", port, body)
	}
}
