// Package precompress adds gzip (.gz) and brotli (.br) siblings to the
// files of a site, so static hosts that support it (nginx gzip_static and
// brotli_static, Netlify, Cloudflare) send them compressed without
// compressing on every request. It says which files get siblings and
// compresses them, whole or as a stream; the output is deterministic.
package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"path"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest file worth compressing.
const MinSize = 1024

// Compressible are the file endings that are compressed.
var Compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".kbidx": true, ".wasm": true,
}

// Gzip compresses data at the best level, with no name or time in the
// header, so the bytes depend only on the data.
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
	w := BrotliWriter(&b, quality)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Wanted reports whether a file of that name and size gets siblings.
func Wanted(name string, size int) bool { return size >= MinSize && Compressible[path.Ext(name)] }

// GzipWriter compresses what is written to it into w, as Gzip does.
func GzipWriter(w io.Writer) io.WriteCloser {
	z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	return z
}

// BrotliWriter compresses what is written to it into w, as Brotli does.
func BrotliWriter(w io.Writer, quality int) io.WriteCloser { return brotli.NewWriterLevel(w, quality) }
