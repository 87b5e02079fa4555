package build

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
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

// readerQuery is one generated query: its form (for the report), the text
// and the type filter.
type readerQuery struct {
	Form string `json:"form"`
	Q    string `json:"q"`
	Type string `json:"type,omitempty"`
}

// readerQueries makes at least n queries from the site's own vocabulary,
// each once without and once with a type filter.
func readerQueries(s *readerSite, n int, seed int64) []readerQuery {
	rnd := rand.New(rand.NewSource(seed))
	var long, accented []string
	for _, w := range s.words {
		if len([]rune(w)) >= 5 && slug.Fold(w) == strings.ToLower(w) {
			long = append(long, w)
		}
		if slug.Fold(w) != strings.ToLower(w) {
			accented = append(accented, w)
		}
	}
	word := func() string { return s.words[rnd.Intn(len(s.words))] }
	longWord := func(min int) string {
		for {
			if w := long[rnd.Intn(len(long))]; len([]rune(w)) >= min {
				return w
			}
		}
	}
	// typo makes one edit at a letter after the first: a letter changed,
	// dropped, added or two letters swapped.
	typo := func(w string) string {
		r := []rune(strings.ToLower(w))
		i := 1 + rnd.Intn(len(r)-1)
		c := rune('a' + rnd.Intn(26))
		switch rnd.Intn(4) {
		case 0:
			r[i] = c
		case 1:
			r = append(r[:i:i], r[i+1:]...)
		case 2:
			r = append(r[:i:i], append([]rune{c}, r[i:]...)...)
		default:
			if i+1 < len(r) {
				r[i], r[i+1] = r[i+1], r[i]
			} else {
				r[i] = c
			}
		}
		return string(r)
	}
	accent := map[rune]rune{'e': 'ë', 'i': 'ï', 'o': 'ö', 'u': 'ü', 'a': 'á'}
	addAccent := func(w string) string {
		r := []rune(w)
		for k := 0; k < len(r); k++ {
			i := rnd.Intn(len(r))
			if a, ok := accent[r[i]]; ok {
				r[i] = a
				return string(r)
			}
		}
		return w
	}
	prefix := func(w string) string {
		r := []rune(w)
		if len(r) <= 3 {
			return w
		}
		return string(r[:3+rnd.Intn(len(r)-3)])
	}
	var qs []readerQuery
	add := func(form, q string) { qs = append(qs, readerQuery{Form: form, Q: q}) }
	for _, g := range s.synonyms {
		for _, term := range g {
			add("synoniem", term)
			add("synoniem en woord", term+" "+word())
			add("woord en synoniem", word()+" "+slug.Fold(term))
		}
	}
	for len(qs) < n/2 {
		switch rnd.Intn(10) {
		case 0:
			add("één woord", word())
		case 1:
			add("één woord, hoofdletters", strings.ToUpper(word()))
		case 2:
			if len(accented) > 0 {
				w := accented[rnd.Intn(len(accented))]
				add("woord met accent", w)
				add("woord zonder accent", slug.Fold(w))
			} else {
				add("woord met accent erbij", addAccent(longWord(5)))
			}
		case 3:
			add("begin van een woord", prefix(longWord(5)))
		case 4:
			add("één tikfout", typo(longWord(5)))
		case 5:
			add("twee tikfouten", typo(typo(longWord(8))))
		case 6:
			add("twee woorden", word()+" "+word())
		case 7:
			add("twee woorden, de laatste half", word()+" "+prefix(longWord(5)))
		case 8:
			add("drie woorden", word()+" "+word()+" "+word())
		default:
			add("drie woorden met een tikfout", word()+" "+typo(longWord(5))+" "+word())
		}
	}
	// Bad input: queries the reader must cut as Index.Search does (the
	// first search.MaxQueryWords words of the first search.MaxQueryRunes
	// characters), and queries of operators only.
	many := func(words int) string {
		var b strings.Builder
		for b.Len() < 10_000 && words > 0 {
			b.WriteString(word() + " ")
			words--
		}
		return b.String()
	}
	for i := 0; i < 5; i++ {
		add("500 woorden", many(500))
		add("10 KB", strings.Repeat(word()+"-", 10_000)[:10_000])
		add("33 woorden", many(search.MaxQueryWords+1))
		add("32 woorden", many(search.MaxQueryWords))
	}
	add("1.000 tekens en meer", strings.Repeat("é", search.MaxQueryRunes-3)+" "+word()+" "+word())
	add("1.000 tekens en meer", strings.Repeat("a", search.MaxQueryRunes-6)+" "+longWord(8))
	for _, q := range []string{`* ? ~ " + - : ^`, `*`, `"`, `title:` + word(), `+` + word() + ` -` + word(), word() + `~2`, word() + `^3`, `"` + word() + ` ` + word() + `"`, `?` + word() + `*`} {
		add("tekens van een zoektaal", q)
	}
	types := []string{"element", "voorbeeld", "hulpmiddel", "pagina"}
	for _, q := range qs[:len(qs):len(qs)] {
		q.Type = types[rnd.Intn(len(types))]
		q.Form += ", met soort"
		qs = append(qs, q)
	}
	return qs
}

// readerHit and readerResult are what the reader's runner prints.
type readerHit struct {
	URL     string  `json:"url"`
	Score   float64 `json:"score"`
	Excerpt string  `json:"excerpt"`
}
type readerResult struct {
	Total int         `json:"total"`
	Hits  []readerHit `json:"hits"`
}

// TestReaderSearch: 1,000 queries and more per site, of every form, give
// in the reader the same total, the same top ten in the same order, the
// same scores (within 1e-6) and the same excerpts (the same HTML) as
// Index.Search.
func TestReaderSearch(t *testing.T) {
	for _, s := range readerSites(t) {
		qs := readerQueries(s, 1000, 15)
		var got []readerResult
		runReader(t, s, "search", qs, &got)
		if len(got) != len(qs) {
			t.Fatalf("%s: %d results for %d queries", s.name, len(got), len(qs))
		}
		bad := map[string]int{}
		forms := map[string]int{}
		found, excerpts, marked := 0, 0, 0
		for i, q := range qs {
			forms[q.Form]++
			want, err := s.ix.Search(search.Request{Query: q.Q, Type: q.Type, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Hits) > 0 {
				found++
			}
			for _, h := range want.Hits {
				excerpts++
				if strings.Contains(h.Excerpt, "<mark>") {
					marked++
				}
			}
			if msg := sameResult(got[i], want); msg != "" {
				if bad[q.Form]++; bad[q.Form] <= 3 {
					t.Errorf("%s: %s: %q (soort %q): %s", s.name, q.Form, q.Q, q.Type, msg)
				}
			}
		}
		for form, n := range bad {
			t.Errorf("%s: %s: %d of %d queries differ", s.name, form, n, forms[form])
		}
		t.Logf("%s: %d queries in %d forms compared, %d with hits; %d excerpts, %d with a match marked", s.name, len(qs), len(forms), found, excerpts, marked)
		if marked < excerpts/2 {
			t.Errorf("%s: only %d of %d excerpts mark a match: the comparison of excerpts says little", s.name, marked, excerpts)
		}
		if found < len(qs)/2 {
			t.Errorf("%s: only %d of %d queries find anything: the comparison says little", s.name, found, len(qs))
		}
	}
}

// sameResult says how the reader's result differs from the index's, or "".
func sameResult(got readerResult, want *search.Result) string {
	if got.Total != want.Total {
		return fmt.Sprintf("%d results, kb search %d", got.Total, want.Total)
	}
	if len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits, kb search %d", len(got.Hits), len(want.Hits))
	}
	for i, h := range got.Hits {
		w := want.Hits[i]
		if h.URL != w.URL {
			return fmt.Sprintf("hit %d is %s (%.17g), kb search %s (%.17g)", i+1, h.URL, h.Score, w.URL, w.Score)
		}
		if math.Abs(h.Score-w.Score) > 1e-6 {
			return fmt.Sprintf("hit %d %s scores %.17g, kb search %.17g", i+1, h.URL, h.Score, w.Score)
		}
		if h.Excerpt != w.Excerpt {
			return fmt.Sprintf("hit %d %s: excerpt\n\t%q\nkb search\n\t%q", i+1, h.URL, h.Excerpt, w.Excerpt)
		}
	}
	return ""
}

// TestReaderFuzz feeds the reader broken pieces (random bytes, cut short,
// bytes changed, put in or taken out, another piece's bytes, JSON of the
// wrong shape, a manifest with a wrong value) in node, from a fixed seed:
// every search must answer or fail with the reader's IndexError (which
// the search page turns into "de zoekindex kon niet geladen worden"),
// never another error, a thrown non-Error, an unhandled rejection or a
// hang.
func TestReaderFuzz(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is nodig voor de test van de zoeklezer in de browser; installeer het met make e2e-deps: %v", err)
	}
	m, err := Prepare(os.DirFS(realContent), "/")
	if err != nil {
		t.Fatal(err)
	}
	s := newReaderSite(t, "echte inhoud", m)
	qs := readerQueries(s, 200, 16)
	req, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "queries.json")
	if err := os.WriteFile(reqFile, req, 0o644); err != nil {
		t.Fatal(err)
	}
	const runs = 400
	// A loop that never yields would stop node for good: the deadline
	// ends it (and fails the test), far beyond what the runs take.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "testdata/kbreader_fuzz.mjs", readerJS, s.dir, reqFile, "15", strconv.Itoa(runs))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("the reader hung on a broken piece: node did not finish")
	}
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Runs, Answered, Failed int
		Problems               []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("what node printed: %v", err)
	}
	for i, p := range got.Problems {
		if i == 20 {
			t.Errorf("and %d more", len(got.Problems)-20)
			break
		}
		t.Error(p)
	}
	t.Logf("%d runs of 3 searches on broken pieces: %d answered, %d failed with IndexError", got.Runs, got.Answered, got.Failed)
	if got.Answered == 0 || got.Failed < runs/2 {
		t.Errorf("%d answered, %d failed: the broken pieces are not reaching the reader", got.Answered, got.Failed)
	}
}
