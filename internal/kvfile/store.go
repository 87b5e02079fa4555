// Package kvfile is a sorted key/value store made to be written once into
// a file and read from that file's bytes. It takes pairs of bytes (put,
// updated, deleted while they are collected; or written once, to sorted
// runs in a temporary file), and gives the file: a header, a metadata
// part and every pair in key order. Open takes such a file and gives its
// pairs in key order, pointing into the file's bytes. It knows nothing of
// what the keys and values mean (internal/search stores Bleve's rows in
// it).
//
// File format (all integers unsigned varints):
//
//	"KBIDX1\n"  magic and version
//	n, meta     length and bytes of the metadata
//	count       number of key/value pairs
//	count × (klen, key, vlen, value), keys in ascending byte order
package kvfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"runtime"
	"slices"
)

// Store collects the pairs of a file while it is built. It is not safe
// for concurrent use: the caller locks.
//
// The pairs live in a store made for millions of small pairs: keys and
// values are copied into an arena of large byte chunks, an entry of 16
// bytes records where each pair is, and an open-addressing table of entry
// numbers, each with 32 bits of its key's hash, finds a key. A lookup
// mostly reads neighbouring slots of the table; it reads an entry and its
// key only when the hash bits match. None of these holds a Go pointer per
// pair, so the garbage collector does not walk millions of keys on every
// cycle.
//
// Pairs written once and never read again can go to sorted runs instead
// (see Spill and PutOnce), which bounds the memory a file takes to build;
// Encode merges the runs with the pairs kept here. The keys kept here are
// sorted once, when Sorted is first called, and again only after later
// writes; puts and gets alone stay linear.
type Store struct {
	seed    maphash.Seed
	slots   []uint64 // open addressing, linear probing, at most 3/4 full: hash << 32 | entry number + 1; 0 when empty
	arena   arena
	entries []entry
	live    int     // entries not deleted
	order   []int32 // live entries sorted by key; nil when stale
	view    *View   // made from order; nil when stale
	spill   *runs   // set by Spill: takes the pairs of PutOnce
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

// ErrTooBig is returned when the pairs do not fit in an arena's places
// (4 GB).
var ErrTooBig = errors.New("kvfile: the pairs are too big for one file (over 4 GB)")

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
			return 0, ErrTooBig
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

// New makes an empty store with room for about sizeHint pairs.
func New(sizeHint int) *Store {
	n := 16
	for 3*n < 4*sizeHint {
		n *= 2
	}
	return &Store{seed: maphash.MakeSeed(), slots: make([]uint64, n), entries: make([]entry, 0, sizeHint)}
}

func (s *Store) key(e *entry) []byte { return s.arena.key(e) }
func (s *Store) val(e *entry) []byte { return s.arena.val(e) }

func (s *Store) hash(key []byte) uint32 { return uint32(maphash.Bytes(s.seed, key)) }

// find returns the slot of key's entry, dead or alive, or of the empty
// slot where it would go.
func (s *Store) find(key []byte, tag uint32) int {
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
func (s *Store) entryAt(i int) *entry {
	if s.slots[i] == 0 {
		return nil
	}
	return &s.entries[uint32(s.slots[i])-1]
}

// Get returns the value kept for key. The bytes are the store's: they stay
// put when other pairs are written, but Update may change them in place,
// so a caller that keeps them copies them. Pairs that went to runs are not
// found.
func (s *Store) Get(key []byte) ([]byte, bool) {
	e := s.entryAt(s.find(key, s.hash(key)))
	if e == nil || e.dead() {
		return nil, false
	}
	return s.val(e), true
}

// Put sets key to val, both copied.
func (s *Store) Put(key, val []byte) error {
	s.view = nil
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

// Update sets key to what f makes of its value (old, and whether there is
// one). The new value takes the old one's place when it is no longer, so
// a value updated often (a counter) does not leave a copy of itself in the
// arena each time.
func (s *Store) Update(key []byte, f func(old []byte, ok bool) ([]byte, error)) error {
	e := s.entryAt(s.find(key, s.hash(key)))
	var old []byte
	ok := e != nil && !e.dead()
	if ok {
		old = s.val(e)
	}
	val, err := f(old, ok)
	if err != nil {
		return err
	}
	if ok && len(val) <= len(old) {
		s.view = nil
		e.vl = uint32(copy(old[:cap(old)], val))
		return nil
	}
	return s.Put(key, val)
}

// grow doubles the slot table; the slots keep their hashes, so no key is
// read.
func (s *Store) grow() {
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

// Delete removes key.
func (s *Store) Delete(key []byte) {
	e := s.entryAt(s.find(key, s.hash(key)))
	if e == nil || e.dead() {
		return
	}
	e.kl |= deleted
	s.live--
	s.order = nil
	s.view = nil
}

// Spill makes PutOnce send its pairs to sorted runs of about limit bytes
// (RunBytes is a good size), in a temporary file that Close removes.
func (s *Store) Spill(limit int) {
	if s.spill == nil {
		s.spill = newRuns(limit)
	}
}

// PutOnce adds a pair that is never read, changed or deleted while the
// file is built: to the runs once Spill was called, else as Put.
func (s *Store) PutOnce(key, val []byte) error {
	if s.spill != nil {
		return s.spill.add(key, val)
	}
	return s.Put(key, val)
}

// Close removes the temporary file of the runs, if there is one.
func (s *Store) Close() {
	if s.spill != nil {
		s.spill.close()
	}
}

// sorted returns the numbers of the live entries in key order, sorting
// them if a write came after the last sort.
func (s *Store) sorted() []int32 {
	if s.order == nil {
		s.order = sortEntries(&s.arena, s.entries, s.live)
	}
	return s.order
}

// Sorted returns the pairs kept in the store (not those in runs) in key
// order. The view stays valid until the next write.
func (s *Store) Sorted() *View {
	if s.order == nil || s.view == nil {
		order := s.sorted()
		v := &View{chunks: s.arena.chunks[:s.arena.used], shift: chunkBits, ents: make([]span, len(order))}
		for n, i := range order {
			e := &s.entries[i]
			v.ents[n] = span{kp: e.kp, kl: e.keyLen(), vp: e.vp, vl: e.vl}
		}
		s.view = v
	}
	return s.view
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
