package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/page"
	"github.com/werkzame-elementen/kb/internal/parallel"
	"github.com/werkzame-elementen/kb/internal/spelling"
)

// Model is the site after loading, validating and rendering the markdown:
// everything the templates and the search index need, and nothing written
// yet.
//
// The site, the rendered pages, the base URL and the dates are the
// page.Model the views are made from (Commits: see Options.GitDates).
type Model struct {
	page.Model
	Warnings []string

	// cache is nil when the model serves one build only (kb build): then
	// each page's markdown source is let go once rendered, and its HTML
	// once laid out, so the search index, which takes longest, does not
	// have them beside it in memory.
	cache   *Cache
	docKeys map[*content.Page][32]byte // with a cache: what each page's rendering depended on

	images     *imageStore // the pictures the pages show, read and checked once each
	imagePaths []string    // their paths in the content FS, sorted
	// onlineImages are the published files of large photos: not kept
	// offline by the service worker (see OfflineImageMax).
	onlineImages map[string]bool
}

// Prepare loads the content FS, validates it and renders every page's
// markdown. It returns every problem found, joined; the model is nil when
// there are problems.
func Prepare(contentFS fs.FS, baseURL string) (*Model, error) {
	return prepare(contentFS, baseURL, nil)
}

func prepare(contentFS fs.FS, baseURL string, cache *Cache) (*Model, error) {
	m, err := model(contentFS, baseURL, cache)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// model is prepare that also returns the model beside the problems, as
// far as it could be made (nil when the content or the base URL cannot
// be read at all), for a preview of one page while others have problems.
func model(contentFS fs.FS, baseURL string, cache *Cache) (*Model, error) {
	var problems diag.List
	site, err := content.Load(contentFS)
	problems.Add(err)
	if site == nil {
		return nil, problems.Err()
	}
	problems.Add(content.Validate(site))
	fromConfig := baseURL == ""
	if fromConfig {
		baseURL = site.Config.BaseURL
	}
	base, siteURL, err := NormalizeBase(baseURL)
	if err != nil {
		// Name where the base URL came from: site.yaml, or the flag.
		if fromConfig {
			problems.Addf(content.ConfigFile, site.Config.BaseURLLine, site.Config.BaseURLCol, "baseURL: %v", err)
		} else {
			problems.Addf("", 0, 0, "de optie -base-url: %v", err)
		}
		return nil, problems.Err()
	}
	m := &Model{Model: page.Model{Site: site, Docs: map[*content.Page]*markdown.Doc{}, Base: base, SiteURL: siteURL, CitedBy: map[string][]*content.Page{}},
		cache: cache, docKeys: map[*content.Page][32]byte{}, images: newImageStore(contentFS, cache)}
	problems.Add(m.checkGeneratedURLs())
	problems.Add(m.render(cache))
	problems.Add(m.checkAnchors())
	m.warn()
	return m, problems.Err()
}

// NormalizeBase turns a base URL ("/", "/kennisbank", "https://x.nl/kb/")
// into the path prefix every link starts with and, for a full URL, the
// scheme and host (used where absolute URLs are needed, as in the sitemap).
func NormalizeBase(raw string) (base, siteURL string, err error) {
	if raw == "" {
		return "/", "", nil
	}
	if r, ok := content.ControlRune(raw); ok {
		return "", "", fmt.Errorf("de base-URL %q bevat een stuurteken (U+%04X%s); dat hoort niet in een adres: haal het weg", raw, r, content.ControlName(r))
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return "", "", fmt.Errorf("de base-URL %q is ongeldig: gebruik een pad als /kennisbank/ of een adres als https://voorbeeld.nl/kennisbank/", raw)
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = path.Clean(p)
	if p != "/" {
		p += "/"
	}
	if strings.ContainsAny(p, `"'<>\ `) {
		return "", "", fmt.Errorf("de base-URL %q bevat tekens die niet in een pad horen", raw)
	}
	if u.Scheme != "" {
		siteURL = u.Scheme + "://" + u.Host
	}
	return p, siteURL, nil
}

// render renders every page's markdown on all cores and checks each
// page's outline. With a cache, a page whose text and link targets are
// as they were last time is not rendered again.
func (m *Model) render(cache *Cache) error {
	pages := m.Site.AllPages()
	docs := make([]*markdown.Doc, len(pages))
	errs := make([]error, len(pages))
	r := markdown.New()
	// The bronnen page lists the sources under their keys as ids: its
	// headings may not take one (checkAnchors counts them as its anchors).
	sourceKeys := make([]string, len(m.Site.Sources))
	for i, s := range m.Site.Sources {
		sourceKeys[i] = s.Key
	}
	bronnen := r.Reserve(sourceKeys...)
	res := &resolver{m: m}
	var links [32]byte
	if cache != nil {
		links = m.linkTargets()
	}
	keys := make([][32]byte, len(pages))
	used := make([][]string, len(pages)) // the pictures each page shows
	imgKeys := make([][32]byte, len(pages))
	parallel.For(len(pages), 0, func(i int) {
		p := pages[i]
		if cache != nil {
			keys[i] = pageKey(links, p)
			// A page is as it was if its text is, and the pictures it
			// showed are the same files as before.
			if d, ok := cache.doc(p.File, keys[i]); ok && m.images.key(d.images) == d.imagesKey {
				docs[i], errs[i], used[i], imgKeys[i] = d.doc, d.err, d.images, d.imagesKey
				return
			}
		}
		pr := r
		if m.URL(p) == m.Base+"bronnen/" {
			pr = bronnen
		}
		pres := &pageResolver{resolver: res}
		doc, err := pr.Render(p.File, p.Body, p.BodyLine, pres)
		used[i] = pres.used
		if outline, ok := content.Outlines[p.Kind]; ok {
			end := p.BodyLine + bytes.Count(bytes.TrimRight(p.Body, " \t\r\n"), []byte("\n"))
			err = joinErr(err, outline.Check(p.File, doc, end))
		}
		if p.Kind == content.Element && doc != nil {
			err = joinErr(err, checkGrounds(p.File, doc))
		}
		if p.Kind == content.Example && doc != nil {
			err = joinErr(err, checkQuestions(p.File, p.Body, p.BodyLine, doc))
		}
		docs[i], errs[i] = doc, err
		if cache != nil {
			imgKeys[i] = m.images.key(used[i])
			cache.putDoc(p.File, cachedDoc{keys[i], doc, err, used[i], imgKeys[i]})
		} else {
			p.Body = nil // rendered: a model without a cache serves one build only
		}
	})

	if cache != nil {
		cache.endDocs()
		cache.endImages()
	}
	m.imagePaths = usedImages(used)
	var problems diag.List
	for i, p := range pages {
		problems.Add(errs[i])
		m.Docs[p] = docs[i]
		if cache != nil {
			m.docKeys[p] = sha256.Sum256(append(keys[i][:], imgKeys[i][:]...))
		}
		for _, key := range docs[i].Citations {
			m.CitedBy[key] = append(m.CitedBy[key], p)
		}
	}
	return problems.Err()
}

func joinErr(a, b error) error {
	var l diag.List
	l.Add(a)
	l.Add(b)
	return l.Err()
}

// checkAnchors verifies every link with a #fragment against the anchors
// of the page it points to.
func (m *Model) checkAnchors() error {
	var problems diag.List
	ids := map[string]map[string]bool{}
	for p, d := range m.Docs {
		ids[m.URL(p)] = d.IDs()
	}
	bronnen := m.Base + "bronnen/"
	if ids[bronnen] != nil {
		for _, s := range m.Site.Sources {
			ids[bronnen][s.Key] = true
		}
	}
	for _, p := range m.Site.AllPages() {
		for _, l := range m.Docs[p].Links {
			target := l.URL
			if target == "" {
				target = m.URL(p)
			}
			if !ids[target][l.Fragment] {
				problems.Addf(l.File, l.Line, 0, "de link naar #%s verwijst naar een kop die niet bestaat op %s%s", l.Fragment, target, nearAnchor(l.Fragment, ids[target]))
			}
		}
	}
	return problems.Err()
}

func nearAnchor(frag string, ids map[string]bool) string {
	var list []string
	for id := range ids {
		list = append(list, id)
	}
	if n := spelling.Nearest(frag, list, 3); n != "" {
		return "; bedoel je #" + n + "?"
	}
	return ""
}

// warn collects things that are not wrong but that an editor should know.
func (m *Model) warn() {
	for _, p := range m.Site.Elements {
		if len(m.Site.ExamplesFor(p.Slug)) == 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: geen enkel voorbeeld noemt dit element", p.File))
		}
	}
	for _, p := range m.Site.AllPages() {
		if n := len([]rune(p.Meta.Summary)); n > 200 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: de samenvatting (summary) is %d tekens; houd hem onder 200", p.File, n))
		}
	}
	for _, s := range m.Site.Sources {
		if len(m.CitedBy[s.Key]) == 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s:%d: de bron %q wordt nergens aangehaald", content.SourcesFile, s.Line, s.Key))
		}
	}
	m.Warnings = append(m.Warnings, m.DiagramWarnings()...)
}

// resolver implements markdown.Resolver over the loaded site.
type resolver struct{ m *Model }

func (r *resolver) ResolveLink(file, dest string) (string, string) {
	target := path.Join(path.Dir(file), dest)
	if strings.HasPrefix(dest, "/") || target == ".." || strings.HasPrefix(target, "../") {
		return "", fmt.Sprintf("de link %q wijst buiten de contentmap; schrijf een pad vanaf dit bestand, bijvoorbeeld ../%s/ecogram.md", dest, content.Tool.Dir())
	}
	if !strings.HasSuffix(target, ".md") {
		return "", fmt.Sprintf("de link %q wijst niet naar een pagina; schrijf het pad naar het .md-bestand, bijvoorbeeld ../%s/maatwerk.md", dest, content.Element.Dir())
	}
	p := r.m.Site.PageForFile(target)
	if p == nil {
		var files []string
		for _, q := range r.m.Site.AllPages() {
			files = append(files, q.File)
		}
		hint := ""
		if near := spelling.Nearest(target, files, 4); near != "" {
			rel := relPath(path.Dir(file), near)
			hint = fmt.Sprintf("; bedoel je %s?", rel)
		}
		return "", fmt.Sprintf("de link %q wijst naar %s, maar die pagina bestaat niet%s", dest, target, hint)
	}
	return r.m.URL(p), ""
}

func (r *resolver) Cite(file, key string) (string, string, bool) {
	s, ok := r.m.Site.Source(key)
	if !ok {
		return key, "", false
	}
	return s.Label(), r.m.Base + "bronnen/#" + key, true
}

// relPath writes target relative to the directory dir, both inside the
// content FS.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	up := strings.Repeat("../", strings.Count(dir, "/")+1)
	return up + target
}

// Cache keeps the rendered markdown of each page and the HTML of each
// view between builds, so that a build after a small change redoes only
// the pages whose text, or what their links, lists and contents point to,
// changed. The dev server keeps one; kb build starts from nothing. It
// holds what the last build used and nothing older, so pages that were
// removed do not stay in memory.
type Cache struct {
	mu                 sync.Mutex
	docs, nextDocs     map[string]cachedDoc     // by file
	pages, nextPages   map[string]cachedPage    // by URL
	images, nextImages map[[32]byte]cachedImage // by name and content (see imageKey)
}

type cachedDoc struct {
	key       [32]byte
	doc       *markdown.Doc
	err       error
	images    []string // the pictures the page showed
	imagesKey [32]byte // and their state then (imageStore.key)
}

type cachedPage struct {
	key  [32]byte
	html []byte
}

// doc returns the rendering kept for file if it was made for key. The
// caller checks that its pictures are unchanged.
func (c *Cache) doc(file string, key [32]byte) (cachedDoc, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[file]
	if !ok || d.key != key {
		return cachedDoc{}, false
	}
	c.keepDoc(file, d)
	return d, true
}

// putDoc keeps a rendering for the next build.
func (c *Cache) putDoc(file string, d cachedDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keepDoc(file, d)
}

func (c *Cache) keepDoc(file string, d cachedDoc) {
	if c.nextDocs == nil {
		c.nextDocs = map[string]cachedDoc{}
	}
	c.nextDocs[file] = d
}

// page returns the HTML kept for url if it was made for key.
func (c *Cache) page(url string, key [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[url]
	if !ok || p.key != key {
		return nil, false
	}
	c.keepPage(url, p)
	return p.html, true
}

// putPage keeps a view's HTML for the next build.
func (c *Cache) putPage(url string, key [32]byte, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keepPage(url, cachedPage{key, html})
}

func (c *Cache) keepPage(url string, p cachedPage) {
	if c.nextPages == nil {
		c.nextPages = map[string]cachedPage{}
	}
	c.nextPages[url] = p
}

// endDocs and endPages make what this build used the cache for the next.
func (c *Cache) endDocs()  { c.mu.Lock(); c.docs, c.nextDocs = c.nextDocs, nil; c.mu.Unlock() }
func (c *Cache) endPages() { c.mu.Lock(); c.pages, c.nextPages = c.nextPages, nil; c.mu.Unlock() }

// linkTargets sums up everything the resolver answers from: every page's
// file and URL, and every source's key and label.
func (m *Model) linkTargets() [32]byte {
	h := sha256.New()
	io.WriteString(h, m.Base)
	for _, p := range m.Site.AllPages() {
		fmt.Fprintf(h, "\x00%s\x00%s", p.File, m.URL(p))
	}
	for _, s := range m.Site.Sources {
		fmt.Fprintf(h, "\x01%s\x00%s", s.Key, s.Label())
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// pageKey identifies what a page's rendering depends on.
func pageKey(links [32]byte, p *content.Page) [32]byte {
	h := sha256.New()
	h.Write(links[:])
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00", p.File, p.Kind, p.BodyLine)
	h.Write(p.Body)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// siteKey sums up what every page's HTML may show of other pages: the
// templates, the site settings and sources, and for every page its front
// matter, headings and citations. While it stays the same, a page's HTML
// changes only with its own text.
func (m *Model) siteKey(templatesFS fs.FS) [32]byte {
	h := sha256.New()
	fs.WalkDir(templatesFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			if b, err := fs.ReadFile(templatesFS, p); err == nil {
				fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
				h.Write(b)
			}
		}
		return nil
	})
	fmt.Fprintf(h, "%s\x00%s\x00%+v\x00%+v\x00%v\x00", m.Base, m.SiteURL, m.Site.Config, m.Site.Sources, m.Site.Synonyms)
	for _, p := range m.Site.AllPages() {
		d := m.Docs[p]
		fmt.Fprintf(h, "%s\x00%s\x00%+v\x00%v\x00", p.File, p.Slug, p.Meta, d.Citations)
		for _, hd := range d.Headings() {
			fmt.Fprintf(h, "%d %s %s\x00", hd.Level, hd.ID, hd.Title)
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// viewKey identifies what one view's HTML depends on.
func (m *Model) viewKey(site [32]byte, v *page.View) [32]byte {
	h := sha256.New()
	h.Write(site[:])
	io.WriteString(h, v.URL)
	if v.Updated != nil {
		io.WriteString(h, "\x00"+v.Updated.ISO)
	}
	io.WriteString(h, "\x00"+v.EditURL)
	if p := v.Page(); p != nil {
		k := m.docKeys[p]
		h.Write(k[:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}
