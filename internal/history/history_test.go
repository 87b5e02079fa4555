package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gitRun runs git in dir with fixed committer and author dates.
func gitRun(t *testing.T, dir, committed string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(),
		"GIT_COMMITTER_DATE="+committed, "GIT_AUTHOR_DATE=2001-01-01T00:00:00+00:00",
		"GIT_AUTHOR_NAME=Redactie", "GIT_AUTHOR_EMAIL=redactie@example.org",
		"GIT_COMMITTER_NAME=Redactie", "GIT_COMMITTER_EMAIL=redactie@example.org",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, file, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(file), 0o755)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// repo makes a repository whose content folder has a history at fixed
// dates, and a file outside it changed later still.
func repo(t *testing.T) (root, content string) {
	root = t.TempDir()
	content = filepath.Join(root, "content")
	gitRun(t, root, "2026-01-02T10:00:00+01:00", "init", "-q")
	for _, step := range []struct {
		date  string
		files []string
	}{
		{"2026-01-02T10:00:00+01:00", []string{"content/index.md", "content/voorbeelden/gezin.md", "content/voorbeelden/één bestand.md", "content/voorbeelden/naam\nmet regel.md"}},
		{"2026-11-01T23:30:00+01:00", []string{"content/voorbeelden/gezin.md"}},
		{"2026-03-04T08:00:00+00:00", []string{"content/index.md"}}, // committed after, dated before: the newest date wins
		{"2027-05-05T12:00:00+00:00", []string{"README.md"}},
	} {
		for _, f := range step.files {
			write(t, filepath.Join(root, f), step.date)
		}
		gitRun(t, root, step.date, "add", "-A")
		gitRun(t, root, step.date, "commit", "-q", "-m", "stap")
	}
	write(t, filepath.Join(content, "nieuw.md"), "nog niet gecommit")
	write(t, filepath.Join(content, "index.md"), "gewijzigd, niet gecommit")
	return root, content
}

func TestLastCommits(t *testing.T) {
	_, content := repo(t)
	got, err := LastCommits(content)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.md":                       "2026-03-04T08:00:00Z",
		"voorbeelden/gezin.md":           "2026-11-01T23:30:00+01:00",
		"voorbeelden/één bestand.md":     "2026-01-02T10:00:00+01:00",
		"voorbeelden/naam\nmet regel.md": "2026-01-02T10:00:00+01:00",
	}
	if len(got) != len(want) {
		t.Errorf("got %d files %v; want %d", len(got), got, len(want))
	}
	for f, w := range want {
		if d, ok := got[f]; !ok || d.Format(time.RFC3339) != w {
			t.Errorf("%q: %v (%v); want %s", f, d.Format(time.RFC3339), ok, w)
		}
	}
}

// TestNoHistory: outside a repository there are no dates and no error;
// in a shallow clone no dates either, and an error that says why.
func TestNoHistory(t *testing.T) {
	if got, err := LastCommits(t.TempDir()); got != nil || err != nil {
		t.Errorf("not a repository: %v, %v", got, err)
	}
	root, _ := repo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	gitRun(t, root, "2026-01-01T00:00:00Z", "clone", "-q", "--depth", "1", "file://"+root, clone)
	got, err := LastCommits(filepath.Join(clone, "content"))
	if got != nil || err == nil || !strings.Contains(err.Error(), "ondiepe kopie") {
		t.Errorf("shallow clone: %v, %v", got, err)
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, out string
		want      map[string]string
		err       bool
	}{
		{"empty", "", map[string]string{}, false},
		{"commit without files", "\x002026-01-01T00:00:00Z\x00\x002026-02-01T00:00:00Z\x00\na.md\x00", map[string]string{"a.md": "2026-02-01T00:00:00Z"}, false},
		{"bad date", "\x00gisteren\x00\na.md\x00", nil, true},
		{"name before any date", "a.md\x00", nil, true},
	} {
		got, err := parse([]byte(c.out))
		if (err != nil) != c.err {
			t.Errorf("%s: error %v", c.name, err)
			continue
		}
		for f, w := range c.want {
			if got[f].Format(time.RFC3339) != w {
				t.Errorf("%s: %q = %v; want %s", c.name, f, got[f], w)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}

// BenchmarkLastCommits reads the dates of the project's own content, as
// every kb build and every rebuild of kb serve does.
func BenchmarkLastCommits(b *testing.B) {
	for b.Loop() {
		if _, err := LastCommits("../../content"); err != nil {
			b.Fatal(err)
		}
	}
}
