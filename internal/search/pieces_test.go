package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/kvfile"
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
	listed := slices.Clone(m.Postings)
	for i := range m.Exact {
		listed = append(listed, fmt.Sprintf("h-%d.%s.json", i, m.Dict))
	}
	for _, k := range m.Near {
		listed = append(listed, "z-"+k+"."+m.Dict+".json")
	}
	for _, k := range m.Prefix {
		listed = append(listed, "a-"+k+"."+m.Dict+".json")
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

// TestWritePieces: the pieces made while the index is written, from the
// rows as they stream (WritePieces), are the pieces of the written index
// (Pieces), byte for byte, for one document and for more documents than
// fill one pack of stored fields, once with the rows in memory and once
// spilled to runs of 4 KB.
func TestWritePieces(t *testing.T) {
	many := make([]Doc, 2*DocChunk+17)
	for i := range many {
		d := corpus[i%len(corpus)]
		d.URL = fmt.Sprintf("%s%d", d.URL, i)
		d.Text = fmt.Sprintf("%s woord%d tekst%d", d.Text, i%97, i%13)
		many[i] = d
	}
	for _, tc := range []struct {
		docs []Doc
		runs int
	}{{corpus[:1], kvfile.RunBytes}, {corpus, kvfile.RunBytes}, {many, kvfile.RunBytes}, {many, 4 << 10}} {
		docs := tc.docs
		var file bytes.Buffer
		var streamed []Piece
		put := func(p Piece) error {
			streamed = append(streamed, p)
			return nil
		}
		var err error
		if tc.runs == kvfile.RunBytes {
			err = WritePieces(&file, docs, synonyms, put)
		} else {
			pm, perr := newPieceMaker(synonyms, put)
			if perr != nil {
				t.Fatal(perr)
			}
			err = write(&file, docs, synonyms, tc.runs, pm)
		}
		if err != nil {
			t.Fatal(err)
		}
		if last := streamed[len(streamed)-1].Name; last != ManifestName {
			t.Errorf("%d docs: the last piece is %s, not the manifest", len(docs), last)
		}
		want, err := Build(docs, synonyms)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(file.Bytes(), want) {
			t.Errorf("%d docs: WritePieces wrote another index file than Build", len(docs))
		}
		ix, err := Open(file.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		read, err := ix.Pieces()
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(streamed, func(i, j int) bool { return streamed[i].Name < streamed[j].Name })
		if len(streamed) != len(read) {
			t.Fatalf("%d docs: %d pieces streamed, %d read", len(docs), len(streamed), len(read))
		}
		for i := range read {
			if streamed[i].Name != read[i].Name || !bytes.Equal(streamed[i].Data, read[i].Data) {
				t.Errorf("%d docs: piece %d: streamed %s, read %s", len(docs), i, streamed[i].Name, read[i].Name)
			}
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
