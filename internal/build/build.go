// Package build is the pipeline that turns the content and templates
// directories into a site, read top to bottom as a checklist:
//
//  1. load     content.Load reads the content into a typed tree
//  2. validate content.Validate checks references between files
//  3. render   markdown renders every page and checks its outline, links,
//     anchors and citations (Prepare does steps 1–3)
//  4. layout   the templates turn each page's view (package page) into HTML
//  5. index    search builds the full-text index of every page and section
//     and the pieces the browser's reader fetches; package output writes
//     every file and adds .gz and .br siblings for static hosts (not for
//     the index file, which only kb search reads, nor for the pieces read
//     by range)
//  6. publish  a publish.Stage takes each file as soon as it is made and
//     swaps the complete new site into place at the end
//
// It takes Options and gives the site, on disk (Build) or in memory
// (Site), with a Result. run calls the steps in this order (prepare does
// 1–3, render 4 and 5, Build the publishing); each step is a function
// whose name says it.
//
// Every step collects all the problems it finds; the build stops after the
// first step that found any, and nothing is published: the output stays
// as it was. Steps 4 and 5 run side by side, and their files go to disk
// as they are made, so the site is never whole in memory (Site, for the
// dev server, keeps it in memory instead).
package build

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/history"
	"github.com/werkzame-elementen/kb/internal/layout"
	"github.com/werkzame-elementen/kb/internal/output"
	"github.com/werkzame-elementen/kb/internal/page"
	"github.com/werkzame-elementen/kb/internal/parallel"
	"github.com/werkzame-elementen/kb/internal/publish"
	"github.com/werkzame-elementen/kb/internal/search"
)

// BrotliQuality is the brotli level for the .br siblings kb build writes:
// level 9 is within a few per cent of the best for text and many times
// faster than 11.
const BrotliQuality = 9

// Options say where a build reads and writes.
type Options struct {
	ContentDir   string
	TemplatesDir string
	OutDir       string
	BaseURL      string // overrides site.yaml's baseURL when not empty
	// Precompress adds .gz and .br siblings for static hosts. The dev
	// server leaves it off: it serves from memory and must be quick.
	Precompress bool
	// Cache, when set, keeps rendered pages for the next build (the dev
	// server); nil renders everything.
	Cache *Cache
	// DeferIndex leaves the search index out of the tree; Result.Index
	// builds it afterwards. The dev server shows changed pages first and
	// brings search up to date a moment later.
	DeferIndex bool
	// GitDates dates every content page ("Laatst bijgewerkt") by the last
	// commit that touched its file, when ContentDir is in a Git repository
	// (see history.LastCommits); pages without one use their front-matter
	// key bijgewerkt. kb build and kb serve set it; left off, the output
	// does not depend on the repository's history.
	GitDates bool
}

// Path gives the path on disk of the file a problem names, as the user
// knows it: a template ("templates/base.html", see layout.Dir) under
// TemplatesDir, any other file under ContentDir. A problem that names no
// file (as one in the -base-url flag) stays without one.
func (o Options) Path(file string) string {
	if file == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(file, layout.Dir+"/"); ok {
		dir := o.TemplatesDir
		if dir == "" {
			dir = layout.Dir
		}
		return filepath.Join(dir, filepath.FromSlash(rest))
	}
	return filepath.Join(o.ContentDir, filepath.FromSlash(file))
}

// Result describes a finished build.
type Result struct {
	Counts   map[content.Kind]int
	Files    int
	Bytes    int
	Warnings []string
	Duration time.Duration
	// Index builds the search index file when the build deferred it
	// (Options.DeferIndex); nil otherwise.
	Index func() ([]byte, error)

	start time.Time
}

// Summary is the one line a person reads after a build.
func (r Result) Summary(out string) string {
	return fmt.Sprintf("kb build: %d elementen, %d voorbeelden, %d hulpmiddelen, %d pagina's → %s/ (%d bestanden, %.1f MB) · %d waarschuwingen · %s",
		r.Counts[content.Element], r.Counts[content.Example], r.Counts[content.Tool], r.Counts[content.PlainPage],
		strings.TrimSuffix(out, "/"), r.Files, float64(r.Bytes)/1e6, len(r.Warnings), r.Duration.Round(time.Millisecond))
}

// Build runs the whole pipeline and publishes the site to opts.OutDir.
// The files go to disk as they are made, into a new directory that
// replaces the output only when the build succeeds.
func Build(opts Options) (Result, error) {
	start := time.Now()
	if err := opts.checkOut(); err != nil {
		return Result{start: start}, err
	}
	var stage *publish.Stage
	res, err := run(opts, func() (output.Destination, error) {
		var err error
		stage, err = publish.Begin(opts.OutDir)
		return stage, err
	})
	res.start = start
	if err != nil {
		if stage != nil {
			// A failure to write (a full disk) fails every goroutine
			// that writes after it: report it once, not once for each.
			if werr := stage.Err(); werr != nil {
				err = werr
			}
			stage.Abort()
		}
		return res, err
	}
	if err := stage.Commit(); err != nil {
		return res, err
	}
	res.Warnings = append(res.Warnings, stage.Warnings()...)
	res.Duration = time.Since(start)
	return res, nil
}

// checkOut refuses an output directory that is, holds or lies inside the
// content or templates directory: publishing replaces the whole output
// directory, so it would delete the input it was built from, or copy the
// site into itself. Paths are compared absolute and cleaned, with
// symbolic links resolved as far as the paths exist.
func (o Options) checkOut() error {
	out, err := realPath(o.OutDir)
	if err != nil {
		return fmt.Errorf("kan de uitvoermap %s niet vinden: %w", o.OutDir, err)
	}
	for _, in := range []struct{ name, dir string }{{"contentmap", o.ContentDir}, {"templatesmap", o.TemplatesDir}} {
		dir, err := realPath(in.dir)
		if err != nil {
			return fmt.Errorf("kan de %s %s niet vinden: %w", in.name, in.dir, err)
		}
		var how string
		switch {
		case out == dir:
			how = "is dezelfde map als"
		case within(dir, out):
			how = "ligt in"
		case within(out, dir):
			how = "bevat"
		default:
			continue
		}
		return fmt.Errorf("de uitvoermap %s %s de %s %s: kb build vervangt de uitvoermap bij elke build in zijn geheel; kies een uitvoermap buiten %s en %s",
			o.OutDir, how, in.name, in.dir, o.ContentDir, o.TemplatesDir)
	}
	return nil
}

// within reports whether p lies inside dir (both clean and absolute).
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath makes p absolute and clean and resolves the symbolic links in
// the part of it that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// Site runs the pipeline and returns the complete site in memory, without
// writing anything; the dev server serves it from there.
func Site(opts Options) (publish.Tree, Result, error) {
	mem := output.NewMemory()
	res, err := run(opts, func() (output.Destination, error) { return mem, nil })
	if err != nil {
		return nil, res, err
	}
	return mem.Tree(), res, nil
}

// run is the checklist of the package comment, one call a step: it opens
// the inputs, loads, validates and renders the content (prepare), dates
// the pages, lays out and indexes the site into the destination that
// begin gives, once the content has no problems, and says what it made.
// Publishing (Build) or keeping the tree (Site) is the caller's.
func run(opts Options, begin func() (output.Destination, error)) (Result, error) {
	start := time.Now()
	in, err := openInputs(opts)
	if err != nil {
		return Result{start: start}, err
	}
	defer in.close()
	m, err := prepare(in.content.FS(), opts.BaseURL, opts.Cache) // 1–3: load, validate, render
	if err != nil {
		return Result{start: start}, err
	}
	m.dateByCommits(opts)
	dest, err := begin()
	if err != nil {
		return Result{start: start}, err
	}
	out := output.New(dest, opts.brotliQuality())
	if err := render(m, in.templates.FS(), opts.DeferIndex, out); err != nil { // 4–5: layout and index
		return Result{start: start}, err
	}
	return m.result(opts, out, start), nil
}

// inputs are the content and templates directories, opened so that
// nothing outside them can be read.
type inputs struct {
	content, templates *os.Root
}

// openInputs opens opts' content and templates directories.
func openInputs(opts Options) (*inputs, error) {
	c, err := openRoot(opts.ContentDir)
	if err != nil {
		return nil, err
	}
	t, err := openRoot(opts.TemplatesDir)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &inputs{content: c, templates: t}, nil
}

func (in *inputs) close() {
	in.templates.Close()
	in.content.Close()
}

// dateByCommits dates the content files by their last commit when opts
// ask for it (Options.GitDates); a repository that cannot be read is a
// warning, not a failure.
func (m *Model) dateByCommits(opts Options) {
	if !opts.GitDates {
		return
	}
	var err error
	m.Commits, err = history.LastCommits(opts.ContentDir)
	if err != nil {
		m.Warnings = append(m.Warnings, err.Error())
	}
}

// brotliQuality is the quality of the .br siblings: none (0) unless opts
// ask for precompression.
func (o Options) brotliQuality() int {
	if o.Precompress {
		return BrotliQuality
	}
	return 0
}

// result says what a build of m into out made.
func (m *Model) result(opts Options, out *output.Output, start time.Time) Result {
	var index func() ([]byte, error)
	if opts.DeferIndex {
		index = m.searchIndex
	}
	return Result{Index: index,
		Counts: map[content.Kind]int{
			content.Element: len(m.Site.Elements), content.Example: len(m.Site.Examples),
			content.Tool: len(m.Site.Tools), content.PlainPage: len(m.Site.Pages),
		},
		Files: out.Files(), Bytes: out.Bytes(), Warnings: m.Warnings, Duration: time.Since(start), start: start,
	}
}

// openRoot opens dir so that nothing outside it can be read through it,
// not even by a symbolic link that points elsewhere (os.DirFS would follow
// it).
func openRoot(dir string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("kan de map %s niet openen: %w", dir, err)
	}
	return root, nil
}

// Render executes the templates for every page of the model and adds the
// static files, the search index, sitemap.xml and robots.txt: the complete
// site in memory. A model from Prepare renders once: its pages' HTML is let
// go once laid out.
func Render(m *Model, templatesFS fs.FS) (publish.Tree, error) {
	mem := output.NewMemory()
	if err := render(m, templatesFS, false, output.New(mem, 0)); err != nil {
		return nil, err
	}
	return mem.Tree(), nil
}

// searchIndex builds the site's search index file.
func (m *Model) searchIndex() ([]byte, error) {
	idx, err := search.Build(m.SearchDocs(), m.Site.Synonyms)
	if err != nil {
		return nil, fmt.Errorf("zoekindex: %w", err)
	}
	return idx, nil
}

// writeIndex writes the site's search index file to out as it is made,
// and the pieces of the same index for the browser's reader (see
// search.WritePieces) in search.ReaderDir, each as soon as it is made from
// the rows streaming to the file: memory does not grow with the site.
func (m *Model) writeIndex(out *output.Output) error {
	// The browser reads the pieces; the index file is for kb search -site
	// only, so it gets no compressed siblings: brotli over the one big
	// file, on one core, took most of a build's time.
	w, err := out.CreatePlain(IndexFile)
	if err != nil {
		return err
	}
	err = search.WritePieces(w, m.SearchDocs(), m.Site.Synonyms, func(p search.Piece) error {
		return out.Put(search.ReaderDir+"/"+p.Name, p.Data)
	})
	if err != nil {
		w.Close()
		return fmt.Errorf("zoekindex: %w", err)
	}
	return w.Close()
}

// render writes every file of the site to out, in this order: the
// static files and pictures, each page through the templates with the
// search index built beside them (unless deferred), the files made from
// the whole site (sitemap, suggestions, robots.txt) and, last, the service
// worker, whose version depends on all the others.
func render(m *Model, templatesFS fs.FS, deferIndex bool, out *output.Output) error {
	lay, static, err := loadTemplates(templatesFS, m.Base)
	if err != nil {
		return err
	}
	out.Provide(static)
	// The index needs only the rendered text, not the templates: it is
	// built alongside the layout step, which keeps both cores busy while
	// Bleve writes its rows on one.
	indexed := m.startIndex(out, deferIndex)
	if err := copyStatic(out, templatesFS, static); err != nil {
		indexed.wait()
		return err
	}
	if err := m.writeImages(out); err != nil {
		indexed.wait()
		return err
	}
	pack, sitemap, laid := m.layoutPages(lay, templatesFS, out)
	var problems diag.List
	problems.Add(laid)
	problems.Add(indexed.wait())
	if err := problems.Err(); err != nil {
		return err
	}
	if err := m.writeSiteFiles(out, sitemap); err != nil {
		return err
	}
	return m.serviceWorker(templatesFS, out, pack)
}

// loadTemplates checks the templates directory and parses its templates
// for the site's base; static maps each static file's path in the site to
// its path in templatesFS.
func loadTemplates(templatesFS fs.FS, base string) (lay *layout.Layout, static map[string]string, err error) {
	if err := checkTemplateFiles(templatesFS); err != nil {
		return nil, nil, err
	}
	lay, err = layout.New(templatesFS, base)
	if err != nil {
		return nil, nil, err
	}
	static, err = layout.Static(templatesFS)
	if err != nil {
		return nil, nil, err
	}
	return lay, static, nil
}

// copyStatic copies the templates' static files (see layout.Static) into
// out, on all cores.
func copyStatic(out *output.Output, templatesFS fs.FS, static map[string]string) error {
	paths := make([]string, 0, len(static))
	for p := range static {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return parallel.ForErr(len(paths), 0, func(i int) error {
		return out.Copy(paths[i], templatesFS, static[paths[i]])
	})
}

// indexing is the search index being written on a goroutine of its own;
// a nil indexing was deferred and has nothing to wait for.
type indexing chan error

// startIndex starts writing the search index into out, unless deferred.
func (m *Model) startIndex(out *output.Output, deferIndex bool) indexing {
	if deferIndex {
		return nil
	}
	done := make(indexing, 1)
	go func() { done <- m.writeIndex(out) }()
	return done
}

// wait waits for the index to be written and returns its problem.
func (ix indexing) wait() error {
	if ix == nil {
		return nil
	}
	return <-ix
}

// layoutPages executes the templates for every page's view on all cores
// and writes the pages to out. It returns the pack of pages for the
// service worker, the sitemap, and every page's problem, joined. Then
// the pages' HTML is let go, or kept in the cache for the next build.
func (m *Model) layoutPages(lay *layout.Layout, templatesFS fs.FS, out *output.Output) (*pagePack, []byte, error) {
	views := m.Views()
	errs := make([]error, len(views))
	execute := func(v *page.View) ([]byte, error) { return lay.Execute(v.Template, v) }
	if m.cache != nil {
		execute = m.cachedLayout(lay, templatesFS)
	}
	pack := newPagePack(len(views))
	parallel.For(len(views), 0, func(i int) {
		html, err := execute(views[i])
		if err == nil {
			err = out.Put(outputPath(m.Base, views[i].URL), html)
			pack.add(i, m.Base+strings.TrimSuffix(outputPath(m.Base, views[i].URL), "index.html"), html)
		}
		errs[i] = err
	})
	m.endLayout()
	var problems diag.List
	for _, err := range errs {
		problems.Add(err)
	}
	return pack, m.sitemap(views), problems.Err()
}

// endLayout keeps the pages laid out in the cache for the next build or,
// without one, lets go of their HTML: the search index, which may take a
// while yet, needs only the text.
func (m *Model) endLayout() {
	if m.cache != nil {
		m.cache.endPages()
	} else {
		m.dropHTML()
	}
}

// writeSiteFiles writes the files made from the whole site: the
// sitemap, the suggestions and robots.txt.
func (m *Model) writeSiteFiles(out *output.Output, sitemap []byte) error {
	suggestions, err := m.suggestions()
	if err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{"sitemap.xml", sitemap}, {SuggestFile, suggestions}, {"robots.txt", m.robots()}} {
		if err := out.Put(f.path, f.data); err != nil {
			return err
		}
	}
	return nil
}

// robots is robots.txt: everything may be crawled, and the sitemap is
// named when the site's host is known.
func (m *Model) robots() []byte {
	robots := "User-agent: *\nAllow: /\n"
	if m.SiteURL != "" {
		robots += "Sitemap: " + m.Absolute(m.Base+"sitemap.xml") + "\n"
	}
	return []byte(robots)
}

// dropHTML lets go of every page's rendered HTML once the pages are laid
// out; the search index needs only the text.
func (m *Model) dropHTML() {
	for _, d := range m.Docs {
		for i := range d.Sections {
			d.Sections[i].HTML = ""
		}
	}
}

// cachedLayout executes a view's template unless the cache has its HTML
// for the same inputs (see siteKey and viewKey).
func (m *Model) cachedLayout(lay *layout.Layout, templatesFS fs.FS) func(*page.View) ([]byte, error) {
	site := m.siteKey(templatesFS)
	return func(v *page.View) ([]byte, error) {
		key := m.viewKey(site, v)
		if html, ok := m.cache.page(v.URL, key); ok {
			return html, nil
		}
		html, err := lay.Execute(v.Template, v)
		if err == nil {
			m.cache.putPage(v.URL, key, html)
		}
		return html, err
	}
}

// outputPath maps a page URL to its file: "/kb/elementen/x/" -> "elementen/x/index.html".
func outputPath(base, url string) string {
	rel := strings.TrimPrefix(url, base)
	if rel == "" || strings.HasSuffix(rel, "/") {
		return rel + "index.html"
	}
	return rel
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	XMLNS   string   `xml:"xmlns,attr"`
	URLs    []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

// sitemap lists every page but the 404 page, sorted.
func (m *Model) sitemap(views []*page.View) []byte {
	var locs []string
	for _, v := range views {
		if v.Template != "404" {
			locs = append(locs, m.Absolute(v.URL))
		}
	}
	sort.Strings(locs)
	set := urlset{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, l := range locs {
		set.URLs = append(set.URLs, struct {
			Loc string `xml:"loc"`
		}{l})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	_ = enc.Encode(set)
	buf.WriteString("\n")
	return buf.Bytes()
}
