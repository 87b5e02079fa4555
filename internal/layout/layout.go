// Package layout executes the site's html/template files. It takes the
// templates directory as an fs.FS and a view (the data one page shows) and
// gives the page's HTML bytes. It writes nothing.
//
// The templates directory holds base.html (the frame of every page, which
// defines the blocks "title" and "main"), partials named _*.html available
// to every page, and one template per page type (element.html, ...), each
// defining "main". Files under static/ are copied to the site as they are.
package layout

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/werkzame-elementen/kb/internal/diag"
)

// StaticDir is the folder in the templates directory whose files are
// copied to the site unchanged, under static/. RootDir's files are copied
// to the root of the site (such as _headers for static hosts).
const (
	StaticDir = "static"
	RootDir   = "root"
)

// Dir is how problems name the templates directory: a problem in a
// template is a diag.Error whose File is "templates/<name>.html".
const Dir = "templates"

// Layout holds the parsed templates.
type Layout struct {
	pages map[string]*template.Template
}

// Funcs are the functions templates can call, besides html/template's own.
// url is bound per site in New; the others are pure.
func funcs(base string) template.FuncMap {
	return template.FuncMap{
		// url prefixes a path from the site root with the base URL.
		"url": func(p string) string { return base + strings.TrimPrefix(p, "/") },
		// hasPrefix for templates that mark the current section.
		"hasPrefix": strings.HasPrefix,
		// ecogramPoints places the eight circles of the ecogram worksheet.
		"ecogramPoints": func() [][2]int {
			return [][2]int{{300, 70}, {470, 130}, {530, 260}, {470, 390}, {300, 450}, {130, 390}, {70, 260}, {130, 130}}
		},
	}
}

// New parses the templates in fsys. base is the site's base URL path,
// ending in "/". Every page template is parsed with base.html and the
// partials; a template that fails to parse is reported with its file.
func New(fsys fs.FS, base string) (*Layout, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	common := template.New("").Funcs(funcs(base))
	var pageFiles []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".html") {
			continue
		}
		if name == "base.html" || strings.HasPrefix(name, "_") {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("templates/%s: %w", name, err)
			}
			if _, err := common.New(name).Parse(string(src)); err != nil {
				return nil, templateError(name, err)
			}
			continue
		}
		pageFiles = append(pageFiles, name)
	}
	if common.Lookup("base.html") == nil {
		return nil, fmt.Errorf("templates: base.html ontbreekt")
	}
	sort.Strings(pageFiles)
	l := &Layout{pages: map[string]*template.Template{}}
	for _, name := range pageFiles {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("templates/%s: %w", name, err)
		}
		t, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return nil, templateError(name, err)
		}
		l.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return l, nil
}

// Has reports whether a page template of that name exists.
func (l *Layout) Has(name string) bool { return l.pages[name] != nil }

// Execute renders the page template name (without .html) inside base.html
// with the given view.
func (l *Layout) Execute(name string, view any) ([]byte, error) {
	t := l.pages[name]
	if t == nil {
		return nil, fmt.Errorf("templates/%s.html ontbreekt", name)
	}
	// The page is written into a reused buffer and copied out at its
	// exact size: no doubling on every page, no room left unused.
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := t.ExecuteTemplate(buf, "base.html", view); err != nil {
		return nil, templateError(name+".html", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// templateLoc finds where html/template says a problem is: "template:
// NAME:LINE: ..." when parsing, "template: NAME:LINE:COL: executing ..."
// when executing, "html/template:NAME:LINE:COL: ..." when escaping.
var templateLoc = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:\s]+?)(?::(\d+))?(?::(\d+))?: (.*)$`)

// executing is the part of an execution error that says which template
// ran: `executing "main" at <.Foo>: `.
var executing = regexp.MustCompile(`(?s)^executing "[^"]*" at <(.*?)>: (.*)$`)

// templateError turns an error from html/template into a diag.Error at
// the template file and line it names. file is the template that was
// parsed or executed; it stands when the error names no file of its own,
// as when it names a template defined inside one ("main").
func templateError(file string, err error) error {
	var d *diag.Error
	if errors.As(err, &d) {
		return err
	}
	out := &diag.Error{File: Dir + "/" + file}
	detail := err.Error()
	if m := templateLoc.FindStringSubmatch(detail); m != nil {
		if strings.HasSuffix(m[1], ".html") {
			out.File = Dir + "/" + m[1]
		}
		out.Line, _ = strconv.Atoi(m[2])
		out.Col, _ = strconv.Atoi(m[3])
		detail = m[4]
	}
	var exec texttemplate.ExecError
	var escape *template.Error
	switch {
	case errors.As(err, &exec):
		if m := executing.FindStringSubmatch(detail); m != nil {
			out.Msg = fmt.Sprintf("de template loopt vast bij {{%s}}: %s", m[1], m[2])
		} else {
			out.Msg = "de template loopt vast: " + detail
		}
	case errors.As(err, &escape) && escape.ErrorCode == template.ErrNoSuchTemplate:
		out.Msg = "de template roept een template aan die niet bestaat: " + detail
	case errors.As(err, &escape):
		out.Msg = "de template is geen veilige HTML: " + detail
	default:
		out.Msg = "de template klopt niet: " + detail
	}
	return out
}

// buffers are the page buffers of Execute.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Static lists the files to copy to the site unchanged, as the path in
// the site → the path in the templates: those under static/ at the same
// path ("static/style.css"), and those under root/ at the root of the site
// ("_headers" → "root/_headers"). Reading them is left to the caller, one
// at a time.
func Static(fsys fs.FS) (map[string]string, error) {
	out := map[string]string{}
	for _, dir := range []string{StaticDir, RootDir} {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == dir && errorsIsNotExist(err) {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("templates/%s: symbolische links worden niet gekopieerd", p)
			}
			site := p
			if dir == RootDir {
				site = strings.TrimPrefix(p, RootDir+"/")
			}
			out[site] = p
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
