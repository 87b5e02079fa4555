package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/search"
)

const base = "/kennisbank/"

// artifacts is where screenshots are kept for review.
var artifacts = filepath.Join("..", "..", "test-artifacts")

// site builds the real content under base and serves it like a static
// host: files as they are, 404.html for what does not exist.
func site(t *testing.T) *httptest.Server {
	srv, _ := siteDir(t)
	return srv
}

// siteDir is site, also returning the output directory.
func siteDir(t testing.TB) (*httptest.Server, string) {
	return siteOn(t, nil)
}

// netlify lists what Netlify and Cloudflare Pages never serve: they read
// _headers and _redirects as their own configuration.
var netlify = map[string]bool{"/_headers": true, "/_redirects": true}

// siteOn builds the real content under base and serves it like a static
// host that answers 404 for the paths in hidden, as a host does for files it
// keeps to itself (or that a deploy left out).
func siteOn(t testing.TB, hidden map[string]bool) (*httptest.Server, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{ContentDir: "../../content", TemplatesDir: "../../templates", OutDir: out, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(out, filepath.FromSlash(r.URL.Path))
		if info, err := os.Stat(p); isHidden(hidden, r.URL.Path) || err != nil || (info.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(out, "404.html"))
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, out
}

// isHidden says whether path is in hidden, itself or under an entry that
// ends in "*".
func isHidden(hidden map[string]bool, path string) bool {
	if hidden[path] {
		return true
	}
	for h := range hidden {
		if strings.HasSuffix(h, "*") && strings.HasPrefix(path, strings.TrimSuffix(h, "*")) {
			return true
		}
	}
	return false
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// chromiumPath is the Chromium to run: $CHROMIUM, else Debian's chromium.
// It fails, never skips, when there is none: make test installs it.
func chromiumPath(tb testing.TB) string {
	tb.Helper()
	if path := os.Getenv("CHROMIUM"); path != "" {
		return path
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		tb.Fatal("Chromium not found: run make test (it installs Debian's chromium), or set CHROMIUM")
	}
	return path
}

// removeProfile removes a browser profile. Chromium's helper processes may
// still write to it for a moment after the browser is told to stop, so a
// profile is not a t.TempDir (whose cleanup fails on that) but removed
// with retries.
func removeProfile(dir string) {
	for i := 0; i < 20 && os.RemoveAll(dir) != nil; i++ {
		time.Sleep(100 * time.Millisecond)
	}
}

// browser starts headless Chromium. It fails, never skips, when Chromium
// is missing: make test installs it.
func browser(t testing.TB) (context.Context, *pageErrors) {
	t.Helper()
	path := chromiumPath(t)
	profile, err := os.MkdirTemp("", "kb-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeProfile(profile) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "BackForwardCache"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	errs := &pageErrors{}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			errs.add("exception: " + ev.ExceptionDetails.Text + " " + describe(ev.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				errs.add("console.error: " + strings.Join(parts, " "))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError && !strings.Contains(ev.Entry.URL, "/bestaat-niet/") {
				errs.add("log: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable()); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx, errs
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

type pageErrors struct {
	mu   sync.Mutex
	list []string
}

func (p *pageErrors) add(s string) { p.mu.Lock(); p.list = append(p.list, s); p.mu.Unlock() }
func (p *pageErrors) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(artifacts, 0o755)
	if err := os.WriteFile(filepath.Join(artifacts, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadingPath walks home → element → example → back, as a
// professional would, and checks there are no console errors on the way.
func TestReadingPath(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	var h1, url string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	var first string
	if err := chromedp.Run(ctx,
		chromedp.Text(".home .element-card:first-child .element-link", &first, chromedp.ByQuery),
		chromedp.Click(".home .element-card:first-child .element-link", chromedp.ByQuery),
		chromedp.WaitVisible(".element h1", chromedp.ByQuery),
		chromedp.Text(".element h1", &h1, chromedp.ByQuery),
		chromedp.Location(&url),
	); err != nil {
		t.Fatal(err)
	}
	if h1 != first || !strings.Contains(url, base+"elementen/") {
		t.Fatalf("clicked %q, landed on %q at %s", first, h1, url)
	}
	elementURL := url
	var example string
	if err := chromedp.Run(ctx,
		chromedp.Text("#voorbeelden-uit-de-praktijk ~ .related .card a", &example, chromedp.ByQuery),
		chromedp.Click("#voorbeelden-uit-de-praktijk ~ .related .card a", chromedp.ByQuery),
		chromedp.WaitVisible(".voorbeeld h1", chromedp.ByQuery),
		chromedp.Text(".voorbeeld h1", &h1, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if h1 != example {
		t.Fatalf("clicked example %q, landed on %q", example, h1)
	}
	// The example links back to the element it came from.
	var back int
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll('.voorbeeld a[href=%q]').length`, strings.TrimPrefix(elementURL, srv.URL)), &back),
	); err != nil {
		t.Fatal(err)
	}
	// Back, as the browser's back button does. The call returns before
	// the navigation starts, so the evaluation is not cut off by it; while
	// the page changes, a failed look is just "not yet".
	if err := chromedp.Run(ctx, chromedp.Evaluate(`setTimeout(function () { history.back(); }, 0)`, nil)); err != nil {
		t.Fatal(err)
	}
	shown := false
	var lastErr error
	for i := 0; i < 200 && !shown; i++ {
		time.Sleep(50 * time.Millisecond)
		lastErr = chromedp.Run(ctx,
			chromedp.Evaluate(`location.href`, &url),
			chromedp.Evaluate(`!!document.querySelector('.element h1')`, &shown),
		)
	}
	if lastErr != nil {
		t.Fatal(lastErr)
	}
	if back == 0 {
		t.Error("the example does not link back to the element")
	}
	if url != elementURL {
		t.Errorf("back went to %s; want %s", url, elementURL)
	}
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// pageTypes are one page of every kind the site has.
var pageTypes = map[string]string{
	"home":       "",
	"element":    "elementen/vraagverheldering/",
	"voorbeeld":  "voorbeelden/samen-welkom-overvecht/",
	"hulpmiddel": "hulpmiddelen/ecogram/",
	"lijst":      "voorbeelden/",
	"bronnen":    "bronnen/",
	"begrippen":  "begrippen/",
	"werkwijze":  "werkwijze/",
	"cirkel":     "hulpmiddelen/netwerkcirkel/", // a tool page with a diagram
	"404":        "bestaat-niet/",
	"spiegel":    "spiegel/",
	"zoeken":     "zoeken/?q=ecogram",
}

// TestAccessibility runs axe-core (WCAG 2.1 A and AA rules) on every page
// type, in light and dark mode, keeps a screenshot of each, and fails on
// any violation or console error.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatal("axe-core is missing: run make test (it runs npm ci in internal/e2e)")
	}
	srv := site(t)
	ctx, errs := browser(t)
	for _, scheme := range []string{"light", "dark"} {
		for name, p := range pageTypes {
			var raw string
			err := chromedp.Run(ctx,
				emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
				chromedp.Navigate(srv.URL+base+p),
				chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Evaluate(string(axe), nil),
				chromedp.Evaluate(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))`,
					&raw, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatalf("%s (%s): %v", name, scheme, err)
			}
			var violations []struct {
				ID, Help string
				Nodes    []string
			}
			if err := json.Unmarshal([]byte(raw), &violations); err != nil {
				t.Fatalf("%s: axe result %q: %v", name, raw, err)
			}
			for _, v := range violations {
				t.Errorf("%s (%s): %s — %s at %v", name, scheme, v.ID, v.Help, v.Nodes)
			}
			screenshot(t, ctx, name+"-"+scheme)
			if e := errs.take(); len(e) > 0 {
				t.Errorf("%s (%s): console errors: %v", name, scheme, e)
			}
		}
	}
}

// TestPrint checks that an element page prints as a handout: no
// navigation, header or footer, and external URLs written out.
func TestPrint(t *testing.T) {
	srv := site(t)
	ctx, _ := browser(t)
	var hidden []string
	var shown, isElement bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base+pageTypes["element"]),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`['.site-header', '.element-nav', '.site-footer', '.toc', '.prev-next', '.breadcrumbs'].filter(s => { const e = document.querySelector(s); return e && getComputedStyle(e).display !== 'none' })`, &hidden),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('main')).display !== 'none'`, &shown),
		chromedp.Evaluate(`!!document.querySelector('article.element h1')`, &isElement),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !isElement {
		t.Fatal("the page is not an element page")
	}
	if len(hidden) > 0 {
		t.Errorf("still visible in print: %v", hidden)
	}
	if !shown {
		t.Error("main content hidden in print")
	}
	screenshot(t, ctx, "element-print")

	// A tool with a worksheet prints it on a page of its own.
	var sheet struct {
		Shown, OwnPage bool
		Circles        int
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base+"hulpmiddelen/netwerkcirkel/"),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`(() => { const w = document.querySelector('.werkblad'); if (!w) return {Shown: false};
			const cs = getComputedStyle(w);
			return {Shown: cs.display !== 'none', OwnPage: cs.breakBefore === 'page', Circles: w.querySelectorAll('svg circle').length}; })()`, &sheet),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !sheet.Shown || !sheet.OwnPage || sheet.Circles < 4 {
		t.Errorf("worksheet in print: %+v", sheet)
	}
	screenshot(t, ctx, "werkblad-print")
}

// TestSpiegel fills in scores, reloads and sees them kept, round-trips an
// export through import (JSON and CSV), and checks the chart and the links
// to the lowest-scoring elements.
func TestSpiegel(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	var kept, note string
	var bars, lowest int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base+"spiegel/"),
		chromedp.WaitVisible("#spiegel-controls", chromedp.ByQuery),
		chromedp.SendKeys("#score-0", "3", chromedp.ByQuery),
		chromedp.SendKeys("#noot-0", "Nog weinig aandacht", chromedp.ByQuery),
		chromedp.SendKeys("#score-1", "8", chromedp.ByQuery),
		chromedp.Reload(),
		chromedp.WaitVisible("#spiegel-controls", chromedp.ByQuery),
		chromedp.Value("#score-0", &kept, chromedp.ByQuery),
		chromedp.Value("#noot-0", &note, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#spiegel-grafiek rect.bar').length`, &bars),
		chromedp.Evaluate(`document.querySelectorAll('#spiegel-laagste a[href$="#punten-om-mee-aan-de-slag-te-gaan"]').length`, &lowest),
	)
	if err != nil {
		t.Fatal(err)
	}
	if kept != "3" || note != "Nog weinig aandacht" {
		t.Errorf("after reload: score %q, note %q", kept, note)
	}
	if bars != 2 {
		t.Errorf("chart has %d bars; want 2", bars)
	}
	if lowest != 2 {
		t.Errorf("%d links to the lowest-scoring elements; want 2", lowest)
	}
	var roundTrip struct {
		Count       int
		SameJSON    bool
		SameCSV     bool
		ImportedCSV int
	}
	err = chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const s = window.kbSpiegel;
		const first = JSON.stringify(s.state().assessments[0].scores);
		const json = s.exportJSON();
		s.importText(json);
		const a = s.state().assessments;
		const sameJSON = JSON.stringify(a[a.length - 1].scores) === first;
		const csv = s.exportCSV();
		const n = s.importText(csv);
		const b = s.state().assessments;
		const sameCSV = JSON.stringify(b[b.length - 1].scores) === first || JSON.stringify(b[b.length - 2].scores) === first;
		return {Count: b.length, SameJSON: sameJSON, SameCSV: sameCSV, ImportedCSV: n};
	})()`, &roundTrip))
	if err != nil {
		t.Fatal(err)
	}
	if !roundTrip.SameJSON || !roundTrip.SameCSV || roundTrip.Count != 4 || roundTrip.ImportedCSV != 2 {
		t.Errorf("export/import round trip: %+v", roundTrip)
	}
	screenshot(t, ctx, "spiegel-filled")
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// TestOffline visits the site once, then loses the connection: pages not
// yet visited still open from the service worker's cache. It runs on a host
// that serves every file, on one that behaves like Netlify and Cloudflare
// Pages (no _headers, no _redirects), and on one where a file the worker
// lists is missing: one file the host does not serve must never keep the
// worker from installing. There the pack of pages is missing too, so the
// worker keeps the pages one by one, and the missing page is not kept.
func TestOffline(t *testing.T) {
	hosts := []struct {
		name   string
		hidden map[string]bool
	}{
		{"every file", nil},
		{"netlify", netlify},
		{"a file missing", map[string]bool{"/_headers": true, "/static/favicon.svg": true, "/begrippen/": true, "/offline/*": true}},
	}
	for _, h := range hosts {
		t.Run(h.name, func(t *testing.T) {
			srv, _ := siteOn(t, h.hidden)
			ctx, _ := browser(t)
			var cached []string
			// A worker that installs does so within seconds; one that never
			// does must fail the test, not hang it.
			readyCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			err := chromedp.Run(readyCtx,
				chromedp.Navigate(srv.URL+base),
				chromedp.Evaluate(`navigator.serviceWorker.ready
					.then(() => caches.keys())
					.then((keys) => keys.length ? caches.open(keys[0]).then((c) => c.keys()) : [])
					.then((reqs) => reqs.map((r) => new URL(r.url).pathname))`, &cached,
					func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatalf("service worker not ready: %v", err)
			}
			if len(cached) < 20 {
				t.Fatalf("the offline cache holds %d files: %v", len(cached), cached)
			}
			for _, p := range cached {
				if isHidden(h.hidden, strings.TrimPrefix(p, strings.TrimSuffix(base, "/"))) {
					t.Errorf("the offline cache holds %s, which the host does not serve", p)
				}
			}
			srv.Close() // the connection is gone: the host no longer answers
			var h1 string
			err = chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+pageTypes["hulpmiddel"]),
				chromedp.Text("h1", &h1, chromedp.ByQuery),
			)
			if err != nil {
				t.Fatal(err)
			}
			if h1 == "" || strings.Contains(h1, "niet gevonden") {
				t.Errorf("offline page shows %q", h1)
			}
		})
	}
}

// TestSearch searches from the site served under a sub-path: suggestions
// appear while typing in the header, the search page finds a section with
// the reader of the index's pieces, with the match marked in its excerpt,
// and the back button restores the earlier query. Neither a WebAssembly
// engine nor the whole index is ever fetched; the postings are read by
// range.
func TestSearch(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	fetched := requestLog(t, ctx)
	var suggestion string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base),
		chromedp.Focus("#zoekveld", chromedp.ByQuery),
		chromedp.SendKeys("#zoekveld", "eco", chromedp.ByQuery),
		chromedp.WaitVisible("#zoek-suggesties [role=option]", chromedp.ByQuery),
		chromedp.Text("#zoek-suggesties [role=option]:first-child", &suggestion, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(suggestion, "Ecogram") {
		t.Errorf("first suggestion %q", suggestion)
	}
	var first, section, excerpt string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base+"zoeken/?q=gekleurde+stiften"),
		chromedp.WaitVisible(".results .result h2 a", chromedp.ByQuery),
		chromedp.AttributeValue(".results .result h2 a", "href", &first, nil, chromedp.ByQuery),
		chromedp.AttributeValue(".results .result .result-section", "href", &section, nil, chromedp.ByQuery),
		chromedp.InnerHTML(".results .result li p", &excerpt, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != base+"hulpmiddelen/ecogram/" || section != base+"hulpmiddelen/ecogram/#tips" {
		t.Errorf("top result %s, section %s", first, section)
	}
	if !strings.Contains(excerpt, "<mark>gekleurde</mark>") || !strings.Contains(excerpt, "<mark>stiften</mark>") {
		t.Errorf("excerpt of the top result: %s", excerpt)
	}
	// A new query, then back.
	var q, top string
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById('zoekpagina-veld').value = ''`, nil),
		chromedp.SendKeys("#zoekpagina-veld", "continuiteit\n", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('.results .result h2 a') && document.querySelector('.results .result h2 a').textContent === 'Continuïteit'`, nil),
		chromedp.Evaluate(`history.back()`, nil),
		chromedp.Poll(`new URLSearchParams(location.search).get('q') === 'gekleurde stiften' && document.querySelector('.results .result h2 a') && document.querySelector('.results .result h2 a').getAttribute('href').indexOf('ecogram') >= 0`, nil),
		chromedp.Value("#zoekpagina-veld", &q, chromedp.ByQuery),
		chromedp.Text(".results .result h2 a", &top, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if q != "gekleurde stiften" || top != "Ecogram" {
		t.Errorf("after back: query %q, top %q", q, top)
	}
	ranged := 0
	for _, r := range fetched() {
		if strings.HasSuffix(r.path, ".wasm") || strings.HasSuffix(r.path, "wasm_exec.js") || strings.Contains(r.path, "index.kbidx") {
			t.Errorf("fetched %s: the search page reads the index's pieces only", r.path)
		}
		if strings.Contains(r.path, "/zoeken/lezer/p-") && r.rangeHeader != "" {
			ranged++
		}
	}
	if ranged == 0 {
		t.Errorf("no postings read by range: %v", fetched())
	}
	screenshot(t, ctx, "zoeken")
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// TestSearchSameAsCLI runs queries in the browser's reader, on the pieces
// the build wrote, and with the Go package kb search uses, on the index
// file, and expects the same ranked results with the same excerpts.
func TestSearchSameAsCLI(t *testing.T) {
	srv, out := siteDir(t)
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(build.IndexFile)))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+base+"zoeken/")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ecogram", "doelen stellen", "vraagverheldring", "buurtteam", "keukentafel gesprek"} {
		res, err := ix.Search(search.Request{Query: q, Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range res.Hits {
			want = append(want, h.URL, h.Excerpt)
		}
		var got []string
		err = chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`window.kbZoek.search(%q, {size: 5}).then(r => r.hits.flatMap(h => [h.url, h.excerpt]))`, q), &got,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) == 0 {
			t.Errorf("%q: browser %v, kb search %v", q, got, want)
		}
	}
}
