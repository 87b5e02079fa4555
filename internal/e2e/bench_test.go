package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/precompress"
)

// The search benchmarks open the real site in headless Chromium on
// loopback and report, as benchmark metrics:
//
//	first-result-ms  cold cache: navigation start → first full-text result
//	first-result-KB  bytes fetched until then, each file counted at its
//	                 brotli size (the .br sibling kb build writes, else
//	                 brotli 9 of the file, else the file when smaller)
//	suggest-ms       first keystroke in the header box → suggestions shown
//	keystroke-ms     warm engine (2 s after the first result): one more
//	                 letter → new results shown
//
// BenchmarkPagefind does the same for Pagefind (npm pagefind, pinned in
// internal/bench) over the same built site: its own JavaScript API, no UI,
// navigation start → first result's data loaded. make bench runs both.

// query is what the benchmarks search for: a word that is in several
// pages, typed one letter at a time for the warm measurement.
const benchQuery = "netwerk"

// countingServer serves dir under base like a static host and adds up the
// brotli size of every file it serves since the last reset.
type countingServer struct {
	*httptest.Server
	dir   string
	mu    sync.Mutex
	bytes int
	files []string
}

func serveCounting(tb testing.TB, dir string) *countingServer {
	cs := &countingServer{dir: dir}
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			p = filepath.Join(p, "index.html")
		}
		if n, ok := brotliSize(p); ok {
			// A range of a piece of the index (never precompressed) costs
			// its length, not the file's.
			if from, to, ok := byteRange(r.Header.Get("Range")); ok {
				if info, err := os.Stat(p); err == nil {
					n = max(0, min(to+1, int(info.Size()))-from)
				}
			}
			cs.mu.Lock()
			cs.bytes += n
			cs.files = append(cs.files, r.URL.Path)
			cs.mu.Unlock()
		}
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	})))
	cs.Server = httptest.NewServer(mux)
	tb.Cleanup(cs.Close)
	return cs
}

// byteRange reads a Range header of one range, "bytes=FROM-TO".
func byteRange(h string) (from, to int, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes=")
	a, b, dash := strings.Cut(spec, "-")
	if !found || !dash {
		return 0, 0, false
	}
	from, err1 := strconv.Atoi(a)
	to, err2 := strconv.Atoi(b)
	return from, to, err1 == nil && err2 == nil && from <= to
}

func (cs *countingServer) reset() {
	cs.mu.Lock()
	cs.bytes, cs.files = 0, nil
	cs.mu.Unlock()
}

func (cs *countingServer) total() (int, []string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.bytes, append([]string(nil), cs.files...)
}

var brotliCache sync.Map // path → int

// brotliSize is what a file costs over the wire from a host that serves
// precompressed files.
func brotliSize(p string) (int, bool) {
	if n, ok := brotliCache.Load(p); ok {
		return n.(int), true
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		return 0, false
	}
	n := len(raw)
	if br, err := os.Stat(p + ".br"); err == nil {
		n = min(n, int(br.Size()))
	} else {
		n = min(n, len(precompress.Brotli(raw, 9)))
	}
	brotliCache.Store(p, n)
	return n, true
}

// builtSite builds the real content, precompressed, under base.
func builtSite(tb testing.TB) string {
	out := filepath.Join(tb.TempDir(), "public")
	if _, err := build.Build(build.Options{ContentDir: "../../content", TemplatesDir: "../../templates", OutDir: out, BaseURL: base, Precompress: true}); err != nil {
		tb.Fatal(err)
	}
	return out
}

func awaitPromise(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// markFirstResult is run in every new document: it notes the time the
// first search result appears.
const markFirstResult = `window.__first = 0;
new MutationObserver(function () {
  if (!window.__first && document.querySelector('.results .result')) { window.__first = performance.now(); }
}).observe(document, { subtree: true, childList: true });`

func BenchmarkSearchInBrowser(b *testing.B) {
	dir := builtSite(b)
	srv := serveCounting(b, dir)
	var firstMS, suggestMS, keyMS float64
	var firstBytes int
	for i := 0; i < b.N; i++ {
		// Cold: a new context, the search page opened with a query.
		// A new browser with a new profile: an empty cache and no service
		// worker, as for someone who never visited the site. (Headless
		// Chromium refuses a second browser context.)
		ctx, _ := browser(b)
		srv.reset()
		var first float64
		err := chromedp.Run(ctx,
			chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := page.AddScriptToEvaluateOnNewDocument(markFirstResult).Do(ctx)
				return err
			}),
			chromedp.Navigate(srv.URL+base+"zoeken/?q="+benchQuery),
			chromedp.Poll(`window.__first`, &first, chromedp.WithPollingTimeout(30*time.Second)),
		)
		if err != nil {
			b.Fatal(err)
		}
		n, files := srv.total()
		if i == 0 {
			b.Logf("fetched before the first result: %v", files)
			var timeline string
			chromedp.Run(ctx, chromedp.Evaluate(`performance.getEntriesByType('resource').map(function (e) { return e.name.replace(/^.*kennisbank/, '') + ' ' + Math.round(e.startTime) + '–' + Math.round(e.responseEnd); }).join(', ')`, &timeline))
			b.Logf("timeline (ms since navigation): %s; first result at %.0f", timeline, first)
		}
		firstMS += first
		firstBytes += n

		// Warm: one letter at a time in the search page's box, after the
		// two seconds someone takes to read the first results (the
		// browser finishes optimising the engine's code meanwhile).
		var perKey float64
		err = chromedp.Run(ctx, chromedp.Evaluate(`(async function () {
  var box = document.getElementById('zoekpagina-veld'), status = document.getElementById('zoek-resultaat-status');
  var word = `+"`"+benchQuery+"`"+`, total = 0, n = 0;
  await new Promise(function (r) { setTimeout(r, 2000); });
  for (var k = 3; k <= word.length; k++) {
    var q = word.slice(0, k);
    box.value = q;
    var t0 = performance.now();
    box.dispatchEvent(new Event('input', { bubbles: true }));
    while (status.textContent.indexOf('“' + q + '”') < 0) { await new Promise(function (r) { setTimeout(r, 0); }); }
    total += performance.now() - t0; n++;
  }
  return total / n;
})()`, &perKey, awaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		keyMS += perKey

		// Suggestions: a new context, the home page, one keystroke.
		ctx, _ = browser(b)
		var sugg float64
		err = chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+base),
			chromedp.WaitVisible("#zoekveld", chromedp.ByQuery),
			chromedp.Evaluate(`window.__sugg = 0; window.__key = 0;
document.getElementById('zoekveld').addEventListener('keydown', function () { window.__key = performance.now(); }, true);
new MutationObserver(function () {
  if (!window.__sugg && window.__key && document.querySelector('#zoek-suggesties [role=option]')) { window.__sugg = performance.now() - window.__key; }
}).observe(document.getElementById('zoek-suggesties'), { subtree: true, childList: true });`, nil),
			chromedp.Focus("#zoekveld", chromedp.ByQuery),
			chromedp.SendKeys("#zoekveld", benchQuery[:1], chromedp.ByQuery),
			chromedp.Poll(`window.__sugg`, &sugg, chromedp.WithPollingTimeout(10*time.Second)),
		)
		if err != nil {
			b.Fatal(err)
		}
		suggestMS += sugg
	}
	n := float64(b.N)
	b.ReportMetric(firstMS/n, "first-result-ms")
	b.ReportMetric(float64(firstBytes)/n/1000, "first-result-KB")
	b.ReportMetric(suggestMS/n, "suggest-ms")
	b.ReportMetric(keyMS/n, "keystroke-ms")
	b.ReportMetric(0, "ns/op")
}

// pagefindBench is the page that searches with Pagefind's own API.
const pagefindBench = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><p id="out"></p><script type="module">
const pagefind = await import("./pagefind/pagefind.js");
const search = await pagefind.search(new URLSearchParams(location.search).get("q"));
const data = search.results.length ? await search.results[0].data() : null;
window.__first = performance.now();
document.getElementById("out").textContent = data ? data.url : "niets";
</script></body></html>`

func BenchmarkPagefind(b *testing.B) {
	bin := os.Getenv("PAGEFIND")
	if bin == "" {
		bin, _ = filepath.Abs("../bench/node_modules/.bin/pagefind")
	}
	if _, err := os.Stat(bin); err != nil {
		b.Fatalf("Pagefind not found at %s: run make bench (it installs it with npm), or set PAGEFIND", bin)
	}
	dir := builtSite(b)
	cmd := exec.Command(bin, "--site", dir, "--silent")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("pagefind: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "pagefind-bench.html"), []byte(pagefindBench), 0o644); err != nil {
		b.Fatal(err)
	}
	srv := serveCounting(b, dir)
	var firstMS float64
	var firstBytes int
	for i := 0; i < b.N; i++ {
		ctx, _ := browser(b)
		srv.reset()
		var first float64
		var url string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+base+"pagefind-bench.html?q="+benchQuery),
			chromedp.Poll(`window.__first`, &first, chromedp.WithPollingTimeout(30*time.Second)),
			chromedp.Text("#out", &url, chromedp.ByID),
		)
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(url, "/") {
			b.Fatalf("Pagefind found nothing for %q: %q", benchQuery, url)
		}
		n, files := srv.total()
		if i == 0 {
			b.Logf("fetched before the first result: %v", files)
		}
		firstMS += first
		firstBytes += n
	}
	b.ReportMetric(firstMS/float64(b.N), "first-result-ms")
	b.ReportMetric(float64(firstBytes)/float64(b.N)/1000, "first-result-KB")
	b.ReportMetric(0, "ns/op")
}
