package build

import (
	"os"
	"testing"

	"github.com/werkzame-elementen/kb/internal/search"
)

// TestSearchQuality searches the real knowledge base with Dutch queries as
// professionals type them; each must find the given page (or section) in
// its top three.
func TestSearchQuality(t *testing.T) {
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatal(err)
	}
	data, err := search.Build(m.SearchDocs(), m.Site.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, q, want string }{
		{"a tool by name", "ecogram", "/hulpmiddelen/ecogram/"},
		{"stemming", "doelen", "/hulpmiddelen/smart-doelen/"},
		{"diacritics", "continuiteit", "/elementen/continuiteit/"},
		{"typo", "vraagverheldring", "/elementen/vraagverheldering/"},
		{"synonym", "zelfredzaamheidsmatrix", "/hulpmiddelen/zelfredzaamheidsmatrix/"},
		{"section hit", "gekleurde stiften", "/hulpmiddelen/ecogram/#tips"},
		{"section hit in an element", "POH-GGZ", "/elementen/snelle-inzet-van-specifieke-kennis/#wat-is-het"},
		{"glossary term", "hulpverleningsreflex", "/begrippen/#hulpverleningsreflex"},
		{"prefix while typing", "vraagver", "/elementen/vraagverheldering/"},
		{"an example", "samen welkom", "/voorbeelden/samen-welkom-overvecht/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(search.Request{Query: c.q, Size: 3})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				if h.URL == c.want {
					return
				}
				got = append(got, h.URL)
			}
			t.Errorf("%q: %s not in the top 3 %v", c.q, c.want, got)
		})
	}
}
