package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSourceURLs checks the addresses in bronnen.yaml: a list of literature
// links to web pages, so only full http(s) addresses pass; javascript:,
// data:, vbscript: and addresses without a scheme are refused with the
// line of the url, as the same links in a page's text are.
func TestSourceURLs(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://www.movisie.nl/artikel", true},
		{"http://example.org/a?b=c#d", true},
		{"HTTPS://Example.org/", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"vbscript:msgbox(1)", false},
		{"//evil.example/pad", false},
		{"/bronnen/", false},
		{"www.movisie.nl", false},
		{"https:evil", false},
		{"ftp://example.org/x", false},
		{"java\\tscript:alert(1)", false},
	} {
		t.Run(c.url, func(t *testing.T) {
			yml := fmt.Sprintf("- key: a2020\n  auteurs: A\n  jaar: 2020\n  url: %q\n", c.url)
			site, err := Load(fstest.MapFS{"bronnen.yaml": file(yml)})
			if c.ok {
				if err != nil || len(site.Sources) != 1 {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			want := fmt.Sprintf("bronnen.yaml:4:8: het adres %q van bron \"a2020\" is niet toegestaan: gebruik een volledig webadres dat begint met https:// (of http://)", c.url)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v\nwant %q", err, want)
			}
		})
	}
}
