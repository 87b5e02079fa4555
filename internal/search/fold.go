package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// foldFilterName is a token filter that removes diacritics from each token
// (cliënt → client). Unlike a character filter it leaves each token's
// offsets pointing at the original text, so highlights stay in place.
const foldFilterName = "kb_fold"

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if folded := slug.Fold(string(t.Term)); folded != string(t.Term) {
			t.Term = []byte(folded)
		}
	}
	return input
}

func init() {
	err := registry.RegisterTokenFilter(foldFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}
