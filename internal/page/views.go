package page

import (
	"encoding/json"
	"fmt"
	"html/template"
	"time"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

// Ref is a link to a page as lists show it.
type Ref struct {
	Title   string
	Summary string
	URL     string
	Kind    string
}

// Card is an element as the overview of the elements shows it: its
// number, title and one-line summary, and how many examples and tools go
// with it. Slug is what the spiegel keeps its scores under.
type Card struct {
	Ref
	Number   int
	Slug     string
	Examples int
	Tools    int
}

// SiteView is what every page knows of the site.
type SiteView struct {
	Title       string
	Description string
	Language    string
	Base        string
	Elements    []Ref // navigation: all elements in order, or none above NavLimit
	// ElementCount is the number of elements, also when Elements is empty.
	ElementCount int
	// ElementsTitle is the title of the overview of the elements, with
	// their number: "De 15 werkzame elementen".
	ElementsTitle string
	// ToolsSection and ExamplesSection are the ids of the element
	// sections under which an element's page lists its tools and
	// examples; PointsSection, of the section the spiegel links to
	// (content.Kinds).
	ToolsSection, ExamplesSection, PointsSection string
	// KindLabels is a JSON object of the kinds' names by kind
	// ({"element": "Werkzaam element", ...}), for the search page's
	// script.
	KindLabels string
	// PointsHeading is that section's heading as running text ("punten
	// om mee aan de slag te gaan").
	PointsHeading string
}

// SourceView is one entry of the list of sources.
type SourceView struct {
	content.Source
	CitedBy []Ref
}

// View is the data one page template gets.
type View struct {
	Site        *SiteView
	Template    string // the page template, e.g. "element"
	Kind        string // content kind, or "" for generated pages
	KindLabel   string
	Title       string
	Description string
	URL         string // path including the base
	Intro       template.HTML
	Sections    []markdown.Section
	TOC         []markdown.Heading
	Breadcrumbs []Ref
	Prev, Next  *Ref

	Elements []Ref // elements this page names (examples, tools)
	Examples []Ref // examples naming this page (elements, tools)
	Tools    []Ref // tools naming this element, or named by this example
	List     []Ref // the pages a list page shows
	Sources  []SourceView
	Cited    []Ref // sources this page cites
	Order    int
	Fase     string
	Werkblad string // the worksheet a tool page prints, if any
	// Updated is when the page's text last changed ("Laatst bijgewerkt"),
	// nil when that is not known; EditURL is where its file is edited,
	// "" when site.yaml names no bewerkURL.
	Updated *Date
	EditURL string
	// Diagrams are drawings (inline SVG with their text alternative) by
	// the id of the section they belong to; TopDiagram is shown before
	// the first section.
	Diagrams map[string]Diagram
	// Cards are the elements at a glance, on the home page and the
	// overview of the elements.
	Cards []Card
	// Address is where the page is on the web, as its print shows it:
	// a full URL when the base URL names the host, else the path.
	Address string

	page *content.Page // the page shown, nil for generated pages
}

// Page is the content page v shows, nil for a generated page.
func (v *View) Page() *content.Page { return v.page }

// Date is a day as a page shows it: ISO for <time datetime>, Text for
// the reader ("1 november 2026").
type Date struct {
	ISO  string
	Text string
}

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// DutchDate writes the day of t the Dutch way: "1 november 2026".
func DutchDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// updated dates a page: by the last commit that touched its file when
// the content is in Git, else by its front-matter key bijgewerkt, else
// not at all. Never by the file's modification time: a build must be the
// same from the same sources.
func (m *Model) updated(p *content.Page) *Date {
	t, ok := m.Commits[p.File]
	if !ok {
		t, ok = p.Updated()
	}
	if !ok {
		return nil
	}
	return &Date{ISO: t.Format(time.DateOnly), Text: DutchDate(t)}
}

func (m *Model) ref(p *content.Page) Ref {
	return Ref{Title: p.Meta.Title, Summary: p.Meta.Summary, URL: m.URL(p), Kind: string(p.Kind)}
}

// cards are the elements at a glance, in order.
func (m *Model) cards() []Card {
	out := make([]Card, 0, len(m.Site.Elements))
	for _, p := range m.Site.Elements {
		out = append(out, Card{Ref: m.ref(p), Number: p.Meta.Order, Slug: p.Slug,
			Examples: len(m.Site.ExamplesFor(p.Slug)), Tools: len(m.Site.ToolsFor(p.Slug))})
	}
	return out
}

func (m *Model) refs(ps []*content.Page) []Ref {
	out := make([]Ref, 0, len(ps))
	for _, p := range ps {
		out = append(out, m.ref(p))
	}
	return out
}

func (m *Model) lookupRefs(kind content.Kind, slugs []string) []Ref {
	var out []Ref
	for _, s := range slugs {
		if p := m.Site.Lookup(kind, s); p != nil {
			out = append(out, m.ref(p))
		}
	}
	return out
}

// NavLimit is the most elements the navigation of every page lists. A
// knowledge base has about fifteen; a larger (synthetic) one links to the
// overview instead, so a page's size does not grow with the site.
const NavLimit = 40

func (m *Model) siteView() *SiteView {
	c := m.Site.Config
	sv := &SiteView{Title: c.Title, Description: c.Description, Language: c.Language, Base: m.Base, ElementCount: len(m.Site.Elements),
		ElementsTitle: content.Element.Info().Title(len(m.Site.Elements)),
		ToolsSection:  content.ToolsSection, ExamplesSection: content.ExamplesSection, PointsSection: content.PointsSection,
		PointsHeading: content.PointsHeading, KindLabels: kindLabels()}
	if len(m.Site.Elements) <= NavLimit {
		sv.Elements = m.refs(m.Site.Elements)
	}
	return sv
}

// kindLabels is SiteView.KindLabels.
func kindLabels() string {
	labels := map[string]string{}
	for _, ki := range content.Kinds {
		labels[string(ki.Kind)] = ki.Singular
	}
	b, _ := json.Marshal(labels) // a map of strings always marshals
	return string(b)
}

// listRef links to the overview of the kind's pages, as a breadcrumb.
func (m *Model) listRef(k content.Kind) Ref {
	ki := k.Info()
	return Ref{Title: ki.Plural, URL: m.Base + ki.ListPath()}
}

// ListKinds are the kinds that have a generated overview page.
func ListKinds() []content.KindInfo {
	var out []content.KindInfo
	for _, ki := range content.Kinds {
		if ki.ListPath() != "" {
			out = append(out, ki)
		}
	}
	return out
}

// Views builds the view of every page the site has, in the order the
// pages are written: elements, examples, tools, plain pages, then the
// generated pages (home, sources, overviews, search, 404).
func (m *Model) Views() []*View {
	sv := m.siteView()
	home := Ref{Title: "Home", URL: m.Base}
	var out []*View
	cited := func(p *content.Page) []Ref {
		var refs []Ref
		for _, key := range m.Docs[p].Citations {
			if s, ok := m.Site.Source(key); ok {
				refs = append(refs, Ref{Title: s.Label(), Summary: s.Titel, URL: m.Base + "bronnen/#" + key})
			}
		}
		return refs
	}
	base := func(p *content.Page) *View {
		d := m.Docs[p]
		v := &View{Site: sv, Template: p.Kind.Info().Template, Kind: string(p.Kind), KindLabel: p.Kind.Label(false), Title: p.Meta.Title,
			Description: p.Meta.Summary, URL: m.URL(p), Sections: d.Sections, Cited: cited(p), Order: p.Meta.Order, Fase: p.Meta.Fase, page: p,
			Updated: m.updated(p), EditURL: m.Site.EditURL(p)}
		if len(d.Sections) > 0 && d.Sections[0].Level == 0 {
			v.Intro = d.Sections[0].HTML
			v.Sections = d.Sections[1:]
		}
		v.TOC = d.Headings()
		return v
	}
	for i, p := range m.Site.Elements {
		v := base(p)
		v.Breadcrumbs = []Ref{home, m.listRef(content.Element)}
		v.Examples = m.refs(m.Site.ExamplesFor(p.Slug))
		v.Tools = m.refs(m.Site.ToolsFor(p.Slug))
		v.Diagrams = m.diagrams(p, v, i+1)
		if i > 0 {
			r := m.ref(m.Site.Elements[i-1])
			v.Prev = &r
		}
		if i+1 < len(m.Site.Elements) {
			r := m.ref(m.Site.Elements[i+1])
			v.Next = &r
		}
		out = append(out, v)
	}
	for _, p := range m.Site.Examples {
		v := base(p)
		v.Breadcrumbs = []Ref{home, m.listRef(content.Example)}
		v.Elements = m.lookupRefs(content.Element, p.Meta.Elementen)
		v.Tools = m.lookupRefs(content.Tool, p.Meta.Hulpmiddelen)
		out = append(out, v)
	}
	for _, p := range m.Site.Tools {
		v := base(p)
		v.Breadcrumbs = []Ref{home, m.listRef(content.Tool)}
		v.Elements = m.lookupRefs(content.Element, p.Meta.Elementen)
		v.Examples = m.refs(m.Site.ExamplesUsingTool(p.Slug))
		v.Werkblad = p.Meta.Werkblad
		v.Diagrams = m.diagrams(p, v, 0)
		out = append(out, v)
	}
	for _, p := range m.Site.Pages {
		v := base(p)
		v.Diagrams = m.diagrams(p, v, 0)
		switch p.Slug {
		case "index":
			v.Template = "home"
			v.List = m.refs(m.Site.Elements)
			v.Cards = m.cards()
		case "spiegel":
			v.Template = "spiegel"
			v.Breadcrumbs = []Ref{home}
			v.List = m.refs(m.Site.Elements)
		case "bronnen":
			v.Template = "bronnen"
			v.Breadcrumbs = []Ref{home}
			for _, s := range m.Site.Sources {
				v.Sources = append(v.Sources, SourceView{Source: s, CitedBy: m.refs(m.CitedBy[s.Key])})
			}
		default:
			v.Breadcrumbs = []Ref{home}
		}
		out = append(out, v)
	}
	if m.Site.Lookup(content.PlainPage, "index") == nil {
		out = append(out, &View{Site: sv, Template: "home", Title: sv.Title, Description: sv.Description, URL: m.Base,
			List: m.refs(m.Site.Elements), Cards: m.cards()})
	}
	if m.Site.Lookup(content.PlainPage, "bronnen") == nil && len(m.Site.Sources) > 0 {
		v := &View{Site: sv, Template: "bronnen", Title: "Bronnen", URL: m.Base + "bronnen/", Breadcrumbs: []Ref{home}}
		for _, s := range m.Site.Sources {
			v.Sources = append(v.Sources, SourceView{Source: s, CitedBy: m.refs(m.CitedBy[s.Key])})
		}
		out = append(out, v)
	}
	for _, ki := range ListKinds() {
		ps := m.Site.OfKind(ki.Kind)
		title := ki.Title(len(ps))
		v := &View{Site: sv, Template: "lijst", Title: title, Description: ki.ListIntro, URL: m.Base + ki.ListPath(),
			Intro: template.HTML("<p>" + template.HTMLEscapeString(ki.ListIntro) + "</p>"), List: m.refs(ps), Breadcrumbs: []Ref{home}, Kind: string(ki.Kind)}
		if ki.Kind == content.Element {
			v.Cards = m.cards()
		}
		out = append(out, v)
	}
	out = append(out, &View{Site: sv, Template: "zoeken", Title: "Zoeken", Description: "Zoek in de werkzame elementen, voorbeelden, hulpmiddelen en begrippen.",
		URL: m.Base + "zoeken/", Breadcrumbs: []Ref{home}})
	out = append(out, &View{Site: sv, Template: "404", Title: "Pagina niet gevonden", Description: "Deze pagina bestaat niet (meer).", URL: m.Base + "404.html"})
	for _, v := range out {
		v.Address = m.Absolute(v.URL)
	}
	return out
}
