package search

import (
	"errors"
	"io"
	"sync"

	store "github.com/blevesearch/upsidedown_store_api"

	"github.com/werkzame-elementen/kb/internal/kvfile"
)

// kvStore is the key/value store under Bleve's upsidedown index: Bleve's
// store API over a kvfile.Store while the index is built, and over the
// pairs of an index file once it is opened (read-only). What it assumes
// of the rows Bleve writes is in rows.go.
type kvStore struct {
	mu sync.RWMutex
	mo store.MergeOperator

	build *kvfile.Store // while building; nil when opened from a file
	// slimBack, once set, are the fields whose terms back-index rows keep
	// (see slimBackIndex).
	slimBack []uint32
	// spilling, once set, sends the rows that are written once to the
	// store's runs (see writtenOnce).
	spilling bool

	view *kvfile.View // opened from a file
}

var (
	errReadOnly      = errors.New("search: the index is read-only")
	errMerge         = errors.New("search: merge operator failed")
	errSpilledDelete = errors.New("search: a row of an indexed document was removed; every document may be indexed only once")
)

// newKVStore makes an empty store for building, with room for about
// sizeHint pairs.
func newKVStore(sizeHint int) *kvStore {
	return &kvStore{build: kvfile.New(sizeHint)}
}

// slimAndSpill makes the store keep only the terms of the fields keep in
// back-index rows, and send the rows of new documents to sorted runs of
// runLimit bytes: from here on no document is removed and none indexed
// twice (see rows.go).
func (s *kvStore) slimAndSpill(keep []uint32, runLimit int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slimBack = keep
	s.spilling = true
	s.build.Spill(runLimit)
}

// encode writes the index file (see kvfile.Encode).
func (s *kvStore) encode(w io.Writer, metaJSON []byte, also func(k, v []byte) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.build.Encode(w, metaJSON, also)
}

// get returns a copy of the value of key while building.
func (s *kvStore) get(key []byte) ([]byte, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.build.Get(key)
	if !ok {
		return nil, false
	}
	return append([]byte(nil), v...), true
}

// sorted returns the pairs in key order.
func (s *kvStore) sorted() *kvfile.View {
	if s.build == nil {
		return s.view
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.build.Sorted()
}

func (s *kvStore) Close() error { return nil }

func (s *kvStore) Writer() (store.KVWriter, error) { return &kvWriter{s: s}, nil }

// Reader returns a view of the store. Gets see the pairs as they are;
// iterators see them sorted. Rows that went to runs are not seen.
func (s *kvStore) Reader() (store.KVReader, error) { return &kvReader{s: s}, nil }

type kvReader struct{ s *kvStore }

func (r *kvReader) Get(key []byte) ([]byte, error) {
	if r.s.build != nil {
		v, _ := r.s.get(key)
		return v, nil
	}
	v, _ := r.s.view.Get(key)
	return v, nil
}

func (r *kvReader) MultiGet(keys [][]byte) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i], _ = r.Get(k)
	}
	return out, nil
}

func (r *kvReader) PrefixIterator(prefix []byte) store.KVIterator {
	return r.RangeIterator(prefix, prefixEnd(prefix))
}

func (r *kvReader) RangeIterator(start, end []byte) store.KVIterator {
	v := r.s.sorted()
	lo := v.Search(0, start)
	hi := v.Len()
	if end != nil {
		hi = v.Search(lo, end)
	}
	return &kvIterator{view: v, pos: lo, lo: lo, hi: hi}
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
	view        *kvfile.View
	pos, lo, hi int
}

func (it *kvIterator) Seek(key []byte) {
	it.pos = min(it.view.Search(it.lo, key), it.hi)
}
func (it *kvIterator) Next()         { it.pos++ }
func (it *kvIterator) Valid() bool   { return it.pos < it.hi }
func (it *kvIterator) Key() []byte   { return it.view.Key(it.pos) }
func (it *kvIterator) Value() []byte { return it.view.Value(it.pos) }
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

// ExecuteBatch applies the merges (Bleve counts documents per term this
// way, once per batch for every term in it), then the puts and deletes:
// back-index rows slimmed, the rows of new documents to runs once the
// store spills.
func (w *kvWriter) ExecuteBatch(b store.KVBatch) error {
	s := w.s
	if s.build == nil {
		return errReadOnly
	}
	eb := b.(*store.EmulatedBatch)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, ops := range eb.Merger.Merges {
		key := []byte(k)
		err := s.build.Update(key, func(old []byte, ok bool) ([]byte, error) {
			if !ok {
				old = nil
			}
			merged, ok := s.mo.FullMerge(key, old, ops)
			if !ok {
				return nil, errMerge
			}
			return merged, nil
		})
		if err != nil {
			return err
		}
	}
	for _, op := range eb.Ops {
		v := op.V
		once := s.spilling && writtenOnce(op.K)
		if v == nil {
			if once {
				return errSpilledDelete
			}
			s.build.Delete(op.K)
			continue
		}
		if s.slimBack != nil && isBackIndexRow(op.K) {
			var err error
			if v, err = slimBackIndex(v, s.slimBack); err != nil {
				return err
			}
		}
		var err error
		if once {
			err = s.build.PutOnce(op.K, v)
		} else {
			err = s.build.Put(op.K, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *kvWriter) Close() error { return nil }
