package build

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/werkzame-elementen/kb/internal/publish"
)

// TestOutOverlappingInputRefused: an output directory that is, holds or
// lies inside the content or templates directory is refused before
// anything is read or written, also when the marker of an earlier build is
// there and when a symbolic link hides the overlap.
func TestOutOverlappingInputRefused(t *testing.T) {
	base := t.TempDir()
	content := filepath.Join(base, "content")
	tmpl := filepath.Join(base, "templates")
	if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(tmpl, os.DirFS(templates)); err != nil {
		t.Fatal(err)
	}
	// The marker of an earlier build, as cp -r public/. would carry it
	// along: without the check, publish would replace the directory.
	for _, d := range []string{base, content, tmpl} {
		os.WriteFile(filepath.Join(d, publish.Marker), []byte("Gemaakt door kb build. Deze map wordt bij elke build vervangen.\n"), 0o644)
	}
	link := filepath.Join(t.TempDir(), "naar-content")
	if err := os.Symlink(content, link); err != nil {
		t.Fatal(err)
	}
	tail := ": kb build vervangt de uitvoermap bij elke build in zijn geheel; kies een uitvoermap buiten " + content + " en " + tmpl
	for _, c := range []struct{ name, out, want string }{
		{"gelijk aan content", content, "de uitvoermap " + content + " is dezelfde map als de contentmap " + content},
		{"in content", filepath.Join(content, "public"), "de uitvoermap " + filepath.Join(content, "public") + " ligt in de contentmap " + content},
		{"bevat content", base, "de uitvoermap " + base + " bevat de contentmap " + content},
		{"in templates/static", filepath.Join(tmpl, "static", "site"), "de uitvoermap " + filepath.Join(tmpl, "static", "site") + " ligt in de templatesmap " + tmpl},
		{"via een symlink in content", filepath.Join(link, "public"), "de uitvoermap " + filepath.Join(link, "public") + " ligt in de contentmap " + content},
		{"relatief, met ..", "templates/../content/x", "de uitvoermap templates/../content/x ligt in de contentmap " + content},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(base)
			_, err := Build(Options{ContentDir: content, TemplatesDir: tmpl, OutDir: c.out})
			if err == nil || err.Error() != c.want+tail {
				t.Fatalf("err = %v\nwant %s", err, c.want+tail)
			}
			for _, f := range []string{filepath.Join(content, "index.md"), filepath.Join(tmpl, "element.html")} {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("input lost: %v", err)
				}
			}
			if _, err := os.Stat(filepath.Join(tmpl, "static", "site")); err == nil {
				t.Error("the site was copied into the templates")
			}
		})
	}
	// A sibling whose name begins like the content directory is fine.
	if _, err := Build(Options{ContentDir: content, TemplatesDir: tmpl, OutDir: content + "-public"}); err != nil {
		t.Errorf("an output beside the content: %v", err)
	}
}

// TestDeployFolderKeepsUserFiles: a deploy folder that is a git checkout
// with a CNAME file, filled by cp -r public/. deploy/, can be built into
// directly: .git and CNAME stay byte for byte, and the site is new.
func TestDeployFolderKeepsUserFiles(t *testing.T) {
	public := buildFixture(t, "/")
	deploy := filepath.Join(t.TempDir(), "deploy")
	user := map[string]string{".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/config": "[core]\n", "CNAME": "kennisbank.example.nl\n"}
	for p, s := range user {
		os.MkdirAll(filepath.Dir(filepath.Join(deploy, p)), 0o755)
		os.WriteFile(filepath.Join(deploy, p), []byte(s), 0o644)
	}
	if err := os.CopyFS(deploy, os.DirFS(public)); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(deploy, "elementen", "verdwenen", "index.html")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("oud"), 0o644)
	// The stale page is kb's in the marker of the build it came from.
	marker, _ := os.ReadFile(filepath.Join(deploy, publish.Marker))
	os.WriteFile(filepath.Join(deploy, publish.Marker), append(marker, "elementen/verdwenen/index.html\n"...), 0o644)
	for range 2 {
		if _, err := Build(Options{ContentDir: fixture, TemplatesDir: templates, OutDir: deploy, BaseURL: "/"}); err != nil {
			t.Fatal(err)
		}
		for p, s := range user {
			if b, err := os.ReadFile(filepath.Join(deploy, p)); err != nil || string(b) != s {
				t.Errorf("%s = %q, %v; want %q", p, b, err, s)
			}
		}
		if _, err := os.Stat(filepath.Join(deploy, "elementen", "maatwerk", "index.html")); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("a page kb wrote before survived: %v", err)
		}
	}
}

// TestConcurrentBuildsToOneOutput: two builds to the same output at once
// never damage each other: the one that finds the other running says so,
// and the output is whole.
func TestConcurrentBuildsToOneOutput(t *testing.T) {
	out := buildFixture(t, "/")
	for range 3 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = Build(Options{ContentDir: fixture, TemplatesDir: templates, OutDir: out, BaseURL: "/"})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && !strings.HasPrefix(err.Error(), "er draait al een build naar "+out+" ") {
				t.Errorf("err = %v", err)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Error("neither build succeeded")
		}
		if _, err := os.Stat(filepath.Join(out, "elementen", "maatwerk", "index.html")); err != nil {
			t.Error(err)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("left beside the output: %v", entries)
		}
	}
}

// TestStaleStageRemovedByBuild: a hidden stage that a killed build left
// beside the output is gone after the next build.
func TestStaleStageRemovedByBuild(t *testing.T) {
	out := buildFixture(t, "/")
	stale := filepath.Join(filepath.Dir(out), ".public.new-123456")
	os.MkdirAll(filepath.Join(stale, "elementen"), 0o755)
	os.WriteFile(filepath.Join(stale, "elementen", "half.html"), []byte("half geschreven"), 0o644)
	if _, err := Build(Options{ContentDir: fixture, TemplatesDir: templates, OutDir: out, BaseURL: "/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale stage is still there: %v", err)
	}
}
