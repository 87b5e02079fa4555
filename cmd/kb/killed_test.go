package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/corpus"
)

// TestMain lets a test run this binary as the kb command (KB_RUN_MAIN=1),
// so that a build can be killed from outside like a real process.
func TestMain(m *testing.M) {
	if os.Getenv("KB_RUN_MAIN") == "1" {
		applyTestLimits()
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// treeHash sums every file's path and bytes under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, fmt.Sprintf("%s %x", rel, sha256.Sum256(b)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Join(lines, "\n"))))
}

// TestKilledBuildLeavesOutput kills kb build (SIGKILL) halfway through a
// large build into an existing output folder: the folder must be exactly
// as it was, and the next build must work.
func TestKilledBuildLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", "../../templates", "-out", out, "-precompress=false"); code != 0 {
		t.Fatalf("first build: %s", stderr)
	}
	before := treeHash(t, out)
	big := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(big, 1000, 1); err != nil {
		t.Fatal(err)
	}
	for _, after := range []time.Duration{100 * time.Millisecond, 600 * time.Millisecond, 1200 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "build", "-content", big, "-templates", "../../templates", "-out", out)
		cmd.Env = append(os.Environ(), "KB_RUN_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Kill()
		err := cmd.Wait()
		if err == nil {
			t.Logf("the build finished within %v; nothing was killed", after)
			continue
		}
		if got := treeHash(t, out); got != before {
			t.Fatalf("killed after %v: the output changed", after)
		}
	}
	if code, _, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", "../../templates", "-out", out, "-precompress=false"); code != 0 {
		t.Fatalf("build after the killed ones: %s", stderr)
	}
	if got := treeHash(t, out); got != before {
		t.Error("a build of the same content after the killed ones gives other output")
	}
}
