package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// diagramPages are the pages with diagrams, and how many each has. The
// element is the one with the most examples and tools.
var diagramPages = []struct {
	name, path string
	diagrams   int
}{
	{"werkwijze", "werkwijze/", 2},
	{"element", "elementen/eigen-regie/", 1},
	{"netwerkcirkel", "hulpmiddelen/netwerkcirkel/", 1},
}

// TestDiagrams opens every page with diagrams at 320, 390 and 1280 px
// wide, in light and dark. Each diagram must be an image to assistive
// technology whose accessible name and description are its <title> and
// <desc>; it must fit the page, with no horizontal scrolling at 320 px,
// every piece of its text inside the drawing and no smaller than 10 px on
// screen; and its colours must follow the theme. Screenshots at 390 and
// 1280 px are kept in test-artifacts/.
func TestDiagrams(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{320, 390, 1280} {
			for _, pg := range diagramPages {
				where := fmt.Sprintf("%s at %d px (%s)", pg.name, width, scheme)
				var nodes, figures []*cdp.Node
				var fit struct {
					ScrollWidth, InnerWidth float64
					Diagrams                []struct {
						Left, Right, Width float64
						SmallestText       float64
						Outside            []string
						Fill, Body         string
					}
				}
				err := chromedp.Run(ctx,
					chromedp.EmulateViewport(width, 900),
					emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
					chromedp.Navigate(srv.URL+base+pg.path),
					chromedp.WaitReady("body", chromedp.ByQuery),
					chromedp.Nodes("figure.diagram svg", &nodes, chromedp.ByQueryAll),
					chromedp.Nodes("figure.diagram", &figures, chromedp.ByQueryAll),
					chromedp.Evaluate(`(() => {
						const out = {ScrollWidth: document.documentElement.scrollWidth, InnerWidth: window.innerWidth, Diagrams: []};
						for (const svg of document.querySelectorAll('figure.diagram svg')) {
							const box = svg.getBoundingClientRect();
							const vb = svg.viewBox.baseVal;
							const scale = box.width / vb.width;
							let smallest = Infinity;
							const outside = [];
							for (const t of svg.querySelectorAll('text')) {
								smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
								const b = t.getBBox();
								// a rotated label is measured in its own turned frame
								if (t.getAttribute('transform')) continue;
								if (t.querySelector('textPath')) continue;
								if (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5) outside.push(t.textContent);
							}
							const label = svg.querySelector('.d-label');
							out.Diagrams.push({Left: box.left, Right: box.right, Width: box.width, SmallestText: smallest, Outside: outside,
								Fill: getComputedStyle(label).fill, Body: getComputedStyle(document.body).color});
						}
						return out;
					})()`, &fit),
				)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				if len(nodes) != pg.diagrams || len(fit.Diagrams) != pg.diagrams {
					t.Fatalf("%s: %d diagrams; want %d", where, len(nodes), pg.diagrams)
				}
				if fit.ScrollWidth > fit.InnerWidth {
					t.Errorf("%s: the page scrolls sideways: %v px wide in a window of %v", where, fit.ScrollWidth, fit.InnerWidth)
				}
				for i, d := range fit.Diagrams {
					if d.Width < 200 || d.Left < 0 || d.Right > fit.InnerWidth {
						t.Errorf("%s, diagram %d: from %v to %v px, %v wide", where, i+1, d.Left, d.Right, d.Width)
					}
					if d.SmallestText < 10 {
						t.Errorf("%s, diagram %d: text of %.1f px", where, i+1, d.SmallestText)
					}
					if len(d.Outside) > 0 {
						t.Errorf("%s, diagram %d: text runs off the drawing: %q", where, i+1, d.Outside)
					}
					if d.Fill != d.Body {
						t.Errorf("%s, diagram %d: labels drawn in %s, the page's text is %s", where, i+1, d.Fill, d.Body)
					}
				}
				if width == 320 {
					for i, n := range nodes {
						checkTextAlternative(t, ctx, fmt.Sprintf("%s, diagram %d", where, i+1), n)
					}
				}
				if width != 320 && scheme == "light" {
					screenshot(t, ctx, fmt.Sprintf("diagram-%s-%d", pg.name, width))
				}
				if width != 1280 {
					for i, f := range figures {
						var png []byte
						if err := chromedp.Run(ctx, chromedp.Screenshot([]cdp.NodeID{f.NodeID}, &png, chromedp.ByNodeID)); err != nil {
							t.Fatal(err)
						}
						os.WriteFile(filepath.Join(artifacts, fmt.Sprintf("diagram-%s-%d-%s-%d.png", pg.name, width, scheme, i+1)), png, 0o644)
					}
				}
			}
		}
	}
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// checkTextAlternative asks Chromium's accessibility tree what the svg is:
// an image named by its <title> and described by its <desc>.
func checkTextAlternative(t *testing.T, ctx context.Context, where string, n *cdp.Node) {
	t.Helper()
	var title, desc string
	var ax []*accessibility.Node
	err := chromedp.Run(ctx,
		chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).textContent`, n.AttributeValue("aria-labelledby")), &title),
		chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).textContent`, n.AttributeValue("aria-describedby")), &desc),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			ax, err = accessibility.GetPartialAXTree().WithBackendNodeID(n.BackendNodeID).WithFetchRelatives(false).Do(ctx)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if len(ax) == 0 {
		t.Fatalf("%s: not in the accessibility tree", where)
	}
	str := func(v *accessibility.Value) string {
		var s string
		if v != nil {
			json.Unmarshal(v.Value, &s)
		}
		return s
	}
	node := ax[0]
	if role := str(node.Role); role != "image" && role != "img" {
		t.Errorf("%s: role %q; want an image", where, role)
	}
	if name := str(node.Name); name == "" || strings.TrimSpace(name) != strings.TrimSpace(title) {
		t.Errorf("%s: accessible name %q; want the title %q", where, name, title)
	}
	if d := str(node.Description); len(d) < 40 || strings.TrimSpace(d) != strings.TrimSpace(desc) {
		t.Errorf("%s: accessible description %q; want the desc %q", where, d, desc)
	}
}

// TestDiagramsInPrint prints werkwijze and an element page, also for a
// reader in dark mode: the diagrams print black on white; the element's
// diagram is left out of its handout, which lists its examples and tools.
func TestDiagramsInPrint(t *testing.T) {
	srv := site(t)
	ctx, _ := browser(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, pg := range diagramPages {
			var got struct {
				Shown      []bool
				Label, Box string
			}
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+pg.path),
				emulation.SetEmulatedMedia().WithMedia("print").WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
				chromedp.Evaluate(`(() => {
					const figs = [...document.querySelectorAll('figure.diagram')];
					const label = document.querySelector('figure.diagram .d-label'), box = document.querySelector('figure.diagram .d-box');
					return {Shown: figs.map(f => getComputedStyle(f).display !== 'none'), Label: getComputedStyle(label).fill, Box: getComputedStyle(box).fill};
				})()`, &got),
			)
			if err != nil {
				t.Fatal(err)
			}
			where := pg.name + " (" + scheme + ")"
			for i, shown := range got.Shown {
				if want := pg.name != "element"; shown != want {
					t.Errorf("%s: diagram %d printed: %v; want %v", where, i+1, shown, want)
				}
			}
			if got.Label != "rgb(0, 0, 0)" || got.Box != "rgb(255, 255, 255)" {
				t.Errorf("%s: printed labels in %s on %s; want black on white", where, got.Label, got.Box)
			}
		}
	}
}
