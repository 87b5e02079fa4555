package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	index "github.com/blevesearch/bleve_index_api"
)

// Pieces for the browser's reader (templates/static/zoeken/kbreader.js).
// The reader ranks exactly as Search does, so the pieces carry the numbers
// Bleve scores with, read from the index's own rows: the document count,
// each term's document count per field (dictionary rows), and per posting
// the document, the term's frequency and the field's norm (term frequency
// rows; the norm as the field length it was made from, see lengthOf). How
// the reader turns them into scores: docs/search-reader.md.
//
// The pieces, all in ReaderDir:
//
//	manifest.json          the analysis (stop words, synonyms, word groups),
//	                       the fields and weights, the document count and
//	                       the names of the other pieces
//	d-<key>.<hash>.json    the dictionary of the terms that start with one
//	                       letter (key: its code point in hex): per term and
//	                       field the document count and where its postings are
//	p-<key>.<hash>.bin     the postings of those terms, read by range
//	o-<n>.<hash>.bin       where each of DocChunk documents starts in s-<n>
//	s-<n>.<hash>.bin       their stored fields, one JSON object each, read
//	                       by range
//
// Every piece but the manifest has a hash of its content in its name: a
// deploy never mixes old and new pieces, and hosts may cache them forever.

// ReaderDir is the directory of the reader's pieces in the site.
const ReaderDir = "zoeken/lezer"

// ManifestName is the one piece with a fixed name.
const ManifestName = "manifest.json"

// DocChunk is how many documents' stored fields share one pack.
const DocChunk = 1024

// Piece is one file for the reader: its name in ReaderDir and its bytes.
type Piece struct {
	Name string
	Data []byte
}

// Manifest is what the reader fetches first.
type Manifest struct {
	Version  int        `json:"version"`
	Docs     int        `json:"docs"` // Bleve's document count, the N of idf
	Fields   []string   `json:"fields"`
	Boosts   []FieldW   `json:"boosts"`
	Fuzzy    []string   `json:"fuzzyFields"`
	Synonym  float64    `json:"synonymWeight"`
	FuzzyW   float64    `json:"fuzzyWeight"`
	PrefixW  float64    `json:"prefixWeight"`
	Stop     []string   `json:"stopWords"`
	Synonyms [][]string `json:"synonyms"`
	Groups   []string   `json:"groups"`
	DocChunk int        `json:"docChunk"`
	// Shards maps a first letter (hex code point) to its dictionary and
	// postings pieces.
	Shards map[string][2]string `json:"shards"`
	// Stored lists per pack of DocChunk documents its offsets piece and
	// the pack.
	Stored [][2]string `json:"stored"`
}

// FieldW is a field and its boost.
type FieldW struct {
	Field string  `json:"field"`
	Boost float64 `json:"boost"`
}

// ShardKey is the key of the shard that holds term: its first code point
// in lower-case hex.
func ShardKey(term string) string {
	r, _ := utf8.DecodeRuneInString(term)
	return fmt.Sprintf("%x", r)
}

// readerFields are the indexed fields the reader needs, in the order the
// dictionary numbers them.
var readerFields = []string{"title", "section", "summary", "text", "type", "elements"}

// storedFields are the stored fields a hit shows, with their short keys.
var storedFields = map[string]string{"url": "u", "page": "p", "pagetitle": "g", "title": "t", "section": "s", "type": "y", "elements": "e", "summary": "m", "text": "x"}

// Pieces reads the index's rows and makes the reader's pieces, sorted by
// name. The same index gives the same pieces.
func (ix *Index) Pieces() ([]Piece, error) {
	kr, err := ix.udc.Reader()
	if err != nil {
		return nil, err
	}
	defer kr.Close()
	rows, err := ix.kv.Reader()
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	// Field numbers ('f' rows: number as two little-endian bytes, name and 0xff).
	fieldNum := map[uint16]string{}
	it := rows.PrefixIterator([]byte{'f'})
	for k, v, ok := it.Current(); ok; k, v, ok = it.Current() {
		if len(k) == 3 {
			fieldNum[binary.LittleEndian.Uint16(k[1:])] = strings.TrimSuffix(string(v), "\xff")
		}
		it.Next()
	}
	it.Close()
	fieldIndex := map[uint16]int{}
	for num, name := range fieldNum {
		for i, f := range readerFields {
			if f == name {
				fieldIndex[num] = i
			}
		}
	}

	// Documents: the back-index rows, in key order, which is the order of
	// their IDs' bytes, the order Bleve visits them in and breaks ties by.
	ordinal := map[string]int{}
	var ids []string
	it = rows.PrefixIterator([]byte{'b'})
	for k, _, ok := it.Current(); ok; k, _, ok = it.Current() {
		id := string(k[1:])
		ordinal[id] = len(ids)
		ids = append(ids, id)
		it.Next()
	}
	it.Close()
	if uint64(len(ids)) != ix.docs {
		return nil, fmt.Errorf("search: %d back-index rows, %d documents", len(ids), ix.docs)
	}

	// The dictionary ('d' rows: field, term; value: document count). Every
	// row is kept, also a count of 0 (the schema document's terms): Bleve
	// lists them in prefix and fuzzy searches, and they weigh in the
	// query norm.
	type entry struct {
		field  int
		count  uint64
		off, n int
	}
	dict := map[string][]entry{} // term → per field
	it = rows.PrefixIterator([]byte{'d'})
	for k, v, ok := it.Current(); ok; k, v, ok = it.Current() {
		it.Next()
		fi, known := fieldIndex[binary.LittleEndian.Uint16(k[1:3])]
		if !known {
			continue
		}
		count, n := binary.Uvarint(v)
		if n <= 0 {
			return nil, fmt.Errorf("search: bad dictionary row %q", k)
		}
		term := string(k[3:])
		dict[term] = append(dict[term], entry{field: fi, count: count, off: -1})
	}
	it.Close()

	// Postings ('t' rows: field, term, 0xff, doc; value: freq, norm bits),
	// grouped by shard: per term and field, per document in ID order, the
	// ordinal's difference from the previous one, the frequency and the
	// field length, as unsigned varints.
	post := map[string]*bytes.Buffer{}
	type open struct {
		term  string
		field int
		start int
		prev  int
	}
	var cur *open
	finish := func() {
		if cur == nil {
			return
		}
		es := dict[cur.term]
		for i := range es {
			if es[i].field == cur.field {
				es[i].off = cur.start
				es[i].n = post[ShardKey(cur.term)].Len() - cur.start
			}
		}
		cur = nil
	}
	it = rows.PrefixIterator([]byte{'t'})
	var buf [3 * binary.MaxVarintLen64]byte
	for k, v, ok := it.Current(); ok; k, v, ok = it.Current() {
		it.Next()
		fi, known := fieldIndex[binary.LittleEndian.Uint16(k[1:3])]
		if !known {
			continue
		}
		sep := bytes.IndexByte(k[3:], 0xff)
		if sep < 0 {
			return nil, fmt.Errorf("search: bad term row %q", k)
		}
		term, doc := string(k[3:3+sep]), string(k[3+sep+1:])
		freq, n1 := binary.Uvarint(v)
		normBits, n2 := binary.Uvarint(v[max(n1, 0):])
		if n1 <= 0 || n2 <= 0 {
			return nil, fmt.Errorf("search: bad term row value %q", k)
		}
		length, err := lengthOf(math.Float32frombits(uint32(normBits)))
		if err != nil {
			return nil, fmt.Errorf("search: %q: %w", term, err)
		}
		ord, ok := ordinal[doc]
		if !ok {
			return nil, fmt.Errorf("search: term row of unknown document %q", doc)
		}
		if cur == nil || cur.term != term || cur.field != fi {
			finish()
			key := ShardKey(term)
			if post[key] == nil {
				post[key] = &bytes.Buffer{}
			}
			cur = &open{term: term, field: fi, start: post[key].Len(), prev: 0}
		}
		b := binary.AppendUvarint(buf[:0], uint64(ord-cur.prev))
		b = binary.AppendUvarint(b, freq)
		b = binary.AppendUvarint(b, length)
		post[ShardKey(term)].Write(b)
		cur.prev = ord
	}
	finish()
	it.Close()

	// The dictionary shards: sorted terms, each as [term, field, count,
	// offset, length, field, ...]; a term without postings has offset -1.
	shardTerms := map[string][]string{}
	for term := range dict {
		key := ShardKey(term)
		shardTerms[key] = append(shardTerms[key], term)
	}
	var pieces []Piece
	m := Manifest{Version: 1, Docs: int(ix.docs), Fields: readerFields, Fuzzy: fuzzyFields,
		Synonym: synonymWeight, FuzzyW: fuzzyWeight, PrefixW: prefixWeight, DocChunk: DocChunk,
		Synonyms: ix.synonyms, Shards: map[string][2]string{}}
	if m.Synonyms == nil {
		m.Synonyms = [][]string{}
	}
	for _, fb := range fieldBoosts {
		m.Boosts = append(m.Boosts, FieldW{fb.field, fb.boost})
	}
	for _, g := range groups(ix.mapping, ix.synonyms) {
		m.Groups = append(m.Groups, g.(string))
	}
	if m.Groups == nil {
		m.Groups = []string{}
	}
	stop := analysis.NewTokenMap()
	if err := stop.LoadBytes(nl.DutchStopWords); err != nil {
		return nil, err
	}
	for w := range stop {
		m.Stop = append(m.Stop, w)
	}
	sort.Strings(m.Stop)
	keys := make([]string, 0, len(shardTerms))
	for key := range shardTerms {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		terms := shardTerms[key]
		sort.Strings(terms)
		rowsOut := make([][]any, 0, len(terms))
		for _, term := range terms {
			es := dict[term]
			sort.Slice(es, func(i, j int) bool { return es[i].field < es[j].field })
			row := []any{term}
			for _, e := range es {
				row = append(row, e.field, e.count, e.off, e.n)
			}
			rowsOut = append(rowsOut, row)
		}
		dj, err := json.Marshal(rowsOut)
		if err != nil {
			return nil, err
		}
		var pdata []byte
		if p := post[key]; p != nil {
			pdata = p.Bytes()
		}
		dp, pp := hashed("d-"+key, ".json", dj), hashed("p-"+key, ".bin", pdata)
		pieces = append(pieces, dp, pp)
		m.Shards[key] = [2]string{dp.Name, pp.Name}
	}

	// Stored fields, DocChunk documents a piece, in ordinal order.
	if err := ix.storedPieces(kr, ids, &m, &pieces); err != nil {
		return nil, err
	}

	mj, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	pieces = append(pieces, Piece{Name: ManifestName, Data: mj})
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].Name < pieces[j].Name })
	return pieces, nil
}

// hashed names data prefix.<hash>ext.
func hashed(prefix, ext string, data []byte) Piece {
	sum := sha256.Sum256(data)
	return Piece{Name: prefix + "." + hex.EncodeToString(sum[:5]) + ext, Data: data}
}

// lengthOf gives the field length Bleve made norm from: norm is
// float32(1/sqrt(length)). The reader computes the norm again from the
// length, in the same steps; lengthOf checks that this gives norm's very
// bits.
func lengthOf(norm float32) (uint64, error) {
	if norm <= 0 || norm > 1 {
		return 0, fmt.Errorf("norm %v is not 1/sqrt of a length", norm)
	}
	n := uint64(math.Round(1 / (float64(norm) * float64(norm))))
	for _, c := range []uint64{n, n - 1, n + 1} {
		if c > 0 && float32(1.0/math.Sqrt(float64(c))) == norm {
			return c, nil
		}
	}
	return 0, fmt.Errorf("norm %v is not 1/sqrt of a length", norm)
}

// storedPieces adds the stored fields: per document a JSON object with
// short keys (see storedFields; elements is a list), DocChunk documents
// one after the other in a pack (s-<n>), read by range, and the offsets of
// each pack's documents, DocChunk+1 little-endian uint32s, in a piece of
// their own (o-<n>).
func (ix *Index) storedPieces(kr index.IndexReader, ids []string, m *Manifest, pieces *[]Piece) error {
	for start, n := 0, 0; start < len(ids); start, n = start+DocChunk, n+1 {
		var pack bytes.Buffer
		offsets := binary.LittleEndian.AppendUint32(nil, 0)
		for _, id := range ids[start:min(len(ids), start+DocChunk)] {
			doc, err := kr.Document(id)
			if err != nil {
				return err
			}
			if doc == nil {
				return fmt.Errorf("search: document %q has no stored fields", id)
			}
			d := map[string]any{}
			elements := []string{}
			doc.VisitFields(func(f index.Field) {
				key, ok := storedFields[f.Name()]
				switch {
				case !ok:
				case key == "e":
					elements = append(elements, string(f.Value()))
				default:
					d[key] = string(f.Value())
				}
			})
			if len(elements) > 0 {
				d["e"] = elements
			}
			data, err := json.Marshal(d)
			if err != nil {
				return err
			}
			pack.Write(data)
			offsets = binary.LittleEndian.AppendUint32(offsets, uint32(pack.Len()))
		}
		sp := hashed(fmt.Sprintf("s-%d", n), ".bin", pack.Bytes())
		op := hashed(fmt.Sprintf("o-%d", n), ".bin", offsets)
		*pieces = append(*pieces, sp, op)
		m.Stored = append(m.Stored, [2]string{op.Name, sp.Name})
	}
	return nil
}
