package build

import (
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/linkcheck"
	"github.com/werkzame-elementen/kb/internal/slug"
)

const realContent = "../../content"

// TestRealContent builds the knowledge base itself and checks what the
// content issue promises: 15 elements in the fixed structure with at least
// 600 words each, at least 10 examples, every element illustrated by an
// example, the required tools, and links that work both ways.
func TestRealContent(t *testing.T) {
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatalf("the real content does not build:\n%v", err)
	}
	if n := len(m.Site.Elements); n != 15 {
		t.Errorf("%d elements; want 15", n)
	}
	for _, p := range m.Site.Elements {
		words := 0
		for _, s := range m.Docs[p].Sections {
			words += len(strings.Fields(s.Text))
		}
		if words < 600 {
			t.Errorf("%s: %d words; want at least 600", p.File, words)
		}
		if len(m.Site.ExamplesFor(p.Slug)) == 0 {
			t.Errorf("%s: no example names this element", p.File)
		}
		if len(m.Docs[p].Citations) == 0 {
			t.Errorf("%s: cites no source", p.File)
		}
		// The Onderbouwing cites two sources or more and links to the
		// page on the research behind the elements.
		for _, sec := range m.Docs[p].Sections {
			if sec.Title != content.GroundsSection {
				continue
			}
			cited := map[string]bool{}
			for _, c := range sourceLink.FindAllStringSubmatch(string(sec.HTML), -1) {
				cited[c[1]] = true
			}
			if len(cited) < 2 {
				t.Errorf("%s: the Onderbouwing cites %d sources; want at least 2", p.File, len(cited))
			}
			if !strings.Contains(string(sec.HTML), `href="/onderzoek/"`) {
				t.Errorf("%s: the Onderbouwing does not link to the research page (../onderzoek.md)", p.File)
			}
		}
	}
	if m.Site.Lookup(content.PlainPage, "onderzoek") == nil {
		t.Error("the page on the research behind the elements (onderzoek.md) is missing")
	}
	// Links leave the site to where the seeds say things are described:
	// at least three, each a well-formed https address.
	outside := map[string]bool{}
	for _, d := range m.Docs {
		for _, sec := range d.Sections {
			for _, h := range externalLink.FindAllStringSubmatch(string(sec.HTML), -1) {
				u, err := url.Parse(html.UnescapeString(h[1]))
				if err != nil || u.Scheme != "https" || !strings.Contains(u.Host, ".") || strings.ContainsAny(h[1], " \t") {
					continue
				}
				outside[u.String()] = true
			}
		}
	}
	if len(outside) < 3 {
		t.Errorf("%d distinct https links leave the site: %v; want at least 3", len(outside), outside)
	}
	if n := len(m.Site.Examples); n < 10 {
		t.Errorf("%d examples; want at least 10", n)
	}
	// Every example tells enough to learn from, ends with questions for
	// intervisie, and links each element it names in its front matter
	// under "Welke werkzame elementen zie je?" (and names each element it
	// links there, so the element's page lists the example).
	for _, p := range m.Site.Examples {
		doc := m.Docs[p]
		words := 0
		for _, s := range doc.Sections {
			words += len(strings.Fields(s.Text))
		}
		if words < 350 {
			t.Errorf("%s: %d words; want at least 350", p.File, words)
		}
		body, err := fs.ReadFile(os.DirFS(realContent), p.File)
		if err != nil {
			t.Fatal(err)
		}
		// Questions counts lines of the body; the file's front matter
		// holds no heading, so the whole file with line 1 will do.
		if n, _ := Questions(body, 1, doc); n < content.MinQuestions {
			t.Errorf("%s: %d questions under %q; want at least %d", p.File, n, content.QuestionsSection, content.MinQuestions)
		}
		var shown string
		for _, s := range doc.Sections {
			if s.Level == 2 && s.Title == "Welke werkzame elementen zie je?" {
				shown = string(s.HTML)
			}
		}
		named := map[string]bool{}
		for _, el := range p.Meta.Elementen {
			named[el] = true
			if !strings.Contains(shown, `href="/elementen/`+el+`/"`) {
				t.Errorf("%s: names element %s in its front matter, but does not link it under \"Welke werkzame elementen zie je?\"", p.File, el)
			}
		}
		for _, h := range elementLink.FindAllStringSubmatch(shown, -1) {
			if !named[h[1]] {
				t.Errorf("%s: links element %s under \"Welke werkzame elementen zie je?\", but does not name it in 'elementen'", p.File, h[1])
			}
		}
	}
	for _, tool := range []string{"ecogram", "netwerkcirkel", "groslijst", "zelfredzaamheidsmatrix", "smart-doelen", "elementen-scoren"} {
		if m.Site.Lookup(content.Tool, tool) == nil {
			t.Errorf("tool %q is missing", tool)
		}
	}
	for _, page := range []string{"index", "werkwijze", "begrippen", "bronnen", "over"} {
		if m.Site.Lookup(content.PlainPage, page) == nil {
			t.Errorf("page %q is missing", page)
		}
	}
	if len(m.Site.Synonyms) == 0 {
		t.Error("no synonyms")
	}
	// Every glossary term is linked from a page that uses it.
	linked := map[string]bool{}
	glossary := m.Base + "begrippen/"
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.URL == glossary {
				linked[l.Fragment] = true
			}
		}
	}
	for _, h := range m.Docs[m.Site.Lookup(content.PlainPage, "begrippen")].Headings() {
		if !linked[h.ID] {
			t.Errorf("glossary term %q is not linked from any page", h.Title)
		}
	}

	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{ContentDir: realContent, TemplatesDir: templates, OutDir: out, BaseURL: "/kennisbank/"}); err != nil {
		t.Fatal(err)
	}
	broken, err := linkcheck.Check(os.DirFS(out), "/kennisbank/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Errorf("broken link: %s", b)
	}

	// Every element page shows the ten headings in order, and links to
	// each example that names it; each example links back.
	heading := regexp.MustCompile(`<h([23]) id="[^"]*">([^<]*)</h[23]>`)
	var want []string
	for _, it := range content.Outlines[content.Element] {
		want = append(want, strings.Repeat("#", it.Level)+" "+it.Title)
	}
	for _, p := range m.Site.Elements {
		html := read(t, filepath.Join(out, "elementen", p.Slug, "index.html"))
		var got []string
		for _, h := range heading.FindAllStringSubmatch(html, -1) {
			if h[1] == "2" && (h[2] == "Op deze pagina" || h[2] == "Bronnen op deze pagina") {
				continue
			}
			got = append(got, strings.Repeat("#", int(h[1][0]-'0'))+" "+h[2])
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: headings\n%s\nwant\n%s", p.Slug, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, ex := range m.Site.ExamplesFor(p.Slug) {
			if !strings.Contains(html, `href="/kennisbank/voorbeelden/`+ex.Slug+`/"`) {
				t.Errorf("element %s does not link to example %s", p.Slug, ex.Slug)
			}
			exHTML := read(t, filepath.Join(out, "voorbeelden", ex.Slug, "index.html"))
			if !strings.Contains(exHTML, `href="/kennisbank/elementen/`+p.Slug+`/"`) {
				t.Errorf("example %s does not link back to element %s", ex.Slug, p.Slug)
			}
		}
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var elementLink = regexp.MustCompile(`href="/elementen/([^/"#]+)/"`)

var wordRE = regexp.MustCompile(`[a-z0-9]+`)

// slugLists matches front-matter lists of element and tool slugs: they are
// names, which the seeds list in the same order.
var slugLists = regexp.MustCompile(`(?m)^(elementen|hulpmiddelen):.*$`)

var (
	sourceLink   = regexp.MustCompile(`href="/bronnen/#([^"]+)"`)
	externalLink = regexp.MustCompile(`href="(https?://[^"]+)"`)
)

// words lowercases text, removes diacritics and returns its words, so a
// copied sentence is caught whatever its accents or punctuation.
func words(text string) []string {
	return wordRE.FindAllString(slug.Fold(text), -1)
}
