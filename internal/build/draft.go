package build

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"testing/fstest"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/layout"
)

// Draft lays out one page as it would be if the content had the file
// named file (a path in the content FS, such as "voorbeelden/gezin.md")
// with the text src, beside everything else the content holds: the
// page's HTML through the templates, for a site at "/", and every
// problem kb check would report in that file. Problems of other files
// are left out and do not stop the page from being shown. page is nil
// when the text cannot become a page (its front matter cannot be read).
// err is for what is not the file's fault: templates that fail.
//
// kb serve's form for a new example shows its preview and its problems
// with it, before anything is written.
func Draft(contentFS, templatesFS fs.FS, file string, src []byte) (page []byte, problems, err error) {
	m, all := model(overlay{contentFS, file, src}, "/", nil)
	var mine diag.List
	for _, e := range diag.All(all) {
		var d *diag.Error
		if errors.As(e, &d) && d.File == file {
			mine.Add(e)
		}
	}
	if m == nil {
		return nil, mine.Err(), nil
	}
	p := m.Site.PageForFile(file)
	if p == nil {
		return nil, mine.Err(), nil
	}
	lay, err := layout.New(templatesFS, m.Base)
	if err != nil {
		return nil, mine.Err(), err
	}
	for _, v := range m.Views() {
		if v.Page() == p {
			html, err := lay.Execute(v.Template, v)
			return html, mine.Err(), err
		}
	}
	return nil, mine.Err(), nil
}

// overlay is a content FS with one file added, or put in the place of the
// file of that name.
type overlay struct {
	fs.FS
	name string
	data []byte
}

func (o overlay) file() fstest.MapFS {
	return fstest.MapFS{o.name: &fstest.MapFile{Data: o.data, Mode: 0o644}}
}

func (o overlay) Open(name string) (fs.File, error) {
	if name == o.name {
		return o.file().Open(name)
	}
	return o.FS.Open(name)
}

func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if name == o.name {
		return fs.Stat(o.file(), name)
	}
	return fs.Stat(o.FS, name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.FS, name)
	if name != path.Dir(o.name) {
		return entries, err
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	added, err := fs.ReadDir(o.file(), name)
	if err != nil {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.Name() == path.Base(o.name) })
	entries = append(entries, added...)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return entries, nil
}
