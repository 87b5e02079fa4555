package build

import (
	"encoding/json"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/search"
)

// IndexFile is where the search index is written in the site;
// SuggestFile holds the titles and summaries that the browser shows as
// suggestions while the search engine is still loading.
const (
	IndexFile   = "zoeken/index.kbidx"
	SuggestFile = "zoeken/suggesties.json"
)

// suggestion is one entry of SuggestFile; short keys keep the file small.
type suggestion struct {
	Title   string `json:"t"`
	Summary string `json:"s"`
	URL     string `json:"u"`
	Kind    string `json:"k"`
}

// suggestions lists every page's title, summary, URL and kind as JSON.
func (m *Model) suggestions() ([]byte, error) {
	var list []suggestion
	for _, p := range m.Site.AllPages() {
		list = append(list, suggestion{Title: p.Meta.Title, Summary: p.Meta.Summary, URL: m.URL(p), Kind: p.Kind.Label(false)})
	}
	return json.Marshal(list)
}

// SearchDocs turns the rendered site into searchable units: one per page
// (title, summary and the text before the first heading) and one per
// section, whose URL points at the section's anchor.
func (m *Model) SearchDocs() []search.Doc {
	var docs []search.Doc
	for _, p := range m.Site.AllPages() {
		url := m.URL(p)
		elements := p.Meta.Elementen
		if p.Kind == content.Element {
			elements = []string{p.Slug}
		}
		page := search.Doc{URL: url, Page: url, Title: p.Meta.Title, PageTitle: p.Meta.Title,
			Type: string(p.Kind), Elements: elements, Summary: p.Meta.Summary}
		// Fields are read one by one, never the whole Section: the
		// layout lets go of each section's HTML (dropHTML) while the
		// index is built beside it.
		secs := m.Docs[p].Sections
		for i := range secs {
			s := &secs[i]
			if s.Level == 0 {
				page.Text = s.Text
				continue
			}
			if s.Text == "" {
				continue // a heading whose subsections follow at once
			}
			docs = append(docs, search.Doc{URL: url + "#" + s.ID, Page: url, PageTitle: p.Meta.Title,
				Section: s.Title, Type: string(p.Kind), Elements: elements, Text: s.Text})
		}
		docs = append(docs, page)
	}
	return docs
}
