package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
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
// small pairs: keys and values are copied into an arena of large byte
// chunks, an entry of 16 bytes records where each pair is, and an
// open-addressing table of entry numbers, each with 32 bits of its key's
// hash, finds a key. A lookup mostly reads neighbouring slots of the
// table; it reads an entry and its key only when the hash bits match. None
// of these holds a Go pointer per pair, so the garbage collector does not
// walk millions of keys on every cycle.
//
// Most pairs are written once and never read again while the index is
// built: once spill is set, those go to sorted runs instead (see runs),
// which bounds the memory an index takes to build, and encode merges the
// runs with the pairs kept here. The keys kept here are sorted once, when a
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
	arena   arena
	entries []entry
	live    int     // entries not deleted
	order   []int32 // live entries sorted by key; nil when stale
	// slimBack, once set, are the fields whose terms back-index rows keep
	// (see slimBackIndex).
	slimBack []uint32
	// spill, once set, takes the pairs of new documents (see runs).
	spill *runs

	// sorted form: from a file (readOnly), or made from order
	view     *sortedView
	readOnly bool
}

// entry is where one pair's bytes are, as places in an arena and lengths.
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

// errTooBig is returned when the pairs do not fit in an arena's places
// (4 GB).
var errTooBig = errors.New("search: the index is too big for one file (over 4 GB)")

// arena holds the bytes of keys and values in chunks that never move once
// written. reset empties it and keeps the chunks for reuse.
type arena struct {
	chunks [][]byte
	used   int // chunks in use; the rest are kept for reuse
	size   int // bytes added since the last reset
}

// add copies p into the arena and returns its place.
func (a *arena) add(p []byte) (uint32, error) {
	if a.used == 0 || cap(a.chunks[a.used-1])-len(a.chunks[a.used-1]) < len(p) {
		if a.used == maxChunks {
			return 0, errTooBig
		}
		switch {
		case a.used < len(a.chunks) && cap(a.chunks[a.used]) >= len(p):
			a.chunks[a.used] = a.chunks[a.used][:0]
		case a.used < len(a.chunks):
			a.chunks[a.used] = make([]byte, 0, max(chunkSize, len(p)))
		default:
			a.chunks = append(a.chunks, make([]byte, 0, max(chunkSize, len(p))))
		}
		a.used++
	}
	c := a.used - 1
	off := len(a.chunks[c])
	a.chunks[c] = append(a.chunks[c], p...)
	a.size += len(p)
	return uint32(c)<<chunkBits | uint32(off), nil
}

// at returns stored bytes; the slice's capacity ends with them, so an
// append by the caller cannot overwrite the next pair.
func (a *arena) at(place, n uint32) []byte {
	c, off := place>>chunkBits, place&(chunkSize-1)
	return a.chunks[c][off : off+n : off+n]
}

func (a *arena) key(e *entry) []byte { return a.at(e.kp, e.keyLen()) }
func (a *arena) val(e *entry) []byte { return a.at(e.vp, e.vl) }

func (a *arena) reset() { a.used, a.size = 0, 0 }

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
// iterators see them sorted. Pairs that went to runs are not seen.
func (s *kvStore) Reader() (store.KVReader, error) {
	if s.readOnly {
		return &kvReader{view: s.view}, nil
	}
	return &kvReader{live: s}, nil
}

func (s *kvStore) key(e *entry) []byte { return s.arena.key(e) }
func (s *kvStore) val(e *entry) []byte { return s.arena.val(e) }

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
	vp, err := s.arena.add(val)
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
	kp, err := s.arena.add(key)
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

// merge applies merge operands to key's value (Bleve counts documents
// per term this way, once per batch for every term in it). The new value
// takes the old one's place when it is no longer, which it mostly is: the
// count grows by a byte only at 128, 16384, .... So the dictionary does
// not leave a copy of itself in the arena for every batch. Values from
// Reader.Get are copies and do not change. The caller holds mu for
// writing.
func (s *kvStore) merge(key []byte, ops [][]byte) error {
	tag := s.hash(key)
	e := s.entryAt(s.find(key, tag))
	var existing []byte
	if e != nil && !e.dead() {
		existing = s.val(e)
	}
	merged, ok := s.mo.FullMerge(key, existing, ops)
	if !ok {
		return errMerge
	}
	if existing != nil && len(merged) <= len(existing) {
		e.vl = uint32(copy(existing[:cap(existing)], merged))
		return nil
	}
	return s.put(key, merged)
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
func (s *kvStore) sorted() []int32 {
	if s.order == nil {
		s.order = sortEntries(&s.arena, s.entries, s.live)
	}
	return s.order
}

// sortEntries returns the numbers of the live entries (live of them) in
// key order.
//
// Comparing keys where they lie in the arena means a cache miss on each
// side of every comparison. So the first 24 bytes of each key — all of
// most keys — are copied next to its entry number and compared as three
// integers; only equal prefixes fall back to the whole keys. (A prefix of
// 12 bytes took half as long again: BenchmarkSortRun, 18 ms against 12.) On two cores
// the halves are sorted side by side and merged.
func sortEntries(a *arena, ents []entry, live int) []int32 {
	items := make([]sortItem, 0, live)
	for i := range ents {
		if e := &ents[i]; !e.dead() {
			var p [24]byte
			copy(p[:], a.key(e))
			items = append(items, sortItem{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:16]), binary.BigEndian.Uint64(p[16:]), int32(i)})
		}
	}
	cmp := func(x, y sortItem) int {
		switch {
		case x.a != y.a:
			return cmpUint(x.a, y.a)
		case x.b != y.b:
			return cmpUint(x.b, y.b)
		case x.c != y.c:
			return cmpUint(x.c, y.c)
		}
		return bytes.Compare(a.key(&ents[x.i]), a.key(&ents[y.i]))
	}
	order := make([]int32, 0, len(items))
	if len(items) < 1<<14 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(items, cmp)
		for _, it := range items {
			order = append(order, it.i)
		}
		return order
	}
	half := len(items) / 2
	x, y := items[:half], items[half:]
	done := make(chan struct{})
	go func() { slices.SortFunc(x, cmp); close(done) }()
	slices.SortFunc(y, cmp)
	<-done
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		if cmp(x[i], y[j]) <= 0 {
			order = append(order, x[i].i)
			i++
		} else {
			order = append(order, y[j].i)
			j++
		}
	}
	for ; i < len(x); i++ {
		order = append(order, x[i].i)
	}
	for ; j < len(y); j++ {
		order = append(order, y[j].i)
	}
	return order
}

// sortItem is an entry number with the first 24 bytes of its key.
type sortItem struct {
	a, b, c uint64
	i       int32
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
		v := &sortedView{chunks: s.arena.chunks[:s.arena.used], shift: chunkBits, ents: make([]span, len(order))}
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
// pair in key order, those kept here merged with those in runs. It ends
// the building: the lookup table is let go first. When also is set, it
// gets every pair as well, in the same order, after it is written.
func (s *kvStore) encode(w io.Writer, metaJSON []byte, also func(k, v []byte) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slots = nil
	order := s.sorted()
	sources := []pairSource{&entrySource{a: &s.arena, ents: s.entries, order: order}}
	count := len(order)
	if s.spill != nil {
		sources = append(sources, s.spill.sources()...)
		count += s.spill.count
	}
	pw := newPairWriter(w, 256<<10)
	pw.raw([]byte(magic))
	pw.part(metaJSON)
	pw.uvarint(count)
	written := 0
	err := merge(sources, func(k, v []byte) error {
		pw.pair(k, v)
		written++
		if also != nil {
			return also(k, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if written != count {
		return fmt.Errorf("search: %d pairs written, %d expected", written, count)
	}
	return pw.flush()
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
		if err := w.s.merge([]byte(k), ops); err != nil {
			return err
		}
	}
	for _, op := range eb.Ops {
		v := op.V
		spilled := w.s.spill != nil && len(op.K) > 0 && spills(op.K[0])
		if v == nil {
			if spilled {
				return errSpilledDelete
			}
			w.s.del(op.K)
			continue
		}
		if w.s.slimBack != nil && len(op.K) > 0 && op.K[0] == 'b' {
			var err error
			if v, err = slimBackIndex(v, w.s.slimBack); err != nil {
				return err
			}
		}
		var err error
		if spilled {
			err = w.s.spill.add(op.K, v)
		} else {
			err = w.s.put(op.K, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *kvWriter) Close() error { return nil }
