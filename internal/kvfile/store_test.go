package kvfile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestStoreAgainstMap drives the store and a plain map with the same
// random puts, updates and deletes, and compares gets and the sorted
// pairs.
func TestStoreAgainstMap(t *testing.T) {
	for _, n := range []int{0, 1, 100, 40000} { // 40000 also takes the two-core sort
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := New(0)
			want := map[string]string{}
			r := rand.New(rand.NewPCG(1, uint64(n)))
			for i := 0; i < n; i++ {
				k := fmt.Sprintf("k%d", r.IntN(n/2+1))
				switch r.IntN(6) {
				case 0:
					s.Delete([]byte(k))
					delete(want, k)
				case 1: // an update that may shrink, keep or grow the value
					err := s.Update([]byte(k), func(old []byte, ok bool) ([]byte, error) {
						if ok != hasKey(want, k) || string(old) != want[k] {
							t.Fatalf("update %q sees %q, %v; want %q", k, old, ok, want[k])
						}
						return []byte(strings.Repeat("u", r.IntN(50))), nil
					})
					if err != nil {
						t.Fatal(err)
					}
					v, _ := s.Get([]byte(k))
					want[k] = string(v)
				default:
					v := fmt.Sprintf("v%d-%s", i, bytes.Repeat([]byte("x"), r.IntN(40)))
					if err := s.Put([]byte(k), []byte(v)); err != nil {
						t.Fatal(err)
					}
					want[k] = v
				}
			}
			for k, v := range want {
				got, ok := s.Get([]byte(k))
				if !ok || string(got) != v {
					t.Fatalf("get %q = %q, %v; want %q", k, got, ok, v)
				}
			}
			if _, ok := s.Get([]byte("absent")); ok {
				t.Error("absent key found")
			}
			v := s.Sorted()
			var wantKeys []string
			for k := range want {
				wantKeys = append(wantKeys, k)
			}
			sort.Strings(wantKeys)
			if v.Len() != len(wantKeys) {
				t.Fatalf("%d pairs, want %d", v.Len(), len(wantKeys))
			}
			for i, k := range wantKeys {
				if string(v.Key(i)) != k || string(v.Value(i)) != want[k] {
					t.Fatalf("pair %d = %q:%q, want %q:%q", i, v.Key(i), v.Value(i), k, want[k])
				}
			}
		})
	}
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

// TestStoreValuesStayPut: a value handed out must not change when later
// pairs are written, and appending to it must not overwrite its neighbour.
func TestStoreValuesStayPut(t *testing.T) {
	s := New(0)
	s.Put([]byte("a"), []byte("first"))
	s.Put([]byte("b"), []byte("second"))
	a, _ := s.Get([]byte("a"))
	_ = append(a, "XXXX"...)
	for i := 0; i < 2*chunkSize/100; i++ { // forces new chunks
		s.Put([]byte(fmt.Sprint(i)), bytes.Repeat([]byte("y"), 100))
	}
	if b, _ := s.Get([]byte("b")); string(b) != "second" {
		t.Errorf("b = %q", b)
	}
	if string(a) != "first" {
		t.Errorf("a = %q", a)
	}
}

// TestSortedSeesUpdates: an update in place after Sorted is seen by the
// next Sorted, with its new length.
func TestSortedSeesUpdates(t *testing.T) {
	s := New(0)
	s.Put([]byte("a"), []byte("long value"))
	_ = s.Sorted()
	s.Update([]byte("a"), func([]byte, bool) ([]byte, error) { return []byte("short"), nil })
	if v := s.Sorted(); string(v.Value(0)) != "short" {
		t.Errorf("a = %q", v.Value(0))
	}
}

// TestEncodeOpen: pairs kept and written once, in memory or in many small
// runs, give one file, sorted; Open gives them back with the metadata;
// the temporary file is gone after Close.
func TestEncodeOpen(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	r := rand.New(rand.NewPCG(5, 6))
	want := map[string]string{}
	for i := 0; i < 5000; i++ {
		want["once"+strconv.Itoa(i)] = strings.Repeat("w", r.IntN(30))
	}
	for i := 0; i < 300; i++ {
		want["kept"+strconv.Itoa(i)] = strings.Repeat("k", r.IntN(30))
	}
	var files [][]byte
	for _, c := range []struct {
		name  string
		limit int // 0: no runs
	}{{"zonder runs", 0}, {"één run", 1 << 30}, {"runs van 1 KB", 1 << 10}} {
		s := New(16)
		if c.limit > 0 {
			s.Spill(c.limit)
		}
		for k, v := range want { // map order: the pairs come unsorted
			var err error
			if strings.HasPrefix(k, "once") {
				err = s.PutOnce([]byte(k), []byte(v))
			} else {
				err = s.Put([]byte(k), []byte(v))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		var seen []string
		err := s.Encode(&buf, []byte(`{"m":1}`), func(k, v []byte) error { seen = append(seen, string(k)); return nil })
		s.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(seen) != len(want) || !sort.StringsAreSorted(seen) {
			t.Errorf("%s: also saw %d pairs, sorted %v", c.name, len(seen), sort.StringsAreSorted(seen))
		}
		meta, v, err := Open(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(meta) != `{"m":1}` || v.Len() != len(want) {
			t.Fatalf("%s: meta %q, %d pairs", c.name, meta, v.Len())
		}
		for i := 0; i < v.Len(); i++ {
			if want[string(v.Key(i))] != string(v.Value(i)) {
				t.Fatalf("%s: pair %q = %q", c.name, v.Key(i), v.Value(i))
			}
		}
		if got, ok := v.Get([]byte("kept7")); !ok || string(got) != want["kept7"] {
			t.Errorf("%s: get kept7 = %q, %v", c.name, got, ok)
		}
		if _, ok := v.Get([]byte("absent")); ok {
			t.Errorf("%s: absent key found", c.name)
		}
		files = append(files, buf.Bytes())
	}
	for i := 1; i < len(files); i++ {
		if !bytes.Equal(files[0], files[i]) {
			t.Errorf("case %d gives another file", i)
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in the temporary folder: %v", entries)
	}
}

// validFile is a small file for the corruption tests and the fuzz seeds.
func validFile(t testing.TB) []byte {
	s := New(0)
	for _, k := range []string{"b", "a", "c\xff", "d"} {
		s.Put([]byte(k), []byte("waarde "+k))
	}
	var buf bytes.Buffer
	if err := s.Encode(&buf, []byte("meta"), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpenRefusesCorruptData: every cut of a file, a file with more
// after it, keys out of order and counts beyond the data are ErrCorrupt.
func TestOpenRefusesCorruptData(t *testing.T) {
	good := validFile(t)
	cases := map[string][]byte{
		"leeg":               nil,
		"andere magic":       append([]byte("KBIDX2\n"), good[len(magic):]...),
		"meer erachter":      append(bytes.Clone(good), 0),
		"enorm aantal":       append([]byte(magic), 0, 0xff, 0xff, 0xff, 0xff, 0x0f),
		"sleutels omgekeerd": append([]byte(magic), 0, 2, 1, 'b', 0, 1, 'a', 0),
		"sleutel dubbel":     append([]byte(magic), 0, 2, 1, 'a', 0, 1, 'a', 0),
		"lengte te groot":    append([]byte(magic), 0, 1, 9, 'a'),
	}
	for i := range good {
		cases[fmt.Sprintf("afgekapt op %d", i)] = good[:i]
	}
	for name, data := range cases {
		if _, _, err := Open(data); err != ErrCorrupt {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, _, err := Open(good); err != nil {
		t.Errorf("the whole file: %v", err)
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

func BenchmarkStorePut(b *testing.B) {
	keys := make([][]byte, 100000)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "t\x00\x03term%d\xff%d", i%5000, i)
	}
	b.ResetTimer()
	for b.Loop() {
		s := New(len(keys))
		for _, k := range keys {
			s.Put(k, k[:8])
		}
		s.sorted()
	}
}

// BenchmarkSortRun sorts one run of keys shaped as Bleve's term-frequency
// rows: field, term, document.
func BenchmarkSortRun(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var a arena
	var ents []entry
	for i := 0; i < 100000; i++ {
		term := fmt.Sprintf("%s%d", []string{"samenwerking", "huishouden", "vraag", "netwerkcirkel", "gezin", "professional"}[r.IntN(6)], r.IntN(500))
		key := append([]byte{'t', byte(r.IntN(4)), 0}, term...)
		key = append(key, 0xff)
		key = append(key, strconv.FormatInt(int64(r.IntN(10000)), 36)...)
		kp, _ := a.add(key)
		vp, _ := a.add([]byte{1, 2, 3})
		ents = append(ents, entry{kp: kp, vp: vp, kl: uint32(len(key)), vl: 3})
	}
	b.ResetTimer()
	for b.Loop() {
		sortEntries(&a, ents, len(ents))
	}
}
