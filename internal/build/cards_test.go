package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCardsAndAddress builds the fixture site under a path and under a
// full URL: the home page and the overview of the elements show each
// element as a card with its counts, and every page's print foot has its
// address, full when the base URL names the host.
func TestCardsAndAddress(t *testing.T) {
	for _, tc := range []struct {
		base, prefix string // prefix: what the addresses begin with
	}{
		{"/kennisbank/", "/kennisbank/"},
		{"https://example.org/wijk/", "https://example.org/wijk/"},
	} {
		t.Run(tc.base, func(t *testing.T) {
			out := buildFixture(t, tc.base)
			for _, c := range []struct {
				file string
				want []string
			}{
				{"index.html", []string{
					`<li class="element-card" data-slug="maatwerk">`,
					`<p class="element-counts">1 voorbeeld · geen hulpmiddelen</p>`,
					`<p class="element-counts">1 voorbeeld · 1 hulpmiddel</p>`,
					`data-address>` + tc.prefix + `<`,
				}},
				{"elementen/index.html", []string{
					`<li class="element-card" data-slug="vraagverheldering">`,
					`data-address>` + tc.prefix + `elementen/<`,
				}},
				{"elementen/maatwerk/index.html", []string{`data-address>` + tc.prefix + `elementen/maatwerk/<`}},
				{"zoeken/index.html", []string{`data-address>` + tc.prefix + `zoeken/<`}},
			} {
				b, err := os.ReadFile(filepath.Join(out, c.file))
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range c.want {
					if !strings.Contains(string(b), w) {
						t.Errorf("%s lacks %s", c.file, w)
					}
				}
			}
		})
	}
}
