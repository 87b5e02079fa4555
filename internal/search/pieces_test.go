package search

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestPiecesDeterministic: the same docs give the same pieces, byte for
// byte, and the manifest names every other piece once.
func TestPiecesDeterministic(t *testing.T) {
	a, err := open(t).Pieces()
	if err != nil {
		t.Fatal(err)
	}
	b, err := open(t).Pieces()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d pieces, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("piece %d: %s, then %s", i, a[i].Name, b[i].Name)
		}
	}
	var m Manifest
	var names []string
	for _, p := range a {
		if p.Name == ManifestName {
			if err := json.Unmarshal(p.Data, &m); err != nil {
				t.Fatal(err)
			}
			continue
		}
		names = append(names, p.Name)
	}
	if m.Docs != len(corpus) {
		t.Errorf("manifest: %d docs; want %d", m.Docs, len(corpus))
	}
	var listed []string
	for _, s := range m.Shards {
		listed = append(listed, s[0], s[1])
	}
	for _, s := range m.Stored {
		listed = append(listed, s[0], s[1])
	}
	slices.Sort(listed)
	if !slices.Equal(listed, names) {
		t.Errorf("manifest lists %v; pieces %v", listed, names)
	}
	if !slices.Contains(m.Groups, "sociaal team") {
		t.Errorf("word groups %v lack %q", m.Groups, "sociaal team")
	}
	for _, n := range names {
		if strings.Count(n, ".") != 2 {
			t.Errorf("%s: no content hash in the name", n)
		}
	}
}

// TestLengthOf: every field length Bleve could store comes back from its
// float32 norm, and a norm no length gives is refused.
func TestLengthOf(t *testing.T) {
	for n := uint64(1); n <= 200000; n++ {
		norm := float32(1.0 / sqrt(float64(n)))
		got, err := lengthOf(norm)
		if err != nil {
			t.Fatalf("length %d: %v", n, err)
		}
		if float32(1.0/sqrt(float64(got))) != norm {
			t.Fatalf("length %d gives back %d, another norm", n, got)
		}
	}
	if _, err := lengthOf(0.7); err == nil {
		t.Error("norm 0.7 accepted")
	}
}
func sqrt(x float64) float64 { return math.Sqrt(x) }
