package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
)

// Excerpts. The index keeps no term vectors (where in a field each word
// occurs): positions compress badly, and without them the index is a
// third (real text) to a half (synthetic) smaller compressed; only the
// excerpts of the few hits shown need them. So those hits' stored fields
// are analysed again, and their words are matched with the rules the
// query used (unitQuery); Bleve's highlighter then picks and marks the
// best fragment as it would with term vectors.

// matcher says which analysed words of a field a query matched.
type matcher struct {
	exact  map[string]bool // the words and their synonyms, in every field
	fuzzy  []nearMiss      // in fuzzyFields
	prefix []string        // the word being typed, in fuzzyFields
}

// nearMiss is an analysed query word and how far a match may differ.
type nearMiss struct {
	term  string
	first rune
	max   int
}

// matcher gathers the rules of the query made of units.
func (ix *Index) matcher(units []unit) *matcher {
	m := &matcher{exact: map[string]bool{}}
	for i, u := range units {
		for _, text := range append([]string{u.text}, u.alts...) {
			if strings.Contains(text, " ") {
				if g := groupTerm(ix.mapping, text); g != "" {
					m.exact[g] = true // the group, not its words on their own
					continue
				}
			}
			for _, term := range ix.analyze(text) {
				m.exact[term] = true
			}
		}
		if f := fuzziness(u.text); f > 0 {
			for _, term := range ix.analyze(u.text) {
				first, _ := utf8.DecodeRuneInString(term)
				m.fuzzy = append(m.fuzzy, nearMiss{term, first, f})
			}
		}
		if typing(u, i == len(units)-1) {
			m.prefix = append(m.prefix, u.text)
		}
	}
	return m
}

// matches reports whether the query matched term in field.
func (m *matcher) matches(field, term string) bool {
	if m.exact[term] {
		return true
	}
	if !slices.Contains(fuzzyFields, field) {
		return false
	}
	for _, p := range m.prefix {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	first, _ := utf8.DecodeRuneInString(term)
	for _, f := range m.fuzzy {
		if first == f.first {
			if d, exceeded := search.LevenshteinDistanceMax(f.term, term, f.max); !exceeded && d <= f.max {
				return true
			}
		}
	}
	return false
}

// locate finds the words of value (the stored text of field) that the
// query matched, as the highlighter wants them. A word group starts where
// its first word does, and the highlighter orders locations by their
// start only, from a map: with both it would mark either, at random. Of
// locations with the same start only the longest is kept, so the same
// query gives the same excerpt every time, in kb search and in the
// browser's reader (kbreader.js, locate).
func (ix *Index) locate(m *matcher, field, value string) search.TermLocationMap {
	locs := search.TermLocationMap{}
	if value == "" {
		return locs
	}
	var all []*analysis.Token
	longest := map[int]int{} // start → the longest match's end
	for _, t := range ix.mapping.AnalyzerNamed(AnalyzerName).Analyze([]byte(value)) {
		if m.matches(field, string(t.Term)) {
			all = append(all, t)
			longest[t.Start] = max(longest[t.Start], t.End)
		}
	}
	for _, t := range all {
		if t.End == longest[t.Start] {
			term := string(t.Term)
			locs[term] = append(locs[term], &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
		}
	}
	return locs
}
