package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"google.golang.org/protobuf/proto"
)

// slimBackIndexByProto is the first slimBackIndex, through the generated
// protobuf code: the reference for the wire-level one.
func slimBackIndexByProto(v []byte, keep []uint32) ([]byte, error) {
	var row upsidedown.BackIndexRowValue
	if err := proto.Unmarshal(v, &row); err != nil {
		return nil, err
	}
	entries := row.TermsEntries[:0]
	for _, e := range row.TermsEntries {
		if slices.Contains(keep, e.GetField()) {
			sort.Strings(e.Terms)
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].GetField() < entries[j].GetField() })
	row.TermsEntries = entries
	row.StoredEntries = nil
	return proto.MarshalOptions{Deterministic: true}.Marshal(&row)
}

// TestSlimBackIndex: random back-index rows slim to the same bytes as
// through the generated protobuf code; a broken row is an error.
func TestSlimBackIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	keep := []uint32{4, 5}
	for i := 0; i < 500; i++ {
		var row upsidedown.BackIndexRowValue
		for f := range uint32(r.IntN(8)) {
			field := f
			e := &upsidedown.BackIndexTermsEntry{Field: &field}
			for range r.IntN(5) {
				e.Terms = append(e.Terms, fmt.Sprintf("term%d", r.IntN(20)))
			}
			row.TermsEntries = append(row.TermsEntries, e)
		}
		r.Shuffle(len(row.TermsEntries), func(i, j int) { row.TermsEntries[i], row.TermsEntries[j] = row.TermsEntries[j], row.TermsEntries[i] })
		for f := range uint32(r.IntN(3)) {
			field := f
			row.StoredEntries = append(row.StoredEntries, &upsidedown.BackIndexStoreEntry{Field: &field, ArrayPositions: []uint64{uint64(r.IntN(3))}})
		}
		v, err := proto.Marshal(&row)
		if err != nil {
			t.Fatal(err)
		}
		want, err := slimBackIndexByProto(v, keep)
		if err != nil {
			t.Fatal(err)
		}
		got, err := slimBackIndex(v, keep)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("row %d: %x, %v; want %x", i, got, err, want)
		}
	}
	if _, err := slimBackIndex([]byte{0x0a, 0x05, 0x08}, keep); err == nil {
		t.Error("a broken row was accepted")
	}
}
