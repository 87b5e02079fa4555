// Package search builds the site's full-text index with Bleve and searches
// it. It takes the searchable units of the site (Docs: one per page and one
// per section) and the synonym groups, and gives one index file, which it
// can open again and search without re-indexing. It uses only the parts of
// Bleve that also compile for the browser (GOOS=js): the upsidedown index
// over an in-memory key/value store of its own, the mapping, queries,
// collectors and the highlighter — no root bleve package, scorch or bbolt.
//
// The index file is a kvfile (internal/kvfile, which knows nothing of
// Bleve): its metadata is the JSON of the synonym groups, its pairs are
// the rows of Bleve's upsidedown index. What this package assumes of those
// rows, and the fields of a Doc as the mapping, the store and the queries
// know them, is in rows.go.
package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
	store "github.com/blevesearch/upsidedown_store_api"

	"github.com/werkzame-elementen/kb/internal/kvfile"
)

// Doc is one searchable unit: a page, or one section of a page (URL =
// page URL#anchor).
type Doc struct {
	URL   string `json:"url"`
	Page  string `json:"page"`  // URL of the page the unit belongs to
	Title string `json:"title"` // indexed: set on the page's own unit only
	// PageTitle is the title shown with every unit of the page; stored,
	// not indexed, so a page's title does not lift all its sections.
	PageTitle string   `json:"pagetitle"`
	Section   string   `json:"section,omitempty"`
	Type      string   `json:"type"` // element, voorbeeld, hulpmiddel, pagina
	Elements  []string `json:"elements,omitempty"`
	Summary   string   `json:"summary,omitempty"`
	Text      string   `json:"text,omitempty"`
}

// AnalyzerName is the Dutch analyzer: accents folded (cliënt = client),
// lower case, Dutch stop words removed, Snowball stemming (doelen = doel).
const AnalyzerName = "kb_nl"

// Index is an opened index file.
type Index struct {
	udc      index.Index
	kv       *kvStore // the rows under udc, read by Pieces
	mapping  *mapping.IndexMappingImpl
	synonyms [][]string
	docs     uint64
}

type meta struct {
	Synonyms [][]string `json:"synonyms"`
}

// newMapping describes how Docs are indexed: text fields with the Dutch
// analyzer, which also marks the word groups among the synonyms (see
// phraseFilter), stored for excerpts; type and elements as keywords for
// filters and facets.
func newMapping(synonyms [][]string) (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	filters := []string{"to_lower", foldFilterName, "stop_nl", stemFilterName}
	err := m.AddCustomAnalyzer(wordsAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     "unicode",
		"token_filters": filters,
	})
	if err != nil {
		return nil, err
	}
	if err := m.AddCustomTokenFilter(phraseFilterType, map[string]interface{}{"type": phraseFilterType, "groups": groups(m, synonyms)}); err != nil {
		return nil, err
	}
	err = m.AddCustomAnalyzer(AnalyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     "unicode",
		"token_filters": append(filters, phraseFilterType),
	})
	if err != nil {
		return nil, err
	}
	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = store
		// No term vectors: excerpts find their words again (see
		// matcher), word groups have a term of their own.
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		return f
	}
	dm := mapping.NewDocumentStaticMapping()
	for _, f := range docFields {
		switch f.kind {
		case textField:
			dm.AddFieldMappingsAt(f.name, text(true))
		case keywordField:
			dm.AddFieldMappingsAt(f.name, kw())
		default:
			dm.AddFieldMappingsAt(f.name, stored())
		}
	}
	m.DefaultMapping = dm
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DefaultAnalyzer = AnalyzerName
	return m, nil
}

// storeName is the name under which the key/value store is registered with
// Bleve; the store to use is handed over in the config.
const storeName = "kbstore"

var registerOnce sync.Once

func register() {
	registerOnce.Do(func() {
		err := registry.RegisterKVStore(storeName, func(mo store.MergeOperator, config map[string]interface{}) (store.KVStore, error) {
			s, ok := config["store"].(*kvStore)
			if !ok {
				return nil, errors.New("search: no store in config")
			}
			s.mo = mo
			return s, nil
		})
		if err != nil {
			panic(err)
		}
	})
}

// Build indexes the docs and returns the index file. The same docs and
// synonyms give the same bytes.
func Build(docs []Doc, synonyms [][]string) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, docs, synonyms); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write indexes the docs and writes the index file to w, as it goes: the
// file is never whole in memory.
func Write(w io.Writer, docs []Doc, synonyms [][]string) error {
	return write(w, docs, synonyms, kvfile.RunBytes, nil)
}

// WritePieces is Write that also makes the reader's pieces (see Pieces)
// from the rows as they stream to w, and hands each to put as soon as it
// is made: neither the index nor the pieces are ever whole in memory. The
// pieces are the ones Pieces gives for the written index; the manifest
// comes last.
func WritePieces(w io.Writer, docs []Doc, synonyms [][]string, put func(Piece) error) error {
	pm, err := newPieceMaker(synonyms, put)
	if err != nil {
		return err
	}
	return write(w, docs, synonyms, kvfile.RunBytes, pm)
}

// write is Write with runs of runLimit bytes, feeding the rows to pm when
// it is not nil.
func write(w io.Writer, docs []Doc, synonyms [][]string, runLimit int, pm *pieceMaker) error {
	register()
	m, err := newMapping(synonyms)
	if err != nil {
		return err
	}
	// Only the dictionary and the field names stay in the store (the rest
	// goes to runs, see below): a few thousand pairs.
	kv := newKVStore(4096)
	// The analysis workers are goroutines: they stop when Build returns.
	queue := index.NewAnalysisQueue(runtime.GOMAXPROCS(0))
	defer queue.Close()
	udc, err := upsidedown.NewUpsideDownCouch(storeName, map[string]interface{}{"store": kv}, queue)
	if err != nil {
		return err
	}
	if err := udc.Open(); err != nil {
		return err
	}
	if err := indexSchema(udc, m); err != nil {
		return err
	}
	// From here on every document is new and none is removed, so Bleve
	// never reads their back-index rows: the store keeps them slim from
	// the start (see slimBackIndex). For the same reason their rows need
	// not be where Bleve could read them: they go to sorted runs, merged
	// when the file is written (see writtenOnce).
	facetIDs := kv.fieldIDs(facetFields...)
	if len(facetIDs) != len(facetFields) {
		return errors.New("search: facet fields missing from the index")
	}
	kv.slimAndSpill(facetIDs, runLimit)
	defer kv.build.Close()
	// Batches of 100 documents, two in flight: Bleve analyses one batch
	// on every core while it writes the rows of the previous one. The
	// rows do not depend on the order (term counts are added up), so the
	// file stays the same. Larger batches are no faster and hold more in
	// memory at once (500: a fifth more peak memory on 1,000 pages).
	const batchSize = 100
	var (
		wg       sync.WaitGroup
		inFlight = make(chan struct{}, 2)
		errs     = make([]error, (len(docs)+batchSize-1)/batchSize)
	)
	for b := range errs {
		batch := index.NewBatch()
		for i := b * batchSize; i < min(len(docs), (b+1)*batchSize); i++ {
			d := docs[i]
			doc := document.NewDocument(internalID(i, len(docs)))
			if err := m.MapDocument(doc, d); err != nil {
				return fmt.Errorf("search: %s: %w", d.URL, err)
			}
			batch.Update(doc)
		}
		inFlight <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[b] = udc.Batch(batch)
			<-inFlight
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	metaJSON, err := json.Marshal(meta{Synonyms: synonyms})
	if err != nil {
		return err
	}
	if pm == nil {
		return kv.encode(w, metaJSON, nil)
	}
	if err := kv.encode(w, metaJSON, pm.add); err != nil {
		return err
	}
	return pm.finish()
}

// internalID is the ID under which the i-th of n docs is indexed: its
// number in base 36. Bleve repeats the ID in the key of every term the doc
// contains, so a short ID makes the index file and its building much
// smaller than the URL would (a third of the bytes on the synthetic
// corpus). Hits give the URL, which is stored.
//
// Every ID has the same width (leading zeros), so no ID is the start of
// another: then the documents' rows of every kind ('b', 's', 't') come in
// the same order, the order of i, and the reader's pieces can be made
// from one pass over the sorted rows (see pieceMaker).
func internalID(i, n int) string {
	id := strconv.FormatInt(int64(i), 36)
	w := len(strconv.FormatInt(int64(max(n-1, 0)), 36))
	if len(id) < w {
		id = strings.Repeat("0", w-len(id)) + id
	}
	return id
}

// ErrCorrupt is returned by Open for data that is not a whole index file.
var ErrCorrupt = errors.New("search: not a valid index file")

// Open reads an index file. The Index keeps references into data, which
// must not change afterwards.
func Open(data []byte) (*Index, error) {
	register()
	metaJSON, view, err := kvfile.Open(data)
	if err != nil {
		return nil, ErrCorrupt
	}
	var md meta
	if err := json.Unmarshal(metaJSON, &md); err != nil {
		return nil, ErrCorrupt
	}
	kv := &kvStore{view: view}

	m, err := newMapping(md.Synonyms)
	if err != nil {
		return nil, err
	}
	udc, err := upsidedown.NewUpsideDownCouch(storeName, map[string]interface{}{"store": kv}, nil)
	if err != nil {
		return nil, err
	}
	if err := udc.Open(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	ix := &Index{udc: udc, kv: kv, mapping: m, synonyms: md.Synonyms}
	rd, err := udc.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	if ix.docs, err = rd.DocCount(); err != nil {
		return nil, err
	}
	return ix, nil
}

// Len is the number of searchable units in the index.
func (ix *Index) Len() int { return int(ix.docs) }
