package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/publish"
)

// TestStaticSave: a save of templates/static files alone is copied into
// the served tree without a build, with a "css" event for a style sheet
// and a reload for any other file; a template, a new or a deleted static
// file still goes through a build. After every step the served tree is
// the one a fresh build.Site makes, byte for byte, but for sw.js (whose
// version hashes the whole site; the dev server never serves it).
func TestStaticSave(t *testing.T) {
	templatesDir := filepath.Join(t.TempDir(), "templates")
	if err := os.CopyFS(templatesDir, os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int32
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) },
		func(s *Server) {
			s.Options.TemplatesDir = templatesDir
			s.site = func(opts build.Options) (publish.Tree, build.Result, error) {
				builds.Add(1)
				return build.Site(opts)
			}
		})
	in := func(p string) string { return filepath.Join(templatesDir, filepath.FromSlash(p)) }
	appendTo := func(p, text string) func(t *testing.T) {
		return func(t *testing.T) {
			old, err := os.ReadFile(in(p))
			if err != nil {
				t.Fatal(err)
			}
			save(t, in(p), string(old)+text)
		}
	}
	for _, c := range []struct {
		name   string
		do     func(t *testing.T)
		kind   string
		build  bool
		served map[string]string // path → a text the served file must contain
	}{
		{"style sheet", appendTo("static/style.css", "\nbody{outline:1px solid red}\n"), changeCSS, false,
			map[string]string{"/static/style.css": "body{outline:1px solid red}"}},
		{"second style sheet save", appendTo("static/style.css", "main{outline:2px solid blue}\n"), changeCSS, false,
			map[string]string{"/static/style.css": "main{outline:2px solid blue}"}},
		{"script", appendTo("static/app.js", "\n// nieuw\n"), changeReload, false,
			map[string]string{"/static/app.js": "// nieuw"}},
		{"script in a subfolder", appendTo("static/zoeken/zoeken.js", "\n// ook nieuw\n"), changeReload, false,
			map[string]string{"/static/zoeken/zoeken.js": "// ook nieuw"}},
		{"template", func(t *testing.T) {
			old, _ := os.ReadFile(in("base.html"))
			save(t, in("base.html"), strings.Replace(string(old), "</body>", "<p>sjabloon gewijzigd</p></body>", 1))
		}, changeReload, true, map[string]string{"/": "sjabloon gewijzigd"}},
		{"new static file", func(t *testing.T) {
			save(t, in("static/extra.css"), "p{margin:0}\n")
		}, changeReload, true, map[string]string{"/static/extra.css": "p{margin:0}"}},
		{"deleted static file", func(t *testing.T) {
			if err := os.Remove(in("static/extra.css")); err != nil {
				t.Fatal(err)
			}
		}, changeReload, true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := builds.Load()
			c.do(t)
			kind, _ := r.nextChange(t)
			if kind != c.kind {
				t.Errorf("event %q; want %q", kind, c.kind)
			}
			if built := builds.Load() != before; built != c.build {
				t.Errorf("built: %v; want %v", built, c.build)
			}
			for p, want := range c.served {
				if body := get(t, "http://"+r.addr+p); !strings.Contains(body, want) {
					t.Errorf("%s does not contain %q", p, want)
				}
			}
			r.s.mu.RLock()
			served := r.s.tree
			r.s.mu.RUnlock()
			opts := r.s.Options
			opts.BaseURL, opts.DeferIndex = "/", true
			fresh, _, err := build.Site(opts)
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, served, fresh, "sw.js")
		})
	}
}

// sameTree reports every file that differs between got and want, but
// for those named in except.
func sameTree(t *testing.T, got, want publish.Tree, except ...string) {
	t.Helper()
	skip := map[string]bool{}
	for _, e := range except {
		skip[e] = true
	}
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		g, inGot := got[p]
		w, inWant := want[p]
		switch {
		case skip[p]:
		case !inGot:
			t.Errorf("%s: missing from the served tree", p)
		case !inWant:
			t.Errorf("%s: served, but a full build has no such file", p)
		case !bytes.Equal(g, w):
			t.Errorf("%s: served %d bytes differ from the full build's %d", p, len(g), len(w))
		}
	}
}

// nextChange waits for the next message of the event stream and gives
// its kind (changeReload for a plain message) and version.
func (r *running) nextChange(tb testing.TB) (kind string, version int) {
	tb.Helper()
	kind = changeReload
	for {
		line, err := r.events.ReadString('\n')
		if err != nil {
			tb.Fatal(err)
		}
		line = strings.TrimSpace(line)
		if k, ok := strings.CutPrefix(line, "event: "); ok {
			kind = k
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				tb.Fatalf("data %q", v)
			}
			return kind, n
		}
	}
}

// TestStaticFiles: which batches of changed paths are a static-only save.
func TestStaticFiles(t *testing.T) {
	s := &Server{Options: build.Options{ContentDir: "site/content", TemplatesDir: "site/templates"}}
	for _, c := range []struct {
		name  string
		batch []string
		want  []string // paths in the site; nil: a full build
	}{
		{"style sheet", []string{"site/templates/static/style.css"}, []string{"static/style.css"}},
		{"two files", []string{"site/templates/static/app.js", "site/templates/static/zoeken/zoeken.js"}, []string{"static/app.js", "static/zoeken/zoeken.js"}},
		{"template", []string{"site/templates/base.html"}, nil},
		{"service worker", []string{"site/templates/sw.js"}, nil},
		{"root file", []string{"site/templates/root/_headers"}, nil},
		{"content", []string{"site/content/elementen/maatwerk.md"}, nil},
		{"static and content", []string{"site/templates/static/style.css", "site/content/elementen/maatwerk.md"}, nil},
		{"the static folder itself", []string{"site/templates/static"}, nil},
		{"the templates folder", []string{"site/templates"}, nil},
		{"hidden file", []string{"site/templates/static/.style.css"}, nil},
		{"nothing", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := s.staticFiles(c.batch)
			var paths []string
			for p := range got {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			if strings.Join(paths, " ") != strings.Join(c.want, " ") || (got == nil) != (c.want == nil) {
				t.Errorf("staticFiles(%q) = %v; want %v", c.batch, got, c.want)
			}
		})
	}
}

// TestMerge: a tab that has not read a message yet gets one that does the
// work of both: a reload covers a style sheet swap.
func TestMerge(t *testing.T) {
	for _, c := range []struct{ old, next, want change }{
		{change{1, changeCSS}, change{2, changeCSS}, change{2, changeCSS}},
		{change{1, changeCSS}, change{2, changeReload}, change{2, changeReload}},
		{change{1, changeReload}, change{2, changeCSS}, change{2, changeReload}},
		{change{1, changeReload}, change{2, changeReload}, change{2, changeReload}},
	} {
		if got := merge(c.old, c.next); got != c.want {
			t.Errorf("merge(%v, %v) = %v; want %v", c.old, c.next, got, c.want)
		}
	}
}
