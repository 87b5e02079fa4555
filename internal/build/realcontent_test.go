package build

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/linkcheck"
	"github.com/werkzame-elementen/kb/internal/slug"
)

const realContent = "../../content"

// seedRunsFile holds the fingerprints of the seed documents: a hash of
// every run of seedRun words, one per line, sorted. The seeds themselves
// live beside the project on the developers' machines only (shared/seeds,
// never in a user's clone), so the test reads these fingerprints, which carry
// no sentence. After a seed changes: make seedprints.
const seedRunsFile = "testdata/seedruns.txt"

// seedRun is how many words in a row count as a copied sentence.
const seedRun = 10

// updateSeeds, when set, rewrites seedRunsFile from the seed documents in
// that directory (make seedprints); a plain test run never reads them.
var updateSeeds = flag.String("seeds", "", "directory of the seed documents (*.txt) to fingerprint into "+seedRunsFile)

// TestRealContent builds the knowledge base itself and checks what the
// content issue promises: 15 elements in the fixed structure with at least
// 600 words each, at least 10 examples, every element illustrated by an
// example, the required tools, and links that work both ways.
func TestRealContent(t *testing.T) {
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatalf("the real content does not build:\n%v", err)
	}
	if n := len(m.Site.Elements); n != 15 {
		t.Errorf("%d elements; want 15", n)
	}
	for _, p := range m.Site.Elements {
		words := 0
		for _, s := range m.Docs[p].Sections {
			words += len(strings.Fields(s.Text))
		}
		if words < 600 {
			t.Errorf("%s: %d words; want at least 600", p.File, words)
		}
		if len(m.Site.ExamplesFor(p.Slug)) == 0 {
			t.Errorf("%s: no example names this element", p.File)
		}
		if len(m.Docs[p].Citations) == 0 {
			t.Errorf("%s: cites no source", p.File)
		}
	}
	if n := len(m.Site.Examples); n < 10 {
		t.Errorf("%d examples; want at least 10", n)
	}
	for _, tool := range []string{"ecogram", "netwerkcirkel", "groslijst", "zelfredzaamheidsmatrix", "smart-doelen", "elementen-scoren"} {
		if m.Site.Lookup(content.Tool, tool) == nil {
			t.Errorf("tool %q is missing", tool)
		}
	}
	for _, page := range []string{"index", "werkwijze", "begrippen", "bronnen", "over"} {
		if m.Site.Lookup(content.PlainPage, page) == nil {
			t.Errorf("page %q is missing", page)
		}
	}
	if len(m.Site.Synonyms) == 0 {
		t.Error("no synonyms")
	}
	// Every glossary term is linked from a page that uses it.
	linked := map[string]bool{}
	glossary := m.Base + "begrippen/"
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.URL == glossary {
				linked[l.Fragment] = true
			}
		}
	}
	for _, h := range m.Docs[m.Site.Lookup(content.PlainPage, "begrippen")].Headings() {
		if !linked[h.ID] {
			t.Errorf("glossary term %q is not linked from any page", h.Title)
		}
	}

	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{ContentDir: realContent, TemplatesDir: templates, OutDir: out, BaseURL: "/kennisbank/"}); err != nil {
		t.Fatal(err)
	}
	broken, err := linkcheck.Check(os.DirFS(out), "/kennisbank/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Errorf("broken link: %s", b)
	}

	// Every element page shows the ten headings in order, and links to
	// each example that names it; each example links back.
	heading := regexp.MustCompile(`<h([23]) id="[^"]*">([^<]*)</h[23]>`)
	var want []string
	for _, it := range Outlines[content.Element] {
		want = append(want, strings.Repeat("#", it.Level)+" "+it.Title)
	}
	for _, p := range m.Site.Elements {
		html := read(t, filepath.Join(out, "elementen", p.Slug, "index.html"))
		var got []string
		for _, h := range heading.FindAllStringSubmatch(html, -1) {
			if h[1] == "2" && (h[2] == "Op deze pagina" || h[2] == "Bronnen op deze pagina") {
				continue
			}
			got = append(got, strings.Repeat("#", int(h[1][0]-'0'))+" "+h[2])
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: headings\n%s\nwant\n%s", p.Slug, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, ex := range m.Site.ExamplesFor(p.Slug) {
			if !strings.Contains(html, `href="/kennisbank/voorbeelden/`+ex.Slug+`/"`) {
				t.Errorf("element %s does not link to example %s", p.Slug, ex.Slug)
			}
			exHTML := read(t, filepath.Join(out, "voorbeelden", ex.Slug, "index.html"))
			if !strings.Contains(exHTML, `href="/kennisbank/elementen/`+p.Slug+`/"`) {
				t.Errorf("example %s does not link back to element %s", ex.Slug, p.Slug)
			}
		}
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNoSentencesFromSeeds fails when any run of 10 consecutive words of
// the seed documents appears in the content: facts carry over, sentences
// do not. Titles of publications in the source list, the headings of the
// fixed outlines and front-matter lists of slugs are exempt.
func TestNoSentencesFromSeeds(t *testing.T) {
	if *updateSeeds != "" {
		writeSeedRuns(t, *updateSeeds)
	}
	runs := readSeedRuns(t)
	if len(runs) < 10000 {
		t.Fatalf("%s holds %d fingerprints; the seeds have more than 10,000 runs (make seedprints)", seedRunsFile, len(runs))
	}
	checked := 0
	err := fs.WalkDir(os.DirFS(realContent), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text := read(t, filepath.Join(realContent, p))
		if p == content.SourcesFile {
			text = regexp.MustCompile(`(?m)^\s*titel:.*$`).ReplaceAllString(text, "")
		}
		text = fixedHeadings.ReplaceAllString(text, "")
		text = slugLists.ReplaceAllString(text, "")
		checked++
		for _, run := range copiedRuns(runs, text) {
			t.Errorf("%s: copied from a seed: %q", p, run)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Errorf("only %d content files checked", checked)
	}
}

// TestCopiedRuns checks the fingerprint check itself: a run of ten words
// from a text is found again in another text whatever its case, accents and
// punctuation, and nine words in a row are not enough.
func TestCopiedRuns(t *testing.T) {
	seed := "Een cliënt bepaalt zelf welke doelen in het plan komen, en de professional volgt."
	runs := map[string]bool{}
	for _, h := range runHashes(seed) {
		runs[h] = true
	}
	tests := []struct {
		text string
		want int
	}{
		{"Zo gaat het: een CLIENT bepaalt zelf welke doelen in het plan komen!", 1},
		{"Een cliënt bepaalt zelf welke doelen in het plan staan.", 0},
		{"Iets anders over doelen en plannen van een cliënt en een professional.", 0},
	}
	for _, tt := range tests {
		if got := copiedRuns(runs, tt.text); len(got) != tt.want {
			t.Errorf("copiedRuns(%q) = %q; want %d runs", tt.text, got, tt.want)
		}
	}
}

// runHashes returns the fingerprint of every run of seedRun words in text:
// the first 48 bits of the SHA-256 of the folded words, in hex.
func runHashes(text string) []string {
	w := words(text)
	var out []string
	for i := 0; i+seedRun <= len(w); i++ {
		sum := sha256.Sum256([]byte(strings.Join(w[i:i+seedRun], " ")))
		out = append(out, hex.EncodeToString(sum[:6]))
	}
	return out
}

// copiedRuns returns the runs of text whose fingerprint is in runs, one per
// copied passage.
func copiedRuns(runs map[string]bool, text string) []string {
	w := words(text)
	hashes := runHashes(text)
	var out []string
	for i := 0; i < len(hashes); i++ {
		if runs[hashes[i]] {
			out = append(out, strings.Join(w[i:i+seedRun], " "))
			i += seedRun - 1
		}
	}
	return out
}

func readSeedRuns(t *testing.T) map[string]bool {
	t.Helper()
	runs := map[string]bool{}
	for _, line := range strings.Fields(read(t, seedRunsFile)) {
		runs[line] = true
	}
	return runs
}

// writeSeedRuns fingerprints the seed documents in dir into seedRunsFile.
func writeSeedRuns(t *testing.T, dir string) {
	t.Helper()
	seeds, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seed documents (*.txt) in %s: %v", dir, err)
	}
	set := map[string]bool{}
	for _, f := range seeds {
		for _, h := range runHashes(read(t, f)) {
			set[h] = true
		}
	}
	lines := make([]string, 0, len(set))
	for h := range set {
		lines = append(lines, h)
	}
	sort.Strings(lines)
	if err := os.WriteFile(seedRunsFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d fingerprints from %d seed documents", seedRunsFile, len(lines), len(seeds))
}

var wordRE = regexp.MustCompile(`[a-z0-9]+`)

// slugLists matches front-matter lists of element and tool slugs: they are
// names, which the seeds list in the same order.
var slugLists = regexp.MustCompile(`(?m)^(elementen|hulpmiddelen):.*$`)

// fixedHeadings matches the headings of the fixed outlines: they are the
// same words as in the seeds by design.
var fixedHeadings = func() *regexp.Regexp {
	var alts []string
	for _, o := range Outlines {
		for _, it := range o {
			alts = append(alts, regexp.QuoteMeta(it.String()))
		}
	}
	return regexp.MustCompile(`(?m)^(` + strings.Join(alts, "|") + `)\s*$`)
}()

// words lowercases text, removes diacritics and returns its words, so a
// copied sentence is caught whatever its accents or punctuation.
func words(text string) []string {
	return wordRE.FindAllString(slug.Fold(text), -1)
}
