package markdown

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var dangerousAttr = regexp.MustCompile(`(?i)(href|src)\s*=\s*["']?\s*(javascript|vbscript|data|file):`)

// FuzzRender renders arbitrary markdown: it must never panic, and no raw
// HTML tag from the input may reach the output.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"## Wat is het?\n\nTekst [@jansen2015] en [x](maatwerk.md#a).",
		"<script>alert(1)</script>",
		"[a](javascript:alert(1)) <iframe src=x>",
		"- a\n  - b\n    - c\n",
		"> > > [@x; @y]",
		"[@]",
		"[@a;",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4096 {
			return
		}
		doc, _ := r.Render("f.md", []byte(md), 1, fakeResolver{})
		for _, s := range doc.Sections {
			h := strings.ToLower(string(s.HTML))
			for _, bad := range []string{"<script", "<iframe", "<img", "<style", "<object", "<embed", "<svg"} {
				if strings.Contains(h, bad) {
					t.Fatalf("%q in output of %q:\n%s", bad, md, h)
				}
			}
			if dangerousAttr.MatchString(html.UnescapeString(h)) {
				t.Fatalf("dangerous URL in output of %q:\n%s", md, h)
			}
		}
	})
}
