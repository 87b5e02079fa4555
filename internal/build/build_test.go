package build

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"github.com/werkzame-elementen/kb/internal/linkcheck"
	"github.com/werkzame-elementen/kb/internal/publish"
	"github.com/werkzame-elementen/kb/internal/search"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	fixture   = "../../testdata/site"
	templates = "../../templates"
)

func buildFixture(t *testing.T, base string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{ContentDir: fixture, TemplatesDir: templates, OutDir: out, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden compares the fixture site's pages with golden files.
func TestGolden(t *testing.T) {
	out := buildFixture(t, "/kennisbank/")
	for _, p := range []string{
		"elementen/maatwerk/index.html",
		"voorbeelden/gezin-de-boer/index.html",
		"hulpmiddelen/ecogram/index.html",
		"bronnen/index.html",
		"index.html",
		"sitemap.xml",
		"robots.txt",
	} {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			os.WriteFile(golden, got, 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s (go test ./internal/build -update to accept)", p, golden)
		}
	}
}

// TestNoBrokenLinks crawls the fixture site at the root and under a
// sub-path.
func TestNoBrokenLinks(t *testing.T) {
	for _, base := range []string{"/", "/kennisbank/", "https://example.org/wijk/"} {
		out := buildFixture(t, base)
		path, _, _ := NormalizeBase(base)
		broken, err := linkcheck.Check(os.DirFS(out), path)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Errorf("base %s: %s", base, b)
		}
	}
}

func TestReproducible(t *testing.T) {
	a, b := buildFixture(t, "/"), buildFixture(t, "/")
	files := 0
	fs.WalkDir(os.DirFS(a), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		x, _ := os.ReadFile(filepath.Join(a, p))
		y, err := os.ReadFile(filepath.Join(b, p))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between two builds", p)
		}
		return nil
	})
	if files < 10 {
		t.Errorf("only %d files built", files)
	}
}

// loadFixture reads the fixture content into a MapFS that tests can break.
func loadFixture(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(fixture), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(fixture, p))
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBadInput breaks the fixture in the ways issue #3 lists and checks
// that Prepare reports each problem with its file and line.
func TestBadInput(t *testing.T) {
	el := "elementen/maatwerk.md"
	tests := []struct {
		name string
		edit func(m fstest.MapFS, s string) string // gets and returns the text of el
		file string                                // file to edit, el when empty
		want []string
	}{
		{"malformed yaml", func(_ fstest.MapFS, s string) string { return strings.Replace(s, "order: 1", "order: [1", 1) }, "",
			[]string{"elementen/maatwerk.md:4:", "geen geldige YAML"}},
		{"unknown key", func(_ fstest.MapFS, s string) string { return strings.Replace(s, "summary:", "sumary:", 1) }, "",
			[]string{"elementen/maatwerk.md:3:1: onbekende sleutel \"sumary\" in de front matter; bedoel je \"summary\"?"}},
		{"missing key", func(_ fstest.MapFS, s string) string { return strings.Replace(s, "order: 1\n", "", 1) }, "",
			[]string{"elementen/maatwerk.md:2: de sleutel \"order\" ontbreekt"}},
		{"missing section", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "### Te doen vanuit beleid en organisatie\n\nTijd en ruimte.\n\n", "", 1)
		}, "", []string{"elementen/maatwerk.md:26: de sectie \"### Te doen vanuit beleid en organisatie\" ontbreekt"}},
		{"misspelt section", func(_ fstest.MapFS, s string) string { return strings.Replace(s, "## Wat is het?", "## Wat is het", 1) }, "",
			[]string{"elementen/maatwerk.md:7: de kop \"## Wat is het\" is anders gespeld"}},
		{"sections out of order", func(_ fstest.MapFS, s string) string {
			return strings.Replace(strings.Replace(s, "### Onderbouwing", "### TMP", 1), "### Verder lezen", "### Onderbouwing", 1)
		}, "", []string{"elementen/maatwerk.md:"}},
		{"broken link", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "../hulpmiddelen/ecogram.md)", "../hulpmiddelen/ecogramm.md)", 1)
		}, "", []string{"elementen/maatwerk.md:9:", "bestaat niet; bedoel je ../hulpmiddelen/ecogram.md?"}},
		{"broken anchor", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "begrippen.md#regisserende-professional", "begrippen.md#regie", 1)
		}, "", []string{"elementen/maatwerk.md:42: de link naar #regie verwijst naar een kop die niet bestaat"}},
		{"unknown citation", func(_ fstest.MapFS, s string) string { return strings.Replace(s, "@jansen2015]", "@jansen2051]", 1) }, "",
			[]string{"elementen/maatwerk.md:13:", "[@jansen2051] staat niet in bronnen.yaml"}},
		{"grounds without a source", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "Onderzoek laat dit zien [@jansen2015; @pietersen2019].", "Onderzoek laat dit zien.", 1)
		}, "", []string{"elementen/maatwerk.md:36: de sectie \"### Onderbouwing\" haalt geen bron aan: noem minstens één bron uit bronnen.yaml met [@sleutel]"}},
		{"unknown element in example", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "elementen: [vraagverheldering, maatwerk]", "elementen: [vraagverheldering, maatwrk]", 1)
		}, "voorbeelden/gezin-de-boer.md", []string{"voorbeelden/gezin-de-boer.md:4: Werkzaam element \"maatwrk\" bestaat niet (in 'elementen'); bedoel je maatwerk?"}},
		{"intervision with one question", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "- Waar zie jij in dit gezin maatwerk?", "- Waar zie jij in dit gezin maatwerk.", 1)
		}, "voorbeelden/gezin-de-boer.md", []string{"voorbeelden/gezin-de-boer.md:24: de sectie \"## Vragen voor intervisie\" bevat één vraag: schrijf er minstens twee, elk op een eigen regel die eindigt op een vraagteken"}},
		{"intervision without questions", func(_ fstest.MapFS, s string) string {
			return strings.Replace(strings.Replace(s, "meer kunnen vragen?", "meer kunnen vragen? Denk na.", 1), "maatwerk?", "maatwerk", 1)
		}, "voorbeelden/gezin-de-boer.md", []string{"voorbeelden/gezin-de-boer.md:24: de sectie \"## Vragen voor intervisie\" bevat geen vraag"}},
		{"example without intervision", func(_ fstest.MapFS, s string) string {
			return s[:strings.Index(s, "## Vragen voor intervisie")]
		}, "voorbeelden/gezin-de-boer.md", []string{"voorbeelden/gezin-de-boer.md:", "de sectie \"## Vragen voor intervisie\" ontbreekt aan het eind"}},
		{"duplicate slug", func(m fstest.MapFS, s string) string {
			m["elementen/ander.md"] = &fstest.MapFile{Data: []byte(strings.Replace(s, "order: 1", "order: 9\nslug: maatwerk", 1))}
			return s
		}, "", []string{"de slug \"maatwerk\" wordt ook al gebruikt door elementen/"}},
		{"javascript link next to raw html", func(_ fstest.MapFS, s string) string {
			return strings.Replace(s, "Tijd en ruimte.", "Tijd <script>alert(1)</script> en [x](javascript:alert(1)).", 1)
		}, "", []string{"elementen/maatwerk.md:28:39:", "niet toegestaan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadFixture(t)
			f := tt.file
			if f == "" {
				f = el
			}
			m[f] = &fstest.MapFile{Data: []byte(tt.edit(m, string(m[f].Data)))}
			wantProblems(t, m, tt.want)
		})
	}
}

// wantProblems prepares the site m and checks that it is refused with
// every text of want among the problems.
func wantProblems(t *testing.T, m fstest.MapFS, want []string) {
	t.Helper()
	_, err := Prepare(m, "/")
	if err == nil {
		t.Fatal("Prepare accepted the broken content")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("want %q in:\n%v", w, err)
		}
	}
}

// TestAllProblemsAtOnce checks that a build lists every problem, not only
// the first.
func TestAllProblemsAtOnce(t *testing.T) {
	m := loadFixture(t)
	m["elementen/maatwerk.md"].Data = []byte(strings.Replace(string(m["elementen/maatwerk.md"].Data), "## Wat is het?", "## Wat is dat?", 1))
	m["voorbeelden/gezin-de-boer.md"].Data = []byte(strings.Replace(string(m["voorbeelden/gezin-de-boer.md"].Data), "[ecogram]", "[ecogrm]", 1))
	m["hulpmiddelen/ecogram.md"].Data = []byte("---\ntitle: x\n")
	_, err := Prepare(m, "/")
	if err == nil {
		t.Fatal("no problems")
	}
	for _, f := range []string{"elementen/maatwerk.md:7:", "voorbeelden/gezin-de-boer.md:5:", "hulpmiddelen/ecogram.md:1:"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("no problem reported at %s in:\n%v", f, err)
		}
	}
}

// TestFailedBuildKeepsOutput breaks the content after a good build and
// checks the previous output is untouched.
func TestFailedBuildKeepsOutput(t *testing.T) {
	out := buildFixture(t, "/")
	before, _ := os.ReadFile(filepath.Join(out, "elementen/maatwerk/index.html"))
	broken := filepath.Join(t.TempDir(), "content")
	os.CopyFS(broken, os.DirFS(fixture))
	os.WriteFile(filepath.Join(broken, "elementen/maatwerk.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	if _, err := Build(Options{ContentDir: broken, TemplatesDir: templates, OutDir: out}); err == nil {
		t.Fatal("build of broken content succeeded")
	}
	after, err := os.ReadFile(filepath.Join(out, "elementen/maatwerk/index.html"))
	if err != nil || string(after) != string(before) {
		t.Error("a failed build changed the previous output")
	}
	// A broken template fails the same way.
	badTemplates := filepath.Join(t.TempDir(), "templates")
	os.CopyFS(badTemplates, os.DirFS(templates))
	os.WriteFile(filepath.Join(badTemplates, "element.html"), []byte(`{{define "main"}}{{.Bestaat.Niet}}{{end}}`), 0o644)
	_, err = Build(Options{ContentDir: fixture, TemplatesDir: badTemplates, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "templates/element.html") {
		t.Fatalf("broken template: err = %v", err)
	}
	after, _ = os.ReadFile(filepath.Join(out, "elementen/maatwerk/index.html"))
	if string(after) != string(before) {
		t.Error("a failed template build changed the previous output")
	}
	// The template failed after files had gone to the staging directory:
	// that is removed, nothing is left beside the output.
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestDiskAndMemoryAgree: kb build writes each file as it is made, the dev
// server keeps the site in memory; with precompression on, both give the
// same files, byte for byte, and the siblings decompress to their file.
func TestDiskAndMemoryAgree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	opts := Options{ContentDir: fixture, TemplatesDir: templates, OutDir: out, Precompress: true}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	tree, memRes, err := Site(opts)
	if err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, b := range tree {
		size += len(b)
	}
	if res.Files != len(tree) || memRes.Files != len(tree) || res.Bytes != size {
		t.Errorf("counted %d files, %d bytes on disk, %d in memory; the tree has %d, %d", res.Files, res.Bytes, memRes.Files, len(tree), size)
	}
	onDisk := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == publish.Marker {
			return err
		}
		onDisk++
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if want, ok := tree[filepath.ToSlash(rel)]; !ok || !bytes.Equal(b, want) {
			t.Errorf("%s differs from the site in memory", rel)
		}
		return nil
	})
	if err != nil || onDisk != len(tree) {
		t.Fatalf("%d files on disk, %d in memory (%v)", onDisk, len(tree), err)
	}
	// The index file is for kb search only, and the reader's .bin pieces
	// are read by range: a host must send them as they are, so they get
	// no siblings; the reader's JSON pieces, fetched whole, do.
	for p := range tree {
		if (p == IndexFile || strings.HasPrefix(p, search.ReaderDir+"/") && strings.HasSuffix(p, ".bin")) &&
			(tree[p+".gz"] != nil || tree[p+".br"] != nil) {
			t.Errorf("%s has a compressed sibling", p)
		}
	}
	for _, p := range []string{search.ReaderDir + "/" + search.ManifestName, "index.html", "elementen/maatwerk/index.html"} {
		zr, err := gzip.NewReader(bytes.NewReader(tree[p+".gz"]))
		if err != nil {
			t.Fatalf("%s.gz: %v", p, err)
		}
		gz, _ := io.ReadAll(zr)
		br, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(tree[p+".br"])))
		if !bytes.Equal(gz, tree[p]) || !bytes.Equal(br, tree[p]) {
			t.Errorf("%s: the siblings do not decompress to the file", p)
		}
	}
	if _, ok := tree["robots.txt.gz"]; ok {
		t.Error("a file under 1 KB got a sibling")
	}
}

func TestNormalizeBase(t *testing.T) {
	for in, want := range map[string][2]string{
		"":                       {"/", ""},
		"/":                      {"/", ""},
		"/kennisbank":            {"/kennisbank/", ""},
		"kennisbank/":            {"/kennisbank/", ""},
		"https://example.org/kb": {"/kb/", "https://example.org"},
		"https://example.org":    {"/", "https://example.org"},
		"/a/../b/":               {"/b/", ""},
	} {
		base, site, err := NormalizeBase(in)
		if err != nil || base != want[0] || site != want[1] {
			t.Errorf("NormalizeBase(%q) = %q, %q, %v; want %q, %q", in, base, site, err, want[0], want[1])
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "/a b/", "/x?y=1", `/"onload/`} {
		if _, _, err := NormalizeBase(bad); err == nil {
			t.Errorf("NormalizeBase(%q) accepted", bad)
		}
	}
}

// TestServiceWorkerVersion checks that sw.js lists the pages and changes
// when, and only when, the site changes.
func TestServiceWorkerVersion(t *testing.T) {
	build := func(m fstest.MapFS) string {
		model, err := Prepare(m, "/kb/")
		if err != nil {
			t.Fatal(err)
		}
		tree, err := Render(model, os.DirFS(templates))
		if err != nil {
			t.Fatal(err)
		}
		return string(tree["sw.js"])
	}
	m := loadFixture(t)
	a, b := build(m), build(m)
	if a != b {
		t.Error("sw.js differs between two builds of the same content")
	}
	for _, want := range []string{`"/kb/elementen/maatwerk/"`, `"/kb/static/style.css"`, `"notFound":"/kb/404.html"`} {
		if !strings.Contains(a, want) {
			t.Errorf("sw.js lacks %s", want)
		}
	}
	// What Netlify, Cloudflare Pages or GitHub Pages do not serve would
	// make a worker that adds its files all at once never install.
	disk, err := os.ReadFile(filepath.Join(buildFixture(t, "/kb/"), "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(disk), `"/kb/static/style.css"`) {
		t.Errorf("sw.js of kb build lacks the style sheet")
	}
	for _, never := range []string{`"/kb/_headers"`, `"/kb/sw.js"`, `"/kb/robots.txt"`, `.br"`, `.gz"`, `/.`} {
		if strings.Contains(string(disk), never) {
			t.Errorf("sw.js lists %s for offline use", never)
		}
	}
	if !strings.Contains(a, "allSettled") {
		t.Error("sw.js adds its files with one request that fails as a whole when one file is missing")
	}
	m["elementen/maatwerk.md"].Data = []byte(strings.Replace(string(m["elementen/maatwerk.md"].Data), "Tijd en ruimte.", "Tijd, ruimte en geld.", 1))
	if c := build(m); c == a {
		t.Error("sw.js (and so the offline cache version) did not change with the content")
	}
}
