package kvfile

import (
	"bytes"
	"testing"
)

// FuzzOpen opens random bytes as a file: Open must return ErrCorrupt or
// pairs in strictly ascending key order that lie within the data, and
// never panic or take long (its work is linear in the data).
func FuzzOpen(f *testing.F) {
	good := validFile(f)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(magic))
	f.Add(append([]byte(magic), 0, 0))
	f.Add(append([]byte(magic), 0, 0xff, 0xff, 0xff, 0xff, 0x0f))
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, v, err := Open(data)
		if err != nil {
			if err != ErrCorrupt {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			return
		}
		if !bytes.Contains(data, meta) {
			t.Fatal("metadata not from the data")
		}
		for i := 0; i < v.Len(); i++ {
			if i > 0 && bytes.Compare(v.Key(i-1), v.Key(i)) >= 0 {
				t.Fatalf("keys %d and %d out of order", i-1, i)
			}
			if got, ok := v.Get(v.Key(i)); !ok || !bytes.Equal(got, v.Value(i)) {
				t.Fatalf("pair %d not found again", i)
			}
		}
	})
}
