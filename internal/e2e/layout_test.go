package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// awaitEval lets chromedp.Evaluate wait for the promise the script gives.
func awaitEval(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// viewport sets the width of the page as a phone or a desktop shows it.
func viewport(width int64, mobile bool) chromedp.Action {
	return emulation.SetDeviceMetricsOverride(width, 900, 1, mobile)
}

// TestScreenshots keeps a picture of the home page, an element page,
// werkwijze and the search page, at 1280 and at 390 pixels wide, in
// test-artifacts/ (home-1280.png, home-390.png, ...), and checks that
// none of them scrolls sideways.
func TestScreenshots(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	pages := []struct{ name, path, ready string }{
		{"home", "", ".element-grid"},
		{"element", pageTypes["element"], ".element h1"},
		{"werkwijze", pageTypes["werkwijze"], "h1"},
		{"zoeken", "zoeken/?q=ecogram", ".results .result"},
	}
	for _, w := range []struct {
		width  int64
		mobile bool
	}{{1280, false}, {390, true}} {
		for _, p := range pages {
			name := fmt.Sprintf("%s-%d", p.name, w.width)
			var overflow int
			err := chromedp.Run(ctx,
				viewport(w.width, w.mobile),
				chromedp.Navigate(srv.URL+base+p.path),
				chromedp.WaitVisible(p.ready, chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &overflow),
			)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if overflow > 0 {
				t.Errorf("%s scrolls sideways by %d px", name, overflow)
			}
			screenshot(t, ctx, name)
			if e := errs.take(); len(e) > 0 {
				t.Errorf("%s: console errors: %v", name, e)
			}
		}
	}
}
