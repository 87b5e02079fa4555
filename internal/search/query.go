package search

import (
	"context"
	"html"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/facet"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	sfrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	shl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// Request is one search.
type Request struct {
	Query   string `json:"q"`
	Size    int    `json:"size,omitempty"`    // hits to return; 10 when 0
	Type    string `json:"type,omitempty"`    // only this content type
	Element string `json:"element,omitempty"` // only units about this element slug
}

// Hit is one result.
type Hit struct {
	URL      string   `json:"url"`
	Page     string   `json:"page"`
	Title    string   `json:"title"`
	Section  string   `json:"section"`
	Type     string   `json:"type"`
	Elements []string `json:"elements,omitempty"`
	Score    float64  `json:"score"`
	// Excerpt is HTML: the text is escaped, matches are wrapped in <mark>.
	Excerpt string `json:"excerpt"`
}

// Result is what a search found.
type Result struct {
	Total  int                       `json:"total"`
	Hits   []Hit                     `json:"hits"`
	Facets map[string]map[string]int `json:"facets"` // "type" and "element": value -> count
}

const (
	synonymWeight = 0.7  // a synonym counts a little less than the word typed
	fuzzyWeight   = 0.15 // a near miss counts far less than an exact hit
	prefixWeight  = 0.3  // the word being typed
)

// Search runs a request. All words must match (in any field); when that
// finds nothing, any word may match.
func (ix *Index) Search(req Request) (*Result, error) {
	size := req.Size
	if size <= 0 {
		size = 10
	}
	units := ix.units(req.Query)
	res := &Result{Facets: map[string]map[string]int{}, Hits: []Hit{}}
	for _, f := range docFields {
		if f.facet != "" {
			res.Facets[f.facet] = map[string]int{}
		}
	}
	if len(units) == 0 {
		return res, nil
	}
	var parts []query.Query
	for i, u := range units {
		parts = append(parts, ix.unitQuery(u, i == len(units)-1))
	}
	reader, err := ix.udc.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	f, err := ix.collect(reader, query.NewConjunctionQuery(parts), req, size)
	if err != nil {
		return nil, err
	}
	if f.total == 0 && len(parts) > 1 {
		if f, err = ix.collect(reader, query.NewDisjunctionQuery(parts), req, size); err != nil {
			return nil, err
		}
	}
	return ix.results(reader, f, ix.matcher(units), res)
}

// unit is a word or phrase of the query with its synonyms.
type unit struct {
	text string
	alts []string
}

// A query is cut to its first MaxQueryRunes characters and, of those, to
// its first MaxQueryWords words (stop words included): a pasted page of
// text searches as fast as a question. The browser's reader cuts the
// same way (kbreader.js, queryWords).
const (
	MaxQueryRunes = 1000
	MaxQueryWords = 32
)

// queryWords gives the folded words of q that a search uses.
func queryWords(q string) []string {
	if len(q) > MaxQueryRunes {
		n := 0
		for i := range q {
			if n == MaxQueryRunes {
				q = q[:i]
				break
			}
			n++
		}
	}
	words := strings.FieldsFunc(slug.Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > MaxQueryWords {
		words = words[:MaxQueryWords]
	}
	return words
}

// units splits the query into words, joining words that together form a
// synonym ("sociaal team"), and attaches each unit's synonyms. Words that
// the analyzer drops (stop words) are left out.
func (ix *Index) units(q string) []unit {
	words := queryWords(q)
	var out []unit
	for i := 0; i < len(words); {
		best, bestLen := -1, 0
		for g, group := range ix.synonyms {
			for _, term := range group {
				tw := strings.Fields(slug.Fold(term))
				if len(tw) > bestLen && i+len(tw) <= len(words) && strings.Join(words[i:i+len(tw)], " ") == strings.Join(tw, " ") {
					best, bestLen = g, len(tw)
				}
			}
		}
		if best < 0 {
			if len(ix.analyze(words[i])) > 0 {
				out = append(out, unit{text: words[i]})
			}
			i++
			continue
		}
		text := strings.Join(words[i:i+bestLen], " ")
		u := unit{text: text}
		for _, term := range ix.synonyms[best] {
			if slug.Fold(term) != text {
				u.alts = append(u.alts, term)
			}
		}
		out = append(out, u)
		i += bestLen
	}
	return out
}

func (ix *Index) analyze(text string) []string {
	var out []string
	for _, t := range ix.mapping.AnalyzerNamed(AnalyzerName).Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// fieldsQuery matches text in every text field with its boost. A text of
// several words ("sociaal team") is a word group: its words side by side,
// found by the term the analyzer gave the group (see phraseFilter).
func (ix *Index) fieldsQuery(text string, weight float64) query.Query {
	var qs []query.Query
	group := ""
	if strings.Contains(text, " ") {
		group = groupTerm(ix.mapping, text)
	}
	for _, fb := range fieldBoosts {
		if group != "" {
			q := query.NewTermQuery(group)
			q.SetField(fb.Field)
			q.SetBoost(fb.Boost * weight)
			qs = append(qs, q)
			continue
		}
		q := query.NewMatchQuery(text)
		q.SetField(fb.Field)
		q.SetBoost(fb.Boost * weight)
		q.SetOperator(query.MatchQueryOperatorAnd)
		qs = append(qs, q)
	}
	return query.NewDisjunctionQuery(qs)
}

// fuzziness is how many letters a near miss of a word may differ: none
// below five letters, one below eight, else two. Word groups have no near
// misses.
func fuzziness(text string) int {
	if strings.Contains(text, " ") {
		return 0
	}
	switch n := len([]rune(text)); {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// typing reports whether the unit is the word being typed, matched as a
// prefix: the last one, of three or more letters.
func typing(u unit, last bool) bool { return last && len([]rune(u.text)) >= 3 }

// unitQuery matches one unit: the words themselves, their synonyms, near
// misses of words of five or more letters, and, for the last word, words
// that start with it.
func (ix *Index) unitQuery(u unit, last bool) query.Query {
	qs := []query.Query{ix.fieldsQuery(u.text, 1)}
	for _, alt := range u.alts {
		qs = append(qs, ix.fieldsQuery(alt, synonymWeight))
	}
	if f := fuzziness(u.text); f > 0 {
		for _, term := range ix.analyze(u.text) {
			for _, field := range fuzzyFields {
				q := query.NewFuzzyQuery(term)
				q.SetField(field)
				q.SetFuzziness(f)
				// The first letter must be right: Bleve then compares
				// only the words under that letter, not the whole
				// dictionary, and a first-letter typo is rare.
				q.SetPrefix(1)
				q.SetBoost(fuzzyWeight)
				qs = append(qs, q)
			}
		}
	}
	if typing(u, last) {
		for _, field := range fuzzyFields {
			q := query.NewPrefixQuery(u.text)
			q.SetField(field)
			q.SetBoost(prefixWeight)
			qs = append(qs, q)
		}
	}
	return query.NewDisjunctionQuery(qs)
}

// found is what collect gives: the best matches, how many there were in
// all, and the facet counts over all of them.
type found struct {
	top    search.DocumentMatchCollection
	total  int
	facets search.FacetResults
}

// collect runs q with the request's filters and keeps the best size
// matches; Bleve's facet builders count types and elements over all.
func (ix *Index) collect(reader index.IndexReader, q query.Query, req Request, size int) (found, error) {
	conj := []query.Query{q}
	for _, filter := range []struct{ value, facet string }{{req.Type, "type"}, {req.Element, "element"}} {
		if filter.value != "" {
			t := query.NewTermQuery(filter.value)
			t.SetField(facetField(filter.facet).name)
			conj = append(conj, t)
		}
	}
	if len(conj) > 1 {
		q = query.NewConjunctionQuery(conj)
	}
	ctx := context.Background()
	s, err := q.Searcher(ctx, reader, ix.mapping, search.SearcherOptions{Score: "default"})
	if err != nil {
		return found{}, err
	}
	defer s.Close()
	coll := collector.NewTopNCollector(size, 0, search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	fb := search.NewFacetsBuilder(reader)
	for _, f := range docFields {
		if f.facet != "" {
			fb.Add(f.facet, facet.NewTermsFacetBuilder(f.name, f.facetSize))
		}
	}
	coll.SetFacetsBuilder(fb)
	if err := coll.Collect(ctx, s, reader); err != nil {
		return found{}, err
	}
	return found{top: coll.Results(), total: int(coll.Total()), facets: coll.FacetResults()}, nil
}

var highlighter = shl.NewHighlighter(sfrag.NewFragmenter(180), htmlformat.NewFragmentFormatter("<mark>", "</mark>"), " … ")

// results turns what was found into hits, read in full and highlighted,
// and facet counts.
func (ix *Index) results(reader index.IndexReader, f found, m *matcher, res *Result) (*Result, error) {
	res.Total = f.total
	for name, fr := range f.facets {
		for _, t := range fr.Terms.Terms() {
			res.Facets[name][t.Term] = t.Count
		}
	}
	for _, dm := range f.top {
		doc, err := reader.Document(dm.ID)
		if err != nil {
			return nil, err
		}
		fields := map[string][]string{}
		doc.VisitFields(func(f index.Field) {
			fields[f.Name()] = append(fields[f.Name()], string(f.Value()))
		})
		first := func(name string) string {
			if v := fields[name]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		h := Hit{URL: first("url"), Page: first("page"), Title: firstNonEmpty(first("pagetitle"), first("title")), Section: first("section"),
			Type: first("type"), Elements: fields["elements"], Score: dm.Score}
		dm.Locations = search.FieldTermLocationMap{}
		for _, field := range excerptFields {
			dm.Locations[field] = ix.locate(m, field, first(field))
			if frag := highlighter.BestFragmentInField(dm, doc, field); strings.Contains(frag, "<mark>") {
				h.Excerpt = strings.TrimSpace(frag)
				break
			}
		}
		if h.Excerpt == "" {
			h.Excerpt = html.EscapeString(clip(firstNonEmpty(first("text"), first("summary")), 180))
		}
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// clip shortens s to about n characters at a word boundary.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// Analyze gives the terms the index makes of text (the kb_nl analyzer:
// words folded, stop words out, stemmed, and a term for each known word
// group), as the browser's reader must make them too.
func (ix *Index) Analyze(text string) []string { return ix.analyze(text) }
