package markdown

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHeadingIDsAreUnique renders pages whose headings would share an
// anchor or take one the templates use, and checks each heading's id.
func TestHeadingIDsAreUnique(t *testing.T) {
	tests := []struct {
		name, md string
		reserve  []string
		want     []string
	}{
		{"accents and signs", "## Tips\n\na\n\n## Tips\n\nb\n\n## Continuïteit & zorg\n\nc\n", nil, []string{"tips", "tips-2", "continuiteit-zorg"}},
		{"repeated heading", "## A\n\n## A\n\n## A\n", nil, []string{"a", "a-2", "a-3"}},
		{"a heading that reads like a repeat", "## A\n\n## A\n\n## A 2\n", nil, []string{"a", "a-3", "a-2"}},
		{"the repeat comes after", "## A 2\n\n## A\n\n## A\n", nil, []string{"a-2", "a", "a-3"}},
		{"headings without letters", "## ...\n\n## !!!\n", nil, []string{"sectie", "sectie-2"}},
		{"the spiegel's selector", "## Spiegel kies\n\n### Inhoud\n", nil, []string{"spiegel-kies-2", "inhoud-2"}},
		{"numbered template ids", "## Score 1\n\n## Noot 3\n\n## Scores\n", nil, []string{"score-1-2", "noot-3-2", "scores"}},
		{"a repeated numbered stem", "## Score\n\n## Score\n\n## Score\n", nil, []string{"score", "score-kop", "score-kop-2"}},
		{"the spiegel's check boxes", "## Vergelijk bm5k\n\n## Vergelijk\n", nil, []string{"vergelijk-bm5k-2", "vergelijk"}},
		{"the search box", "## Zoekveld\n\n## Zoekveld 2\n", nil, []string{"zoekveld-3", "zoekveld-2"}},
		{"a reserved source key", "## Jansen 2015\n\n## Jansen2015\n", []string{"jansen2015"}, []string{"jansen-2015", "jansen2015-2"}},
		{"deeper headings count too", "#### A\n\n## A\n", nil, []string{"a-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New()
			if tt.reserve != nil {
				r = r.Reserve(tt.reserve...)
			}
			doc, err := r.Render("test.md", []byte(tt.md), 1, fakeResolver{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range doc.Headings() {
				got = append(got, h.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
	// Reserve leaves the Renderer it was called on as it was.
	r := New()
	r.Reserve("a")
	doc, _ := r.Render("test.md", []byte("## A\n"), 1, fakeResolver{})
	if got := doc.Headings()[0].ID; got != "a" {
		t.Errorf("after Reserve on a copy: id = %q, want a", got)
	}
}

// TestTemplateIDsAreReserved scans the templates and their scripts for
// the ids they give to elements and fails when a heading could take one:
// add it to templateIDs (or a prefix to templateIDPrefixes).
func TestTemplateIDsAreReserved(t *testing.T) {
	dir := filepath.Join("..", "..", "templates")
	// id="literal" and id="prefix{{...}}" in HTML; getElementById("x"),
	// $("x") and `id = "prefix-" + ...` in scripts.
	htmlID := regexp.MustCompile(`\bid="([^"{]*)(\{\{[^"]*)?"`)
	jsID := regexp.MustCompile(`(?:getElementById|\$)\("([^"]+)"\)|\bid = "([^"]+)" \+`)
	seen := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		// check tries id followed by what the template puts after it: a
		// number in HTML ({{$i}}), an assessment's id in spiegel.js.
		check := func(id, after string) {
			seen++
			if !TemplateID(id + after) {
				t.Errorf("templates/%s gebruikt id %q maar een kop kan die nemen: zet hem in templateIDs, numberedIDs of scriptIDPrefix", filepath.ToSlash(rel), id+after)
			}
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".html":
			for _, m := range htmlID.FindAllStringSubmatch(string(src), -1) {
				switch {
				case m[2] == "":
					check(m[1], "")
				case m[1] != "":
					check(m[1], "1")
				default:
					// id="{{.ID}}" is a heading's own id, id="{{.Key}}" a
					// source's key on the bronnen page (the build reserves
					// those with Renderer.Reserve).
					if m[2] != "{{.ID}}" && m[2] != "{{.Key}}" {
						t.Errorf("templates/%s: id %q komt geheel uit de data; zorg dat geen kop hem kan nemen", filepath.ToSlash(rel), m[0])
					}
				}
			}
		case ".js":
			for _, m := range jsID.FindAllStringSubmatch(string(src), -1) {
				if m[1] != "" {
					check(m[1], "")
				} else {
					// What follows is a number (zoeken.js numbers its
					// suggestions) or, in spiegel.js, newId(): "b", a
					// time and a random part.
					after := "bm5k2x1ab"
					if filepath.Base(p) == "zoeken.js" {
						after = "3"
					}
					check(m[2], after)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Errorf("only %d ids found in the templates: does the scan still match them?", seen)
	}
}
