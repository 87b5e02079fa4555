package search

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"google.golang.org/protobuf/encoding/protowire"
)

// What this package assumes of the rows of Bleve's upsidedown index, in
// one place. Bleve writes rows of these kinds (the first byte of the key):
//
//	'v'  the index version
//	'f'  a field: its number (two little-endian bytes) → its name and 0xff
//	'd'  the dictionary: field number, term → the number of documents (a
//	     varint), counted by a merge operator, once per batch
//	't'  a term's frequency in a document: field number, term, 0xff,
//	     document ID → frequency, norm and term vectors (varints)
//	's'  a stored field: document ID, 0xff, field number, array positions
//	     → a type byte and the value
//	'b'  the back index: document ID → every term and stored field of the
//	     document (a BackIndexRowValue protobuf message), so that Bleve can
//	     remove or replace the document
//	'i'  internal rows (none here)
//
// The assumptions, and who relies on them:
//
//   - A finished index never removes or replaces a document, and write
//     indexes every document once. So, after the schema document (see
//     indexSchema), the back-index rows of new documents are never read while
//     the index is built, nor are their term-frequency and stored rows:
//     all three are written once and go to sorted runs (writtenOnce).
//   - Searching reads a back-index row for its existence (Document) and
//     for the terms of the facet fields (DocumentVisitFieldTerms), nothing
//     else: back-index rows keep only the facet fields' terms
//     (slimBackIndex; the facet fields are those of docFields with a
//     facet).
//   - The dictionary keeps the rows of the schema document's terms with a
//     count of 0 ("phantom" rows: the term "x" in every field): Bleve's
//     prefix and fuzzy searches list them and they weigh in the query
//     norm, and the browser's reader (kbreader.js) reproduces this from
//     the pieces, which keep them too (see pieceMaker.resolveDict).
//   - The field numbers are those of the schema document, whatever the
//     order in which the analysis goroutines finish (see indexSchema).
//
// fieldKind is how a field of a Doc is indexed.
type fieldKind int

const (
	textField    fieldKind = iota // words, with the Dutch analyzer (AnalyzerName), stored for excerpts
	keywordField                  // the whole value as one term, stored: for filters and facets
	storedField                   // stored only, not searchable
)

// docField is one field of a Doc as the index knows it: the mapping makes
// it from the table, the store slims the back index to its facet fields,
// the queries search its text fields with their boosts and count its
// facets, the reader's pieces carry its indexed fields and its stored
// value under its short key.
type docField struct {
	name  string // the field's name: the Doc's JSON key
	kind  fieldKind
	boost float64 // text fields: the weight of a word found in it
	fuzzy bool    // text fields: near misses and the word being typed are looked for in it
	// facet is the name of its facet in Result.Facets ("" for none),
	// facetSize how many values the facet counts at most. A facet field
	// is a keyword field; its terms stay in the back index.
	facet     string
	facetSize int
	short     string // its key in the reader's stored-fields packs
}

// docFields is every field of a Doc, in one list. The text fields come in
// the order a query lists them (a word in the title weighs most, then the
// summary and the section heading, then the text); the indexed fields in
// the order the reader numbers them.
var docFields = []docField{
	{name: "title", kind: textField, boost: 4, fuzzy: true, short: "t"},
	{name: "summary", kind: textField, boost: 2, short: "m"},
	{name: "section", kind: textField, boost: 2, short: "s"},
	{name: "text", kind: textField, boost: 1, fuzzy: true, short: "x"},
	{name: "type", kind: keywordField, facet: "type", facetSize: 20, short: "y"},
	{name: "elements", kind: keywordField, facet: "element", facetSize: 1000, short: "e"},
	{name: "url", kind: storedField, short: "u"},
	{name: "page", kind: storedField, short: "p"},
	{name: "pagetitle", kind: storedField, short: "g"},
}

// excerptFields are the text fields in the order an excerpt is looked for:
// the first with a match gives it.
var excerptFields = []string{"text", "summary", "section", "title"}

// fieldsWhere gives the names of the fields for which keep holds, in
// table order.
func fieldsWhere(keep func(f docField) bool) []string {
	var names []string
	for _, f := range docFields {
		if keep(f) {
			names = append(names, f.name)
		}
	}
	return names
}

// The field lists the package works with, all from docFields.
var (
	// fieldBoosts are the text fields with their boosts, in query order.
	fieldBoosts = func() []FieldW {
		var out []FieldW
		for _, f := range docFields {
			if f.kind == textField {
				out = append(out, FieldW{f.name, f.boost})
			}
		}
		return out
	}()
	// fuzzyFields are where near misses and the word being typed are
	// looked for.
	fuzzyFields = fieldsWhere(func(f docField) bool { return f.fuzzy })
	// facetFields are the fields that have a facet.
	facetFields = fieldsWhere(func(f docField) bool { return f.facet != "" })
	// readerFields are the indexed fields the reader needs, in the order
	// its dictionary numbers them.
	readerFields = fieldsWhere(func(f docField) bool { return f.kind != storedField })
	// storedFields are the stored fields a hit shows, with their short
	// keys.
	storedFields = func() map[string]string {
		out := map[string]string{}
		for _, f := range docFields {
			out[f.name] = f.short
		}
		return out
	}()
)

// facetField gives the field of the named facet ("type", "element").
func facetField(facet string) docField {
	for _, f := range docFields {
		if f.facet == facet {
			return f
		}
	}
	panic("search: no facet " + facet)
}

const (
	rowField  = 'f'
	rowDict   = 'd'
	rowTerm   = 't'
	rowStored = 's'
	rowBack   = 'b'
)

// indexSchema indexes and removes one document with every field, before
// any other: Bleve numbers fields in the order it first meets them, and
// it analyses a batch on several goroutines, so this fixes the numbering
// and the same docs always give the same bytes. It leaves the phantom
// dictionary rows.
func indexSchema(udc index.Index, m mapping.IndexMapping) error {
	schema := document.NewDocument("\x00schema")
	if err := m.MapDocument(schema, Doc{Title: "x", PageTitle: "x", Section: "x", Summary: "x", Text: "x", Type: "x", Elements: []string{"x"}, URL: "x", Page: "x"}); err != nil {
		return err
	}
	if err := udc.Update(schema); err != nil {
		return err
	}
	return udc.Delete(schema.ID())
}

// writtenOnce reports whether a row is of a kind that a new document
// writes once and indexing never reads back: term frequencies, stored
// fields and the back index. Dictionary rows, which every batch updates,
// and field rows stay where Bleve can read them.
func writtenOnce(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	switch key[0] {
	case rowTerm, rowStored, rowBack:
		return true
	}
	return false
}

// isBackIndexRow reports whether key is a back-index row's.
func isBackIndexRow(key []byte) bool { return len(key) > 0 && key[0] == rowBack }

// fieldRowKey is the key of the field row of field number i.
func fieldRowKey(i uint16) []byte { return []byte{rowField, byte(i), byte(i >> 8)} }

// fieldIDs gives the numbers Bleve gave the named fields, read from its
// field rows, without sorting the store.
func (s *kvStore) fieldIDs(names ...string) []uint32 {
	var ids []uint32
	for i := uint16(0); ; i++ {
		v, ok := s.get(fieldRowKey(i))
		if !ok {
			return ids
		}
		if slices.Contains(names, strings.TrimSuffix(string(v), "\xff")) {
			ids = append(ids, uint32(i))
		}
	}
}

// slimBackIndex rewrites a back-index row for a read-only index. Bleve
// keeps, per document, every term of every field and the list of stored
// fields, so that it can delete the document later; a finished index never
// deletes. What searching reads from the row is its existence (Document)
// and the terms of the facet fields (DocumentVisitFieldTerms), so only
// those are kept, sorted: Bleve fills the row from maps, and sorting makes
// its bytes independent of Go's map order.
//
// The row is a BackIndexRowValue protobuf message; it is read and written
// at the wire level, skipping the terms of other fields without decoding
// them, and gives the bytes proto.Marshal (deterministic) would give for
// the slim message.
func slimBackIndex(v []byte, keep []uint32) ([]byte, error) {
	var kept []backTerms
	for len(v) > 0 {
		num, typ, n := protowire.ConsumeTag(v)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		v = v[n:]
		if num != 1 || typ != protowire.BytesType { // stored entries, or anything else: dropped
			if n = protowire.ConsumeFieldValue(num, typ, v); n < 0 {
				return nil, protowire.ParseError(n)
			}
			v = v[n:]
			continue
		}
		msg, n := protowire.ConsumeBytes(v)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		v = v[n:]
		e, keepIt, err := readTermsEntry(msg, keep)
		if err != nil {
			return nil, err
		}
		if keepIt {
			kept = append(kept, e)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].field < kept[j].field })
	var out []byte
	for _, e := range kept {
		sort.Strings(e.terms)
		inner := protowire.AppendTag(nil, 1, protowire.VarintType)
		inner = protowire.AppendVarint(inner, uint64(e.field))
		for _, t := range e.terms {
			inner = protowire.AppendTag(inner, 2, protowire.BytesType)
			inner = protowire.AppendString(inner, t)
		}
		out = protowire.AppendTag(out, 1, protowire.BytesType)
		out = protowire.AppendBytes(out, inner)
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

// backTerms is a BackIndexTermsEntry: a field and its terms.
type backTerms struct {
	field uint32
	terms []string
}

// readTermsEntry reads a BackIndexTermsEntry; its terms only when its
// field is kept.
func readTermsEntry(msg []byte, keep []uint32) (e backTerms, kept bool, err error) {
	var fieldSeen bool
	var terms [][]byte
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return e, false, protowire.ParseError(n)
		}
		msg = msg[n:]
		switch {
		case num == 1 && typ == protowire.VarintType:
			x, n := protowire.ConsumeVarint(msg)
			if n < 0 {
				return e, false, protowire.ParseError(n)
			}
			msg = msg[n:]
			e.field, fieldSeen = uint32(x), true
		case num == 2 && typ == protowire.BytesType:
			b, n := protowire.ConsumeBytes(msg)
			if n < 0 {
				return e, false, protowire.ParseError(n)
			}
			msg = msg[n:]
			terms = append(terms, b)
		default:
			if n = protowire.ConsumeFieldValue(num, typ, msg); n < 0 {
				return e, false, protowire.ParseError(n)
			}
			msg = msg[n:]
		}
	}
	if !fieldSeen {
		return e, false, errors.New("search: back-index entry without a field")
	}
	if !slices.Contains(keep, e.field) {
		return e, false, nil
	}
	for _, t := range terms {
		e.terms = append(e.terms, string(t))
	}
	return e, true, nil
}
