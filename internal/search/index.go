// Package search builds the site's full-text index with Bleve and searches
// it. It takes the searchable units of the site (Docs: one per page and one
// per section) and the synonym groups, and gives one index file, which it
// can open again and search without re-indexing. It uses only the parts of
// Bleve that also compile for the browser (GOOS=js): the upsidedown index
// over an in-memory key/value store of its own, the mapping, queries,
// collectors and the highlighter — no root bleve package, scorch or bbolt.
//
// Index file format (all integers unsigned varints):
//
//	"KBIDX1\n"  magic and version
//	n, meta     length and JSON of the metadata (synonym groups)
//	count       number of key/value pairs
//	count × (klen, key, vlen, value), keys in ascending byte order
package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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
	"google.golang.org/protobuf/proto"
)

// Doc is one searchable unit: a page (ID = its URL) or one section of a
// page (ID = URL#anchor).
type Doc struct {
	ID    string `json:"id"`
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

const magic = "KBIDX1\n"

var (
	errReadOnly = errors.New("search: the index is read-only")
	errMerge    = errors.New("search: merge operator failed")
)

// Index is an opened index file.
type Index struct {
	udc      index.Index
	mapping  *mapping.IndexMappingImpl
	synonyms [][]string
	docs     uint64
}

type meta struct {
	Synonyms [][]string `json:"synonyms"`
}

// newMapping describes how Docs are indexed: text fields with the Dutch
// analyzer, stored and with term vectors for highlighting; type and
// elements as keywords for filters and facets.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	err := m.AddCustomAnalyzer(AnalyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     "unicode",
		"token_filters": []string{"to_lower", foldFilterName, "stop_nl", "stemmer_nl_snowball"},
	})
	if err != nil {
		return nil, err
	}
	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = store
		f.IncludeTermVectors = true
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
	dm.AddFieldMappingsAt("title", text(true))
	dm.AddFieldMappingsAt("section", text(true))
	dm.AddFieldMappingsAt("summary", text(true))
	dm.AddFieldMappingsAt("text", text(true))
	dm.AddFieldMappingsAt("type", kw())
	dm.AddFieldMappingsAt("elements", kw())
	dm.AddFieldMappingsAt("url", stored())
	dm.AddFieldMappingsAt("page", stored())
	dm.AddFieldMappingsAt("pagetitle", stored())
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
	register()
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	kv := newKVStore(nil)
	udc, err := upsidedown.NewUpsideDownCouch(storeName, map[string]interface{}{"store": kv}, index.NewAnalysisQueue(1))
	if err != nil {
		return nil, err
	}
	if err := udc.Open(); err != nil {
		return nil, err
	}
	// Bleve numbers fields in the order it first meets them, and it
	// analyses a batch on several goroutines. Indexing (and removing) one
	// document with every field first fixes the numbering, so the same
	// docs always give the same bytes.
	schema := document.NewDocument("\x00schema")
	if err := m.MapDocument(schema, Doc{Title: "x", PageTitle: "x", Section: "x", Summary: "x", Text: "x", Type: "x", Elements: []string{"x"}, URL: "x", Page: "x"}); err != nil {
		return nil, err
	}
	if err := udc.Update(schema); err != nil {
		return nil, err
	}
	if err := udc.Delete(schema.ID()); err != nil {
		return nil, err
	}
	batch := index.NewBatch()
	for i, d := range docs {
		doc := document.NewDocument(d.ID)
		if err := m.MapDocument(doc, d); err != nil {
			return nil, fmt.Errorf("search: %s: %w", d.ID, err)
		}
		batch.Update(doc)
		if (i+1)%500 == 0 {
			if err := udc.Batch(batch); err != nil {
				return nil, err
			}
			batch = index.NewBatch()
		}
	}
	if err := udc.Batch(batch); err != nil {
		return nil, err
	}
	keys, vals := kv.sortedPairs()
	for i, k := range keys {
		if len(k) > 0 && k[0] == 'b' {
			if vals[i], err = canonicalBackIndex(vals[i]); err != nil {
				return nil, err
			}
		}
	}
	metaJSON, err := json.Marshal(meta{Synonyms: synonyms})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	putBytes(&buf, metaJSON)
	putUvarint(&buf, uint64(len(keys)))
	for i := range keys {
		putBytes(&buf, keys[i])
		putBytes(&buf, vals[i])
	}
	return buf.Bytes(), nil
}

func putUvarint(b *bytes.Buffer, v uint64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], v)])
}

func putBytes(b *bytes.Buffer, p []byte) {
	putUvarint(b, uint64(len(p)))
	b.Write(p)
}

// ErrCorrupt is returned by Open for data that is not a whole index file.
var ErrCorrupt = errors.New("search: not a valid index file")

// Open reads an index file. The Index keeps references into data, which
// must not change afterwards.
func Open(data []byte) (*Index, error) {
	register()
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, ErrCorrupt
	}
	r := data[len(magic):]
	next := func() ([]byte, bool) {
		n, k := binary.Uvarint(r)
		if k <= 0 || n > uint64(len(r)-k) {
			return nil, false
		}
		p := r[k : k+int(n)]
		r = r[k+int(n):]
		return p, true
	}
	metaJSON, ok := next()
	if !ok {
		return nil, ErrCorrupt
	}
	var md meta
	if err := json.Unmarshal(metaJSON, &md); err != nil {
		return nil, ErrCorrupt
	}
	count, k := binary.Uvarint(r)
	if k <= 0 || count > uint64(len(r)) {
		return nil, ErrCorrupt
	}
	r = r[k:]
	kv := &kvStore{readOnly: true, keys: make([][]byte, 0, count), vals: make([][]byte, 0, count)}
	for i := uint64(0); i < count; i++ {
		key, ok1 := next()
		val, ok2 := next()
		if !ok1 || !ok2 {
			return nil, ErrCorrupt
		}
		if n := len(kv.keys); n > 0 && bytes.Compare(kv.keys[n-1], key) >= 0 {
			return nil, ErrCorrupt
		}
		kv.keys = append(kv.keys, key)
		kv.vals = append(kv.vals, val)
	}
	if len(r) != 0 {
		return nil, ErrCorrupt
	}

	m, err := newMapping()
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
	ix := &Index{udc: udc, mapping: m, synonyms: md.Synonyms}
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

// canonicalBackIndex sorts the entries of a back-index row, which Bleve
// fills from maps, so that the bytes of the row do not depend on Go's map
// order. Searching does not depend on the order.
func canonicalBackIndex(v []byte) ([]byte, error) {
	var row upsidedown.BackIndexRowValue
	if err := proto.Unmarshal(v, &row); err != nil {
		return nil, err
	}
	for _, e := range row.TermsEntries {
		sort.Strings(e.Terms)
	}
	sort.Slice(row.TermsEntries, func(i, j int) bool { return row.TermsEntries[i].GetField() < row.TermsEntries[j].GetField() })
	sort.Slice(row.StoredEntries, func(i, j int) bool {
		a, b := row.StoredEntries[i], row.StoredEntries[j]
		if a.GetField() != b.GetField() {
			return a.GetField() < b.GetField()
		}
		return fmt.Sprint(a.ArrayPositions) < fmt.Sprint(b.ArrayPositions)
	})
	return proto.MarshalOptions{Deterministic: true}.Marshal(&row)
}
