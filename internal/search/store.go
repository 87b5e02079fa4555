package search

import (
	"bytes"
	"sort"
	"sync"

	store "github.com/blevesearch/upsidedown_store_api"
)

// kvStore is the key/value store under Bleve's upsidedown index. While the
// index is built, writes go into a Go map; the keys are sorted once, when a
// reader first iterates, and again only after later writes. A store
// loaded from an index file is read-only: its pairs are already sorted and
// point into the file's bytes.
type kvStore struct {
	mu     sync.RWMutex
	mo     store.MergeOperator
	pairs  map[string][]byte
	sorted []string // sorted keys of pairs; nil when stale
	// read-only form, from a file
	keys, vals [][]byte
	readOnly   bool
}

func newKVStore(mo store.MergeOperator) *kvStore {
	return &kvStore{mo: mo, pairs: map[string][]byte{}}
}

func (s *kvStore) Close() error { return nil }

func (s *kvStore) Writer() (store.KVWriter, error) { return &kvWriter{s: s}, nil }

// Reader returns a view of the store. Gets see the pairs as they are;
// iterators see them sorted, and the keys are sorted only when an iterator
// is made after a write, so indexing (which only gets) stays linear.
func (s *kvStore) Reader() (store.KVReader, error) {
	if s.readOnly {
		return &kvReader{keys: s.keys, vals: s.vals}, nil
	}
	return &kvReader{live: s}, nil
}

// sortedPairs returns the pairs sorted by key, sorting them if a write
// came after the last sort.
func (s *kvStore) sortedPairs() ([][]byte, [][]byte) {
	if s.readOnly {
		return s.keys, s.vals
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sorted == nil {
		s.sorted = make([]string, 0, len(s.pairs))
		for k := range s.pairs {
			s.sorted = append(s.sorted, k)
		}
		sort.Strings(s.sorted)
		s.keys = make([][]byte, len(s.sorted))
		s.vals = make([][]byte, len(s.sorted))
		for i, k := range s.sorted {
			s.keys[i] = []byte(k)
			s.vals[i] = s.pairs[k]
		}
	}
	return s.keys, s.vals
}

type kvReader struct {
	keys, vals [][]byte
	live       *kvStore // while building: the store itself
}

func (r *kvReader) Get(key []byte) ([]byte, error) {
	if r.live != nil {
		r.live.mu.RLock()
		v, ok := r.live.pairs[string(key)]
		r.live.mu.RUnlock()
		if !ok {
			return nil, nil
		}
		return append([]byte(nil), v...), nil
	}
	i := sort.Search(len(r.keys), func(i int) bool { return bytes.Compare(r.keys[i], key) >= 0 })
	if i < len(r.keys) && bytes.Equal(r.keys[i], key) {
		return r.vals[i], nil
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
		r.keys, r.vals = r.live.sortedPairs()
	}
	lo := sort.Search(len(r.keys), func(i int) bool { return bytes.Compare(r.keys[i], start) >= 0 })
	hi := len(r.keys)
	if end != nil {
		hi = sort.Search(len(r.keys), func(i int) bool { return bytes.Compare(r.keys[i], end) >= 0 })
	}
	if hi < lo {
		hi = lo
	}
	return &kvIterator{keys: r.keys[:hi], vals: r.vals[:hi], pos: lo, lo: lo}
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
	keys, vals [][]byte
	pos, lo    int
}

func (it *kvIterator) Seek(key []byte) {
	i := sort.Search(len(it.keys), func(i int) bool { return bytes.Compare(it.keys[i], key) >= 0 })
	it.pos = max(i, it.lo)
}
func (it *kvIterator) Next()         { it.pos++ }
func (it *kvIterator) Valid() bool   { return it.pos < len(it.keys) }
func (it *kvIterator) Key() []byte   { return it.keys[it.pos] }
func (it *kvIterator) Value() []byte { return it.vals[it.pos] }
func (it *kvIterator) Current() ([]byte, []byte, bool) {
	if !it.Valid() {
		return nil, nil, false
	}
	return it.keys[it.pos], it.vals[it.pos], true
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
	for k, ops := range eb.Merger.Merges {
		existing := w.s.pairs[k]
		merged, ok := w.s.mo.FullMerge([]byte(k), existing, ops)
		if !ok {
			return errMerge
		}
		w.s.pairs[k] = merged
	}
	for _, op := range eb.Ops {
		if op.V == nil {
			delete(w.s.pairs, string(op.K))
		} else {
			w.s.pairs[string(op.K)] = op.V
		}
	}
	w.s.sorted = nil
	return nil
}

func (w *kvWriter) Close() error { return nil }
