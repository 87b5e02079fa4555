package search

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// foldFilterName is a token filter that removes diacritics from each token
// (cliënt → client). Unlike a character filter it leaves each token's
// offsets pointing at the original text, so highlights stay in place.
const foldFilterName = "kb_fold"

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if isASCII(t.Term) {
			continue // nothing to fold, and no copy of the term
		}
		if folded := slug.Fold(string(t.Term)); folded != string(t.Term) {
			t.Term = []byte(folded)
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// stemFilterName is the Dutch Snowball stemmer (the same algorithm as
// Bleve's stemmer_nl_snowball) with a memo of the stems it has made: a
// site repeats the same few thousand words, and stemming is the costliest
// step of analysis.
const stemFilterName = "kb_stem_nl"

type stemFilter struct{ memo sync.Map } // term → stem ([]byte)

func (f *stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if v, ok := f.memo.Load(string(t.Term)); ok {
			t.Term = v.([]byte)
			continue
		}
		env := snowballstem.NewEnv(string(t.Term))
		dutch.Stem(env)
		stem := []byte(env.Current())
		f.memo.Store(string(t.Term), stem)
		t.Term = stem
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
	err = registry.RegisterTokenFilter(stemFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return &stemFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}
