package search

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// Word groups. The index keeps no term vectors (where in a field each
// word occurs; see matcher), so Bleve cannot check that the words of a
// group such as "sociaal team" stand side by side. Instead, the analyzer
// adds one extra term wherever the words of a known group follow each
// other: the group's analysed words joined by a space ("sociaal team"),
// spanning them. A group is then searched as that one term. The known
// groups are the synonyms of several words, the only groups a query can
// contain (see units). The extra term counts towards the field's length,
// so a field with a group scores a little lower for its other words.

// phraseFilterType is the registered type of the group filter; each index
// configures one with its own groups.
const phraseFilterType = "kb_phrases"

// wordsAnalyzer analyses without adding groups: the words of a group
// themselves.
const wordsAnalyzer = "kb_nl_words"

// phraseFilter adds a term for every group whose words follow each other.
type phraseFilter struct {
	byFirst map[string][][][]byte // first word → the groups' analysed words, two or more
}

func (f *phraseFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	n := len(input)
	for i := 0; i < n; i++ {
		for _, g := range f.byFirst[string(input[i].Term)] {
			if i+len(g) > n {
				continue
			}
			match := true
			for j, w := range g[1:] {
				t := input[i+1+j]
				if t.Position != input[i].Position+1+j || !bytes.Equal(t.Term, w) {
					match = false
					break
				}
			}
			if match {
				input = append(input, &analysis.Token{
					Term:     bytes.Join(g, []byte(" ")),
					Start:    input[i].Start,
					End:      input[i+len(g)-1].End,
					Position: input[i].Position,
					Type:     analysis.AlphaNumeric,
				})
			}
		}
	}
	return input
}

func init() {
	err := registry.RegisterTokenFilter(phraseFilterType, func(config map[string]interface{}, _ *registry.Cache) (analysis.TokenFilter, error) {
		list, ok := config["groups"].([]interface{})
		if !ok {
			return nil, fmt.Errorf("%s: no groups", phraseFilterType)
		}
		f := &phraseFilter{byFirst: map[string][][][]byte{}}
		for _, g := range list {
			s, ok := g.(string)
			if !ok {
				return nil, fmt.Errorf("%s: group %v is not text", phraseFilterType, g)
			}
			var words [][]byte
			for _, w := range strings.Split(s, " ") {
				words = append(words, []byte(w))
			}
			f.byFirst[string(words[0])] = append(f.byFirst[string(words[0])], words)
		}
		return f, nil
	})
	if err != nil {
		panic(err)
	}
}

// groupTerm is the term under which the analysed words of a group are
// indexed, or "" when text analyses to fewer than two words.
func groupTerm(m *mapping.IndexMappingImpl, text string) string {
	var words []string
	for _, t := range m.AnalyzerNamed(wordsAnalyzer).Analyze([]byte(text)) {
		words = append(words, string(t.Term))
	}
	if len(words) < 2 {
		return ""
	}
	return strings.Join(words, " ")
}

// groups lists the group terms of the synonyms of several words, sorted
// and without repeats, so the same synonyms give the same analyzer.
func groups(m *mapping.IndexMappingImpl, synonyms [][]string) []interface{} {
	seen := map[string]bool{}
	var out []string
	for _, group := range synonyms {
		for _, term := range group {
			if g := groupTerm(m, slug.Fold(term)); g != "" && !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	sort.Strings(out)
	list := make([]interface{}, len(out))
	for i, g := range out {
		list[i] = g
	}
	return list
}
