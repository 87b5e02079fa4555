package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestWanted(t *testing.T) {
	for _, c := range []struct {
		name string
		size int
		want bool
	}{
		{"index.html", 5000, true},
		{"klein.html", 100, false},
		{"static/logo.png", 5000, false},
		{"zoeken/index.kbidx", MinSize, true},
		{"static/zoeken/kbsearch.wasm", 1 << 20, true},
		{"index.html.gz", 5000, false},
	} {
		if got := Wanted(c.name, c.size); got != c.want {
			t.Errorf("Wanted(%q, %d) = %v", c.name, c.size, got)
		}
	}
}

// TestRoundTrip: whole and streamed compression give the same bytes,
// which decompress to the data, and the same data always gives the same
// bytes.
func TestRoundTrip(t *testing.T) {
	big := []byte(strings.Repeat("<p>werkzame elementen</p>\n", 2000))
	gz, br := Gzip(big), Brotli(big, 5)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, big) {
		t.Error("gzip does not round-trip")
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, big) {
		t.Error("brotli does not round-trip")
	}
	if !bytes.Equal(Gzip(big), gz) || !bytes.Equal(Brotli(big, 5), br) {
		t.Error("compression is not deterministic")
	}
	var sgz, sbr bytes.Buffer
	zw, bw := GzipWriter(&sgz), BrotliWriter(&sbr, 5, len(big))
	for chunk := range slices(big, 777) {
		zw.Write(chunk)
		bw.Write(chunk)
	}
	zw.Close()
	bw.Close()
	if !bytes.Equal(sgz.Bytes(), gz) || !bytes.Equal(sbr.Bytes(), br) {
		t.Error("streamed compression differs from whole")
	}
}

func slices(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}
