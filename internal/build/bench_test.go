package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/corpus"
	"github.com/werkzame-elementen/kb/internal/layout"
	"github.com/werkzame-elementen/kb/internal/parallel"
)

// TestSyntheticCorpusBuilds makes sure the benchmark corpus is valid
// content, so the benchmarks measure a real build.
func TestSyntheticCorpusBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 50, 1); err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{ContentDir: dir, TemplatesDir: templates, OutDir: filepath.Join(t.TempDir(), "out")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts["element"] != 50 {
		t.Errorf("counts: %v", res.Counts)
	}
}

func benchmarkBuild(b *testing.B, n int) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "out")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(Options{ContentDir: dir, TemplatesDir: templates, OutDir: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
}

func BenchmarkBuild100(b *testing.B)  { benchmarkBuild(b, 100) }
func BenchmarkBuild1000(b *testing.B) { benchmarkBuild(b, 1000) }

// BenchmarkPrepare measures load, validate and render without templates
// or writing: the editors' check.
func BenchmarkPrepare1000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Prepare(fsys, "/"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLayout1000 measures template execution alone: every page of a
// prepared 1,000-page site, without the search index or writing.
func BenchmarkLayout1000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	m, err := Prepare(os.DirFS(dir), "/")
	if err != nil {
		b.Fatal(err)
	}
	lay, err := layout.New(os.DirFS(templates), m.Base)
	if err != nil {
		b.Fatal(err)
	}
	views := m.Views()
	b.ResetTimer()
	for b.Loop() {
		parallel.For(len(views), 0, func(i int) {
			if _, err := lay.Execute(views[i].Template, views[i]); err != nil {
				b.Error(err)
			}
		})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(views)), "µs/page")
}

// TestCacheGivesTheSameSite: a build that reuses rendered pages after a
// change gives exactly the site a fresh build gives, also when the change
// renames a page that other pages link to.
func TestCacheGivesTheSameSite(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	cache := &Cache{}
	opts := Options{ContentDir: content, TemplatesDir: templates}
	if _, _, err := Site(Options{ContentDir: content, TemplatesDir: templates, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	for _, change := range []struct{ file, from, to string }{
		{"voorbeelden/gezin-de-boer.md", "Het gezin De Boer heeft schulden.", "Het gezin De Boer heeft nu minder schulden."},
		{"bronnen.yaml", "", ""}, // unchanged file: everything from the cache
		{"elementen/maatwerk.md", "title: Maatwerk", "title: Maatwerk op maat"},
		{"elementen/maatwerk.md", "Omdat het helpt [@jansen2015].", "Omdat het helpt [@jansen2015; @pietersen2019]."}, // the bronnen page changes
		{"hulpmiddelen/ecogram.md", "summary: Een tekening van het netwerk.", "summary: Een tekening van alle mensen om het gezin heen."},
		{"begrippen.md", "## Regisserende professional", "## Regisserende professional\n\nTekst.\n\n## Een nieuw begrip"}, // headings and anchors
	} {
		f := filepath.Join(content, filepath.FromSlash(change.file))
		b, _ := os.ReadFile(f)
		os.WriteFile(f, []byte(strings.Replace(string(b), change.from, change.to, 1)), 0o644)
		cached, _, err := Site(Options{ContentDir: content, TemplatesDir: templates, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		fresh, _, err := Site(opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(cached) != len(fresh) {
			t.Fatalf("%s: %d files with the cache, %d without", change.file, len(cached), len(fresh))
		}
		for p, b := range fresh {
			if !bytes.Equal(cached[p], b) {
				t.Errorf("after changing %s: %s differs with the cache", change.file, p)
			}
		}
	}
}

// TestCacheForgetsRemovedPages: the cache holds what the last build used,
// so a removed page's rendering and HTML do not stay in memory.
func TestCacheForgetsRemovedPages(t *testing.T) {
	content := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(content, "voorbeelden", "tweede.md")
	b, _ := os.ReadFile(filepath.Join(content, "voorbeelden", "gezin-de-boer.md"))
	os.WriteFile(extra, b, 0o644)
	cache := &Cache{}
	opts := Options{ContentDir: content, TemplatesDir: templates, Cache: cache}
	if _, _, err := Site(opts); err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.docs["voorbeelden/tweede.md"]; !ok {
		t.Fatal("the page is not in the cache after the first build")
	}
	os.Remove(extra)
	if _, _, err := Site(opts); err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.docs["voorbeelden/tweede.md"]; ok {
		t.Error("the removed page's rendering is still cached")
	}
	if _, ok := cache.pages["/voorbeelden/tweede/"]; ok {
		t.Error("the removed page's HTML is still cached")
	}
	if len(cache.pages) == 0 || len(cache.docs) == 0 {
		t.Error("the cache is empty after a build")
	}
}
