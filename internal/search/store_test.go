package search

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

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
