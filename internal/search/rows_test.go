package search

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
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

// TestFieldTable ties the mapping, the store's slimming and the queries
// to the one field list: every field is mapped as its kind says, the
// schema document gives every field a number, the back-index rows keep
// exactly the facet fields' terms, and every facet counts and filters.
func TestFieldTable(t *testing.T) {
	m, err := newMapping(synonyms)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.DefaultMapping.Properties) != len(docFields) {
		t.Errorf("%d fields mapped, %d in docFields", len(m.DefaultMapping.Properties), len(docFields))
	}
	for _, f := range docFields {
		p := m.DefaultMapping.Properties[f.name]
		if p == nil || len(p.Fields) != 1 {
			t.Errorf("%s: not mapped", f.name)
			continue
		}
		fm := p.Fields[0]
		want := map[fieldKind]string{textField: AnalyzerName, keywordField: "keyword", storedField: ""}[f.kind]
		if !fm.Store || fm.Index != (f.kind != storedField) || (fm.Index && fm.Analyzer != want) {
			t.Errorf("%s: mapped as %+v", f.name, fm)
		}
		if f.facet != "" && f.kind != keywordField {
			t.Errorf("%s: a facet on a field that is not a keyword field", f.name)
		}
		if (f.boost > 0 || f.fuzzy) != (f.kind == textField) {
			t.Errorf("%s: a boost or near misses on a field that is not a text field", f.name)
		}
	}
	var texts []string
	for _, fb := range fieldBoosts {
		texts = append(texts, fb.Field)
	}
	if got, want := slices.Sorted(slices.Values(excerptFields)), slices.Sorted(slices.Values(texts)); !slices.Equal(got, want) {
		t.Errorf("excerpt fields %v, text fields %v", excerptFields, texts)
	}

	ix := open(t)
	v := ix.kv.view
	names := map[uint16]string{}
	var backRows [][]byte
	for i := 0; i < v.Len(); i++ {
		k := v.Key(i)
		switch k[0] {
		case rowField:
			names[uint16(k[1])|uint16(k[2])<<8] = strings.TrimSuffix(string(v.Value(i)), "\xff")
		case rowBack:
			backRows = append(backRows, v.Value(i))
		}
	}
	for _, f := range docFields {
		if !slices.Contains(slices.Collect(maps.Values(names)), f.name) {
			t.Errorf("%s: no field row; the schema document (indexSchema) must set it", f.name)
		}
	}
	if len(backRows) != len(corpus) {
		t.Fatalf("%d back-index rows, %d docs", len(backRows), len(corpus))
	}
	for n, b := range backRows {
		var row upsidedown.BackIndexRowValue
		if err := proto.Unmarshal(b, &row); err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, e := range row.TermsEntries {
			kept = append(kept, names[uint16(e.GetField())])
		}
		if !slices.Equal(kept, facetFields) || len(row.StoredEntries) != 0 {
			t.Errorf("back-index row %d keeps the terms of %v and %d stored entries; want %v and none", n, kept, len(row.StoredEntries), facetFields)
		}
	}

	// Every facet counts, over all hits, the docs with each value, and
	// filters by it; a Request names each filter's facet.
	all, err := ix.Search(Request{Query: "de het een en doelen plan vraag hulp samen", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range docFields {
		if f.facet == "" {
			continue
		}
		counts := all.Facets[f.facet]
		if len(counts) == 0 {
			t.Errorf("facet %s counts nothing", f.facet)
		}
		for value, n := range counts {
			req := Request{Query: "de het een en doelen plan vraag hulp samen", Size: 100}
			switch f.facet {
			case "type":
				req.Type = value
			case "element":
				req.Element = value
			default:
				t.Fatalf("facet %s has no filter in Request", f.facet)
			}
			res, err := ix.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != n {
				t.Errorf("facet %s: %d hits counted for %q, the filter gives %d", f.facet, n, value, res.Total)
			}
		}
	}
}
