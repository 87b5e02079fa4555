package search

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"runtime"
	"slices"
	"sort"
	"sync"

	store "github.com/blevesearch/upsidedown_store_api"
)

// kvStore is the key/value store under Bleve's upsidedown index.
//
// While the index is built, the pairs live in a store made for millions of
// small pairs: keys and values are copied into large byte chunks, an entry
// table records where each pair is, and a map from the key's hash to its
// entry finds it. None of these holds a Go pointer per pair, so the garbage
// collector does not walk millions of keys on every cycle, and a pair costs
// about a third of the memory of a map[string][]byte. The keys are sorted
// once, when a reader first iterates, and again only after later writes;
// indexing itself only gets and puts, so it stays linear.
//
// A store loaded from an index file is read-only: its pairs are already
// sorted and point into the file's bytes.
type kvStore struct {
	mu sync.RWMutex
	mo store.MergeOperator

	// while building
	seed    maphash.Seed
	heads   map[uint64]int32 // hash of a key → newest entry with that hash
	entries []entry
	chunks  [][]byte   // the bytes of keys and values; never moved once written
	live    int        // entries not deleted
	order   []sortItem // live entries sorted by key; nil when stale

	// sorted form: from a file (readOnly), or made from order
	view     *sortedView
	readOnly bool
}

// entry is where one pair's bytes are: key and value as (chunk, offset,
// length), and the previous entry whose key has the same hash.
type entry struct {
	kc, ko, kl uint32
	vc, vo, vl uint32
	next       int32 // -1 at the end of the chain
	dead       bool
}

// chunkSize is the size of the byte chunks; a larger key or value gets a
// chunk of its own.
const chunkSize = 4 << 20

// newKVStore makes an empty store with room for about sizeHint pairs.
func newKVStore(mo store.MergeOperator, sizeHint int) *kvStore {
	return &kvStore{mo: mo, seed: maphash.MakeSeed(), heads: make(map[uint64]int32, sizeHint), entries: make([]entry, 0, sizeHint)}
}

func (s *kvStore) Close() error { return nil }

func (s *kvStore) Writer() (store.KVWriter, error) { return &kvWriter{s: s}, nil }

// Reader returns a view of the store. Gets see the pairs as they are;
// iterators see them sorted.
func (s *kvStore) Reader() (store.KVReader, error) {
	if s.readOnly {
		return &kvReader{view: s.view}, nil
	}
	return &kvReader{live: s}, nil
}

// add copies p into the chunks and says where it went.
func (s *kvStore) add(p []byte) (chunk, off, n uint32) {
	last := len(s.chunks) - 1
	if last < 0 || cap(s.chunks[last])-len(s.chunks[last]) < len(p) {
		s.chunks = append(s.chunks, make([]byte, 0, max(chunkSize, len(p))))
		last++
	}
	off = uint32(len(s.chunks[last]))
	s.chunks[last] = append(s.chunks[last], p...)
	return uint32(last), off, uint32(len(p))
}

// at returns stored bytes; the slice's capacity ends with them, so an
// append by the caller cannot overwrite the next pair.
func (s *kvStore) at(chunk, off, n uint32) []byte {
	return s.chunks[chunk][off : off+n : off+n]
}

func (s *kvStore) key(e *entry) []byte { return s.at(e.kc, e.ko, e.kl) }
func (s *kvStore) val(e *entry) []byte { return s.at(e.vc, e.vo, e.vl) }

// find returns the live entry for key, or -1. The caller holds mu.
func (s *kvStore) find(key []byte, h uint64) int32 {
	i, ok := s.heads[h]
	if !ok {
		return -1
	}
	for ; i >= 0; i = s.entries[i].next {
		e := &s.entries[i]
		if !e.dead && bytes.Equal(s.key(e), key) {
			return i
		}
	}
	return -1
}

// get returns the value for key. The caller holds mu.
func (s *kvStore) get(key []byte) ([]byte, bool) {
	i := s.find(key, maphash.Bytes(s.seed, key))
	if i < 0 {
		return nil, false
	}
	return s.val(&s.entries[i]), true
}

// put sets key to val. The caller holds mu for writing.
func (s *kvStore) put(key, val []byte) {
	h := maphash.Bytes(s.seed, key)
	vc, vo, vl := s.add(val)
	if i := s.find(key, h); i >= 0 {
		e := &s.entries[i]
		e.vc, e.vo, e.vl = vc, vo, vl
		return
	}
	kc, ko, kl := s.add(key)
	next, ok := s.heads[h]
	if !ok {
		next = -1
	}
	s.heads[h] = int32(len(s.entries))
	s.entries = append(s.entries, entry{kc: kc, ko: ko, kl: kl, vc: vc, vo: vo, vl: vl, next: next})
	s.live++
	s.order = nil
}

// del removes key. The caller holds mu for writing.
func (s *kvStore) del(key []byte) {
	if i := s.find(key, maphash.Bytes(s.seed, key)); i >= 0 {
		s.entries[i].dead = true
		s.live--
		s.order = nil
	}
}

// sorted returns the live entries in key order, sorting them if a write
// came after the last sort. The caller holds mu for writing.
//
// Comparing keys where they lie in the chunks means a cache miss on each
// side of every comparison. So the first 16 bytes of each key — all of
// most keys — are copied next to its entry number and compared as two
// integers; only equal prefixes fall back to the whole keys. The two
// halves are sorted on two cores and merged.
func (s *kvStore) sorted() []sortItem {
	if s.order != nil {
		return s.order
	}
	items := make([]sortItem, 0, s.live)
	for i := range s.entries {
		if e := &s.entries[i]; !e.dead {
			k := s.key(e)
			var p [16]byte
			copy(p[:], k)
			items = append(items, sortItem{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:]), int32(i)})
		}
	}
	cmp := func(a, b sortItem) int {
		switch {
		case a.hi != b.hi:
			return cmpUint(a.hi, b.hi)
		case a.lo != b.lo:
			return cmpUint(a.lo, b.lo)
		}
		return bytes.Compare(s.key(&s.entries[a.i]), s.key(&s.entries[b.i]))
	}
	if len(items) < 1<<14 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(items, cmp)
		s.order = items
		return items
	}
	half := len(items) / 2
	a, b := items[:half], items[half:]
	done := make(chan struct{})
	go func() { slices.SortFunc(a, cmp); close(done) }()
	slices.SortFunc(b, cmp)
	<-done
	order := make([]sortItem, 0, len(items))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if cmp(a[i], b[j]) <= 0 {
			order = append(order, a[i])
			i++
		} else {
			order = append(order, b[j])
			j++
		}
	}
	order = append(append(order, a[i:]...), b[j:]...)
	s.order = order
	return order
}

// sortItem is an entry number with the first 16 bytes of its key.
type sortItem struct {
	hi, lo uint64
	i      int32
}

func cmpUint(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}

// orderedView returns the pairs in key order, made from the entries when a
// write came after the last one.
func (s *kvStore) orderedView() *sortedView {
	if s.readOnly {
		return s.view
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.order == nil || s.view == nil {
		order := s.sorted()
		v := &sortedView{chunks: s.chunks, ents: make([]entry, len(order))}
		for n, it := range order {
			v.ents[n] = s.entries[it.i]
		}
		s.view = v
	}
	return s.view
}

// sortedView is pairs in key order, as places in byte chunks: for a store
// opened from a file, one chunk, the file itself. Like the building store
// it holds no pointer per pair, which keeps garbage collection in the
// browser short.
type sortedView struct {
	chunks [][]byte
	ents   []entry
}

func (v *sortedView) key(i int) []byte {
	e := &v.ents[i]
	return v.chunks[e.kc][e.ko : e.ko+e.kl : e.ko+e.kl]
}

func (v *sortedView) val(i int) []byte {
	e := &v.ents[i]
	return v.chunks[e.vc][e.vo : e.vo+e.vl : e.vo+e.vl]
}

// search returns the first position whose key is at least key, from lo.
func (v *sortedView) search(lo int, key []byte) int {
	return lo + sort.Search(len(v.ents)-lo, func(i int) bool { return bytes.Compare(v.key(lo+i), key) >= 0 })
}

// encode writes the index file: the magic, the metadata and every pair in
// key order, each value passed through fix first. fix may only shorten a
// value, so the buffer is sized once, from the pairs as they are.
func (s *kvStore) encode(metaJSON []byte, fix func(key, val []byte) ([]byte, error)) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	order := s.sorted()
	size := len(magic) + 2*binary.MaxVarintLen64 + len(metaJSON)
	for _, it := range order {
		e := &s.entries[it.i]
		size += 2*binary.MaxVarintLen32 + int(e.kl) + int(e.vl)
	}
	buf := make([]byte, 0, size)
	buf = append(buf, magic...)
	buf = binary.AppendUvarint(buf, uint64(len(metaJSON)))
	buf = append(buf, metaJSON...)
	buf = binary.AppendUvarint(buf, uint64(len(order)))
	for _, it := range order {
		e := &s.entries[it.i]
		k := s.key(e)
		v, err := fix(k, s.val(e))
		if err != nil {
			return nil, err
		}
		buf = binary.AppendUvarint(buf, uint64(len(k)))
		buf = append(buf, k...)
		buf = binary.AppendUvarint(buf, uint64(len(v)))
		buf = append(buf, v...)
	}
	return buf, nil
}

type kvReader struct {
	view *sortedView
	live *kvStore // while building: the store itself
}

func (r *kvReader) Get(key []byte) ([]byte, error) {
	if r.live != nil {
		r.live.mu.RLock()
		v, ok := r.live.get(key)
		r.live.mu.RUnlock()
		if !ok {
			return nil, nil
		}
		return append([]byte(nil), v...), nil
	}
	i := r.view.search(0, key)
	if i < len(r.view.ents) && bytes.Equal(r.view.key(i), key) {
		return r.view.val(i), nil
	}
	return nil, nil
}

func (r *kvReader) MultiGet(keys [][]byte) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i], _ = r.Get(k)
	}
	return out, nil
}

func (r *kvReader) PrefixIterator(prefix []byte) store.KVIterator {
	end := prefixEnd(prefix)
	return r.RangeIterator(prefix, end)
}

func (r *kvReader) RangeIterator(start, end []byte) store.KVIterator {
	if r.live != nil {
		r.view = r.live.orderedView()
	}
	lo := r.view.search(0, start)
	hi := len(r.view.ents)
	if end != nil {
		hi = r.view.search(lo, end)
	}
	return &kvIterator{view: r.view, pos: lo, lo: lo, hi: hi}
}

func (r *kvReader) Close() error { return nil }

// prefixEnd is the smallest key greater than every key with the prefix,
// or nil when there is none.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

type kvIterator struct {
	view        *sortedView
	pos, lo, hi int
}

func (it *kvIterator) Seek(key []byte) {
	it.pos = min(it.view.search(it.lo, key), it.hi)
}
func (it *kvIterator) Next()         { it.pos++ }
func (it *kvIterator) Valid() bool   { return it.pos < it.hi }
func (it *kvIterator) Key() []byte   { return it.view.key(it.pos) }
func (it *kvIterator) Value() []byte { return it.view.val(it.pos) }
func (it *kvIterator) Current() ([]byte, []byte, bool) {
	if !it.Valid() {
		return nil, nil, false
	}
	return it.Key(), it.Value(), true
}
func (it *kvIterator) Close() error { return nil }

type kvWriter struct{ s *kvStore }

func (w *kvWriter) NewBatch() store.KVBatch { return store.NewEmulatedBatch(w.s.mo) }

func (w *kvWriter) NewBatchEx(opts store.KVBatchOptions) ([]byte, store.KVBatch, error) {
	return make([]byte, opts.TotalBytes), w.NewBatch(), nil
}

func (w *kvWriter) ExecuteBatch(b store.KVBatch) error {
	if w.s.readOnly {
		return errReadOnly
	}
	eb := b.(*store.EmulatedBatch)
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.view = nil
	for k, ops := range eb.Merger.Merges {
		key := []byte(k)
		existing, _ := w.s.get(key)
		merged, ok := w.s.mo.FullMerge(key, existing, ops)
		if !ok {
			return errMerge
		}
		w.s.put(key, merged)
	}
	for _, op := range eb.Ops {
		if op.V == nil {
			w.s.del(op.K)
		} else {
			w.s.put(op.K, op.V)
		}
	}
	return nil
}

func (w *kvWriter) Close() error { return nil }
