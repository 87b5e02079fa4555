package build

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHeadingsKeepOffPageIDs gives the bronnen and spiegel pages headings
// whose slugs are ids the page already has, a source's key and the
// spiegel's selector, and checks that every id on those pages is unique
// and that the page's own elements keep theirs.
func TestHeadingsKeepOffPageIDs(t *testing.T) {
	m := loadFixture(t)
	m["bronnen.md"].Data = []byte("---\ntitle: Bronnen\nsummary: De literatuur.\n---\nDe bronnen.\n\n## Jansen2015\n\nOver [@jansen2015], zie [de lijst](#jansen2015).\n")
	m["spiegel.md"].Data = append(m["spiegel.md"].Data, []byte("\n## Spiegel kies\n\nKies een beoordeling.\n\n## Score 1\n\nUitleg.\n")...)
	model, err := Prepare(m, "/")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Render(model, os.DirFS(templates))
	if err != nil {
		t.Fatal(err)
	}
	idAttr := regexp.MustCompile(`\sid="([^"]+)"`)
	for _, tt := range []struct {
		page string
		want []string // ids the page must have, each once
	}{
		{"bronnen/index.html", []string{"jansen2015", "jansen2015-2"}},
		{"spiegel/index.html", []string{"spiegel-kies", "spiegel-kies-2", "score-1", "score-1-2"}},
	} {
		html := string(tree[tt.page])
		count := map[string]int{}
		for _, m := range idAttr.FindAllStringSubmatch(html, -1) {
			count[m[1]]++
		}
		for id, n := range count {
			if n > 1 {
				t.Errorf("%s: id %q staat er %d keer", tt.page, id, n)
			}
		}
		for _, id := range tt.want {
			if count[id] != 1 {
				t.Errorf("%s: id %q staat er %d keer, niet één keer", tt.page, id, count[id])
			}
		}
	}
	if !strings.Contains(string(tree["bronnen/index.html"]), `<li id="jansen2015">`) {
		t.Error("the source jansen2015 lost its id")
	}
	if !strings.Contains(string(tree["spiegel/index.html"]), `<select id="spiegel-kies">`) {
		t.Error("the spiegel's selector lost its id")
	}
}

// TestBaseURLControlCharacters gives the base URL control characters,
// as they are and percent-encoded, by the flag and in site.yaml: each is
// refused with a message that says where it came from, before anything
// (robots.txt, sitemap.xml) is made from it.
func TestBaseURLControlCharacters(t *testing.T) {
	for _, tt := range []struct{ raw, yaml, name string }{
		{"/kb%0ADisallow:%20/", `"/kb%0ADisallow:%20/"`, "U+000A, een regeleinde"},
		{"https://example.org/kb%0D%0A/", `"https://example.org/kb%0D%0A/"`, "U+000D, een regeleinde"},
		{"/kb%09/", `"/kb%09/"`, "U+0009, een tab"},
		{"/kb%00/", `"/kb%00/"`, "U+0000, een nulteken"},
		{"/kb\n/", `"/kb\n/"`, "U+000A, een regeleinde"},
		{"/kb\t/", `"/kb\t/"`, "U+0009, een tab"},
		{"/kb\x7f/", `"/kb\x7f/"`, "U+007F"},
		{"/kb%7F/", `"/kb%7F/"`, "U+007F"},
		{"/kb\u0085/", `"/kb\x85/"`, "U+0085"},
		{"/kb%C2%9B/", `"/kb%C2%9B/"`, "U+009B"},
		{"/kb\x1b[2J/", `"/kb\e[2J/"`, "U+001B"},
	} {
		m := loadFixture(t)
		_, err := Prepare(m, tt.raw)
		want := fmt.Sprintf("de optie -base-url: de base-URL %q bevat een stuurteken (%s); dat hoort niet in een adres: haal het weg", tt.raw, tt.name)
		if err == nil || err.Error() != want {
			t.Errorf("-base-url %q: got\n%v\nwant\n%s", tt.raw, err, want)
		}
		m["site.yaml"].Data = []byte("title: Testkennisbank\nlanguage: nl\nbaseURL: " + tt.yaml + "\n")
		_, err = Prepare(m, "")
		want = fmt.Sprintf("site.yaml:3:10: baseURL: de base-URL %q bevat een stuurteken (%s)", tt.raw, tt.name)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("baseURL: %s: got\n%v\nwant\n%s", tt.yaml, err, want)
		}
	}
	// Other mistakes in the base URL name their place as well.
	m := loadFixture(t)
	m["site.yaml"].Data = []byte("title: Testkennisbank\nbaseURL: javascript:alert(1)\n")
	if _, err := Prepare(m, ""); err == nil || !strings.HasPrefix(err.Error(), `site.yaml:2:10: baseURL: de base-URL "javascript:alert(1)" is ongeldig`) {
		t.Errorf("javascript: base URL: %v", err)
	}
}
