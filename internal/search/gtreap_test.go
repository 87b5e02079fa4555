package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// The differential test of the store: the same documents indexed by
// Bleve's upsidedown index over its own in-memory store (gtreap), with
// none of this package's customisation (no slimmed back index, no runs,
// no file), must give every query the same hits, scores, excerpts and
// facets as the index file.

// gtreapIndex indexes docs as write does (the schema document first, the
// same IDs, batches of 100), into Bleve's gtreap store.
func gtreapIndex(t *testing.T, docs []Doc, synonyms [][]string) *Index {
	t.Helper()
	register()
	m, err := newMapping(synonyms)
	if err != nil {
		t.Fatal(err)
	}
	queue := index.NewAnalysisQueue(2)
	t.Cleanup(queue.Close)
	udc, err := upsidedown.NewUpsideDownCouch(gtreap.Name, map[string]interface{}{"path": ""}, queue)
	if err != nil {
		t.Fatal(err)
	}
	if err := udc.Open(); err != nil {
		t.Fatal(err)
	}
	if err := indexSchema(udc, m); err != nil {
		t.Fatal(err)
	}
	for from := 0; from < len(docs); from += 100 {
		batch := index.NewBatch()
		for i := from; i < min(from+100, len(docs)); i++ {
			doc := document.NewDocument(internalID(i, len(docs)))
			if err := m.MapDocument(doc, docs[i]); err != nil {
				t.Fatal(err)
			}
			batch.Update(doc)
		}
		if err := udc.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	ix := &Index{udc: udc, mapping: m, synonyms: synonyms}
	rd, err := udc.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if ix.docs, err = rd.DocCount(); err != nil {
		t.Fatal(err)
	}
	return ix
}

// gtreapVocabulary is the words the generated docs are made of.
var gtreapVocabulary = strings.Fields(`inwoner inwoners wijkteam buurtteam cliënt cliënten plan plannen doel doelen
	netwerk netwerken schulden woning gezin gezinnen school zorg regie samen gesprek gesprekken hulp kinderen
	werk geld buurt vrijwilliger huisarts keukentafel ecogram vraag vragen vraagverheldering continuïteit
	professional professionals betrokken integraal concreet kleine één en de het een van met in op aan
	samenwerking huishouden netwerkcirkel sociaal team wijk ouders jongeren mantelzorg vertrouwen afspraken
	signalen eigen kracht veiligheid ggz-instelling e-mail 2024 co-ouderschap café naïef reünie`)

// gtreapDocs makes n docs of random sentences from the vocabulary, of
// every type, with elements, some of them sections.
func gtreapDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(7, 8))
	words := func(k int) string {
		var b []string
		for range k {
			b = append(b, gtreapVocabulary[r.IntN(len(gtreapVocabulary))])
		}
		return strings.Join(b, " ")
	}
	types := []string{"element", "voorbeeld", "hulpmiddel", "pagina"}
	elements := []string{"vraag", "plan", "cont", "regie", "netwerk"}
	docs := slices.Clone(corpus)
	for i := len(docs); i < n; i++ {
		page := fmt.Sprintf("/p/%d/", i/3)
		d := Doc{URL: page, Page: page, PageTitle: words(2), Type: types[r.IntN(len(types))], Text: words(5 + r.IntN(60))}
		if i%3 == 0 {
			d.Title, d.Summary = d.PageTitle, words(3+r.IntN(10))
		} else {
			d.URL += fmt.Sprintf("#s%d", i)
			d.Section = words(1 + r.IntN(3))
		}
		for _, e := range elements {
			if r.IntN(3) == 0 {
				d.Elements = append(d.Elements, e)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// gtreapQueries makes about n requests from the vocabulary: words as
// written, in capitals and without accents, starts of words, one and two
// typos, several words, the synonyms, and each once with a type or an
// element filter.
func gtreapQueries(n int) []Request {
	r := rand.New(rand.NewPCG(9, 10))
	word := func() string { return gtreapVocabulary[r.IntN(len(gtreapVocabulary))] }
	long := func() string {
		for {
			if w := word(); len([]rune(w)) >= 5 {
				return w
			}
		}
	}
	typo := func(w string) string {
		rs := []rune(w)
		i := 1 + r.IntN(len(rs)-1)
		switch r.IntN(3) {
		case 0:
			rs[i] = rune('a' + r.IntN(26))
		case 1:
			rs = append(rs[:i:i], rs[i+1:]...)
		default:
			rs = append(rs[:i:i], append([]rune{rune('a' + r.IntN(26))}, rs[i:]...)...)
		}
		return string(rs)
	}
	var qs []string
	for _, g := range synonyms {
		for _, term := range g {
			qs = append(qs, term, term+" "+word())
		}
	}
	for len(qs) < n/2 {
		switch r.IntN(7) {
		case 0:
			qs = append(qs, word())
		case 1:
			qs = append(qs, strings.ToUpper(word()), slug.Fold(word()))
		case 2:
			w := long()
			qs = append(qs, w[:3+r.IntN(len(w)-3)])
		case 3:
			qs = append(qs, typo(long()))
		case 4:
			qs = append(qs, typo(typo(long())))
		case 5:
			qs = append(qs, word()+" "+word())
		default:
			qs = append(qs, word()+" "+typo(long())+" "+word()[:2])
		}
	}
	types := []string{"element", "voorbeeld", "hulpmiddel", "pagina"}
	elements := []string{"vraag", "plan", "cont", "regie", "netwerk"}
	var reqs []Request
	for _, q := range qs {
		reqs = append(reqs, Request{Query: q, Size: 20})
		if r.IntN(2) == 0 {
			reqs = append(reqs, Request{Query: q, Size: 20, Type: types[r.IntN(len(types))]})
		} else {
			reqs = append(reqs, Request{Query: q, Size: 20, Element: elements[r.IntN(len(elements))]})
		}
	}
	return reqs
}

// TestAgainstGtreap: the index file (built with runs of 4 KB, so the
// spilled path too) and Bleve's own in-memory store give 400 and more
// generated requests the same results: total, hits in order with their
// fields, scores (exactly) and excerpts, and facets.
func TestAgainstGtreap(t *testing.T) {
	docs := gtreapDocs(600)
	var file strings.Builder
	if err := write(&file, docs, synonyms, 4<<10, nil); err != nil {
		t.Fatal(err)
	}
	ours, err := Open([]byte(file.String()))
	if err != nil {
		t.Fatal(err)
	}
	ref := gtreapIndex(t, docs, synonyms)
	if ours.Len() != ref.Len() {
		t.Fatalf("%d documents, gtreap %d", ours.Len(), ref.Len())
	}
	reqs := gtreapQueries(400)
	bad, hits := 0, 0
	for _, req := range reqs {
		got, err := ours.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ref.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		hits += len(got.Hits)
		if !reflect.DeepEqual(got, want) {
			if bad++; bad <= 10 {
				t.Errorf("%+v:\n got  %+v\n want %+v", req, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d requests differ", bad, len(reqs))
	}
	if hits < len(reqs) {
		t.Errorf("only %d hits for %d requests: the queries find too little to compare", hits, len(reqs))
	}
	t.Logf("%d requests, %d hits: the same as gtreap", len(reqs), hits)
}
