package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/werkzame-elementen/kb/internal/layout"
	"github.com/werkzame-elementen/kb/internal/publish"
)

// A save of the templates' static files alone (templates/static/…, see
// layout.StaticDir) needs no build: the pages do not depend on those
// bytes, and a build copies them unchanged to the same path in the site.
// The server copies just the changed files into the tree it serves and
// tells the tabs what changed: a style sheet is swapped in place, any
// other static file reloads the page.
//
// One file of the tree is then not what a full build would make: sw.js,
// whose version is a hash of the whole site. The dev server never serves
// it (it serves a worker that removes itself, see ServeHTTP); the next
// full build makes it again.

// Kinds of change the event stream tells the tabs about.
const (
	changeReload = "reload" // the page must be fetched again
	changeCSS    = "css"    // only style sheets changed
)

// change is one message to a tab: the version it brings the tab to and
// what the tab must do to get there.
type change struct {
	version int
	kind    string
}

// merge gives the one message that does the work of a and then b (b is
// the newer): a reload covers a style sheet swap.
func merge(a, b change) change {
	if a.kind == changeReload {
		b.kind = changeReload
	}
	return b
}

// Changed handles one batch of changed paths from the watcher: when all
// of them are files of the templates' static directory that the served
// site already has, it copies just those (updateStatic); anything else
// (content, templates, sw.js, a new or deleted file, a directory) is a
// full Rebuild.
func (s *Server) Changed(batch []string) error {
	if files := s.staticFiles(batch); files != nil {
		if s.updateStatic(files) {
			return nil
		}
	}
	return s.Rebuild()
}

// staticFiles maps every path of batch to its path in the site
// ("templates/static/style.css" → "static/style.css"), or gives nil when
// one of them lies outside the templates' static directory.
func (s *Server) staticFiles(batch []string) map[string]string {
	if len(batch) == 0 || s.Options.Precompress {
		return nil // with siblings, a copy of the file alone would leave them stale
	}
	templates := filepath.Clean(s.Options.TemplatesDir)
	files := map[string]string{}
	for _, p := range batch {
		rel, err := filepath.Rel(templates, filepath.Clean(p))
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, layout.StaticDir+"/") || !fs.ValidPath(rel) {
			return nil
		}
		if strings.HasPrefix(path.Base(rel), ".") {
			return nil // not copied by a build; let the build decide
		}
		files[rel] = rel // static files keep their path in the site
	}
	return files
}

// updateStatic puts the files (path in the site → path in the templates)
// into the served tree as they are on disk now and tells the tabs. It
// reports false, having changed nothing, when a full build is needed
// instead: no good build yet, the last build failed, a file is new,
// deleted, not a regular file or cannot be read.
func (s *Server) updateStatic(files map[string]string) bool {
	s.building.Lock()
	defer s.building.Unlock()
	s.mu.RLock()
	tree, failed := s.tree, s.problems != nil
	s.mu.RUnlock()
	if tree == nil || failed {
		return false
	}
	root, err := os.OpenRoot(s.Options.TemplatesDir)
	if err != nil {
		return false
	}
	defer root.Close()
	read := make(map[string][]byte, len(files))
	for site, src := range files {
		if _, ok := tree[site]; !ok {
			return false // a new file changes the site's list of files
		}
		info, err := root.Lstat(filepath.FromSlash(src))
		if err != nil || !info.Mode().IsRegular() {
			return false
		}
		data, err := root.ReadFile(filepath.FromSlash(src))
		if err != nil {
			return false
		}
		read[site] = data
	}
	kind := changeCSS
	next := make(publish.Tree, len(tree))
	for p, b := range tree {
		next[p] = b
	}
	for p, b := range read {
		next[p] = b
		if path.Ext(p) != ".css" {
			kind = changeReload
		}
	}
	s.mu.Lock()
	s.tree = next
	s.sendLocked(kind)
	s.mu.Unlock()
	if s.Log != nil {
		what := "de pagina's laden opnieuw"
		if kind == changeCSS {
			what = "alleen de stijl wordt opnieuw geladen"
		}
		fmt.Fprintf(s.Log, "kb serve: %d %s overgenomen zonder nieuwe build; %s\n", len(read), bestanden(len(read)), what)
	}
	return true
}

func bestanden(n int) string {
	if n == 1 {
		return "bestand"
	}
	return "bestanden"
}
