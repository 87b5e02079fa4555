// Package precompress adds gzip (.gz) and brotli (.br) siblings to the
// files of a site, so static hosts that support it (nginx gzip_static and
// brotli_static, Netlify, Cloudflare) send them compressed without
// compressing on every request. It takes a tree of files and gives the
// same tree with the siblings added; the output is deterministic.
package precompress

import (
	"bytes"
	"compress/gzip"
	"path"
	"sort"

	"github.com/andybalholm/brotli"

	"github.com/werkzame-elementen/kb/internal/parallel"
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
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Brotli compresses data at the given quality (0–11).
func Brotli(data []byte, quality int) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, quality)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Add adds name.gz and name.br for every compressible file in files of at
// least MinSize bytes that does not have them yet (a sibling made
// beforehand, such as the search engine's, is kept). Brotli runs at
// quality, which trades build time for size.
func Add(files map[string][]byte, quality int) {
	var names []string
	for name, data := range files {
		if len(data) >= MinSize && Compressible[path.Ext(name)] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	type out struct{ gz, br []byte }
	results := make([]out, len(names))
	parallel.For(len(names), 0, func(i int) {
		data := files[names[i]]
		if _, ok := files[names[i]+".gz"]; !ok {
			results[i].gz = Gzip(data)
		}
		if _, ok := files[names[i]+".br"]; !ok {
			results[i].br = Brotli(data, quality)
		}
	})
	for i, name := range names {
		if results[i].gz != nil {
			files[name+".gz"] = results[i].gz
		}
		if results[i].br != nil {
			files[name+".br"] = results[i].br
		}
	}
}
