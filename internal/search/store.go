package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"io"
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
// of 16 bytes records where each pair is, and an open-addressing table of
// entry numbers, each with 32 bits of its key's hash, finds a key. A
// lookup mostly reads neighbouring slots of the table; it reads an entry
// and its key only when the hash bits match. None of these holds a Go
// pointer per pair, so the garbage collector does not walk millions of
// keys on every cycle, and a pair costs about 30 bytes besides its own
// bytes (a map[string][]byte costs over 100). The keys are sorted once, when a
// reader first iterates, and again only after later writes; indexing
// itself only gets and puts, so it stays linear.
//
// A store loaded from an index file is read-only: its pairs are already
// sorted and point into the file's bytes.
type kvStore struct {
	mu sync.RWMutex
	mo store.MergeOperator

	// while building
	seed    maphash.Seed
	slots   []uint64 // open addressing, linear probing, at most 3/4 full: hash << 32 | entry number + 1; 0 when empty
	entries []entry
	chunks  [][]byte // the bytes of keys and values; never moved once written
	live    int      // entries not deleted
	order   []int32  // live entries sorted by key; nil when stale
	// slimBack, once set, are the fields whose terms back-index rows keep
	// (see slimBackIndex).
	slimBack []uint32

	// sorted form: from a file (readOnly), or made from order
	view     *sortedView
	readOnly bool
}

// entry is where one pair's bytes are, as places (see add) and lengths.
type entry struct {
	kp, vp uint32
	kl, vl uint32 // kl has deleted set when the pair was deleted
}

// deleted marks a deleted entry in its key length; its key stays, so a
// later put of the same key takes the entry back.
const deleted = 1 << 31

func (e *entry) keyLen() uint32 { return e.kl &^ deleted }
func (e *entry) dead() bool     { return e.kl&deleted != 0 }

// A place is a chunk number and an offset in one uint32: chunkBits bits
// of offset, so at most 1 << (32 - chunkBits) chunks.
const (
	chunkBits = 22
	chunkSize = 1 << chunkBits // a larger key or value gets a chunk of its own, at offset 0
	maxChunks = 1 << (32 - chunkBits)
)

// errTooBig is returned when the pairs do not fit in the chunks' places
// (4 GB).
var errTooBig = errors.New("search: the index is too big for one file (over 4 GB)")

// newKVStore makes an empty store with room for about sizeHint pairs.
func newKVStore(mo store.MergeOperator, sizeHint int) *kvStore {
	n := 16
	for 3*n < 4*sizeHint {
		n *= 2
	}
	return &kvStore{mo: mo, seed: maphash.MakeSeed(), slots: make([]uint64, n), entries: make([]entry, 0, sizeHint)}
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
func (s *kvStore) add(p []byte) (uint32, error) {
	last := len(s.chunks) - 1
	if last < 0 || cap(s.chunks[last])-len(s.chunks[last]) < len(p) {
		if len(s.chunks) == maxChunks {
			return 0, errTooBig
		}
		s.chunks = append(s.chunks, make([]byte, 0, max(chunkSize, len(p))))
		last++
	}
	off := len(s.chunks[last])
	s.chunks[last] = append(s.chunks[last], p...)
	return uint32(last)<<chunkBits | uint32(off), nil
}

// at returns stored bytes; the slice's capacity ends with them, so an
// append by the caller cannot overwrite the next pair.
func (s *kvStore) at(place, n uint32) []byte {
	c, off := place>>chunkBits, place&(chunkSize-1)
	return s.chunks[c][off : off+n : off+n]
}

func (s *kvStore) key(e *entry) []byte { return s.at(e.kp, e.keyLen()) }
func (s *kvStore) val(e *entry) []byte { return s.at(e.vp, e.vl) }

func (s *kvStore) hash(key []byte) uint32 { return uint32(maphash.Bytes(s.seed, key)) }

// find returns the slot of key's entry, dead or alive, or of the empty
// slot where it would go. The caller holds mu.
func (s *kvStore) find(key []byte, tag uint32) int {
	mask := len(s.slots) - 1
	for i := int(tag) & mask; ; i = (i + 1) & mask {
		slot := s.slots[i]
		if slot == 0 {
			return i
		}
		if uint32(slot>>32) == tag && bytes.Equal(s.key(&s.entries[uint32(slot)-1]), key) {
			return i
		}
	}
}

// entryAt returns the entry in slot i, or nil when the slot is empty.
func (s *kvStore) entryAt(i int) *entry {
	if s.slots[i] == 0 {
		return nil
	}
	return &s.entries[uint32(s.slots[i])-1]
}

// get returns the value for key. The caller holds mu.
func (s *kvStore) get(key []byte) ([]byte, bool) {
	e := s.entryAt(s.find(key, s.hash(key)))
	if e == nil || e.dead() {
		return nil, false
	}
	return s.val(e), true
}

// put sets key to val. The caller holds mu for writing.
func (s *kvStore) put(key, val []byte) error {
	tag := s.hash(key)
	slot := s.find(key, tag)
	vp, err := s.add(val)
	if err != nil {
		return err
	}
	if e := s.entryAt(slot); e != nil {
		if e.dead() {
			e.kl &^= deleted
			s.live++
			s.order = nil
		}
		e.vp, e.vl = vp, uint32(len(val))
		return nil
	}
	kp, err := s.add(key)
	if err != nil {
		return err
	}
	s.entries = append(s.entries, entry{kp: kp, vp: vp, kl: uint32(len(key)), vl: uint32(len(val))})
	s.slots[slot] = uint64(tag)<<32 | uint64(len(s.entries))
	s.live++
	s.order = nil
	if 4*len(s.entries) > 3*len(s.slots) {
		s.grow()
	}
	return nil
}

// grow doubles the slot table; the slots keep their hashes, so no key is
// read.
func (s *kvStore) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := len(s.slots) - 1
	for _, slot := range old {
		if slot == 0 {
			continue
		}
		i := int(slot>>32) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = slot
	}
}

// del removes key. The caller holds mu for writing.
func (s *kvStore) del(key []byte) {
	e := s.entryAt(s.find(key, s.hash(key)))
	if e == nil || e.dead() {
		return
	}
	e.kl |= deleted
	s.live--
	s.order = nil
}

// sorted returns the numbers of the live entries in key order, sorting
// them if a write came after the last sort. The caller holds mu for
// writing.
//
// Comparing keys where they lie in the chunks means a cache miss on each
// side of every comparison. So the first 16 bytes of each key — all of
// most keys — are copied next to its entry number and compared as two
// integers; only equal prefixes fall back to the whole keys. The two
// halves are sorted on two cores and merged.
func (s *kvStore) sorted() []int32 {
	if s.order != nil {
		return s.order
	}
	items := make([]sortItem, 0, s.live)
	for i := range s.entries {
		if e := &s.entries[i]; !e.dead() {
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
	order := make([]int32, 0, len(items))
	if len(items) < 1<<14 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(items, cmp)
		for _, it := range items {
			order = append(order, it.i)
		}
		s.order = order
		return order
	}
	half := len(items) / 2
	a, b := items[:half], items[half:]
	done := make(chan struct{})
	go func() { slices.SortFunc(a, cmp); close(done) }()
	slices.SortFunc(b, cmp)
	<-done
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if cmp(a[i], b[j]) <= 0 {
			order = append(order, a[i].i)
			i++
		} else {
			order = append(order, b[j].i)
			j++
		}
	}
	for ; i < len(a); i++ {
		order = append(order, a[i].i)
	}
	for ; j < len(b); j++ {
		order = append(order, b[j].i)
	}
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
		v := &sortedView{chunks: s.chunks, shift: chunkBits, ents: make([]span, len(order))}
		for n, i := range order {
			e := &s.entries[i]
			v.ents[n] = span{kp: e.kp, kl: e.keyLen(), vp: e.vp, vl: e.vl}
		}
		s.view = v
	}
	return s.view
}

// sortedView is pairs in key order, as places in byte chunks: for a store
// opened from a file, one chunk, the file itself, and places are plain
// offsets (shift 32). Like the building store it holds no pointer per
// pair, which keeps garbage collection in the browser short.
type sortedView struct {
	chunks [][]byte
	shift  uint // a place is chunk << shift | offset
	ents   []span
}

// span is where one pair of a sortedView is.
type span struct{ kp, kl, vp, vl uint32 }

func (v *sortedView) at(place, n uint32) []byte {
	c, off := uint64(place)>>v.shift, uint64(place)&(1<<v.shift-1)
	return v.chunks[c][off : off+uint64(n) : off+uint64(n)]
}

func (v *sortedView) key(i int) []byte { return v.at(v.ents[i].kp, v.ents[i].kl) }
func (v *sortedView) val(i int) []byte { return v.at(v.ents[i].vp, v.ents[i].vl) }

// search returns the first position whose key is at least key, from lo.
func (v *sortedView) search(lo int, key []byte) int {
	return lo + sort.Search(len(v.ents)-lo, func(i int) bool { return bytes.Compare(v.key(lo+i), key) >= 0 })
}

// encode writes the index file to w: the magic, the metadata and every
// pair in key order.
func (s *kvStore) encode(w io.Writer, metaJSON []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	order := s.sorted()
	bw := bufio.NewWriterSize(w, 256<<10)
	var n [binary.MaxVarintLen64]byte
	uvarint := func(x int) { bw.Write(binary.AppendUvarint(n[:0], uint64(x))) }
	bw.WriteString(magic)
	uvarint(len(metaJSON))
	bw.Write(metaJSON)
	uvarint(len(order))
	for _, i := range order {
		e := &s.entries[i]
		k, v := s.key(e), s.val(e)
		uvarint(len(k))
		bw.Write(k)
		uvarint(len(v))
		bw.Write(v)
	}
	return bw.Flush()
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
		if err := w.s.put(key, merged); err != nil {
			return err
		}
	}
	for _, op := range eb.Ops {
		v := op.V
		if v == nil {
			w.s.del(op.K)
			continue
		}
		if w.s.slimBack != nil && len(op.K) > 0 && op.K[0] == 'b' {
			var err error
			if v, err = slimBackIndex(v, w.s.slimBack); err != nil {
				return err
			}
		}
		if err := w.s.put(op.K, v); err != nil {
			return err
		}
	}
	return nil
}

func (w *kvWriter) Close() error { return nil }
