package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write replaces dir with the tree through a Stage, as a build does.
func Write(dir string, tree Tree) error {
	st, err := Begin(dir)
	if err != nil {
		return err
	}
	for p, b := range tree {
		if err := st.Put(p, b); err != nil {
			st.Abort()
			return err
		}
	}
	return st.Commit()
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteReplacesWholeTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("een"), "oud/index.html": []byte("weg")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, Tree{"index.html": []byte("twee"), "nieuw/index.html": []byte("hier")}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "twee" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "oud")); !os.IsNotExist(err) {
		t.Errorf("the removed page survived the rebuild: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the output: %v", entries)
	}
}

func TestWriteRefusesBadPaths(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("goed")}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"../buiten.html", "/etc/passwd", "a/../../b", "", "a//b", `a\b`, Marker} {
		err := Write(out, Tree{"index.html": []byte("fout"), p: []byte("x")})
		if err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "goed" {
		t.Errorf("a refused publish changed the output: %q", got)
	}
}

func TestWriteRefusesForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "belangrijk.txt"), []byte("niet weggooien"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, Tree{"index.html": []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "niet door kb build gemaakt") {
		t.Fatalf("err = %v", err)
	}
	if got := read(t, filepath.Join(dir, "belangrijk.txt")); got != "niet weggooien" {
		t.Error("the foreign directory was changed")
	}
}

// TestStage: files written one by one appear only at Commit; Abort leaves
// the previous output as it was and nothing beside it.
func TestStage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("oud")}); err != nil {
		t.Fatal(err)
	}
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Put("a/b/index.html", []byte("nieuw")); err != nil {
		t.Fatal(err)
	}
	w, err := st.Create("zoeken/index.kbidx")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("in "))
	w.Write([]byte("stukken"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Put("../buiten.html", []byte("x")); err == nil {
		t.Error("a path outside the output was accepted")
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "oud" {
		t.Errorf("before Commit the output changed: %q", got)
	}
	st.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "oud" {
		t.Errorf("after Abort index.html = %q", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("left beside the output after Abort: %v", entries)
	}

	st, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("a/b/index.html", []byte("nieuw"))
	w, _ = st.Create("zoeken/index.kbidx")
	w.Write([]byte("in stukken"))
	w.Close()
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/b/index.html")); got != "nieuw" {
		t.Errorf("a/b/index.html = %q", got)
	}
	if got := read(t, filepath.Join(out, "zoeken/index.kbidx")); got != "in stukken" {
		t.Errorf("zoeken/index.kbidx = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); !os.IsNotExist(err) {
		t.Error("a file of the previous output survived the commit")
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		t.Error("the marker is missing after Commit")
	}
}
