package e2e

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/build"
)

// firstVisitBudget is what a first visit of the home page may cost in
// all, in bytes as the host sends them (brotli), the service worker and
// what it keeps for offline reading included.
const firstVisitBudget = 150_000

// precompressedSite builds the real content under base as make build does
// (with .br and .gz siblings) and returns the output directory.
func precompressedSite(tb testing.TB) string {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "public")
	if _, err := build.Build(build.Options{ContentDir: "../../content", TemplatesDir: "../../templates", OutDir: out, BaseURL: base, Precompress: true}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestFirstVisitBytes opens the home page once, in a browser with an empty
// cache, waits until the service worker has installed and kept the site
// for offline reading, and counts every byte the host sent to any target —
// page and service worker. It must stay within firstVisitBudget and must
// not fetch anything of the search engine or its index: someone who never
// searches does not pay for search.
func TestFirstVisitBytes(t *testing.T) {
	dir := precompressedSite(t)
	srv := staticHost(t, dir, nil)
	b := launchRaw(t, profiles[0])
	page := b.open(srv.URL + base)
	if _, err := b.poll(page, `navigator.serviceWorker.ready.then(() => caches.keys()).then((k) => k.length)`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not install: %v", err)
	}
	// The worker is active once its cache is full; a moment more for the
	// last events to arrive.
	time.Sleep(500 * time.Millisecond)
	var kept int
	if err := b.eval(page, `caches.keys().then((k) => caches.open(k[0])).then((c) => c.keys()).then((r) => r.filter((q) => q.url.endsWith("/")).length)`, &kept); err != nil {
		t.Fatal(err)
	}
	if kept < 40 {
		t.Errorf("the worker keeps %d pages for offline reading; want every page (more than 40)", kept)
	}
	n, requests, urls := b.sent()
	sort.Strings(urls)
	if os.Getenv("KB_CDP_DEBUG") != "" {
		t.Log(strings.Join(urls, "\n"))
	}
	t.Logf("first visit: %.1f KB in %d requests", n/1000, requests)
	if n > firstVisitBudget {
		t.Errorf("the first visit of the home page costs %.1f KB; at most %d KB: %v", n/1000, firstVisitBudget/1000, urls)
	}
	for _, u := range urls {
		p := strings.TrimPrefix(u, srv.URL+strings.TrimSuffix(base, "/"))
		if isSearchFile(p) {
			t.Errorf("the first visit fetches %s, which only search needs", p)
		}
	}
}

// isSearchFile says whether a path (under the site) belongs to search:
// the engine, the index and the reader's pieces, not the small loader.
func isSearchFile(p string) bool {
	return strings.HasPrefix(p, "/zoeken/lezer/") || p == "/zoeken/index.kbidx" ||
		(strings.HasPrefix(p, "/static/zoeken/") && p != "/static/zoeken/zoeken.js" && p != "/static/zoeken/offline.js")
}
