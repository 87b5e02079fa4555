package build

import (
	"html"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/page"
)

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]+)"`)
	descText = regexp.MustCompile(`<desc id="[^"]+">([^<]*)</desc>`)
)

// TestDiagramsOfRealContent builds the real content's views and checks
// that every page the diagrams are for shows them: werkwijze the cycle
// and the four perspectives, the netwerkcirkel its circle, each element
// its place; that the words a diagram draws are still the words of the
// section or of the page's summary (no warning: content and drawing have
// not drifted apart; internal/page checks every diagram's page is there);
// that its
// description names every example and tool linked to the element; and
// that no heading can take one of the diagrams' ids.
func TestDiagramsOfRealContent(t *testing.T) {
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]*page.View{}
	for _, v := range m.Views() {
		views[v.URL] = v
	}
	for _, tc := range []struct {
		url      string
		sections []string
	}{
		{"/werkwijze/", []string{"de-stappen", "integraal-werken-in-vier-perspectieven"}},
		{"/hulpmiddelen/netwerkcirkel/", []string{"wat-is-het"}},
		{"/elementen/maatwerk/", []string{page.TopDiagram}},
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
	for _, w := range m.Warnings {
		if strings.Contains(w, "de tekening van") {
			t.Error(w)
		}
	}
	for _, p := range m.Site.Elements {
		v := views[m.URL(p)]
		svg := string(v.Diagrams[page.TopDiagram].HTML)
		m := descText.FindStringSubmatch(svg)
		if m == nil {
			t.Errorf("%s: no diagram with a description", p.File)
			continue
		}
		desc := html.UnescapeString(m[1])
		for _, r := range append(append([]page.Ref{}, v.Examples...), v.Tools...) {
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

// TestDiagramWarnings changes werkwijze.md of the fixture: the editors
// are warned when a diagram's heading is gone, and when the text no longer
// uses a word the diagram draws.
func TestDiagramWarnings(t *testing.T) {
	const front = "---\ntitle: Werkwijze\nsummary: De werkwijze.\n---\n"
	const perspectives = "## Integraal werken in vier perspectieven\n\nVanuit de inwoner (leidend), Methodisch, Organisatorisch en Beleidsmatig (toegevoegd).\n"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"no headings", "Tekst.\n", []string{`de cyclus hoort onder de kop "De stappen"`, `de vier perspectieven hoort onder de kop "Integraal werken in vier perspectieven"`}},
		{"all words", "## De stappen\n\nVraagverheldering, Doelen opstellen, Plan maken, Uitvoeren, Evalueren.\n\n" + perspectives, nil},
		{"a step renamed", "## De stappen\n\nVraagverheldering, Doelen opstellen, Plan opstellen, Uitvoeren, Evalueren.\n\n" + perspectives, []string{`de cyclus zegt "Plan maken"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fstest.MapFS{}
			if err := fs.WalkDir(os.DirFS(fixture), ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := fs.ReadFile(os.DirFS(fixture), p)
				site[p] = &fstest.MapFile{Data: b}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			site["werkwijze.md"] = &fstest.MapFile{Data: []byte(front + tc.body)}
			m, err := Prepare(site, "/")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range m.Warnings {
				if strings.Contains(w, "de tekening van") {
					got = append(got, w)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q; want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], "werkwijze.md: ") || !strings.Contains(got[i], w) {
					t.Errorf("warning %q; want it to say %s", got[i], w)
				}
			}
		})
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
	for _, v := range m.Views() {
		want := 0
		if v.Template == "element" {
			want = 1 // the place among the elements, always
		}
		if len(v.Diagrams) != want {
			t.Errorf("%s: %d diagrams; want %d", v.URL, len(v.Diagrams), want)
		}
	}
}
