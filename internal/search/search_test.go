package search

import (
	"fmt"
	"strings"
	"testing"
)

// corpus is a small Dutch site: pages and sections as the build makes them.
var corpus = []Doc{
	{URL: "/e/vraag/", Page: "/e/vraag/", Title: "Vraagverheldering", PageTitle: "Vraagverheldering", Type: "element", Elements: []string{"vraag"},
		Summary: "Samen helder krijgen waar de inwoner hulp bij nodig heeft.", Text: "De cliënt vertelt zijn verhaal aan de keukentafel."},
	{URL: "/e/vraag/#hulpmiddelen", Page: "/e/vraag/", PageTitle: "Vraagverheldering", Section: "Hulpmiddelen", Type: "element", Elements: []string{"vraag"},
		Text: "Teken samen een ecogram van het netwerk van het gezin."},
	{URL: "/e/plan/", Page: "/e/plan/", Title: "Integraal plan", PageTitle: "Integraal plan", Type: "element", Elements: []string{"plan"},
		Summary: "Eén plan met kleine, concrete doelen.", Text: "Het plan bevat de doelen van het hele gezin."},
	{URL: "/e/cont/", Page: "/e/cont/", Title: "Continuïteit", PageTitle: "Continuïteit", Type: "element", Elements: []string{"cont"},
		Summary: "Hulp zonder gaten.", Text: "Eén en dezelfde professional blijft betrokken, ook na jaren."},
	{URL: "/v/overvecht/", Page: "/v/overvecht/", Title: "Samen Welkom", PageTitle: "Samen Welkom", Type: "voorbeeld", Elements: []string{"vraag", "plan"},
		Summary: "Het wijkteam begint met een groepsbijeenkomst.", Text: "Inwoners kiezen zelf waar hun vraag past. <script>alert(1)</script>"},
	{URL: "/h/smart/", Page: "/h/smart/", Title: "SMART-doelen", PageTitle: "SMART-doelen", Type: "hulpmiddel", Elements: []string{"plan"},
		Summary: "Specifiek, meetbaar, acceptabel, realistisch en tijdgebonden.", Text: "Stel niet meer dan vijf doelen tegelijk."},
}

var synonyms = [][]string{{"wijkteam", "buurtteam", "sociaal team"}, {"cliënt", "inwoner"}}

func open(t testing.TB) *Index { t.Helper(); return openDocs(t, corpus) }

// openDocs builds an index of docs with the test synonyms and opens it.
func openDocs(t testing.TB, docs []Doc) *Index {
	t.Helper()
	data, err := Build(docs, synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestQuality: each query must find the given unit in its top three.
func TestQuality(t *testing.T) {
	ix := open(t)
	for _, c := range []struct{ name, q, want string }{
		{"stemming", "doel", "/h/smart/"},
		{"stemming plural", "doelen", "/e/plan/"},
		{"diacritics in the query", "continuiteit", "/e/cont/"},
		{"diacritics in the text", "client", "/e/vraag/"},
		{"typo", "vraagverheldring", "/e/vraag/"},
		{"synonym", "buurtteam", "/v/overvecht/"},
		{"multi-word synonym", "sociaal team", "/v/overvecht/"},
		{"section hit", "ecogram", "/e/vraag/#hulpmiddelen"},
		{"prefix while typing", "vraagver", "/e/vraag/"},
		{"all words", "plan gezin", "/e/plan/"},
		{"any word when not all match", "ecogram zebra", "/e/vraag/#hulpmiddelen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(Request{Query: c.q, Size: 3})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.URL)
				if h.URL == c.want {
					return
				}
			}
			t.Errorf("%q: %s not in top 3 %v", c.q, c.want, got)
		})
	}
}

func TestExactAboveFuzzy(t *testing.T) {
	ix := open(t)
	res, err := ix.Search(Request{Query: "plannen"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatal(err, res)
	}
	if res.Hits[0].Page != "/e/plan/" {
		t.Errorf("top hit %s", res.Hits[0].URL)
	}
}

func TestExcerptAndFields(t *testing.T) {
	ix := open(t)
	res, err := ix.Search(Request{Query: "kiezen"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatal(err, res)
	}
	h := res.Hits[0]
	if !strings.Contains(h.Excerpt, "<mark>kiezen</mark>") {
		t.Errorf("excerpt %q has no highlight", h.Excerpt)
	}
	if strings.Contains(h.Excerpt, "<script>") || !strings.Contains(h.Excerpt, "&lt;script&gt;") {
		t.Errorf("excerpt not escaped: %q", h.Excerpt)
	}
	if h.Title != "Samen Welkom" || h.Type != "voorbeeld" || h.Page != "/v/overvecht/" || len(h.Elements) != 2 || h.Score <= 0 {
		t.Errorf("hit fields: %+v", h)
	}
	// Accents before a match must not shift the highlight.
	acc, _ := ix.Search(Request{Query: "betrokken"})
	if len(acc.Hits) == 0 || !strings.Contains(acc.Hits[0].Excerpt, "<mark>betrokken</mark>") {
		t.Errorf("highlight after accented text: %+v", acc.Hits)
	}
	sec, _ := ix.Search(Request{Query: "ecogram"})
	if sec.Hits[0].Title != "Vraagverheldering" || sec.Hits[0].Section != "Hulpmiddelen" {
		t.Errorf("section hit: %+v", sec.Hits[0])
	}
}

func TestFiltersAndFacets(t *testing.T) {
	ix := open(t)
	all, err := ix.Search(Request{Query: "doelen"})
	if err != nil {
		t.Fatal(err)
	}
	if all.Facets["type"]["element"] == 0 || all.Facets["type"]["hulpmiddel"] == 0 || all.Facets["element"]["plan"] == 0 {
		t.Errorf("facets: %v", all.Facets)
	}
	only, _ := ix.Search(Request{Query: "doelen", Type: "hulpmiddel"})
	for _, h := range only.Hits {
		if h.Type != "hulpmiddel" {
			t.Errorf("type filter let through %+v", h)
		}
	}
	if len(only.Hits) == 0 {
		t.Error("type filter found nothing")
	}
	el, _ := ix.Search(Request{Query: "samen", Element: "vraag"})
	for _, h := range el.Hits {
		if !strings.Contains(strings.Join(h.Elements, ","), "vraag") {
			t.Errorf("element filter let through %+v", h)
		}
	}
	if none, _ := ix.Search(Request{Query: "de het een"}); len(none.Hits) != 0 {
		t.Errorf("stop words alone found %d hits", len(none.Hits))
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Build(corpus, synonyms)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(corpus, synonyms)
	if string(a) != string(b) {
		t.Error("two builds of the same docs differ")
	}
	if ix, _ := Open(a); ix.Len() != len(corpus) {
		t.Errorf("Len = %d; want %d", ix.Len(), len(corpus))
	}
}

func TestOpenRefusesCorruptData(t *testing.T) {
	good, err := Build(corpus, synonyms)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"empty":     nil,
		"magic":     []byte("KBIDX2\n..."),
		"truncated": good[:len(good)/2],
		"trailing":  append(append([]byte(nil), good...), 0),
		"garbage":   append([]byte("KBIDX1\n"), []byte(strings.Repeat("\xff", 64))...),
	} {
		if _, err := Open(data); err == nil {
			t.Errorf("%s: Open accepted it", name)
		}
	}
}

// synthetic makes n docs of Dutch-like text.
func synthetic(n int) []Doc {
	words := strings.Fields("inwoner wijkteam plan doelen netwerk schulden woning gezin school zorg regie samen gesprek hulp kinderen werk geld buurt vrijwilliger huisarts")
	docs := make([]Doc, n)
	for i := range docs {
		var b strings.Builder
		for j := 0; j < 120; j++ {
			b.WriteString(words[(i*7+j*13)%len(words)])
			b.WriteByte(' ')
		}
		url := fmt.Sprintf("/e/%d/", i)
		docs[i] = Doc{URL: url, Page: url, Title: fmt.Sprintf("Element %d", i), PageTitle: fmt.Sprintf("Element %d", i), Type: "element", Text: b.String()}
	}
	return docs
}

func BenchmarkBuild1000(b *testing.B) {
	docs := synthetic(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data, err := Build(docs, synonyms)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(data)), "bytes")
	}
}

func BenchmarkSearch(b *testing.B) {
	data, err := Build(synthetic(1000), synonyms)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(Request{Query: "schulden woning", Size: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWordGroups: a synonym of several words matches only where its words
// stand side by side (the index has a term for each such place, since it
// keeps no word positions), and its excerpt marks the group as one.
func TestWordGroups(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Page: "/a/", Title: "Langs", PageTitle: "Langs", Type: "voorbeeld", Text: "Gisteren kwam het sociaal team langs bij de familie."},
		{URL: "/b/", Page: "/b/", Title: "Werk", PageTitle: "Werk", Type: "voorbeeld", Text: "Sociaal werk doe je in een team, samen met de buurt."},
		{URL: "/c/", Page: "/c/", Title: "Buurt", PageTitle: "Buurt", Type: "voorbeeld", Text: "Het buurtteam zit in het wijkcentrum."},
	}
	ix := openDocs(t, docs)
	for _, c := range []struct {
		q       string
		want    []string
		excerpt string
	}{
		{"sociaal team", []string{"/a/", "/c/"}, "<mark>sociaal team</mark>"},
		{"buurtteam", []string{"/c/", "/a/"}, "<mark>buurtteam</mark>"},
		{"sociaal werk", []string{"/b/"}, "<mark>Sociaal</mark> <mark>werk</mark>"},
	} {
		res, err := ix.Search(Request{Query: c.q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.URL)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q found %v, want %v", c.q, got, c.want)
			continue
		}
		if !strings.Contains(res.Hits[0].Excerpt, c.excerpt) {
			t.Errorf("%q: excerpt %q lacks %q", c.q, res.Hits[0].Excerpt, c.excerpt)
		}
	}
}

// TestBadQueries: a query of 10 KB, of 500 words or of a query language's
// signs answers without error, and a long query searches as its first
// MaxQueryWords words of its first MaxQueryRunes characters.
func TestBadQueries(t *testing.T) {
	ix := open(t)
	words := strings.Fields("doelen plan gezin ecogram vraag netwerk samen cliënt hulp keukentafel")
	many := func(n int) string {
		var w []string
		for i := 0; i < n; i++ {
			w = append(w, words[i%len(words)])
		}
		return strings.Join(w, " ")
	}
	for _, c := range []struct {
		name, q, same string // same: the query it must search as; "" for itself
	}{
		{"500 woorden", many(500), many(MaxQueryWords)},
		{"33 woorden", many(MaxQueryWords) + " zebra", many(MaxQueryWords)},
		{"32 woorden", many(MaxQueryWords-1) + " ecogram", ""},
		{"10 KB", strings.Repeat("doelen-", 10_000/7), strings.TrimSuffix(strings.Repeat("doelen ", MaxQueryWords), " ")},
		{"1.000 tekens", strings.Repeat("ë", MaxQueryRunes-4) + " plan gezin", strings.Repeat("ë", MaxQueryRunes-4) + " pla"},
		{"tekens van een zoektaal", `* ? ~ " + - : ^`, ""},
		{"velden en operatoren", `+title:plan -gezin~2 "doelen"^3`, "title plan gezin 2 doelen 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(Request{Query: c.q})
			if err != nil {
				t.Fatal(err)
			}
			if c.same == "" {
				return
			}
			want, err := ix.Search(Request{Query: c.same})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(res.Total, hitURLs(res)) != fmt.Sprint(want.Total, hitURLs(want)) {
				t.Errorf("%d %v; as %q: %d %v", res.Total, hitURLs(res), c.same, want.Total, hitURLs(want))
			}
		})
	}
	if got := len(queryWords(many(500))); got != MaxQueryWords {
		t.Errorf("500 words: %d searched", got)
	}
}

func hitURLs(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.URL)
	}
	return out
}
