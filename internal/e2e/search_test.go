package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// request is one request the browser sent: its path and Range header.
type request struct {
	path, rangeHeader string
}

// requestLog records every request the page in ctx sends from now on;
// the function it gives lists them.
func requestLog(t *testing.T, ctx context.Context) func() []request {
	t.Helper()
	var mu sync.Mutex
	var list []request
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			r := request{path: e.Request.URL}
			if i := strings.Index(r.path, base); i >= 0 {
				r.path = r.path[i:]
			}
			for k, v := range e.Request.Headers {
				if strings.EqualFold(k, "Range") {
					r.rangeHeader, _ = v.(string)
				}
			}
			mu.Lock()
			list = append(list, r)
			mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, network.Enable()); err != nil {
		t.Fatal(err)
	}
	return func() []request {
		mu.Lock()
		defer mu.Unlock()
		return append([]request(nil), list...)
	}
}

// breakingHost serves the built site under base as a static host does,
// except the one piece of the index that broken names (a prefix of its
// file name in zoeken/lezer/), which it answers as how says: "no ranges"
// (the whole file, 200, also when a range is asked for), "404",
// "garbage" (random-looking bytes of the same length) or "truncated"
// (its first ten bytes: a range beyond them gets 416, one across the end
// fewer bytes than asked).
type breakingHost struct {
	mu          sync.Mutex
	broken, how string
}

func (h *breakingHost) set(broken, how string) {
	h.mu.Lock()
	h.broken, h.how = broken, how
	h.mu.Unlock()
}

func (h *breakingHost) serve(t *testing.T, out string) *httptest.Server {
	files := http.FileServer(http.Dir(out))
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.mu.Lock()
		broken, how := h.broken, h.how
		h.mu.Unlock()
		name, isPiece := strings.CutPrefix(r.URL.Path, "/zoeken/lezer/")
		if isPiece && how == "no ranges" {
			r.Header.Del("Range") // the whole file, 200
		}
		if !isPiece || broken == "" || !strings.HasPrefix(name, broken) || how == "no ranges" {
			files.ServeHTTP(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(out, "zoeken", "lezer", filepath.Base(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		switch how {
		case "404":
			http.NotFound(w, r)
			return
		case "garbage":
			for i := range data {
				data[i] = byte(i*131 + 7)
			}
		case "truncated":
			data = data[:min(len(data), 10)]
		}
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(data)))
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestSearchBrokenIndex: when a piece of the index that a query needs is
// missing, cut short or garbage, the search page says so in plain Dutch
// and offers to try again: never a hang, an empty page or an exception.
// Once the host serves the piece again, trying again finds the results.
func TestSearchBrokenIndex(t *testing.T) {
	_, out := siteDir(t)
	host := &breakingHost{}
	srv := host.serve(t, out)
	ctx, errs := browser(t)
	const msg = "De zoekindex kon niet geladen worden; probeer het opnieuw."
	for _, c := range []struct{ piece, how string }{
		{"manifest.json", "404"},
		{"manifest.json", "garbage"},
		{"manifest.json", "truncated"},
		{"h-", "404"}, // the exact-lookup dictionary shards (ecogram is in one)
		{"h-", "garbage"},
		{"h-", "truncated"},
		{"a-65-63.", "404"},    // the prefix shard of "ec", the word being typed
		{"z-65-7.", "garbage"}, // the near-miss shard of seven-byte words under e
		{"p-", "404"},          // the postings, read by range
		{"p-", "garbage"},
		{"p-", "truncated"},
		{"o-0.", "garbage"}, // where each document's stored fields start
		{"o-0.", "truncated"},
		{"s-0.", "404"}, // the stored fields, read by range
		{"s-0.", "garbage"},
		{"s-0.", "truncated"},
	} {
		t.Run(c.piece+" "+c.how, func(t *testing.T) {
			// The service worker keeps the pieces it fetched (a version's
			// pieces never change): each case starts from a browser that
			// has none, as a first visit does.
			if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+base), chromedp.Evaluate(`caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k))))`, nil,
				func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
				t.Fatal(err)
			}
			host.set(c.piece, c.how)
			var status string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"zoeken/?q=ecogram"),
				chromedp.Poll(`(function () { var s = document.getElementById('zoek-resultaat-status').textContent; return s && s !== 'Zoeken…' ? s : false; })()`, &status, chromedp.WithPollingTimeout(20*time.Second)),
			)
			if err != nil {
				t.Fatalf("no answer on the search page: %v", err)
			}
			if status != msg {
				t.Fatalf("status %q, want %q", status, msg)
			}
			var results int
			if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('.results .result').length`, &results)); err != nil {
				t.Fatal(err)
			}
			if results != 0 {
				t.Errorf("%d results shown from a broken index", results)
			}
			// The host is mended; trying again finds Ecogram.
			host.set("", "")
			var top string
			err = chromedp.Run(ctx,
				chromedp.Click("#zoek-resultaten button.search-again", chromedp.ByQuery),
				chromedp.WaitVisible(".results .result h2 a", chromedp.ByQuery),
				chromedp.Text(".results .result h2 a", &top, chromedp.ByQuery),
			)
			if err != nil {
				t.Fatalf("trying again: %v", err)
			}
			if top != "Ecogram" {
				t.Errorf("after trying again the top result is %q", top)
			}
			for _, e := range errs.take() {
				// The browser logs a failed request itself; anything else is
				// the page's own error.
				if !strings.Contains(e, "Failed to load resource") {
					t.Errorf("console: %s", e)
				}
			}
		})
	}
}

// TestSearchBadInput: a query of 10 KB, of 500 words, or of a query
// language's signs gets results or a clear Dutch message on the search
// page.
func TestSearchBadInput(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	words := strings.Repeat("ecogram netwerk gezin doelen ", 125)
	for _, c := range []struct{ name, q, want string }{
		{"500 woorden", words, "Alleen het begin van de lange zoekvraag is gebruikt."},
		{"10 KB", strings.Repeat("ecogram-", 1250), "Alleen het begin van de lange zoekvraag is gebruikt."},
		{"tekens van een zoektaal", `* ? ~ " + - : ^`, "Geen woorden om op te zoeken"},
		{"alleen stopwoorden", "de het een", "Geen woorden om op te zoeken"},
		{"velden en operatoren", `+title:ecogram -netwerk~2 "gezin"^3`, "resultaten op"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var status string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"zoeken/"),
				chromedp.WaitVisible("#zoekpagina-veld", chromedp.ByQuery),
				chromedp.SetValue("#zoekpagina-veld", c.q, chromedp.ByQuery),
				chromedp.Evaluate(`document.getElementById('zoekpagina-veld').form.requestSubmit()`, nil),
				chromedp.Poll(`(function () { var s = document.getElementById('zoek-resultaat-status').textContent; return s && s !== 'Zoeken…' ? s : false; })()`, &status, chromedp.WithPollingTimeout(20*time.Second)),
			)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			if !strings.Contains(status, c.want) {
				t.Errorf("status %q, want it to say %q", status, c.want)
			}
			if len(status) > 400 {
				t.Errorf("status of %d bytes repeats the whole query", len(status))
			}
			if e := errs.take(); len(e) > 0 {
				t.Errorf("console errors: %v", e)
			}
		})
	}
}

// TestSearchHostWithoutRanges: a host that answers a range request with
// the whole piece (200) still gives the same results; the reader keeps
// the piece, so each is fetched once however many ranges it needs.
func TestSearchHostWithoutRanges(t *testing.T) {
	_, out := siteDir(t)
	host := &breakingHost{}
	host.set("", "no ranges")
	srv := host.serve(t, out)
	ctx, errs := browser(t)
	fetched := requestLog(t, ctx)
	var first, section string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base+"zoeken/?q=gekleurde+stiften"),
		chromedp.WaitVisible(".results .result h2 a", chromedp.ByQuery),
		chromedp.AttributeValue(".results .result h2 a", "href", &first, nil, chromedp.ByQuery),
		chromedp.AttributeValue(".results .result .result-section", "href", &section, nil, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != base+"hulpmiddelen/ecogram/" || section != base+"hulpmiddelen/ecogram/#tips" {
		t.Errorf("top result %s, section %s", first, section)
	}
	seen := map[string]int{}
	for _, r := range fetched() {
		if strings.Contains(r.path, "/zoeken/lezer/") {
			if seen[r.path]++; seen[r.path] == 2 {
				t.Errorf("%s fetched more than once", r.path)
			}
		}
	}
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
