package output

import (
	"bytes"
	"compress/gzip"
	"io"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSiblingsAndCounts writes the same files through Put, Create,
// CreatePlain and Copy into memory: with a brotli quality, every
// compressible file of at least precompress.MinSize gets .gz and .br
// siblings (the .gz unpacks to the file), except a file written plain and
// one the templates bring with siblings of their own; without one, none.
// Files and Bytes count what reached the destination, siblings included.
func TestSiblingsAndCounts(t *testing.T) {
	big := []byte(strings.Repeat("<p>werkzame elementen</p>\n", 100))
	for _, tc := range []struct {
		name    string
		quality int
		want    []string
	}{
		{"none", 0, []string{"a.html", "b.css", "c.kbidx", "d.js", "e.html", "small.html"}},
		{"siblings", 9, []string{"a.html", "a.html.br", "a.html.gz", "b.css", "b.css.br", "b.css.gz", "c.kbidx", "d.js", "e.html", "e.html.br", "e.html.gz", "small.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := NewMemory()
			o := New(mem, tc.quality)
			o.Provide(map[string]string{"d.js.gz": "static/d.js.gz"})
			if err := o.Put("a.html", big); err != nil {
				t.Fatal(err)
			}
			if err := o.Put("small.html", []byte("<p>kort</p>")); err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				path  string
				plain bool
			}{{"b.css", false}, {"c.kbidx", true}, {"d.js", false}} {
				var w io.WriteCloser
				var err error
				if f.plain {
					w, err = o.CreatePlain(f.path)
				} else {
					w, err = o.Create(f.path, len(big))
				}
				if err != nil {
					t.Fatal(err)
				}
				w.Write(big)
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if err := o.Copy("e.html", fstest.MapFS{"src/e.html": {Data: big}}, "src/e.html"); err != nil {
				t.Fatal(err)
			}
			tree := mem.Tree()
			var got []string
			size := 0
			for p, b := range tree {
				got = append(got, p)
				size += len(b)
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("files %q; want %q", got, tc.want)
			}
			if o.Files() != len(tree) || o.Bytes() != size {
				t.Errorf("counted %d files, %d bytes; the destination has %d, %d", o.Files(), o.Bytes(), len(tree), size)
			}
			if gz, ok := tree["a.html.gz"]; ok {
				r, err := gzip.NewReader(bytes.NewReader(gz))
				if err != nil {
					t.Fatal(err)
				}
				if b, _ := io.ReadAll(r); !bytes.Equal(b, big) {
					t.Error("a.html.gz does not unpack to a.html")
				}
			}
			if p := strings.Join(o.Paths(), " "); p != "a.html b.css c.kbidx d.js e.html small.html" {
				t.Errorf("Paths %q: want every file but the siblings", p)
			}
			if o.Size("b.css") != len(big) || o.Size("nothing") != 0 {
				t.Errorf("Size(b.css) = %d, Size(nothing) = %d", o.Size("b.css"), o.Size("nothing"))
			}
		})
	}
}

// TestVersion: the version is the same for the same files, written in
// any order, and changes when any file's bytes or path change; siblings
// do not count (they follow from the files).
func TestVersion(t *testing.T) {
	version := func(quality int, files ...string) string {
		o := New(NewMemory(), quality)
		for i := 0; i < len(files); i += 2 {
			if err := o.Put(files[i], []byte(files[i+1])); err != nil {
				t.Fatal(err)
			}
		}
		return o.Version()
	}
	long := strings.Repeat("x", 2000)
	base := version(0, "a.html", "A", "b.css", long)
	for _, tc := range []struct {
		name  string
		got   string
		equal bool
	}{
		{"other order", version(0, "b.css", long, "a.html", "A"), true},
		{"with siblings", version(9, "a.html", "A", "b.css", long), true},
		{"other bytes", version(0, "a.html", "B", "b.css", long), false},
		{"other path", version(0, "c.html", "A", "b.css", long), false},
		{"one more file", version(0, "a.html", "A", "b.css", long, "c.txt", ""), false},
	} {
		if (tc.got == base) != tc.equal {
			t.Errorf("%s: version equal %v; want %v", tc.name, tc.got == base, tc.equal)
		}
	}
}

// TestMemoryRefusesBadPaths: the memory destination checks paths as the
// disk does (publish.CheckPath).
func TestMemoryRefusesBadPaths(t *testing.T) {
	for _, p := range []string{"../x.html", "/x.html", ""} {
		if err := NewMemory().Put(p, nil); err == nil {
			t.Errorf("Put(%q) took it", p)
		}
		if _, err := NewMemory().Create(p); err == nil {
			t.Errorf("Create(%q) took it", p)
		}
	}
}
