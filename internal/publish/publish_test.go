package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
