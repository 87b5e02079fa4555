package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/search"
)

// TestDevServerServesReaderPieces: kb serve serves the pieces of the index
// it built in the background, as kb build writes them, whole and by range
// (206), so search works in make serve. After a save the new pieces come;
// the previous index's pieces stay readable for a tab that has not
// reloaded yet.
func TestDevServerServesReaderPieces(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	base := "http://" + r.addr + "/" + search.ReaderDir + "/"
	want := func() map[string][]byte {
		ix, err := search.Open([]byte(get(t, "http://"+r.addr+"/"+build.IndexFile)))
		if err != nil {
			t.Fatal(err)
		}
		list, err := ix.Pieces()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, p := range list {
			m[p.Name] = p.Data
		}
		return m
	}
	first := want()
	if len(first) < 4 {
		t.Fatalf("%d pieces", len(first))
	}
	var manifest search.Manifest
	if err := json.Unmarshal([]byte(get(t, base+search.ManifestName)), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Docs == 0 || len(manifest.Postings) == 0 {
		t.Fatalf("manifest %+v", manifest)
	}
	for name, data := range first {
		if got := get(t, base+name); got != string(data) {
			t.Errorf("%s: %d bytes served, %d built", name, len(got), len(data))
		}
	}
	// A range of a postings piece, as the reader asks for it.
	var postings string
	for _, name := range manifest.Postings {
		if len(first[name]) > len(first[postings]) {
			postings = name
		}
	}
	data := first[postings]
	for _, c := range []struct{ from, to int }{{0, 0}, {1, len(data) / 2}, {len(data) - 1, len(data) - 1}} {
		req, _ := http.NewRequest("GET", base+postings, nil)
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", c.from, c.to))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(got, data[c.from:c.to+1]) {
			t.Errorf("%s bytes %d-%d: %s, %d bytes", postings, c.from, c.to, resp.Status, len(got))
		}
	}

	// A save: new text, new pieces; the old ones are still there.
	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	save(t, file, strings.Replace(string(text), "heeft schulden", "heeft een zeilboot", 1))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(t, "http://"+r.addr+"/"+build.IndexFile), "zeilboot") {
		if time.Now().After(deadline) {
			t.Fatal("the search index never got the new text")
		}
		time.Sleep(20 * time.Millisecond)
	}
	second := want()
	changed := 0
	for name, data := range second {
		if got := get(t, base+name); got != string(data) {
			t.Errorf("after the save, %s: %d bytes served, %d built", name, len(got), len(data))
		}
		if _, ok := first[name]; !ok {
			changed++
		}
	}
	if changed == 0 {
		t.Error("the save changed no piece")
	}
	for name, data := range first {
		if _, ok := second[name]; ok || name == search.ManifestName {
			continue
		}
		if got := get(t, base+name); got != string(data) {
			t.Errorf("the previous index's %s is gone after the save", name)
		}
	}
}
