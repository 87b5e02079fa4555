package build

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/werkzame-elementen/kb/internal/corpus"
	"github.com/werkzame-elementen/kb/internal/search"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// The differential test of the browser's reader: templates/static/zoeken/
// kbreader.js, run in node on the pieces the index gives, must find what
// Index.Search (kb search) finds, in the same order and with the same
// scores, on the real content and on a synthetic site of 1,000 pages.

const readerJS = "../../templates/static/zoeken/kbreader.js"

// readerSite is a site's index, opened, with its pieces on disk and its
// vocabulary: the words of its documents as written.
type readerSite struct {
	name     string
	ix       *search.Index
	dir      string
	words    []string
	synonyms [][]string
}

func newReaderSite(t *testing.T, name string, m *Model) *readerSite {
	t.Helper()
	docs := m.SearchDocs()
	data, err := search.Build(docs, m.Site.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	pieces, err := ix.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, p := range pieces {
		if err := os.WriteFile(filepath.Join(dir, p.Name), p.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	var words []string
	for _, d := range docs {
		for _, text := range []string{d.Title, d.Summary, d.Section, d.Text} {
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if !seen[w] {
					seen[w] = true
					words = append(words, w)
				}
			}
		}
	}
	sort.Strings(words)
	return &readerSite{name: name, ix: ix, dir: dir, words: words, synonyms: m.Site.Synonyms}
}

// readerSites gives the real content's site and the 1,000-page synthetic
// one.
func readerSites(t *testing.T) []*readerSite {
	t.Helper()
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatal(err)
	}
	real := newReaderSite(t, "echte inhoud", m)
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 1000, 1); err != nil {
		t.Fatal(err)
	}
	m, err = Prepare(os.DirFS(dir), "/")
	if err != nil {
		t.Fatal(err)
	}
	return []*readerSite{real, newReaderSite(t, "1.000 pagina's", m)}
}

// runReader runs the reader in node on the site's pieces, in mode
// "analyze" or "search", and decodes what it prints into out. Without
// node the test fails: make e2e-deps installs it.
func runReader(t *testing.T, s *readerSite, mode string, requests, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is nodig voor de test van de zoeklezer in de browser; installeer het met make e2e-deps: %v", err)
	}
	req, err := json.Marshal(requests)
	if err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "requests.json")
	if err := os.WriteFile(reqFile, req, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/kbreader_run.mjs", readerJS, s.dir, reqFile, mode)
	cmd.Stderr = os.Stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: node: %v", s.name, err)
	}
	if err := json.Unmarshal(got, out); err != nil {
		t.Fatalf("%s: what node printed: %v", s.name, err)
	}
}

// TestReaderAnalysis: every word of the site, the synonyms and every
// title, heading and summary (for the tokenizer: punctuation, numbers)
// become the same terms in the reader as in the index.
func TestReaderAnalysis(t *testing.T) {
	for _, s := range readerSites(t) {
		texts := slices.Clone(s.words)
		for _, w := range s.words {
			texts = append(texts, strings.ToUpper(w), slug.Fold(w))
		}
		for _, g := range s.synonyms {
			texts = append(texts, g...)
		}
		texts = append(texts, "Sociaal  team", "sociaal-team", "e-mail", "2024", "3,5 uur", "ggz-instelling", "’s avonds", "cliënt's", "co-ouderschap")
		var want [][]string
		for _, text := range texts {
			terms := s.ix.Analyze(text)
			if terms == nil {
				terms = []string{}
			}
			want = append(want, terms)
		}
		var got [][]string
		runReader(t, s, "analyze", texts, &got)
		if len(got) != len(texts) {
			t.Fatalf("%s: %d analyses for %d texts", s.name, len(got), len(texts))
		}
		bad := 0
		for i := range texts {
			if !slices.Equal(got[i], want[i]) {
				if bad++; bad <= 20 {
					t.Errorf("%s: %q: reader %q, index %q", s.name, texts[i], got[i], want[i])
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d texts analysed differently", s.name, bad, len(texts))
		}
		t.Logf("%s: %d texts analysed the same", s.name, len(texts))
	}
}
