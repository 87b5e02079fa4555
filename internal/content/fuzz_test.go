package content

import (
	"strings"
	"testing"
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
