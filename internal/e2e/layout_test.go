package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/werkzame-elementen/kb/internal/build"
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

// card is one element card as the browser shows it.
type card struct {
	Nr, Title, Href, Summary, Counts, Score string
	Left                                    float64
}

const readCards = `Array.from(document.querySelectorAll('.element-grid > .element-card')).map(c => {
	const t = s => { const e = c.querySelector(s); return e ? e.textContent.trim() : ''; };
	return {Nr: t('.element-nr'), Title: t('.element-link'), Href: c.querySelector('.element-link').getAttribute('href'),
		Summary: t('.element-summary'), Counts: t('.element-counts'), Score: t('.element-score'), Left: c.getBoundingClientRect().left};
})`

var countsText = regexp.MustCompile(`^(geen voorbeelden|1 voorbeeld|[0-9]+ voorbeelden) · (geen hulpmiddelen|1 hulpmiddel|[0-9]+ hulpmiddelen)$`)

// TestElementCards opens the home page and the overview of the elements:
// each shows the 15 elements as cards, in order, with a number, title,
// summary, and as many examples and tools as the element's own page
// lists; one column on a phone, a compact list in print. With spiegel
// scores in the browser the cards show them.
func TestElementCards(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	for _, path := range []string{"", "elementen/"} {
		t.Run("/"+path, func(t *testing.T) {
			var cards []card
			var sideNav bool
			err := chromedp.Run(ctx,
				viewport(1280, false),
				chromedp.Navigate(srv.URL+base+path),
				chromedp.WaitVisible(".element-grid", chromedp.ByQuery),
				chromedp.Evaluate(readCards, &cards),
				chromedp.Evaluate(`!!document.querySelector('.element-nav')`, &sideNav),
			)
			if err != nil {
				t.Fatal(err)
			}
			if len(cards) != 15 {
				t.Fatalf("%d cards; want 15", len(cards))
			}
			columns := map[float64]bool{}
			for i, c := range cards {
				columns[c.Left] = true
				if c.Nr != fmt.Sprint(i+1) || c.Title == "" || !strings.HasPrefix(c.Href, base+"elementen/") {
					t.Errorf("card %d: number %q, title %q, link %q", i+1, c.Nr, c.Title, c.Href)
				}
				if len(c.Summary) < 30 {
					t.Errorf("card %d (%s): summary %q", i+1, c.Title, c.Summary)
				}
				if !countsText.MatchString(c.Counts) {
					t.Errorf("card %d (%s): counts %q", i+1, c.Title, c.Counts)
				}
				if c.Score != "" {
					t.Errorf("card %d (%s) shows a score with no spiegel filled in: %q", i+1, c.Title, c.Score)
				}
			}
			if len(columns) < 3 {
				t.Errorf("at 1280 px the cards stand in %d column(s); want a grid of at least 3", len(columns))
			}
			if sideNav {
				t.Error("the list of elements beside the cards says the same twice")
			}
			// The counts are those of the element pages' own lists.
			var pages []string
			err = chromedp.Run(ctx, chromedp.Evaluate(`Promise.all(Array.from(document.querySelectorAll('.element-link')).map(a =>
				fetch(a.href).then(r => r.text()).then(html => {
					const d = new DOMParser().parseFromString(html, 'text/html');
					const n = id => { const h = d.getElementById(id); const s = h && h.closest('section'); return s ? s.querySelectorAll('.related .card').length : -1; };
					return n('voorbeelden-uit-de-praktijk') + ' ' + n('hulpmiddelen');
				})))`, &pages, awaitEval))
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cards {
				var ex, tools int
				fmt.Sscan(pages[i], &ex, &tools)
				if ex >= 0 && !strings.HasPrefix(c.Counts, plural(ex, "voorbeeld", "voorbeelden")) {
					t.Errorf("%s: card says %q, its page lists %d examples", c.Title, c.Counts, ex)
				}
				if tools >= 0 && !strings.HasSuffix(c.Counts, plural(tools, "hulpmiddel", "hulpmiddelen")) {
					t.Errorf("%s: card says %q, its page lists %d tools", c.Title, c.Counts, tools)
				}
			}
		})
	}

	// On a phone: one column.
	var phone []card
	if err := chromedp.Run(ctx,
		viewport(390, true),
		chromedp.Navigate(srv.URL+base),
		chromedp.WaitVisible(".element-grid", chromedp.ByQuery),
		chromedp.Evaluate(readCards, &phone),
	); err != nil {
		t.Fatal(err)
	}
	for _, c := range phone {
		if c.Left != phone[0].Left {
			t.Errorf("at 390 px %s stands at %v, the first card at %v: not one column", c.Title, c.Left, phone[0].Left)
		}
	}

	// In print: a compact list, without the borders and counts.
	var print struct {
		Display, Border, Counts string
	}
	if err := chromedp.Run(ctx,
		viewport(1280, false),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`(() => { const c = document.querySelector('.element-card');
			return {Display: getComputedStyle(c).display, Border: getComputedStyle(c).borderTopStyle,
				Counts: getComputedStyle(c.querySelector('.element-counts')).display}; })()`, &print),
		emulation.SetEmulatedMedia().WithMedia(""),
	); err != nil {
		t.Fatal(err)
	}
	if print.Display != "block" || print.Border != "none" || print.Counts != "none" {
		t.Errorf("the cards in print: %+v; want a plain list (block, no border, no counts)", print)
	}

	// The reader's own spiegel scores, from this browser's localStorage.
	var scored []card
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`localStorage.setItem('kb-spiegel-v1', JSON.stringify({version: 1, current: 'b2',
			assessments: [{id: 'b1', naam: 'Oud', datum: '2026-01-01', scores: {basishouding: {score: 9, noot: ''}}},
				{id: 'b2', naam: 'Nieuw', datum: '2026-02-01', scores: {basishouding: {score: 3, noot: ''}, maatwerk: {score: 7, noot: 'x'}, continuiteit: {score: null, noot: 'alleen een noot'}}}]}))`, nil),
		chromedp.Reload(),
		chromedp.WaitVisible(".element-grid", chromedp.ByQuery),
		chromedp.Evaluate(readCards, &scored),
		chromedp.Evaluate(`localStorage.clear()`, nil),
	); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{base + "elementen/basishouding/": "Jouw spiegel: 3 van 10", base + "elementen/maatwerk/": "Jouw spiegel: 7 van 10"}
	for _, c := range scored {
		if c.Score != want[c.Href] {
			t.Errorf("%s shows score %q; want %q", c.Title, c.Score, want[c.Href])
		}
	}
	screenshot(t, ctx, "home-spiegel-1280")
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

func plural(n int, one, more string) string {
	switch n {
	case 0:
		return "geen " + more
	case 1:
		return "1 " + one
	}
	return fmt.Sprint(n, " ", more)
}

// combobox is the state of the search box in the header as assistive
// technology reads it.
type combobox struct {
	Role, Expanded, Controls, Active, ListRole string
	Options, Selected                          int
	ListShown, Focused                         bool
	ActiveText                                 string
}

const readCombobox = `(() => { const b = document.getElementById('zoekveld'), l = document.getElementById('zoek-suggesties');
	const a = b.getAttribute('aria-activedescendant'), ae = a && document.getElementById(a);
	return {Role: b.getAttribute('role') || '', Expanded: b.getAttribute('aria-expanded') || '', Controls: b.getAttribute('aria-controls') || '',
		Active: a || '', ListRole: l.getAttribute('role') || '',
		Options: l.querySelectorAll('[role=option]').length, Selected: l.querySelectorAll('[role=option][aria-selected=true]').length,
		ListShown: !l.hidden && l.getBoundingClientRect().height > 0, Focused: document.activeElement === b,
		ActiveText: ae && l.contains(ae) && ae.getAttribute('aria-selected') === 'true' ? ae.textContent : ''}; })()`

// TestSearchCombobox uses the search box in the header with the keyboard
// only, as the ARIA 1.2 combobox pattern has it: typing opens the list of
// suggestions, the arrow keys move the active option while the focus stays
// in the box, Escape closes the list and Enter opens the suggestion. The
// number of suggestions is announced once, not at every key.
func TestSearchCombobox(t *testing.T) {
	srv := site(t)
	ctx, errs := browser(t)
	state := func(step string, want func(c combobox) bool) combobox {
		t.Helper()
		var c combobox
		if err := chromedp.Run(ctx, chromedp.Evaluate(readCombobox, &c)); err != nil {
			t.Fatal(err)
		}
		if !want(c) {
			t.Errorf("%s: %+v", step, c)
		}
		return c
	}
	if err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+base),
		chromedp.WaitVisible("#zoekveld", chromedp.ByQuery),
		chromedp.Focus("#zoekveld", chromedp.ByQuery),
		// Every change of the live region, from now on.
		chromedp.Evaluate(`window.__said = []; new MutationObserver(() => window.__said.push(document.getElementById('zoek-status').textContent))
			.observe(document.getElementById('zoek-status'), {subtree: true, childList: true, characterData: true})`, nil),
	); err != nil {
		t.Fatal(err)
	}
	state("before typing", func(c combobox) bool {
		return c.Role == "combobox" && c.Expanded == "false" && c.Controls == "zoek-suggesties" && c.ListRole == "listbox" && c.Active == "" && !c.ListShown && c.Focused
	})
	// One letter, its suggestions shown; then three more: what is said
	// once the list shows the suggestions for all four.
	var said []string
	if err := chromedp.Run(ctx,
		chromedp.SendKeys("#zoekveld", "e", chromedp.ByQuery),
		chromedp.WaitVisible("#zoek-suggesties [role=option]", chromedp.ByQuery),
		chromedp.SendKeys("#zoekveld", "cog", chromedp.ByQuery),
		chromedp.Poll(`window.__said.length && document.querySelector('#zoek-suggesties [role=option]:last-child').textContent.indexOf('“ecog”') >= 0 ? window.__said : false`, &said),
	); err != nil {
		t.Fatal(err)
	}
	typed := state("after typing", func(c combobox) bool {
		return c.Expanded == "true" && c.ListShown && c.Options >= 2 && c.Active == "" && c.Selected == 0 && c.Focused
	})
	if len(said) != 1 || !strings.Contains(said[0], "suggestie") {
		t.Errorf("announced %q while typing four letters; want one count of the suggestions", said)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	// axe, with the list open and an option active, in light and dark.
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}})); err != nil {
			t.Fatal(err)
		}
		for _, v := range axeViolations(t, ctx) {
			t.Errorf("suggestions open (%s): %s", scheme, v)
		}
	}
	screenshot(t, ctx, "zoek-suggesties")
	first := state("arrow down", func(c combobox) bool {
		return c.Active == "zoek-optie-0" && c.Selected == 1 && strings.Contains(c.ActiveText, "Ecogram") && c.Focused && c.Expanded == "true"
	})
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	state("arrow down twice", func(c combobox) bool { return c.Active == "zoek-optie-1" && c.Selected == 1 && c.Focused })
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	state("arrow up", func(c combobox) bool { return c.Active == "zoek-optie-0" && c.Selected == 1 })
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	var value string
	state("escape", func(c combobox) bool { return c.Expanded == "false" && !c.ListShown && c.Active == "" && c.Focused })
	if err := chromedp.Run(ctx, chromedp.Value("#zoekveld", &value, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if value != "ecog" {
		t.Errorf("escape left %q in the box; want what was typed", value)
	}
	// Arrow down opens the list again, on its first option; Enter opens it.
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	state("arrow down on a closed list", func(c combobox) bool {
		return c.Expanded == "true" && c.ListShown && c.Active == "zoek-optie-0" && c.Options == typed.Options
	})
	var h1, url string
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".hulpmiddel h1", chromedp.ByQuery),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
		chromedp.Location(&url),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.ActiveText, h1) || !strings.HasSuffix(url, base+"hulpmiddelen/ecogram/") {
		t.Errorf("Enter on %q opened %q at %s", first.ActiveText, h1, url)
	}
	// Enter with no option chosen searches: the search page, with the query.
	if err := chromedp.Run(ctx,
		chromedp.Focus("#zoekveld", chromedp.ByQuery),
		chromedp.SendKeys("#zoekveld", "netwerk", chromedp.ByQuery),
		chromedp.WaitVisible("#zoek-suggesties [role=option]", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".results .result", chromedp.ByQuery),
		chromedp.Location(&url),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "zoeken/?q=netwerk") {
		t.Errorf("Enter without a chosen suggestion went to %s", url)
	}
	if e := errs.take(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// TestLandmarks reads the accessibility tree of every page type: the
// landmarks are the header, the main navigation, the search, the main
// content and the footer, and no section of the text is a region
// landmark of its own.
func TestLandmarks(t *testing.T) {
	srv := site(t)
	ctx, _ := browser(t)
	for name, p := range pageTypes {
		var nodes []*accessibility.Node
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+base+p),
			chromedp.WaitReady("main", chromedp.ByQuery),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				nodes, err = accessibility.GetFullAXTree().Do(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		roles := map[string]int{}
		for _, n := range nodes {
			if n.Ignored || n.Role == nil {
				continue
			}
			var role string
			json.Unmarshal(n.Role.Value, &role)
			roles[role]++
			if role == "region" {
				var label string
				if n.Name != nil {
					json.Unmarshal(n.Name.Value, &label)
				}
				t.Errorf("%s: a region landmark %q", name, label)
			}
		}
		for _, want := range []string{"banner", "navigation", "search", "main", "contentinfo"} {
			if roles[want] == 0 {
				t.Errorf("%s: no %s landmark", name, want)
			}
		}
	}
}

// printSite builds the real content, with a date in the front matter of
// vraagverheldering, under baseURL (a path or a full URL), and serves it
// under that path.
func printSite(t *testing.T, baseURL string) *httptest.Server {
	t.Helper()
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(src, "elementen", "vraagverheldering.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(strings.Replace(string(b), "---\n", "---\nbijgewerkt: 2026-03-05\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{ContentDir: src, TemplatesDir: "../../templates", OutDir: out, BaseURL: baseURL}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestPrintHandout prints an element page as its handout: at the foot the
// date it was last changed and its full address, the external links
// written out, and no navigation; the PDF is kept in test-artifacts/ and
// its number of A4 pages logged (measured, not asserted).
func TestPrintHandout(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL string
		address       func(srv *httptest.Server) string
	}{
		// The build knows the host: the address is in the HTML.
		{"full base URL", "https://wijkteams.example" + base, func(*httptest.Server) string { return "https://wijkteams.example" + base + pageTypes["element"] }},
		// The build knows the path only: app.js writes in where the page is.
		{"path", base, func(srv *httptest.Server) string { return srv.URL + base + pageTypes["element"] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := printSite(t, tc.baseURL)
			ctx, errs := browser(t)
			var foot struct {
				Shown             bool
				Date, Address     string
				External, Written int
				Nav               []string
			}
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+pageTypes["element"]),
				chromedp.WaitVisible(".element h1", chromedp.ByQuery),
				emulation.SetEmulatedMedia().WithMedia("print"),
				chromedp.Evaluate(`(() => { const m = document.querySelector('.page-meta'), a = m && m.querySelector('.page-address');
					const ext = Array.from(document.querySelectorAll('main a[href^="http"]'));
					return {Shown: !!a && getComputedStyle(m).display !== 'none' && getComputedStyle(a).display !== 'none',
						Date: m ? (m.querySelector('time') || {}).textContent || '' : '',
						Address: a ? a.querySelector('[data-address]').textContent : '',
						External: ext.length,
						Written: ext.filter(e => getComputedStyle(e, '::after').content.indexOf(e.getAttribute('href')) >= 0).length,
						Nav: ['nav', '.site-header', '.site-footer', '.element-nav'].flatMap(s => Array.from(document.querySelectorAll(s)))
							.filter(e => e.getClientRects().length > 0).map(e => e.className || e.tagName)}; })()`, &foot),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !foot.Shown || foot.Date != "5 maart 2026" || foot.Address != tc.address(srv) {
				t.Errorf("the foot of the handout: shown %v, date %q, address %q; want 5 maart 2026 and %s", foot.Shown, foot.Date, foot.Address, tc.address(srv))
			}
			if foot.External == 0 || foot.Written != foot.External {
				t.Errorf("%d of %d external links written out", foot.Written, foot.External)
			}
			if len(foot.Nav) > 0 {
				t.Errorf("navigation in print: %v", foot.Nav)
			}
			// On screen the address is not shown: the browser's bar says it.
			var onScreen bool
			if err := chromedp.Run(ctx,
				emulation.SetEmulatedMedia().WithMedia("screen"),
				chromedp.Evaluate(`getComputedStyle(document.querySelector('.page-address')).display !== 'none'`, &onScreen),
			); err != nil {
				t.Fatal(err)
			}
			if onScreen {
				t.Error("the address is shown on screen")
			}
			if tc.name == "path" {
				// What the A4 page shows: 180 mm between the margins.
				if err := chromedp.Run(ctx, viewport(680, false), emulation.SetEmulatedMedia().WithMedia("print")); err != nil {
					t.Fatal(err)
				}
				screenshot(t, ctx, "element-handout")
				var pdf []byte
				if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia(""), chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
					return err
				})); err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(artifacts, 0o755)
				if err := os.WriteFile(filepath.Join(artifacts, "element-print.pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s prints on %d A4 pages", pageTypes["element"], pdfPages(pdf))
			}
			if e := errs.take(); len(e) > 0 {
				t.Errorf("console errors: %v", e)
			}
		})
	}
}

// pdfPages counts the pages of a PDF as Chromium writes it: one
// "/Type /Page" dictionary per page.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1))
}

// axeViolations runs axe-core's WCAG 2.1 A and AA rules on the page as it
// is now.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	axe, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatal("axe-core is missing: run make test (it runs npm ci in internal/e2e)")
	}
	var out []string
	err = chromedp.Run(ctx,
		chromedp.Evaluate(string(axe), nil),
		chromedp.Evaluate(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}).then(r => r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))`,
			&out, awaitEval),
	)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkHandoutPages prints every element page to A4 and reports how
// many pages the handouts take together and the longest one (a measure of
// size, not of speed).
func BenchmarkHandoutPages(b *testing.B) {
	srv, _ := siteDir(b)
	ctx, _ := browser(b)
	files, err := os.ReadDir("../../content/elementen")
	if err != nil {
		b.Fatal(err)
	}
	total, longest := 0, 0
	for i := 0; i < b.N; i++ {
		total, longest = 0, 0
		for _, f := range files {
			slug, ok := strings.CutSuffix(f.Name(), ".md")
			if !ok {
				continue
			}
			var pdf []byte
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"elementen/"+slug+"/"),
				chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
					return err
				}))
			if err != nil {
				b.Fatal(err)
			}
			n := pdfPages(pdf)
			total += n
			longest = max(longest, n)
		}
	}
	b.ReportMetric(float64(total), "A4-pages-all-elements")
	b.ReportMetric(float64(longest), "A4-pages-longest")
}
