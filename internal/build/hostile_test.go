package build

import (
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/werkzame-elementen/kb/internal/search"
)

// liveHTML scans the tags of an HTML document as a browser would (names,
// attributes, quoted values, character references) and returns the first
// thing that would run: an inline script, a frame, an object or embed, an
// event-handler attribute, or a javascript:, vbscript: or data: URL.
// Escaped text and attribute values never count.
func liveHTML(doc string) string {
	for i := 0; i < len(doc); i++ {
		if doc[i] != '<' || i+1 >= len(doc) || !isLetter(doc[i+1]) {
			continue
		}
		j := i + 1
		for j < len(doc) && !strings.ContainsRune(" \t\n\r/>", rune(doc[j])) {
			j++
		}
		name := strings.ToLower(doc[i+1 : j])
		attrs := map[string]string{}
		for j < len(doc) && doc[j] != '>' {
			for j < len(doc) && strings.ContainsRune(" \t\n\r/", rune(doc[j])) {
				j++
			}
			k := j
			for k < len(doc) && !strings.ContainsRune(" \t\n\r/>=", rune(doc[k])) {
				k++
			}
			attr := strings.ToLower(doc[j:k])
			j = k
			val := ""
			if j < len(doc) && doc[j] == '=' {
				j++
				if j < len(doc) && (doc[j] == '"' || doc[j] == '\'') {
					q := doc[j]
					end := strings.IndexByte(doc[j+1:], q)
					if end < 0 {
						end = len(doc) - j - 1
					}
					val = doc[j+1 : j+1+end]
					j += end + 2
				} else {
					k = j
					for k < len(doc) && !strings.ContainsRune(" \t\n\r>", rune(doc[k])) {
						k++
					}
					val, j = doc[j:k], k
				}
			}
			if attr != "" {
				attrs[attr] = html.UnescapeString(val)
			}
		}
		tag := doc[i:min(j+1, len(doc))]
		switch {
		case name == "script" && attrs["src"] == "":
			return tag
		case name == "iframe" || name == "object" || name == "embed" || name == "frame":
			return tag
		}
		for a, v := range attrs {
			compact := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, v))
			switch {
			case strings.HasPrefix(a, "on"):
				return tag
			case (a == "href" || a == "src" || a == "action" || a == "formaction" || a == "xlink:href") &&
				(strings.HasPrefix(compact, "javascript:") || strings.HasPrefix(compact, "vbscript:") || strings.HasPrefix(compact, "data:")):
				return tag
			case a == "style" && (strings.Contains(compact, "javascript:") || strings.Contains(compact, "expression(")):
				return tag
			}
		}
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func TestLiveHTML(t *testing.T) {
	for doc, want := range map[string]bool{
		`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`:                 false,
		`<meta content="&lt;img src=x onerror=alert(1)&gt;">`:          false,
		`<script src="/static/app.js" defer></script>`:                 false,
		`<a href="/voorbeelden/x/">x</a>`:                              false,
		`<script>alert(1)</script>`:                                    true,
		`<img src=x onerror=alert(1)>`:                                 true,
		`<a href="&#106;avascript:alert(1)">x</a>`:                     true,
		`<a href=" JaVa script:alert(1)">x</a>`:                        true,
		`<div style="background:url(javascript:alert(1))">`:            true,
		`<iframe src="https://example.org/"></iframe>`:                 true,
		`<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>`: false,
		`<svg onload=alert(1)>`:                                        true,
		`<details open ontoggle=alert(1)>`:                             true,
		`<img src="data:image/svg+xml;base64,PHN2Zz4=">`:               true,
	} {
		if got := liveHTML(doc) != ""; got != want {
			t.Errorf("liveHTML(%q) = %v, want %v", doc, got, want)
		}
	}
}

// TestXSSPayloadsNeverLive puts every payload of testdata/xss/payloads.txt
// into a title, a summary and the text of an example and of a tool, builds
// the site, and checks that none of them is live in any output file, and
// that search results give them back escaped.
func TestXSSPayloadsNeverLive(t *testing.T) {
	raw, err := os.ReadFile("testdata/xss/payloads.txt")
	if err != nil {
		t.Fatal(err)
	}
	payloads := strings.Split(strings.TrimSpace(string(raw)), "\n")
	m := loadFixture(t)
	ex := string(m["voorbeelden/gezin-de-boer.md"].Data)
	tool := string(m["hulpmiddelen/ecogram.md"].Data)
	for i, p := range payloads {
		quoted := strings.ReplaceAll(p, `'`, `''`)
		body := "\n\nGeval: " + p + "\n\n" + p + "\n"
		m[path.Join("voorbeelden", "xss-"+string(rune('a'+i))+".md")] = &fstest.MapFile{Data: []byte(
			strings.Replace(strings.Replace(strings.Replace(ex,
				"title: Gezin De Boer", "title: '"+quoted+"'", 1),
				"summary: Een gezin met schulden krijgt één plan.", "summary: 'Samenvatting "+quoted+"'", 1),
				"Het gezin De Boer heeft schulden.", "Het gezin De Boer heeft schulden."+body, 1))}
		if i == 0 {
			m["hulpmiddelen/ecogram.md"] = &fstest.MapFile{Data: []byte(tool + body)}
		}
	}
	model, err := Prepare(m, "/")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Render(model, os.DirFS(templates))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for p, b := range tree {
		switch path.Ext(p) {
		case ".html", ".xml":
			if tag := liveHTML(string(b)); tag != "" {
				t.Errorf("%s: live payload: %s", p, tag)
			}
		case ".json", ".txt":
			if strings.Contains(string(b), "<") {
				t.Errorf("%s: a raw < in JSON or text", p)
			}
		default:
			continue
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d files checked", checked)
	}
	ix, err := search.Open(tree[IndexFile])
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(search.Request{Query: "alert geval", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("the payload pages are not found")
	}
	// Titles are plain text (the page sets them with textContent);
	// excerpts are HTML and must come escaped, with only <mark> in them.
	for _, h := range res.Hits {
		if strings.Contains(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Excerpt), "<") {
			t.Errorf("search hit %s: live payload in the excerpt %q", h.URL, h.Excerpt)
		}
	}
}

// TestDangerousLinksRefused: each way of writing a script or data URL in
// testdata/xss/links.txt, as a link and as an image, is refused with the
// file and line.
func TestDangerousLinksRefused(t *testing.T) {
	raw, err := os.ReadFile("testdata/xss/links.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, url := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		for _, form := range []string{"[klik](<%s>)", "![beeld](<%s>)", "<%s>"} {
			md := strings.Replace(form, "%s", url, 1)
			t.Run(md, func(t *testing.T) {
				m := loadFixture(t)
				ex := string(m["voorbeelden/gezin-de-boer.md"].Data)
				m["voorbeelden/gezin-de-boer.md"] = &fstest.MapFile{Data: []byte(strings.Replace(ex, "Het gezin De Boer heeft schulden.", "Het gezin De Boer heeft schulden. "+md, 1))}
				model, err := Prepare(m, "/")
				if err == nil {
					// Accepted: then it must not be a live link anywhere.
					tree, err := Render(model, os.DirFS(templates))
					if err != nil {
						t.Fatal(err)
					}
					page := string(tree["voorbeelden/gezin-de-boer/index.html"])
					if tag := liveHTML(page); tag != "" {
						t.Errorf("%s became a live link", md)
					}
					return
				}
				if !strings.Contains(err.Error(), "voorbeelden/gezin-de-boer.md:10:") {
					t.Errorf("error does not name the file and line: %v", err)
				}
			})
		}
	}
}

// TestPathsStayInside: nothing outside the content and templates folders
// is read, and nothing is written outside the output folder, whatever the
// names, links and slugs say.
func TestPathsStayInside(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "buiten")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "geheim.md"), []byte("GEHEIM-BUITEN-DE-MAP\n"), 0o644)
	newSite := func(t *testing.T) (string, string) {
		content, tmpl := filepath.Join(t.TempDir(), "content"), filepath.Join(t.TempDir(), "templates")
		if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(tmpl, os.DirFS(templates)); err != nil {
			t.Fatal(err)
		}
		return content, tmpl
	}
	edit := func(t *testing.T, file, from, to string) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), from) {
			t.Fatalf("%s has no %q", file, from)
		}
		os.WriteFile(file, []byte(strings.Replace(string(b), from, to, 1)), 0o644)
	}
	example := "voorbeelden/gezin-de-boer.md"
	for _, c := range []struct {
		name string
		do   func(t *testing.T, content, tmpl string)
		want string
	}{
		{"symlink to a file outside content", func(t *testing.T, content, _ string) {
			os.Symlink(filepath.Join(outside, "geheim.md"), filepath.Join(content, "voorbeelden", "geheim.md"))
		}, "voorbeelden/geheim.md: dit bestand is een symbolische link"},
		{"symlink to a folder outside content", func(t *testing.T, content, _ string) {
			os.Symlink(outside, filepath.Join(content, "voorbeelden", "map"))
		}, "voorbeelden/map"},
		{"symlink to a file outside templates", func(t *testing.T, _, tmpl string) {
			os.Symlink(filepath.Join(outside, "geheim.md"), filepath.Join(tmpl, "static", "geheim.txt"))
		}, "templates/static/geheim.txt: symbolische links worden niet gekopieerd"},
		{"a template that is a symlink outside templates", func(t *testing.T, _, tmpl string) {
			os.Remove(filepath.Join(tmpl, "pagina.html"))
			os.Symlink(filepath.Join(outside, "geheim.md"), filepath.Join(tmpl, "pagina.html"))
		}, "pagina.html"},
		{"link climbing out of content", func(t *testing.T, content, _ string) {
			edit(t, filepath.Join(content, example), "Eén plan.", "Zie [dit](../../../buiten/geheim.md).")
		}, "voorbeelden/gezin-de-boer.md:18:"},
		{"absolute link to a file", func(t *testing.T, content, _ string) {
			edit(t, filepath.Join(content, example), "Eén plan.", "Zie [dit]("+filepath.Join(outside, "geheim.md")+").")
		}, "voorbeelden/gezin-de-boer.md:18:"},
		{"slug with ..", func(t *testing.T, content, _ string) {
			edit(t, filepath.Join(content, example), "title: Gezin De Boer", "title: Gezin De Boer\nslug: ../../buiten")
		}, "voorbeelden/gezin-de-boer.md:3:"},
		{"file name with spaces and capitals", func(t *testing.T, content, _ string) {
			b, _ := os.ReadFile(filepath.Join(content, example))
			os.WriteFile(filepath.Join(content, "voorbeelden", "Mijn Voorbeeld Één.md"), b, 0o644)
		}, "voorbeelden/Mijn Voorbeeld Één.md"},
	} {
		t.Run(c.name, func(t *testing.T) {
			content, tmpl := newSite(t)
			c.do(t, content, tmpl)
			out := filepath.Join(t.TempDir(), "public")
			_, err := Build(Options{ContentDir: content, TemplatesDir: tmpl, OutDir: out})
			if err == nil {
				// Accepted (an odd but harmless name): then the secret
				// must not be anywhere in the output.
				filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						if b, _ := os.ReadFile(p); strings.Contains(string(b), "GEHEIM-BUITEN") {
							t.Errorf("%s contains the file from outside", p)
						}
					}
					return nil
				})
				if c.want != "" {
					t.Errorf("accepted; want an error with %q", c.want)
				}
				return
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\nwant %q", err, c.want)
			}
			if strings.Contains(err.Error(), "GEHEIM-BUITEN") {
				t.Errorf("the error shows the outside file's text: %v", err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a failed build wrote output")
			}
		})
	}
}
