package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/werkzame-elementen/kb/internal/images"
	"github.com/werkzame-elementen/kb/internal/output"
	"github.com/werkzame-elementen/kb/internal/search"
)

// What the service worker keeps for offline reading, and how it gets it.
//
// On the first visit it keeps the static files (style, scripts, icon, the
// suggestions) and every page — but not search: the engine, the index and
// the reader's pieces are fetched by the queries that need them and kept
// as they are fetched, or all at once after the explicit "ook offline
// zoeken" choice on the search page. The pages come in one pack, a JSON
// file of every page's HTML: compressed together they cost a third of what
// they cost one by one, which keeps a first visit of the real site under
// 150 KB. A site of more than PackPages pages gets no pack and keeps only
// the pages someone visits: nobody's first visit should fetch a whole
// large site.

// PackPages is the largest number of pages the service worker keeps on a
// first visit (in one pack).
const PackPages = 400

// PackDir is where the pack of pages goes, named by its content hash.
const PackDir = "offline"

// pagePack collects the HTML of every page while they are rendered, in
// the views' order, when there are few enough of them.
type pagePack struct {
	urls  []string
	pages [][]byte
}

func newPagePack(n int) *pagePack {
	if n > PackPages {
		return nil
	}
	return &pagePack{urls: make([]string, n), pages: make([][]byte, n)}
}

// add keeps page i; called from the rendering goroutines, each with its
// own i.
func (p *pagePack) add(i int, url string, html []byte) {
	if p != nil {
		p.urls[i], p.pages[i] = url, html
	}
}

// file is the pack as written: a JSON object of URL → HTML, in URL order
// (the 404 page left out: it is fetched on its own), and its name.
func (p *pagePack) file(notFound string) (name string, data []byte, urls []string, err error) {
	if p == nil {
		return "", nil, nil, nil
	}
	order := make([]int, 0, len(p.urls))
	for i, u := range p.urls {
		if p.pages[i] != nil && u != notFound {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool { return p.urls[order[a]] < p.urls[order[b]] })
	var buf bytes.Buffer
	buf.WriteByte('{')
	for n, i := range order {
		if n > 0 {
			buf.WriteString(",\n")
		}
		for _, s := range []string{p.urls[i], string(p.pages[i])} {
			// Escaped as JSON does by default (< as \u003c): the pack
			// holds no markup a browser could ever take for HTML.
			b, err := json.Marshal(s)
			if err != nil {
				return "", nil, nil, err
			}
			buf.Write(b)
			if s == p.urls[i] {
				buf.WriteByte(':')
			}
		}
		urls = append(urls, p.urls[i])
	}
	buf.WriteString("}\n")
	sum := sha256.Sum256(buf.Bytes())
	return PackDir + "/paginas." + hex.EncodeToString(sum[:8]) + ".json", buf.Bytes(), urls, nil
}

// swManifest is what the service worker is told about the site.
type swManifest struct {
	Version  string   `json:"version"`
	NotFound string   `json:"notFound"`
	Static   []string `json:"static"` // kept on install
	Pack     string   `json:"pack"`   // the pack of pages; "" when the site has none
	Pages    []string `json:"pages"`  // the pages in the pack, fetched one by one when the pack is not served
	Search   []string `json:"search"` // kept as fetched, or all after the choice
}

// serviceWorker writes sw.js from templates/sw.js when the templates have
// one, with the list of what to keep for offline use and a version that is
// a hash of the whole site, so any change to the site installs a fresh
// cache. The lists leave out what some hosts never serve (see
// offlineFile).
func (m *Model) serviceWorker(templatesFS fs.FS, out *output.Output, pack *pagePack) error {
	src, err := fs.ReadFile(templatesFS, "sw.js")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	const placeholder = "__KB_MANIFEST__"
	if !bytes.Contains(src, []byte(placeholder)) {
		return fmt.Errorf("templates/sw.js: de plaatshouder %s ontbreekt", placeholder)
	}
	man := swManifest{NotFound: m.Base + "404.html", Static: []string{}, Pages: []string{}, Search: []string{}}
	name, data, urls, err := pack.file(man.NotFound)
	if err != nil {
		return err
	}
	if name != "" {
		if err := out.Put(name, data); err != nil {
			return err
		}
		man.Pack, man.Pages = m.Base+name, urls
	}
	for _, p := range out.Paths() {
		switch {
		case !offlineFile(p) || p == name:
		case strings.HasPrefix(p, images.Dir+"/") && (out.Size(p) > OfflineImageMax || m.onlineImages[p]):
			// a large photo is fetched when a page shows it
		case searchFile(p):
			man.Search = append(man.Search, m.Base+p)
		case p == "404.html" || !strings.HasSuffix(p, ".html"):
			man.Static = append(man.Static, m.Base+p)
		}
	}
	man.Version = out.Version()[:16]
	manifest, err := json.Marshal(man)
	if err != nil {
		return err
	}
	return out.Put("sw.js", bytes.Replace(src, []byte(placeholder), manifest, 1))
}

// OfflineImageMax is the largest picture the service worker keeps for
// offline reading from the first visit: a drawing or a small photo is part
// of the text, but every reader fetching every large photo (and each of
// its smaller copies) up front would cost more than the rest of the site.
// A photo with smaller copies is left out whole: the browser picks one of
// them by the screen, so keeping only the small ones would not help.
const OfflineImageMax = 100 << 10

// offlineFile says whether the service worker may keep p for offline
// reading: not the files for crawlers, the compressed siblings (the host
// sends them in place of the file itself), the worker itself, nor files
// whose name starts with "_" or "." — Netlify and Cloudflare Pages read
// _headers and _redirects as their own settings and never serve them,
// GitHub Pages hides names that start with "_" unless told otherwise, and
// most hosts hide dot files.
func offlineFile(p string) bool {
	switch p {
	case "robots.txt", "sitemap.xml", "sw.js":
		return false
	}
	if strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, "_") || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// searchFile says whether p is part of search rather than of reading: the
// engine and its scripts (everything under static/zoeken/ but the small
// loader every page has, zoeken.js, and offline.js), the index and the
// reader's pieces. The service worker keeps them only as they are used,
// or after the "ook offline zoeken" choice.
func searchFile(p string) bool {
	switch {
	case p == IndexFile, strings.HasPrefix(p, search.ReaderDir+"/"):
		return true
	case strings.HasPrefix(p, "static/zoeken/"):
		return p != "static/zoeken/zoeken.js" && p != "static/zoeken/offline.js"
	}
	return false
}
