// Package page makes the views the templates execute. It takes the model
// of a prepared site (Model: the content, each page's rendered markdown,
// the base URL and the pages' dates) and gives one View for every page of
// the site, content pages and generated ones alike (home, sources,
// overviews, search, 404), with the links, cards and diagrams each shows.
// It reads nothing and writes nothing.
package page

import (
	"time"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

// Model is the site after loading, validating and rendering the
// markdown: what the views are made from.
type Model struct {
	Site    *content.Site
	Docs    map[*content.Page]*markdown.Doc
	Base    string                     // base URL path, "/" or "/sub/"
	SiteURL string                     // scheme and host when the base URL was a full URL, else ""
	CitedBy map[string][]*content.Page // source key -> pages citing it, in site order
	// Commits dates content files by their last commit, by path in the
	// content FS; nil without Git.
	Commits map[string]time.Time
}

// URL is the page's URL path including the base.
func (m *Model) URL(p *content.Page) string { return m.Base + p.URLPath() }

// Absolute makes a URL path absolute when the site's scheme and host are
// known; otherwise it stays a path.
func (m *Model) Absolute(p string) string { return m.SiteURL + p }
