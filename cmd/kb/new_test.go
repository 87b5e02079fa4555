package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewSaysWhatWentWrong: a title too long for a file name is refused
// before anything is made on disk, and what the operating system refuses
// is said in Dutch with the file or folder it concerns.
func TestNewSaysWhatWentWrong(t *testing.T) {
	t.Run("title too long", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "content")
		code, _, stderr := kb(t, "new", "-content", dir, "voorbeeld", strings.Repeat("lang ", 60))
		want := "kb new: de titel is te lang voor een bestandsnaam (299 tekens; de grens is 100): kort hem in"
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, %q\nwant %q", code, stderr, want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("kb new touched the disk before refusing: %v", err)
		}
	})
	t.Run("folder name too long", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), strings.Repeat("m", 300))
		code, _, stderr := kb(t, "new", "-content", dir, "voorbeeld", "Een buurvrouw helpt")
		want := "kb new: kan de map " + filepath.Join(dir, "voorbeelden") + " niet maken: de naam is te lang voor het bestandssysteem; kies een kortere naam"
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, %q\nwant %q", code, stderr, want)
		}
	})
	t.Run("content is a file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "content")
		os.WriteFile(dir, []byte("geen map"), 0o644)
		code, _, stderr := kb(t, "new", "-content", dir, "voorbeeld", "Een buurvrouw helpt")
		want := "kb new: kan de map " + filepath.Join(dir, "voorbeelden") + " niet maken: een deel van het pad is een bestand en geen map"
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, %q\nwant %q", code, stderr, want)
		}
	})
	t.Run("the page's folder is a file", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "voorbeelden"), []byte("geen map"), 0o644)
		code, _, stderr := kb(t, "new", "-content", dir, "voorbeeld", "Een buurvrouw helpt")
		if code != 1 || !strings.Contains(stderr, "een deel van het pad is een bestand en geen map") || strings.Contains(stderr, "not a directory") {
			t.Errorf("exit %d, %q", code, stderr)
		}
	})
}
