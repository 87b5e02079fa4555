package build

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/markdown"
)

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]+)"`)
	descText = regexp.MustCompile(`<desc id="[^"]+">([^<]*)</desc>`)
)

// TestDiagramsOfRealContent builds the real content's views and checks
// that every page the diagrams are for shows them: werkwijze the cycle
// and the four perspectives, the netwerkcirkel its circle, each element
// its place; that the words a diagram draws are still the words of the
// section it ends or of the page's summary (so content and drawing
// cannot drift apart); that its
// description names every example and tool linked to the element; and
// that no heading can take one of the diagrams' ids.
func TestDiagramsOfRealContent(t *testing.T) {
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]*View{}
	for _, v := range m.views() {
		views[v.URL] = v
	}
	for _, tc := range []struct {
		url      string
		sections []string
	}{
		{"/werkwijze/", []string{"de-stappen", "integraal-werken-in-vier-perspectieven"}},
		{"/hulpmiddelen/netwerkcirkel/", []string{"wat-is-het"}},
		{"/elementen/maatwerk/", []string{TopDiagram}},
	} {
		v := views[tc.url]
		if v == nil {
			t.Fatalf("no page %s", tc.url)
		}
		for _, s := range tc.sections {
			if v.Diagrams[s].HTML == "" {
				t.Errorf("%s: no diagram for section %q", tc.url, s)
			}
		}
		if len(v.Diagrams) != len(tc.sections) {
			t.Errorf("%s: %d diagrams; want %d", tc.url, len(v.Diagrams), len(tc.sections))
		}
	}
	for _, d := range pageDiagrams {
		p := m.Site.Lookup(d.kind, d.slug)
		if p == nil {
			t.Errorf("no %s %q for its diagram", d.kind, d.slug)
			continue
		}
		for _, s := range m.Docs[p].Sections {
			if s.ID != d.section {
				continue
			}
			for _, w := range d.words {
				if !strings.Contains(s.Text, w) && !strings.Contains(p.Meta.Summary, w) {
					t.Errorf("%s, section %q: the diagram says %q, the text no longer does", p.File, d.section, w)
				}
			}
		}
	}
	for _, p := range m.Site.Elements {
		v := views[m.URL(p)]
		svg := string(v.Diagrams[TopDiagram].HTML)
		m := descText.FindStringSubmatch(svg)
		if m == nil {
			t.Errorf("%s: no diagram with a description", p.File)
			continue
		}
		desc := html.UnescapeString(m[1])
		for _, r := range append(append([]Ref{}, v.Examples...), v.Tools...) {
			if !strings.Contains(desc, r.Title) {
				t.Errorf("%s: the diagram's description does not name %q: %s", p.File, r.Title, desc)
			}
		}
	}
	for _, v := range views {
		for _, d := range v.Diagrams {
			for _, id := range idAttr.FindAllStringSubmatch(string(d.HTML), -1) {
				if !markdown.TemplateID(id[1]) {
					t.Errorf("%s: the diagram's id %q is not kept from headings (internal/markdown templateIDs)", v.URL, id[1])
				}
			}
		}
	}
}

// TestDiagramNeedsItsSection: a page whose section was renamed shows no
// diagram rather than one in the wrong place, and pages the diagrams are
// not for show none.
func TestDiagramNeedsItsSection(t *testing.T) {
	m, err := Prepare(os.DirFS(fixture), "/")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range m.views() {
		want := 0
		if v.Template == "element" {
			want = 1 // the place among the elements, always
		}
		if len(v.Diagrams) != want {
			t.Errorf("%s: %d diagrams; want %d", v.URL, len(v.Diagrams), want)
		}
	}
}
