package build

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/images"
	"github.com/werkzame-elementen/kb/internal/publish"
)

const example = "voorbeelden/gezin-de-boer.md"

// withImageLine puts line into the example as its line 11.
func withImageLine(m fstest.MapFS, line string) {
	s := string(m[example].Data)
	s = strings.Replace(s, "Het gezin De Boer heeft schulden.\n", "Het gezin De Boer heeft schulden.\n"+line+"\n", 1)
	m[example] = &fstest.MapFile{Data: []byte(s)}
}

// testPhoto is a JPEG of w × h noisy pixels, as hard to compress as a
// photo; seed makes a different picture.
func testPhoto(t testing.TB, w, h int, seed uint64) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x/4 + r.IntN(48)), uint8(y/4 + r.IntN(48)), uint8(r.IntN(256)), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImageProblems: each way a picture can be wrong is an error that
// names the markdown file, line and column, and the picture's file.
func TestImageProblems(t *testing.T) {
	tests := []struct {
		name  string
		line  string            // line 11 of the example
		files map[string][]byte // put in the content beside it
		mode  fs.FileMode       // of the files, when not regular
		want  []string
	}{
		{"no alt text", "![](afbeeldingen/ecogram.svg)", map[string][]byte{"voorbeelden/afbeeldingen/ecogram.svg": []byte(svgOK)}, 0,
			[]string{example + ":11:5: deze afbeelding heeft geen alt-tekst"}},
		{"missing file", "![Ecogram](afbeeldingen/ecogran.svg)", map[string][]byte{"voorbeelden/afbeeldingen/ecogram.svg": []byte(svgOK)}, 0,
			[]string{example + ":11:12: de afbeelding voorbeelden/afbeeldingen/ecogran.svg bestaat niet; bedoel je ecogram.svg?"}},
		{"path leaving the content tree", "![Wachtwoorden](../../../etc/passwd.png)", nil, 0,
			[]string{example + ":11:17: het pad \"../../../etc/passwd.png\" wijst buiten de contentmap"}},
		{"absolute path", "![Kaart](/tmp/kaart.png)", nil, 0,
			[]string{example + ":11:10: het pad \"/tmp/kaart.png\" wijst buiten de contentmap"}},
		{"web address", "![Kaart](https://example.org/kaart.png)", nil, 0,
			[]string{example + ":11:10: het adres", "niet toegestaan voor een afbeelding"}},
		{"not an image extension", "![Tekst](../over.md)", nil, 0,
			[]string{example + ":11:10: \"../over.md\" is geen afbeelding die kb kan tonen"}},
		{"not the image its extension says", "![Foto](foto.png)", map[string][]byte{"voorbeelden/foto.png": testPhoto(t, 20, 20, 1)}, 0,
			[]string{example + ":11:9: de afbeelding foto.png is geweigerd (voorbeelden/foto.png): dit bestand is geen PNG-afbeelding, al eindigt de naam op .png (het is een JPEG-afbeelding)"}},
		{"text named .jpg", "![Foto](foto.jpg)", map[string][]byte{"voorbeelden/foto.jpg": []byte("geen foto")}, 0,
			[]string{example + ":11:9: de afbeelding foto.jpg is geweigerd", "geen JPEG-afbeelding"}},
		{"above the size limit", "![Foto](foto.jpg)", map[string][]byte{"voorbeelden/foto.jpg": make([]byte, content.MaxImageSize+1)}, 0,
			[]string{example + ":11:9: de afbeelding voorbeelden/foto.jpg kan niet gebruikt worden: de afbeelding is te groot", "de grens is 8 MB"}},
		{"not a regular file", "![Foto](foto.jpg)", map[string][]byte{"voorbeelden/foto.jpg": nil}, fs.ModeNamedPipe,
			[]string{example + ":11:9: de afbeelding voorbeelden/foto.jpg kan niet gebruikt worden: dit is geen gewoon bestand"}},
		{"SVG with a script", "![Ecogram](ecogram.svg)", map[string][]byte{"voorbeelden/ecogram.svg": []byte(strings.Replace(svgOK, "<title>", "<script>alert(1)</script>\n<title>", 1))}, 0,
			[]string{example + ":11:12: de afbeelding ecogram.svg is geweigerd (voorbeelden/ecogram.svg, regel 2): het element <script> is niet toegestaan"}},
		{"SVG with onload", "![Ecogram](ecogram.svg)", map[string][]byte{"voorbeelden/ecogram.svg": []byte(strings.Replace(svgOK, `role="img"`, `role="img" onload="alert(1)"`, 1))}, 0,
			[]string{example + ":11:12: de afbeelding ecogram.svg is geweigerd (voorbeelden/ecogram.svg, regel 1)", "onload"}},
		{"SVG using an external file", "![Ecogram](ecogram.svg)", map[string][]byte{"voorbeelden/ecogram.svg": []byte(strings.Replace(svgOK, "</svg>", "\n\n<use href=\"andere.svg#x\"/></svg>", 1))}, 0,
			[]string{example + ":11:12: de afbeelding ecogram.svg is geweigerd (voorbeelden/ecogram.svg, regel 7)", "buiten dit bestand"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadFixture(t)
			withImageLine(m, tt.line)
			for p, data := range tt.files {
				m[p] = &fstest.MapFile{Data: data, Mode: tt.mode}
			}
			wantProblems(t, m, tt.want)
		})
	}
}

const svgOK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img">
<title>Ecogram</title>
<circle cx="200" cy="150" r="40" fill="none" stroke="#333"/>
<line x1="240" y1="150" x2="340" y2="150" stroke="#333"/>
</svg>
`

var imgTag = regexp.MustCompile(`<img [^>]*>`)

// TestImagesPublished: a picture beside the markdown and a large photo in
// a folder of the content are published under hashed names, shown with
// alt, width, height and lazy loading, the photo with smaller copies; the
// service worker keeps the drawing offline but not the photo; two builds
// are byte for byte the same.
func TestImagesPublished(t *testing.T) {
	photo := testPhoto(t, 1800, 1200, 7)
	build := func() publish.Tree {
		m := loadFixture(t)
		withImageLine(m, "![Ecogram van gezin De Boer](ecogram.svg)\n\n![De straat van het gezin](../afbeeldingen/straat.jpg)")
		m["voorbeelden/ecogram.svg"] = &fstest.MapFile{Data: []byte(svgOK)}
		m["afbeeldingen/straat.jpg"] = &fstest.MapFile{Data: photo}
		model, err := Prepare(m, "/kb/")
		if err != nil {
			t.Fatal(err)
		}
		tree, err := Render(model, os.DirFS(templates))
		if err != nil {
			t.Fatal(err)
		}
		return tree
	}
	site := build()
	page := site["voorbeelden/gezin-de-boer/index.html"]
	tags := imgTag.FindAllString(string(page), -1)
	if len(tags) != 2 {
		t.Fatalf("%d <img> tags in the page, want 2:\n%s", len(tags), tags)
	}
	svg := regexp.MustCompile(`^<img src="/kb/afbeeldingen/ecogram\.[0-9a-f]{16}\.svg" alt="Ecogram van gezin De Boer" width="400" height="300" loading="lazy" decoding="async">$`)
	if !svg.MatchString(tags[0]) {
		t.Errorf("drawing shown as\n%s", tags[0])
	}
	jpg := regexp.MustCompile(`^<img src="/kb/afbeeldingen/straat\.[0-9a-f]{16}\.jpg" srcset="/kb/afbeeldingen/straat-640w\.[0-9a-f]{16}\.jpg 640w, /kb/afbeeldingen/straat-1280w\.[0-9a-f]{16}\.jpg 1280w, /kb/afbeeldingen/straat\.[0-9a-f]{16}\.jpg 1800w" sizes="[^"]+" alt="De straat van het gezin" width="1800" height="1200" loading="lazy" decoding="async">$`)
	if !jpg.MatchString(tags[1]) {
		t.Errorf("photo shown as\n%s", tags[1])
	}
	// Every file the tags name is published, with the content it names.
	urls := regexp.MustCompile(`/kb/(afbeeldingen/[^" ]+)`).FindAllStringSubmatch(strings.Join(tags, " "), -1)
	for _, u := range urls {
		data, ok := site[u[1]]
		if !ok {
			t.Errorf("%s is shown but not published", u[1])
			continue
		}
		if f := images.Sniff(data); f == "" {
			t.Errorf("%s is not an image", u[1])
		}
	}
	if string(site[urls[0][1]]) != svgOK {
		t.Error("the SVG is not published as it was written")
	}
	sw := site["sw.js"]
	if !strings.Contains(string(sw), "/kb/afbeeldingen/ecogram.") {
		t.Error("the service worker does not keep the drawing offline")
	}
	if strings.Contains(string(sw), "/kb/afbeeldingen/straat") {
		t.Error("the service worker fetches the large photo for every reader")
	}
	// Reproducible: a second build gives the same files, byte for byte.
	again := build()
	if len(again) != len(site) {
		t.Errorf("%d files, then %d", len(site), len(again))
	}
	for p, a := range site {
		if b, ok := again[p]; !ok || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestImageCache: the dev server's cache decodes and scales a picture
// once while its bytes stay the same, and a page shows a changed picture
// under its new name even when the page's text did not change.
func TestImageCache(t *testing.T) {
	m := loadFixture(t)
	withImageLine(m, "![De straat](straat.jpg)")
	m["voorbeelden/straat.jpg"] = &fstest.MapFile{Data: testPhoto(t, 900, 600, 1)}
	var cache Cache
	first, err := prepare(m, "/", &cache)
	if err != nil {
		t.Fatal(err)
	}
	second, err := prepare(m, "/", &cache)
	if err != nil {
		t.Fatal(err)
	}
	a, b := first.images.get("voorbeelden/straat.jpg").img, second.images.get("voorbeelden/straat.jpg").img
	if a == nil || a != b {
		t.Error("the picture was processed again although its bytes did not change")
	}
	if strings.Join(second.imagePaths, " ") != "afbeeldingen/schema.svg voorbeelden/straat.jpg" {
		t.Errorf("pictures to publish after a cached build: %v", second.imagePaths)
	}
	m["voorbeelden/straat.jpg"] = &fstest.MapFile{Data: testPhoto(t, 900, 600, 2)}
	third, err := prepare(m, "/", &cache)
	if err != nil {
		t.Fatal(err)
	}
	c := third.images.get("voorbeelden/straat.jpg").img
	if c == a || c.Original.Path == a.Original.Path {
		t.Fatal("a changed picture kept its old name")
	}
	html := func(m *Model) string {
		var b strings.Builder
		for _, s := range m.Docs[m.Site.Lookup(content.Example, "gezin-de-boer")].Sections {
			b.WriteString(string(s.HTML))
		}
		return b.String()
	}
	if !strings.Contains(html(third), c.Original.Path) || strings.Contains(html(third), a.Original.Path) {
		t.Errorf("the page still shows the old picture:\n%s", html(third))
	}
	// A picture that goes missing is an error, also from the cache.
	delete(m, "voorbeelden/straat.jpg")
	if _, err := prepare(m, "/", &cache); err == nil || !strings.Contains(err.Error(), example+":11:14: de afbeelding voorbeelden/straat.jpg bestaat niet") {
		t.Errorf("got %v", err)
	}
}

// TestImageSymlinkOutside: a picture that is a symbolic link to a file
// outside the content folder is not read, and the page names it.
func TestImageSymlinkOutside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "geheim.png")
	os.WriteFile(secret, []byte("\x89PNG\r\n\x1a\ngeheim"), 0o644)
	if err := os.Symlink(secret, filepath.Join(dir, "voorbeelden", "foto.png")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, example)
	src, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(src), "Het gezin De Boer heeft schulden.\n", "Het gezin De Boer heeft schulden.\n![Foto](foto.png)\n", 1)), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(Options{ContentDir: dir, TemplatesDir: templates, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), example+":11:9: de afbeelding voorbeelden/foto.png kan niet gebruikt worden") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build wrote output")
	}
}
