package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOsDoNotHangTheBuild puts a FIFO where kb reads a page, a data
// file, a template or a static file. Opening a FIFO waits for a writer
// that never comes, so the build must refuse it unopened, naming it, and
// fail the test instead of hanging when it does not. Once the FIFO is
// gone, the same dev-server build (with its cache) works again: a
// short-lived FIFO does not stop kb serve from rebuilding.
func TestFIFOsDoNotHangTheBuild(t *testing.T) {
	for _, c := range []struct {
		dir, name, want string
	}{
		{"content", "x.md", "x.md: dit is geen gewoon bestand maar een FIFO (named pipe); verwijder het of geef het een andere naam"},
		{"content", "elementen/x.md", "elementen/x.md: dit is geen gewoon bestand maar een FIFO (named pipe)"},
		{"content", "site.yaml", "site.yaml: dit is geen gewoon bestand maar een FIFO (named pipe)"},
		{"templates", "extra.html", "templates/extra.html: dit is geen gewoon bestand maar een FIFO (named pipe); verwijder het of geef het een andere naam"},
		{"templates", "static/x.css", "templates/static/x.css: dit is geen gewoon bestand maar een FIFO (named pipe)"},
		{"templates", "sw.js", "templates/sw.js: dit is geen gewoon bestand maar een FIFO (named pipe)"},
	} {
		t.Run(c.dir+"/"+c.name, func(t *testing.T) {
			root := t.TempDir()
			content, tmpl := filepath.Join(root, "content"), filepath.Join(root, "templates")
			if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(tmpl, os.DirFS(templates)); err != nil {
				t.Fatal(err)
			}
			fifo := filepath.Join(root, c.dir, filepath.FromSlash(c.name))
			orig, _ := os.ReadFile(fifo) // sw.js is there already
			os.Remove(fifo)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Fatalf("cannot make a FIFO for the test: %v", err)
			}
			opts := Options{ContentDir: content, TemplatesDir: tmpl, Cache: &Cache{}}
			build := func() error {
				done := make(chan error, 1)
				go func() {
					_, _, err := Site(opts)
					done <- err
				}()
				select {
				case err := <-done:
					return err
				case <-time.After(10 * time.Second):
					t.Fatal("the build did not finish within 10 s: it opened a FIFO")
					return nil
				}
			}
			if err := build(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %q", err, c.want)
			}
			if err := os.Remove(fifo); err != nil {
				t.Fatal(err)
			}
			if orig != nil {
				if err := os.WriteFile(fifo, orig, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := build(); err != nil {
				t.Fatalf("after the FIFO is gone the build still fails: %v", err)
			}
		})
	}
}
