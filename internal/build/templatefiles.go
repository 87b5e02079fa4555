package build

import (
	"io/fs"
	"strings"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/layout"
)

// checkTemplateFiles refuses, before any template or static file is read,
// a file in the templates directory that is not a regular file: opening a
// FIFO waits until something writes to it, for ever if nothing does, and a
// device never ends. The walk reads only directory listings (and, for a
// symbolic link, what it points to), so nothing is opened that could
// block. Hidden files are skipped, as the static files skip them.
func checkTemplateFiles(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // reading the file reports it, in its own words
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				return nil // a link to nothing, or outside: reading it says so
			}
			mode = info.Mode().Type()
		}
		if mode.IsRegular() || mode.IsDir() {
			return nil
		}
		return diag.New(layout.Dir+"/"+p, 0, 0, "dit is geen gewoon bestand maar %s; verwijder het of geef het een andere naam", diag.FileKind(mode))
	})
}
