package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestAdd(t *testing.T) {
	big := []byte(strings.Repeat("<p>werkzame elementen</p>\n", 200))
	files := map[string][]byte{
		"index.html":         big,
		"klein.html":         []byte("<p>x</p>"),
		"static/logo.png":    big,
		"zoeken/index.kbidx": big,
		"engine.wasm":        big,
		"engine.wasm.br":     []byte("made before"),
	}
	Add(files, 5)
	for _, want := range []string{"index.html.gz", "index.html.br", "zoeken/index.kbidx.br", "engine.wasm.gz"} {
		if files[want] == nil {
			t.Errorf("%s missing", want)
		}
	}
	for _, not := range []string{"klein.html.gz", "static/logo.png.gz", "index.html.gz.gz"} {
		if files[not] != nil {
			t.Errorf("%s should not be made", not)
		}
	}
	if string(files["engine.wasm.br"]) != "made before" {
		t.Error("an existing sibling was replaced")
	}
	zr, err := gzip.NewReader(bytes.NewReader(files["index.html.gz"]))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, big) {
		t.Error("gzip does not round-trip")
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(files["index.html.br"]))); !bytes.Equal(got, big) {
		t.Error("brotli does not round-trip")
	}
	again := map[string][]byte{"index.html": big}
	Add(again, 5)
	if !bytes.Equal(again["index.html.gz"], files["index.html.gz"]) || !bytes.Equal(again["index.html.br"], files["index.html.br"]) {
		t.Error("compression is not deterministic")
	}
}
