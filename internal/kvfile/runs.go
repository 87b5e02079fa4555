package kvfile

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// RunBytes is a good size for one run: the keys and values kept in memory
// before they are sorted and written to the temporary file. Indexing
// 10,000 pages makes about 200 MB of pairs: 50 runs. Smaller runs save
// memory (8 MB: a tenth more peak memory on 1,000 pages) and cost merge
// work.
const RunBytes = 4 << 20

// runs collects pairs that are written once, in sorted runs: the pairs of
// one run are kept in an arena; when the arena holds limit bytes, they are
// sorted and appended to a temporary file, and the arena is reused. So
// the memory that building an index takes no longer grows with the size
// of the site; the file lives in the operating system's cache while it is
// small and on disk when it is not. Encode merges the runs (k-way, by key)
// into the index file. This is also how a build spread over machines would
// combine its parts (see docs/scale.md).
type runs struct {
	limit  int
	arena  arena
	ents   []entry
	file   *os.File // the spilled runs, one after another; nil until the first
	name   string   // the file's name while it still has one to remove
	placed []runPlace
	size   int64 // bytes in file
	count  int   // pairs in all runs
}

// runPlace is where a spilled run lies in the file.
type runPlace struct {
	off, size int64
	count     int
}

func newRuns(limit int) *runs { return &runs{limit: limit} }

// add takes one pair.
func (r *runs) add(key, val []byte) error {
	kp, err := r.arena.add(key)
	if err != nil {
		return err
	}
	vp, err := r.arena.add(val)
	if err != nil {
		return err
	}
	r.ents = append(r.ents, entry{kp: kp, vp: vp, kl: uint32(len(key)), vl: uint32(len(val))})
	r.count++
	if r.arena.size >= r.limit {
		return r.spillRun()
	}
	return nil
}

// spillRun sorts the run in memory and appends it to the file.
func (r *runs) spillRun() error {
	if r.file == nil {
		f, err := os.CreateTemp("", "kb-zoekindex-*")
		if err != nil {
			return fmt.Errorf("kan geen tijdelijk bestand voor de zoekindex maken in %s (%v); zet TMPDIR op een map waar kb mag schrijven", os.TempDir(), err)
		}
		r.file, r.name = f, f.Name()
		if os.Remove(r.name) == nil {
			r.name = "" // gone from the folder already; the data stays while the file is open
		}
	}
	order := sortEntries(&r.arena, r.ents, len(r.ents))
	pw := newPairWriter(r.file, 1<<20)
	for _, i := range order {
		e := &r.ents[i]
		pw.pair(r.arena.key(e), r.arena.val(e))
	}
	if err := pw.flush(); err != nil {
		return fmt.Errorf("kan het tijdelijke bestand van de zoekindex in %s niet schrijven (%v); is de schijf vol?", os.TempDir(), err)
	}
	r.placed = append(r.placed, runPlace{off: r.size, size: pw.n, count: len(order)})
	r.size += pw.n
	r.arena.reset()
	r.ents = r.ents[:0]
	return nil
}

// sources gives one pairSource per run: the spilled runs read back from
// the file, and the last run, still in memory, sorted.
func (r *runs) sources() []pairSource {
	var out []pairSource
	for _, p := range r.placed {
		out = append(out, &fileSource{r: bufio.NewReaderSize(io.NewSectionReader(r.file, p.off, p.size), 32<<10), left: p.count})
	}
	if len(r.ents) > 0 {
		out = append(out, &entrySource{a: &r.arena, ents: r.ents, order: sortEntries(&r.arena, r.ents, len(r.ents))})
	}
	return out
}

// close removes the temporary file.
func (r *runs) close() {
	if r.file != nil {
		r.file.Close()
		if r.name != "" {
			os.Remove(r.name)
		}
		r.file = nil
	}
}

// pairWriter writes pairs as the index file and the runs hold them: the
// key and the value each as its length (an unsigned varint) and its bytes.
// It counts the bytes it wrote.
type pairWriter struct {
	w   *bufio.Writer
	n   int64
	buf [binary.MaxVarintLen64]byte
}

func newPairWriter(w io.Writer, bufSize int) *pairWriter {
	return &pairWriter{w: bufio.NewWriterSize(w, bufSize)}
}

// uvarint writes x as an unsigned varint.
func (p *pairWriter) uvarint(x int) {
	k, _ := p.w.Write(binary.AppendUvarint(p.buf[:0], uint64(x)))
	p.n += int64(k)
}

// raw writes b as it is.
func (p *pairWriter) raw(b []byte) {
	k, _ := p.w.Write(b)
	p.n += int64(k)
}

// part writes b with its length before it.
func (p *pairWriter) part(b []byte) {
	p.uvarint(len(b))
	p.raw(b)
}

func (p *pairWriter) pair(key, val []byte) {
	p.part(key)
	p.part(val)
}

// flush writes what is buffered and reports the first error of any write
// (bufio keeps it).
func (p *pairWriter) flush() error { return p.w.Flush() }

// pairSource gives pairs in key order. Key and value stay valid until
// the next call of next.
type pairSource interface {
	next() (bool, error)
	key() []byte
	val() []byte
}

// entrySource gives the entries of an arena in a sorted order.
type entrySource struct {
	a     *arena
	ents  []entry
	order []int32
	pos   int // of the current pair, plus one
}

func (s *entrySource) next() (bool, error) {
	s.pos++
	return s.pos <= len(s.order), nil
}
func (s *entrySource) key() []byte { return s.a.key(&s.ents[s.order[s.pos-1]]) }
func (s *entrySource) val() []byte { return s.a.val(&s.ents[s.order[s.pos-1]]) }

// fileSource reads a spilled run back.
type fileSource struct {
	r    *bufio.Reader
	left int
	k, v []byte
}

func (s *fileSource) next() (bool, error) {
	if s.left == 0 {
		return false, nil
	}
	s.left--
	var err error
	if s.k, err = readPart(s.r, s.k); err != nil {
		return false, err
	}
	if s.v, err = readPart(s.r, s.v); err != nil {
		return false, err
	}
	return true, nil
}
func (s *fileSource) key() []byte { return s.k }
func (s *fileSource) val() []byte { return s.v }

// readPart reads a length and that many bytes into buf.
func readPart(r *bufio.Reader, buf []byte) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, fmt.Errorf("kan het tijdelijke bestand van de zoekindex niet teruglezen: %w", err)
	}
	if uint64(cap(buf)) < n {
		buf = make([]byte, n, max(n, 64))
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("kan het tijdelijke bestand van de zoekindex niet teruglezen: %w", err)
	}
	return buf, nil
}

// merge calls emit with the pairs of all sources in key order. A key in
// two sources, or a source out of order, is an error: the file would be
// corrupt.
func merge(sources []pairSource, emit func(key, val []byte) error) error {
	h := make(sourceHeap, 0, len(sources))
	for _, s := range sources {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, s)
		}
	}
	heap.Init(&h)
	var prev []byte
	for first := true; len(h) > 0; first = false {
		s := h[0]
		k := s.key()
		if !first && bytes.Compare(k, prev) <= 0 {
			return fmt.Errorf("kvfile: the key %q is out of order or written twice", k)
		}
		prev = append(prev[:0], k...)
		if err := emit(k, s.val()); err != nil {
			return err
		}
		ok, err := s.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// sourceHeap orders sources by their current key.
type sourceHeap []pairSource

func (h sourceHeap) Len() int           { return len(h) }
func (h sourceHeap) Less(i, j int) bool { return bytes.Compare(h[i].key(), h[j].key()) < 0 }
func (h sourceHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *sourceHeap) Push(x any)        { *h = append(*h, x.(pairSource)) }
func (h *sourceHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
