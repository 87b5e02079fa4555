package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildRefusesOutInContent: kb build -out inside the content
// directory stops before it writes anything and says why.
func TestBuildRefusesOutInContent(t *testing.T) {
	content := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(content, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(content, "public")
	code, _, stderr := kb(t, "build", "-content", content, "-templates", "../../templates", "-out", out)
	want := "fout: de uitvoermap " + out + " ligt in de contentmap " + content +
		": kb build vervangt de uitvoermap bij elke build in zijn geheel; kies een uitvoermap buiten " + content + " en ../../templates\n" +
		"1 probleem gevonden.\n" +
		"kb build: niets geschreven; de vorige uitvoer is onaangeroerd.\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr\n%s\nwant\n%s", code, stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output was made: %v", err)
	}
}

// TestBuildFailingWritesSaidOnce runs kb build as a process whose files
// may not grow beyond 2 KB, so that the kernel fails the writes of many
// pages on several goroutines, as a full disk does: the user reads one
// Dutch line naming a file of the output, and the previous output stays.
func TestBuildFailingWritesSaidOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", "../../templates", "-out", out, "-precompress=false"); code != 0 {
		t.Fatalf("first build: %s", stderr)
	}
	before := treeHash(t, out)
	// Static files small enough to pass, so that the pages, written on
	// several goroutines, are what fails.
	tmpl := filepath.Join(t.TempDir(), "templates")
	if err := os.CopyFS(tmpl, os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(filepath.Join(tmpl, "static"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.WriteFile(p, []byte("/* klein */\n"), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "build", "-content", "../../testdata/site", "-templates", tmpl, "-out", out)
	cmd.Env = append(os.Environ(), "KB_RUN_MAIN=1", "KB_FSIZE=2048")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("the build succeeded with files limited to 2 KB")
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	prefix := "fout: bij het schrijven van " + out + string(filepath.Separator)
	suffix := ": het bestand is te groot voor het bestandssysteem of de ingestelde limiet"
	if len(lines) != 3 || !strings.HasPrefix(lines[0], prefix) || !strings.HasSuffix(lines[0], suffix) ||
		lines[1] != "1 probleem gevonden." || lines[2] != "kb build: niets geschreven; de vorige uitvoer is onaangeroerd." {
		t.Errorf("stderr:\n%s\nwant one line beginning %q", stderr.String(), prefix)
	}
	if got := treeHash(t, out); got != before {
		t.Error("the failed build changed the output")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}
