// Package output takes the files of a build as they are made and passes
// them on to a Destination: a publish.Stage on disk (kb build) or a tree
// in memory (Memory: the dev server, tests), so kb build never holds the
// whole site in memory. It takes each file's path and bytes, or a stream;
// it gives the files at the Destination with their .gz and .br siblings
// when asked, how many files and bytes were written, and a version, a hash
// of every file written, that changes with any change to the site.
package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"sort"
	"sync"

	"github.com/werkzame-elementen/kb/internal/precompress"
	"github.com/werkzame-elementen/kb/internal/publish"
)

// Destination is where the files of a build go: a publish.Stage on disk
// (kb build) or a tree in memory (the dev server, tests). Both may be
// called from several goroutines.
type Destination interface {
	Put(path string, data []byte) error
	Create(path string) (io.WriteCloser, error)
}

// Output takes the files of a build as they are made and passes them on
// to the Destination, so kb build never holds the whole site in memory.
// It counts them, keeps a checksum of each for the service worker's
// version, and adds .gz and .br siblings when asked (quality > 0).
type Output struct {
	dest     Destination
	quality  int             // brotli quality of the siblings; 0: none
	provided map[string]bool // files the templates bring themselves: no sibling is made for them

	mu    sync.Mutex
	sums  map[string]fileSum // every file but the siblings
	files int
	bytes int
}

// fileSum is what the service worker's version is made of.
type fileSum struct {
	size int
	sha  [sha256.Size]byte
}

// New passes the files on to dest, with .gz and .br siblings when
// quality (brotli's) is above 0.
func New(dest Destination, quality int) *Output {
	return &Output{dest: dest, quality: quality, provided: map[string]bool{}, sums: map[string]fileSum{}}
}

// Provide notes the static files the templates bring (paths in the
// site): no sibling is made for a file the templates bring themselves.
func (o *Output) Provide(static map[string]string) {
	for p := range static {
		o.provided[p] = true
	}
}

// record counts one written file; sibling files have no checksum.
func (o *Output) record(p string, size int, sum *[sha256.Size]byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.files++
	o.bytes += size
	if sum != nil {
		o.sums[p] = fileSum{size, *sum}
	}
}

// wantsSiblings reports whether p gets .gz and .br siblings.
func (o *Output) wantsSiblings(p string, size int) bool {
	return o.quality > 0 && precompress.Wanted(p, size) && !o.provided[p+".gz"] && !o.provided[p+".br"]
}

// Put writes one file; data must not change afterwards (the memory
// Destination keeps it).
func (o *Output) Put(p string, data []byte) error {
	sum := sha256.Sum256(data)
	if err := o.dest.Put(p, data); err != nil {
		return err
	}
	o.record(p, len(data), &sum)
	if !o.wantsSiblings(p, len(data)) {
		return nil
	}
	for _, sib := range []struct {
		ext  string
		data func() []byte
	}{
		{".gz", func() []byte { return precompress.Gzip(data) }},
		{".br", func() []byte { return precompress.Brotli(data, o.quality) }},
	} {
		b := sib.data()
		if err := o.dest.Put(p+sib.ext, b); err != nil {
			return err
		}
		o.record(p+sib.ext, len(b), nil)
	}
	return nil
}

// Create opens a file of about size bytes (-1: not known) to be written
// as a stream (the search index, which is too big to hold whole, and the
// static files). Its siblings are compressed alongside, on goroutines of
// their own, from the same writes.
func (o *Output) Create(p string, size int) (io.WriteCloser, error) {
	return o.createFile(p, size, true)
}

// CreatePlain is Create without siblings: for a file no browser fetches
// (the search index, which only kb search reads).
func (o *Output) CreatePlain(p string) (io.WriteCloser, error) {
	return o.createFile(p, -1, false)
}

func (o *Output) createFile(p string, size int, siblings bool) (io.WriteCloser, error) {
	f, err := o.dest.Create(p)
	if err != nil {
		return nil, err
	}
	s := &stream{o: o, path: p, file: f, hash: sha256.New()}
	known := size
	if size < 0 {
		size = precompress.MinSize
	}
	if siblings && o.wantsSiblings(p, size) {
		for _, sib := range []struct {
			ext string
			enc func(io.Writer) io.WriteCloser
		}{
			{".gz", precompress.GzipWriter},
			{".br", func(w io.Writer) io.WriteCloser { return precompress.BrotliWriter(w, o.quality, known) }},
		} {
			if err := s.sibling(p+sib.ext, sib.enc); err != nil {
				s.abort()
				return nil, err
			}
		}
	}
	ws := []io.Writer{f, s.hash}
	for _, pw := range s.pipes {
		ws = append(ws, pw)
	}
	s.out = &countWriter{w: io.MultiWriter(ws...)}
	return s, nil
}

// Copy writes the file src of fsys as p, as a stream: the static files
// include the search engine, which need not pass through memory whole.
func (o *Output) Copy(p string, fsys fs.FS, src string) error {
	f, err := fsys.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	w, err := o.Create(p, int(info.Size()))
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, f); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// stream is a file written through Output.Create.
type stream struct {
	o     *Output
	path  string
	file  io.WriteCloser
	hash  hash.Hash
	out   *countWriter // to the file, the hash and the siblings
	pipes []*io.PipeWriter
	wg    sync.WaitGroup
	errs  []error // of the siblings, one each
}

// sibling starts compressing what is written into the file p.
func (s *stream) sibling(p string, enc func(io.Writer) io.WriteCloser) error {
	f, err := s.o.dest.Create(p)
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	s.pipes = append(s.pipes, pw)
	s.errs = append(s.errs, nil)
	i := len(s.errs) - 1
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		cw := &countWriter{w: f}
		z := enc(cw)
		_, err := io.Copy(z, pr)
		err = errors.Join(err, z.Close(), f.Close())
		pr.CloseWithError(err) // a failed sibling stops the writer too
		if err == nil {
			s.o.record(p, cw.n, nil)
		}
		s.errs[i] = err
	}()
	return nil
}

func (s *stream) Write(b []byte) (int, error) { return s.out.Write(b) }

// Close finishes the file and its siblings.
func (s *stream) Close() error {
	for _, pw := range s.pipes {
		pw.Close()
	}
	s.wg.Wait()
	err := errors.Join(append([]error{s.file.Close()}, s.errs...)...)
	if err == nil {
		var sum [sha256.Size]byte
		s.hash.Sum(sum[:0])
		s.o.record(s.path, s.out.n, &sum)
	}
	return err
}

// abort stops the siblings after a failure.
func (s *stream) abort() {
	for _, pw := range s.pipes {
		pw.CloseWithError(errors.New("afgebroken"))
	}
	s.wg.Wait()
	s.file.Close()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += n
	return n, err
}

// Version is a hash of every file written so far (sizes and checksums in
// path order): any change to the site changes it.
func (o *Output) Version() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	h := sha256.New()
	for _, p := range o.pathsLocked() {
		s := o.sums[p]
		h.Write([]byte(p))
		h.Write([]byte{0, byte(s.size >> 24), byte(s.size >> 16), byte(s.size >> 8), byte(s.size), 0})
		h.Write(s.sha[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Size is the size of the file p written so far, 0 when there is none.
func (o *Output) Size(p string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sums[p].size
}

// Paths are the paths of the files written so far, siblings left out,
// sorted.
func (o *Output) Paths() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pathsLocked()
}

func (o *Output) pathsLocked() []string {
	ps := make([]string, 0, len(o.sums))
	for p := range o.sums {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// Memory is a Destination that keeps the files in a publish.Tree.
type Memory struct {
	mu   sync.Mutex
	tree publish.Tree
}

// NewMemory is an empty Memory.
func NewMemory() *Memory { return &Memory{tree: publish.Tree{}} }

// Tree is the files put so far, by path.
func (m *Memory) Tree() publish.Tree {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tree
}

// Files and Bytes are how many files were written so far, siblings
// included, and their size.
func (o *Output) Files() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.files
}

// Bytes: see Files.
func (o *Output) Bytes() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.bytes
}

// Put keeps data as the file p.
func (m *Memory) Put(p string, data []byte) error {
	if err := publish.CheckPath(p); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tree[p] = data
	return nil
}

// Create opens the file p, kept when closed.
func (m *Memory) Create(p string) (io.WriteCloser, error) {
	if err := publish.CheckPath(p); err != nil {
		return nil, err
	}
	return &memFile{m: m, path: p}, nil
}

// memFile is a file of a Memory being written.
type memFile struct {
	bytes.Buffer
	m    *Memory
	path string
}

func (f *memFile) Close() error {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	f.m.tree[f.path] = f.Bytes()
	return nil
}
