package search

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"google.golang.org/protobuf/proto"
)

// TestStoreAgainstMap drives the building store and a plain map with the
// same random puts, overwrites and deletes, and compares gets, the sorted
// pairs and the encoded order.
func TestStoreAgainstMap(t *testing.T) {
	for _, n := range []int{0, 1, 100, 40000} { // 40000 also takes the two-core sort
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := newKVStore(nil, 0)
			want := map[string]string{}
			r := rand.New(rand.NewPCG(1, uint64(n)))
			for i := 0; i < n; i++ {
				k := fmt.Sprintf("k%d", r.IntN(n/2+1))
				switch r.IntN(5) {
				case 0:
					s.del([]byte(k))
					delete(want, k)
				default:
					v := fmt.Sprintf("v%d-%s", i, bytes.Repeat([]byte("x"), r.IntN(40)))
					s.put([]byte(k), []byte(v))
					want[k] = v
				}
			}
			for k, v := range want {
				got, ok := s.get([]byte(k))
				if !ok || string(got) != v {
					t.Fatalf("get %q = %q, %v; want %q", k, got, ok, v)
				}
			}
			if _, ok := s.get([]byte("absent")); ok {
				t.Error("absent key found")
			}
			v := s.orderedView()
			var wantKeys []string
			for k := range want {
				wantKeys = append(wantKeys, k)
			}
			sort.Strings(wantKeys)
			if len(v.ents) != len(wantKeys) {
				t.Fatalf("%d pairs, want %d", len(v.ents), len(wantKeys))
			}
			for i, k := range wantKeys {
				if string(v.key(i)) != k || string(v.val(i)) != want[k] {
					t.Fatalf("pair %d = %q:%q, want %q:%q", i, v.key(i), v.val(i), k, want[k])
				}
			}
		})
	}
}

// TestStoreValuesStayPut: a value handed out must not change when later
// pairs are written, and appending to it must not overwrite its neighbour.
func TestStoreValuesStayPut(t *testing.T) {
	s := newKVStore(nil, 0)
	s.put([]byte("a"), []byte("first"))
	s.put([]byte("b"), []byte("second"))
	a, _ := s.get([]byte("a"))
	_ = append(a, "XXXX"...)
	for i := 0; i < 2*chunkSize/100; i++ { // forces new chunks
		s.put([]byte(fmt.Sprint(i)), bytes.Repeat([]byte("y"), 100))
	}
	if b, _ := s.get([]byte("b")); string(b) != "second" {
		t.Errorf("b = %q", b)
	}
	if string(a) != "first" {
		t.Errorf("a = %q", a)
	}
}

func BenchmarkStorePut(b *testing.B) {
	keys := make([][]byte, 100000)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "t\x00\x03term%d\xff%d", i%5000, i)
	}
	b.ResetTimer()
	for b.Loop() {
		s := newKVStore(nil, len(keys))
		for _, k := range keys {
			s.put(k, k[:8])
		}
		s.sorted()
	}
}

// TestBuildLeavesNoGoroutines: building an index many times (as the dev
// server does on every save) does not leave workers behind.
func TestBuildLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		if _, err := Build(corpus, synonyms); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before 20 builds, %d after", before, after)
	}
}

// TestRunsGiveTheSameFile: whether the pairs stay in memory or go to many
// small runs in a temporary file, the index file is the same, and the
// temporary file is gone afterwards.
func TestRunsGiveTheSameFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var docs []Doc
	for i := 0; i < 40; i++ {
		for _, d := range corpus {
			d.URL = fmt.Sprintf("%s-%d", d.URL, i)
			docs = append(docs, d)
		}
	}
	var whole, small bytes.Buffer
	if err := write(&whole, docs, synonyms, 1<<40, nil); err != nil {
		t.Fatal(err)
	}
	if err := write(&small, docs, synonyms, 4<<10, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole.Bytes(), small.Bytes()) {
		t.Fatalf("runs of 4 KB give another file (%d bytes) than one run (%d bytes)", small.Len(), whole.Len())
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in the temporary folder: %v", entries)
	}
	ix, err := Open(small.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != len(docs) {
		t.Errorf("%d units in the index, want %d", ix.Len(), len(docs))
	}
}

// TestMergeRefusesDuplicates: a key in two runs would make a corrupt file.
func TestMergeRefusesDuplicates(t *testing.T) {
	r := newRuns(1 << 20)
	defer r.close()
	for _, k := range []string{"b", "a", "c"} {
		r.add([]byte(k), []byte("1"))
	}
	if err := r.spillRun(); err != nil {
		t.Fatal(err)
	}
	r.add([]byte("b"), []byte("2"))
	var got []string
	err := merge(r.sources(), func(k, v []byte) error { got = append(got, string(k)+"="+string(v)); return nil })
	if err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Errorf("err = %v, got %v", err, got)
	}
}

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

// TestRunsWithoutTempDir: when the temporary folder cannot be written,
// building says so in plain words and names what to do.
func TestRunsWithoutTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "bestaat-niet"))
	var docs []Doc
	for i := 0; i < 20; i++ {
		docs = append(docs, corpus...)
	}
	err := write(io.Discard, docs, synonyms, 1<<10, nil)
	if err == nil || !strings.Contains(err.Error(), "TMPDIR") {
		t.Errorf("err = %v", err)
	}
}
