package build

import (
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
