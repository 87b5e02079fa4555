package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
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
//	manifest.json            the analysis (stop words, synonyms, word groups),
//	                         the fields and weights, the document count and
//	                         the names of the other pieces
//	h-<n>.<dict>.json        exact lookups: the terms whose hash (FNV-1a, 32
//	                         bits, of the term's bytes) modulo the number of
//	                         these shards is n, every field
//	z-<r>-<len>.<dict>.json  near misses: the terms of the fuzzy fields that
//	                         start with code point r (hex) and are len bytes
//	                         long; a fuzzy search with distance f reads the
//	                         lengths len-f … len+f (Bleve measures on bytes)
//	a-<r1>-<r2>.<dict>.json  the word being typed: the terms of the fuzzy
//	                         fields of three code points or more that start
//	                         with r1 r2 (a prefix has three or more)
//	p-<n>.<hash>.bin         the postings of every term, one after the other,
//	                         in packs of about postingsPack bytes, read by range
//	o-<n>.<hash>.bin         where each of DocChunk documents starts in s-<n>
//	s-<n>.<hash>.bin         their stored fields, one JSON object each, read
//	                         by range
//
// A dictionary row is [term, field, count, offset, length, field, ...]:
// per field (its number in Fields) the document count and where the
// postings lie, as an offset into all p-pieces one after the other (see
// Manifest.PostingsAt), -1 when there are none. No dictionary shard
// grows with the site: the hash shards get more as the vocabulary grows
// (about hashShardTerms terms each), and a (letter, length) or two-letter
// shard holds only words, which a larger site adds few of. So a query
// fetches about the same dictionary bytes on 1,000 pages as on 10,000.
//
// Every piece but the manifest has a hash of its content in its name (the
// dictionary shards one hash of them all, Manifest.Dict): a deploy never
// mixes old and new pieces, and hosts may cache them forever.

// ReaderDir is the directory of the reader's pieces in the site.
const ReaderDir = "zoeken/lezer"

// ManifestName is the one piece with a fixed name.
const ManifestName = "manifest.json"

// DocChunk is how many documents' stored fields share one pack.
const DocChunk = 1024

// hashShardTerms is about how many terms an exact-lookup shard holds: the
// number of shards is the power of two that gives between half and all of
// this many per shard.
const hashShardTerms = 128

// postingsPack is the size from which a postings pack is closed (at the
// end of a term): the postings are read by range, so a pack's size costs
// nothing, but some hosts refuse files of over 25 MB.
const postingsPack = 8 << 20

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
	// Dict is the hash of all dictionary shards together, in each of
	// their names (they are made together, and nearly every change to
	// the index changes nearly all of them): h-<n>.<Dict>.json,
	// z-<key>.<Dict>.json, a-<key>.<Dict>.json. So the manifest lists keys,
	// not names, and stays small as the site grows.
	Dict string `json:"dict"`
	// Exact is the number of exact-lookup shards: a term is in shard
	// TermHash(term) % Exact.
	Exact int `json:"exact"`
	// Near lists the keys of the near-miss shards, "<first code
	// point>-<length in bytes>" (hex, decimal), sorted.
	Near []string `json:"near"`
	// Prefix lists the keys of the prefix shards, "<first>-<second code
	// point>" (hex), sorted.
	Prefix []string `json:"prefix"`
	// Postings lists the postings packs; PostingsAt where each starts in
	// all of them one after the other. No term's postings cross a pack.
	Postings   []string `json:"postings"`
	PostingsAt []int64  `json:"postingsAt"`
	// Stored lists per pack of DocChunk documents its offsets piece and
	// the pack.
	Stored [][2]string `json:"stored"`
}

// FieldW is a field and its boost.
type FieldW struct {
	Field string  `json:"field"`
	Boost float64 `json:"boost"`
}

// TermHash is the hash that picks a term's exact-lookup shard: FNV-1a of
// its UTF-8 bytes, 32 bits.
func TermHash(term string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(term))
	return h.Sum32()
}

// NearKey is the key of the near-miss shard of a term: its first code
// point in hex and its length in bytes.
func NearKey(term string) string {
	r, _ := utf8.DecodeRuneInString(term)
	return fmt.Sprintf("%x-%d", r, len(term))
}

// PrefixKey is the key of the prefix shard of a term of two code points
// or more: the first two in hex.
func PrefixKey(term string) string {
	r1, n := utf8.DecodeRuneInString(term)
	r2, _ := utf8.DecodeRuneInString(term[n:])
	return fmt.Sprintf("%x-%x", r1, r2)
}

// Pieces reads the index's rows and makes the reader's pieces, sorted by
// name. The same index gives the same pieces, the same as WritePieces
// gives while it writes the index.
func (ix *Index) Pieces() ([]Piece, error) {
	var pieces []Piece
	pm, err := newPieceMaker(ix.synonyms, func(p Piece) error {
		pieces = append(pieces, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	v := ix.kv.view
	for i := 0; i < v.Len(); i++ {
		if err := pm.add(v.Key(i), v.Value(i)); err != nil {
			return nil, err
		}
	}
	if err := pm.finish(); err != nil {
		return nil, err
	}
	if uint64(pm.m.Docs) != ix.docs {
		return nil, fmt.Errorf("search: %d back-index rows, %d documents", pm.m.Docs, ix.docs)
	}
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].Name < pieces[j].Name })
	return pieces, nil
}

// pieceMaker makes the pieces from the index's rows, given in key order,
// in one pass, as they stream to the index file: back-index rows ('b')
// number the documents, dictionary rows ('d') are kept (one per term and
// field: the vocabulary, not the site), stored rows ('s') fill one pack of
// DocChunk documents at a time, term rows ('t') one postings pack at a
// time. What it holds does not grow with the number of documents beyond
// their IDs.
type pieceMaker struct {
	put func(Piece) error
	m   Manifest

	fieldNum map[uint16]string // Bleve's field numbers ('f' rows)
	ids      []string          // document IDs, in key order ('b' rows)
	dictRows []dictRow         // 'd' rows, until the field names are known
	dict     map[string][]dictEntry

	// stored fields
	docID    string // of the document being read, "" before the first
	doc      map[string]any
	elements []string
	pack     bytes.Buffer
	offsets  []byte
	packDocs int

	// postings
	post     bytes.Buffer
	postAt   int64 // where post starts in all packs
	cur      *dictEntry
	curTerm  string
	curField int
	prevOrd  int
	varBuf   [3 * binary.MaxVarintLen64]byte
}

type dictRow struct {
	field uint16
	term  string
	count uint64
}

type dictEntry struct {
	field  int
	count  uint64
	off, n int64
}

func newPieceMaker(synonyms [][]string, put func(Piece) error) (*pieceMaker, error) {
	m := Manifest{Version: 2, Fields: readerFields, Fuzzy: fuzzyFields,
		Synonym: synonymWeight, FuzzyW: fuzzyWeight, PrefixW: prefixWeight, DocChunk: DocChunk,
		Synonyms: synonyms}
	if m.Synonyms == nil {
		m.Synonyms = [][]string{}
	}
	m.Boosts = fieldBoosts
	mp, err := newMapping(synonyms)
	if err != nil {
		return nil, err
	}
	for _, g := range groups(mp, synonyms) {
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
	return &pieceMaker{put: put, m: m, fieldNum: map[uint16]string{}}, nil
}

// fieldIndex gives the reader's number of Bleve's field num, or -1.
func (pm *pieceMaker) fieldIndex(num uint16) int {
	return slices.Index(readerFields, pm.fieldNum[num])
}

// ordinal gives the number of a document: its place among the IDs.
func (pm *pieceMaker) ordinal(id []byte) (int, bool) {
	i := sort.Search(len(pm.ids), func(i int) bool { return pm.ids[i] >= string(id) })
	return i, i < len(pm.ids) && pm.ids[i] == string(id)
}

// add takes the next row; key and value may change after it returns.
func (pm *pieceMaker) add(k, v []byte) error {
	if len(k) == 0 {
		return nil
	}
	switch k[0] {
	case 'b':
		pm.ids = append(pm.ids, string(k[1:]))
	case 'd':
		if len(k) < 3 {
			return fmt.Errorf("search: bad dictionary row %q", k)
		}
		count, n := binary.Uvarint(v)
		if n <= 0 {
			return fmt.Errorf("search: bad dictionary row %q", k)
		}
		pm.dictRows = append(pm.dictRows, dictRow{binary.LittleEndian.Uint16(k[1:3]), string(k[3:]), count})
	case 'f':
		if len(k) == 3 {
			pm.fieldNum[binary.LittleEndian.Uint16(k[1:])] = strings.TrimSuffix(string(v), "\xff")
		}
	case 's':
		return pm.stored(k, v)
	case 't':
		return pm.posting(k, v)
	}
	return nil
}

// resolveDict turns the dictionary rows into entries per term, once the
// field names are known (their rows come after the dictionary's).
func (pm *pieceMaker) resolveDict() {
	if pm.dict != nil {
		return
	}
	pm.dict = map[string][]dictEntry{}
	// Every row is kept, also a count of 0 (the schema document's
	// terms): Bleve lists them in prefix and fuzzy searches, and they
	// weigh in the query norm.
	for _, r := range pm.dictRows {
		if fi := pm.fieldIndex(r.field); fi >= 0 {
			pm.dict[r.term] = append(pm.dict[r.term], dictEntry{field: fi, count: r.count, off: -1})
		}
	}
	pm.dictRows = nil
}

// stored takes a stored row ('s', ID, 0xff, field as two little-endian
// bytes, array positions; value: a type byte and the value). A document's
// rows come together, the documents in ordinal order (see internalID).
func (pm *pieceMaker) stored(k, v []byte) error {
	sep := bytes.IndexByte(k[1:], 0xff)
	if sep < 0 || len(k) < 1+sep+3 || len(v) < 1 {
		return fmt.Errorf("search: bad stored row %q", k)
	}
	id := k[1 : 1+sep]
	if pm.docID == "" || string(id) != pm.docID {
		if err := pm.endDoc(); err != nil {
			return err
		}
		ord, ok := pm.ordinal(id)
		want := len(pm.m.Stored)*DocChunk + pm.packDocs
		if !ok || ord != want {
			return fmt.Errorf("search: stored fields of document %q out of order", id)
		}
		pm.docID, pm.doc, pm.elements = string(id), map[string]any{}, nil
	}
	key, ok := storedFields[pm.fieldNum[binary.LittleEndian.Uint16(k[1+sep+1:])]]
	switch {
	case !ok:
	case key == "e":
		pm.elements = append(pm.elements, string(v[1:]))
	default:
		pm.doc[key] = string(v[1:])
	}
	return nil
}

// endDoc adds the document being read to the pack, and the pack to the
// pieces once it holds DocChunk documents.
func (pm *pieceMaker) endDoc() error {
	if pm.docID == "" {
		return nil
	}
	if len(pm.elements) > 0 {
		pm.doc["e"] = pm.elements
	}
	data, err := json.Marshal(pm.doc)
	if err != nil {
		return err
	}
	if pm.packDocs == 0 {
		pm.offsets = binary.LittleEndian.AppendUint32(pm.offsets[:0], 0)
	}
	pm.pack.Write(data)
	pm.offsets = binary.LittleEndian.AppendUint32(pm.offsets, uint32(pm.pack.Len()))
	pm.packDocs++
	pm.docID = ""
	if pm.packDocs == DocChunk {
		return pm.endPack()
	}
	return nil
}

// endPack writes the stored fields pack and its offsets.
func (pm *pieceMaker) endPack() error {
	if pm.packDocs == 0 {
		return nil
	}
	n := len(pm.m.Stored)
	sp := hashed(fmt.Sprintf("s-%d", n), ".bin", bytes.Clone(pm.pack.Bytes()))
	op := hashed(fmt.Sprintf("o-%d", n), ".bin", bytes.Clone(pm.offsets))
	pm.m.Stored = append(pm.m.Stored, [2]string{op.Name, sp.Name})
	pm.pack.Reset()
	pm.packDocs = 0
	if err := pm.put(sp); err != nil {
		return err
	}
	return pm.put(op)
}

// posting takes a term row ('t', field, term, 0xff, ID; value: frequency
// and norm bits as varints) and appends to the postings of (field, term),
// per document the ordinal's difference from the previous one, the
// frequency and the field length, as unsigned varints.
func (pm *pieceMaker) posting(k, v []byte) error {
	pm.resolveDict()
	if pm.docID != "" || pm.packDocs > 0 {
		if err := pm.endDoc(); err != nil {
			return err
		}
		if err := pm.endPack(); err != nil {
			return err
		}
	}
	if len(k) < 4 {
		return fmt.Errorf("search: bad term row %q", k)
	}
	fi := pm.fieldIndex(binary.LittleEndian.Uint16(k[1:3]))
	if fi < 0 {
		return nil
	}
	sep := bytes.IndexByte(k[3:], 0xff)
	if sep < 0 {
		return fmt.Errorf("search: bad term row %q", k)
	}
	term, doc := k[3:3+sep], k[3+sep+1:]
	freq, n1 := binary.Uvarint(v)
	normBits, n2 := binary.Uvarint(v[max(n1, 0):])
	if n1 <= 0 || n2 <= 0 {
		return fmt.Errorf("search: bad term row value %q", k)
	}
	length, err := lengthOf(math.Float32frombits(uint32(normBits)))
	if err != nil {
		return fmt.Errorf("search: %q: %w", term, err)
	}
	ord, ok := pm.ordinal(doc)
	if !ok {
		return fmt.Errorf("search: term row of unknown document %q", doc)
	}
	if pm.cur == nil || pm.curField != fi || pm.curTerm != string(term) {
		if err := pm.endTerm(); err != nil {
			return err
		}
		pm.curTerm, pm.curField, pm.prevOrd = string(term), fi, 0
		es := pm.dict[pm.curTerm]
		for i := range es {
			if es[i].field == fi {
				pm.cur = &es[i]
			}
		}
		if pm.cur == nil {
			return fmt.Errorf("search: postings of %q without a dictionary row", term)
		}
		pm.cur.off = pm.postAt + int64(pm.post.Len())
	}
	b := binary.AppendUvarint(pm.varBuf[:0], uint64(ord-pm.prevOrd))
	b = binary.AppendUvarint(b, freq)
	b = binary.AppendUvarint(b, length)
	pm.post.Write(b)
	pm.prevOrd = ord
	return nil
}

// endTerm closes the postings of the term being read, and the pack when
// it is full.
func (pm *pieceMaker) endTerm() error {
	if pm.cur == nil {
		return nil
	}
	pm.cur.n = pm.postAt + int64(pm.post.Len()) - pm.cur.off
	pm.cur = nil
	if pm.post.Len() >= postingsPack {
		return pm.endPostings()
	}
	return nil
}

// endPostings writes the postings pack.
func (pm *pieceMaker) endPostings() error {
	if pm.post.Len() == 0 {
		return nil
	}
	p := hashed(fmt.Sprintf("p-%d", len(pm.m.Postings)), ".bin", bytes.Clone(pm.post.Bytes()))
	pm.m.Postings = append(pm.m.Postings, p.Name)
	pm.m.PostingsAt = append(pm.m.PostingsAt, pm.postAt)
	pm.postAt += int64(pm.post.Len())
	pm.post.Reset()
	return pm.put(p)
}

// finish writes what is left: the last packs, the dictionary shards and
// the manifest.
func (pm *pieceMaker) finish() error {
	pm.resolveDict()
	if err := pm.endDoc(); err != nil {
		return err
	}
	if err := pm.endPack(); err != nil {
		return err
	}
	if err := pm.endTerm(); err != nil {
		return err
	}
	if err := pm.endPostings(); err != nil {
		return err
	}
	pm.m.Docs = len(pm.ids)
	if pm.m.Postings == nil {
		pm.m.Postings, pm.m.PostingsAt = []string{}, []int64{}
	}
	if pm.m.Stored == nil {
		pm.m.Stored = [][2]string{}
	}

	terms := make([]string, 0, len(pm.dict))
	for t := range pm.dict {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	fuzzy := map[int]bool{}
	for _, f := range fuzzyFields {
		fuzzy[slices.Index(readerFields, f)] = true
	}
	shards := 1
	for shards*hashShardTerms < len(terms) {
		shards *= 2
	}
	exact := make([][][]any, shards)
	near, prefix := map[string][][]any{}, map[string][][]any{}
	for _, term := range terms {
		es := pm.dict[term]
		sort.Slice(es, func(i, j int) bool { return es[i].field < es[j].field })
		row, fuzzyRow := []any{term}, []any{term}
		for _, e := range es {
			row = append(row, e.field, e.count, e.off, e.n)
			if fuzzy[e.field] {
				fuzzyRow = append(fuzzyRow, e.field, e.count, e.off, e.n)
			}
		}
		h := TermHash(term) % uint32(shards)
		exact[h] = append(exact[h], row)
		if len(fuzzyRow) == 1 {
			continue
		}
		key := NearKey(term)
		near[key] = append(near[key], fuzzyRow)
		if utf8.RuneCountInString(term) >= 3 {
			key := PrefixKey(term)
			prefix[key] = append(prefix[key], fuzzyRow)
		}
	}
	// The shards, named by their key, and one hash of them all.
	var made []Piece
	add := func(name string, rows [][]any) error {
		if rows == nil {
			rows = [][]any{}
		}
		data, err := json.Marshal(rows)
		made = append(made, Piece{name, data})
		return err
	}
	for i, rows := range exact {
		if err := add(fmt.Sprintf("h-%d", i), rows); err != nil {
			return err
		}
	}
	pm.m.Exact = len(exact)
	pm.m.Near, pm.m.Prefix = []string{}, []string{}
	for _, set := range []struct {
		kind   string
		shards map[string][][]any
		keys   *[]string
	}{{"z", near, &pm.m.Near}, {"a", prefix, &pm.m.Prefix}} {
		for key := range set.shards {
			*set.keys = append(*set.keys, key)
		}
		sort.Strings(*set.keys)
		for _, key := range *set.keys {
			if err := add(set.kind+"-"+key, set.shards[key]); err != nil {
				return err
			}
		}
	}
	sum := sha256.New()
	for _, p := range made {
		fmt.Fprintf(sum, "%s %d\n", p.Name, len(p.Data))
		sum.Write(p.Data)
	}
	pm.m.Dict = hex.EncodeToString(sum.Sum(nil)[:5])
	for _, p := range made {
		if err := pm.put(Piece{Name: p.Name + "." + pm.m.Dict + ".json", Data: p.Data}); err != nil {
			return err
		}
	}
	mj, err := json.Marshal(pm.m)
	if err != nil {
		return err
	}
	return pm.put(Piece{Name: ManifestName, Data: mj})
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
