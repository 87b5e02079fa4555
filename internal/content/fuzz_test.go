package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/werkzame-elementen/kb/internal/diag"
)

// FuzzParsePage feeds arbitrary bytes to the front-matter parser: it may
// refuse them, but must never panic, and an accepted page has a valid slug
// and a body that is a suffix of the input.
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(goodElement))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("\ufeff---\r\ntitle: x\r\nsummary: y\r\norder: 1\r\n---\r\nbody"))
	f.Add([]byte("---\n" + aliasBomb + "---\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []Kind{Element, Example, Tool, PlainPage} {
			p, err := ParsePage("elementen/x.md", kind, src)
			if err != nil {
				continue
			}
			if p.Slug != "x" {
				t.Fatalf("slug %q", p.Slug)
			}
			if !strings.HasSuffix(string(src), string(p.Body)) {
				t.Fatalf("body is not the end of the input")
			}
		}
	})
}

// FuzzLoad gives the loader a small site whose data files and one
// example are arbitrary bytes: Load and Validate may refuse it, but must
// never panic, and every problem they report names a file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("title: Kennisbank\nlanguage: nl\n"), []byte("- key: a2020\n  auteurs: A\n  jaar: 2020\n  titel: T\n"), []byte("- [wijkteam, buurtteam]\n"), []byte(goodElement))
	f.Add([]byte("title: [\n"), []byte("- &a [*a, *a]\n"), []byte("{"), []byte("---\n---\n"))
	f.Add([]byte(""), []byte(""), []byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, site, sources, synonyms, example []byte) {
		fsys := fstest.MapFS{
			"site.yaml":                {Data: site},
			"bronnen.yaml":             {Data: sources},
			"synoniemen.yaml":          {Data: synonyms},
			"elementen/maatwerk.md":    {Data: []byte(goodElement)},
			"voorbeelden/voorbeeld.md": {Data: example},
		}
		s, err := Load(fsys)
		if err == nil {
			err = Validate(s)
		}
		if err != nil {
			for _, e := range diag.All(err) {
				var d *diag.Error
				if !errors.As(e, &d) || d.File == "" {
					t.Fatalf("a problem without a file: %v", e)
				}
			}
		}
	})
}

// BenchmarkParsePage measures front matter and body splitting for one
// element page.
func BenchmarkParsePage(b *testing.B) {
	src := []byte(goodElement)
	for b.Loop() {
		if _, err := ParsePage("elementen/x.md", Element, src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHugeFileRefusedQuickly: a 10 MB file is refused by its size, before
// any parsing, with its name.
func TestHugeFileRefusedQuickly(t *testing.T) {
	src := []byte("---\ntitle: x\nsummary: y\n---\n" + strings.Repeat("Een lange regel tekst. ", 10<<20/23))
	start := time.Now()
	_, err := ParsePage("voorbeelden/groot.md", Example, src)
	if err == nil || !strings.Contains(err.Error(), "voorbeelden/groot.md") || !strings.Contains(err.Error(), "te groot") {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}
