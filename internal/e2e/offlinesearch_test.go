package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/werkzame-elementen/kb/internal/search"
)

func bytesAsInts(b []byte) []int {
	out := make([]int, len(b))
	for i, c := range b {
		out[i] = int(c)
	}
	return out
}

// TestOfflineSearch searches without a connection. After the "ook offline
// zoeken" choice on the search page every file of search is kept, so any
// query works offline; without the choice, what a query fetched while
// online is kept, so that query works offline again. The search page is
// driven as a person would, and its results are read from the markup tools
// rely on (.results .result), whichever engine the page uses.
func TestOfflineSearch(t *testing.T) {
	cases := []struct {
		name   string
		choose bool   // tick "ook offline zoeken" on the search page
		online string // searched for while online (after a first visit)
	}{
		{"after the choice", true, ""},
		{"what was fetched", false, "gekleurde stiften"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rangeOf string // a piece of the reader, kept whole
			dir := precompressedSite(t)
			srv := staticHost(t, dir, nil)
			ctx, errs := browser(t)
			readyCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			// A first visit installs the service worker.
			err := chromedp.Run(readyCtx,
				chromedp.Navigate(srv.URL+base),
				chromedp.Poll(`navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)`, nil, chromedp.WithPollingTimeout(30*time.Second)),
			)
			if err != nil {
				t.Fatalf("service worker: %v", err)
			}
			if c.choose {
				var label string
				err = chromedp.Run(readyCtx,
					chromedp.Navigate(srv.URL+base+"zoeken/"),
					chromedp.WaitVisible("#offline-zoeken-keuze", chromedp.ByID),
					chromedp.Text(`label:has(#offline-zoeken-keuze)`, &label, chromedp.ByQuery),
					chromedp.Click("#offline-zoeken-keuze", chromedp.ByID),
					chromedp.Poll(`document.documentElement.getAttribute('data-offline-zoeken') === 'klaar'`, nil, chromedp.WithPollingTimeout(30*time.Second)),
				)
				if err != nil {
					t.Fatalf("choosing to search offline: %v", err)
				}
				if !strings.Contains(label, "Ook offline zoeken") {
					t.Errorf("the choice is labelled %q", label)
				}
				// Every piece of the reader is kept, also those no query
				// has asked for yet.
				pieces, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(search.ReaderDir), "*"))
				var want []string
				for _, p := range pieces {
					if !strings.HasSuffix(p, ".br") && !strings.HasSuffix(p, ".gz") {
						want = append(want, base+search.ReaderDir+"/"+filepath.Base(p))
					}
				}
				var kept []string
				err = chromedp.Run(readyCtx, chromedp.Evaluate(`caches.keys().then((k) => caches.open(k.find((n) => n.startsWith('kb-')))).then((c) => c.keys()).then((r) => r.map((q) => new URL(q.url).pathname))`, &kept, awaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				have := map[string]bool{}
				for _, k := range kept {
					have[k] = true
				}
				for _, w := range want {
					if !have[w] {
						t.Errorf("after the choice, %s is not kept", w)
					}
				}
				if len(want) < 5 {
					t.Fatalf("the build wrote %d pieces for the reader", len(want))
				}
				rangeOf = want[len(want)-1]
			}
			if c.online != "" {
				err = chromedp.Run(readyCtx,
					chromedp.Navigate(srv.URL+base+"zoeken/?q="+strings.ReplaceAll(c.online, " ", "+")),
					chromedp.WaitVisible(".results .result", chromedp.ByQuery),
				)
				if err != nil {
					t.Fatalf("searching online: %v", err)
				}
			}
			srv.Close() // the connection is gone
			var first string
			err = chromedp.Run(readyCtx,
				chromedp.Navigate(srv.URL+base+"zoeken/?q=gekleurde+stiften"),
				chromedp.WaitVisible(".results .result h2 a", chromedp.ByQuery),
				chromedp.AttributeValue(".results .result h2 a", "href", &first, nil, chromedp.ByQuery),
			)
			if err != nil {
				var status string
				chromedp.Run(ctx, chromedp.Text("#zoek-resultaat-status", &status, chromedp.ByID))
				t.Fatalf("searching offline: %v (the page says %q)", err, status)
			}
			if first != base+"hulpmiddelen/ecogram/" {
				t.Errorf("offline, the top result is %s", first)
			}
			if rangeOf != "" {
				// The reader asks for byte ranges: offline they are cut
				// from the kept file.
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rangeOf, base))))
				if err != nil {
					t.Fatal(err)
				}
				var got struct {
					Status int
					Range  string
					Bytes  []int
				}
				err = chromedp.Run(readyCtx, chromedp.Evaluate(`fetch(`+"`"+rangeOf+"`"+`, {headers: {Range: 'bytes=1-4'}}).then((r) => r.arrayBuffer().then((b) => ({Status: r.status, Range: r.headers.get('Content-Range'), Bytes: Array.from(new Uint8Array(b))})))`, &got, awaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				want := fmt.Sprintf("bytes 1-4/%d", len(data))
				if got.Status != 206 || got.Range != want || fmt.Sprint(got.Bytes) != fmt.Sprint(bytesAsInts(data[1:5])) {
					t.Errorf("offline range of %s: %+v; want 206, %s, %v", rangeOf, got, want, data[1:5])
				}
			}
			for _, e := range errs.take() {
				if !strings.Contains(e, "ERR_CONNECTION_REFUSED") && !strings.Contains(e, "Failed to fetch") {
					t.Errorf("console error: %s", e)
				}
			}
		})
	}
}
