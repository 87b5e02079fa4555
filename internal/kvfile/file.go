package kvfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// magic starts every file: the format and its version.
const magic = "KBIDX1\n"

// ErrCorrupt is returned by Open for data that is not a whole file.
var ErrCorrupt = errors.New("kvfile: not a valid index file")

// View is pairs in key order, as places in byte chunks: for a file opened
// with Open, one chunk, the file itself, and places are plain offsets
// (shift 32). Like the building store it holds no pointer per pair, which
// keeps garbage collection in the browser short.
type View struct {
	chunks [][]byte
	shift  uint // a place is chunk << shift | offset
	ents   []span
}

// span is where one pair of a View is.
type span struct{ kp, kl, vp, vl uint32 }

func (v *View) at(place, n uint32) []byte {
	c, off := uint64(place)>>v.shift, uint64(place)&(1<<v.shift-1)
	return v.chunks[c][off : off+uint64(n) : off+uint64(n)]
}

// Len is the number of pairs.
func (v *View) Len() int { return len(v.ents) }

// Key is the key of pair i; its capacity ends with it.
func (v *View) Key(i int) []byte { return v.at(v.ents[i].kp, v.ents[i].kl) }

// Value is the value of pair i; its capacity ends with it.
func (v *View) Value(i int) []byte { return v.at(v.ents[i].vp, v.ents[i].vl) }

// Search returns the first position from lo whose key is at least key
// (Len when there is none).
func (v *View) Search(lo int, key []byte) int {
	return lo + sort.Search(len(v.ents)-lo, func(i int) bool { return bytes.Compare(v.Key(lo+i), key) >= 0 })
}

// Get returns the value of key.
func (v *View) Get(key []byte) ([]byte, bool) {
	i := v.Search(0, key)
	if i < len(v.ents) && bytes.Equal(v.Key(i), key) {
		return v.Value(i), true
	}
	return nil, false
}

// Encode writes the file to w: the magic, meta and every pair in key
// order, those kept in the store merged with those in runs. It ends the
// building: the lookup table is let go first. When also is set, it gets
// every pair as well, in the same order, after it is written. A key both
// kept and in a run, or written once twice, is an error.
func (s *Store) Encode(w io.Writer, meta []byte, also func(k, v []byte) error) error {
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
	pw.part(meta)
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
		return fmt.Errorf("kvfile: %d pairs written, %d expected", written, count)
	}
	return pw.flush()
}

// Open reads a file: its metadata and its pairs, which point into data
// (so data must not change afterwards). Any data that is not a whole file
// with its keys in ascending order gives ErrCorrupt.
func Open(data []byte) (meta []byte, v *View, err error) {
	data = data[:len(data):len(data)] // so a part's capacity says where it lies
	if !bytes.HasPrefix(data, []byte(magic)) || len(data) > math.MaxUint32 {
		return nil, nil, ErrCorrupt
	}
	r := data[len(magic):]
	next := func() ([]byte, bool) {
		n, k := binary.Uvarint(r)
		if k <= 0 || n > uint64(len(r)-k) {
			return nil, false
		}
		p := r[k : k+int(n)] // its capacity runs to the end of data
		r = r[k+int(n):]
		return p, true
	}
	meta, ok := next()
	if !ok {
		return nil, nil, ErrCorrupt
	}
	count, k := binary.Uvarint(r)
	// Each pair takes two bytes at least: no count beyond that is
	// believed, nor room made for it.
	if k <= 0 || count > uint64(len(r)) {
		return nil, nil, ErrCorrupt
	}
	r = r[k:]
	v = &View{chunks: [][]byte{data}, shift: 32, ents: make([]span, 0, count)}
	// place gives where p lies in data.
	place := func(p []byte) (uint32, uint32) {
		return uint32(len(data) - cap(p)), uint32(len(p))
	}
	var prev []byte
	for i := uint64(0); i < count; i++ {
		key, ok1 := next()
		val, ok2 := next()
		if !ok1 || !ok2 {
			return nil, nil, ErrCorrupt
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			return nil, nil, ErrCorrupt
		}
		prev = key
		ko, kl := place(key)
		vo, vl := place(val)
		v.ents = append(v.ents, span{kp: ko, kl: kl, vp: vo, vl: vl})
	}
	if len(r) != 0 {
		return nil, nil, ErrCorrupt
	}
	return meta, v, nil
}
