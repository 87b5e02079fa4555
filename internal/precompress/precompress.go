// Package precompress adds gzip (.gz) and brotli (.br) siblings to the
// files of a site (kb build -precompress), so servers that send them
// themselves (nginx gzip_static and brotli_static, Caddy's precompressed
// file server) need not compress on every request. It says which files get siblings and
// compresses them, whole or as a stream; the output is deterministic.
package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"path"
	"sync"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest file worth compressing.
const MinSize = 1024

// Compressible are the file endings that are compressed.
var Compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".kbidx": true, ".wasm": true,
}

// Gzip compresses data at the default level (on the site's pages as small
// as the best level, within 0.1 %, in far less time), with no name or time
// in the header, so the bytes depend only on the data.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w := GzipWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Brotli compresses data at the given quality (0–11).
func Brotli(data []byte, quality int) []byte {
	var b bytes.Buffer
	w := BrotliWriter(&b, quality, len(data))
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Wanted reports whether a file of that name and size gets siblings.
func Wanted(name string, size int) bool { return size >= MinSize && Compressible[path.Ext(name)] }

// gzipWriters are reused: a new gzip writer allocates 800 KB of state.
var gzipWriters = sync.Pool{New: func() any {
	z, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return z
}}

// GzipWriter compresses what is written to it into w, as Gzip does.
func GzipWriter(w io.Writer) io.WriteCloser {
	z := gzipWriters.Get().(*gzip.Writer)
	z.Reset(w)
	return &pooledGzip{z}
}

type pooledGzip struct{ *gzip.Writer }

// Close finishes the stream and gives the writer back for reuse.
func (p *pooledGzip) Close() error {
	err := p.Writer.Close()
	gzipWriters.Put(p.Writer)
	p.Writer = nil
	return err
}

// BrotliWriter compresses what is written to it into w, as Brotli does,
// for data of about size bytes (-1: not known). The window is no larger
// than the data needs: the encoder's tables grow with it, and at the
// default window a 12 KB page cost 34 MB of allocations and 26 ms at
// quality 9 (with its own window 1.5 MB and 1.3 ms).
func BrotliWriter(w io.Writer, quality, size int) io.WriteCloser {
	lgwin := 0 // the default for the quality
	if size >= 0 {
		lgwin = 10
		for lgwin < 22 && 1<<lgwin < size { // 22: the default for qualities 2–11
			lgwin++
		}
	}
	return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: quality, LGWin: lgwin})
}
