package page

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diagram"
	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// The ids of the diagrams; each gets "-titel" and "-uitleg" for its title
// and description. internal/markdown keeps headings off them.
const (
	cycleID        = "diagram-cyclus"
	perspectivesID = "diagram-perspectieven"
	networkID      = "diagram-netwerkcirkel"
	placeID        = "diagram-samenhang"
)

// Diagram is a drawing a page shows in one of its sections: inline SVG
// with its text alternative (package diagram).
type Diagram struct {
	HTML template.HTML
	// First shows it under the section's heading, before the text;
	// otherwise it ends the section.
	First bool
}

// TopDiagram is the key of Diagrams for the diagram shown before a page's
// first section.
const TopDiagram = ""

// pageDiagram is a diagram that a content page shows in one of its
// sections, in words the page itself uses in that section or its summary
// (a test checks the real content still does).
type pageDiagram struct {
	kind    content.Kind
	slug    string
	what    string // what it draws, for the editors' warnings
	heading string // the heading of its section
	first   bool   // before the section's text, else after it
	words   []string
	svg     func() template.HTML
}

// werkwijzeSteps are the steps of werkwijze.md's "De stappen"; after
// the last one it goes back to step 1, 2 or 3.
var werkwijzeSteps = []string{"Vraagverheldering", "Doelen opstellen", "Plan maken", "Uitvoeren", "Evalueren"}

var perspectives = diagram.Hub{
	Figure: diagram.Figure{ID: perspectivesID, Title: "Integraal werken in vier perspectieven"},
	Center: diagram.Node{Label: "Vanuit de inwoner", Note: "leidend"},
	Around: []diagram.Node{
		{Label: "Methodisch"},
		{Label: "Organisatorisch"},
		{Label: "Beleidsmatig", Note: "toegevoegd", Dashed: true},
	},
	Relation: "Ten dienste daarvan staan",
}

var networkCircle = diagram.Rings{
	Figure: diagram.Figure{ID: networkID, Title: "Zo kan een netwerkcirkel eruitzien",
		Caption: "Illustratie van de redactie, naar de uitleg hierboven: de bronnen beschrijven niet hoe de cirkel eruitziet."},
	Lead:    "Illustratie van de redactie",
	Center:  "Inwoner",
	Rings:   []string{"heel dichtbij", "dichtbij", "verder weg"},
	Sectors: []string{"familie", "vrienden en buren", "werk of school", "professionals"},
}

// pageDiagrams are the diagrams of particular content pages.
var pageDiagrams = []pageDiagram{
	{content.PlainPage, "werkwijze", "de cyclus", "De stappen", true, werkwijzeSteps, diagram.Cycle{
		Figure: diagram.Figure{ID: cycleID, Title: "Van vraag naar plan: een cyclisch proces"},
		Steps:  werkwijzeSteps,
		Back:   []int{1, 2, 3},
	}.SVG},
	{content.PlainPage, "werkwijze", "de vier perspectieven", "Integraal werken in vier perspectieven", true,
		[]string{"Vanuit de inwoner", "leidend", "Methodisch", "Organisatorisch", "Beleidsmatig", "toegevoegd"}, perspectives.SVG},
	// The editors' explanation of the circle ends its section.
	{content.Tool, "netwerkcirkel", "de netwerkcirkel", content.WhatHeading, false,
		[]string{"Uitleg van de redactie", "heel dichtbij", "verder weg", "familie", "vrienden en buren", "werk of school", "professionals"}, networkCircle.SVG},
}

// section is the id of the diagram's section, as the renderer derives it
// from the heading.
func (d pageDiagram) section() string { return slug.Make(d.heading) }

// MaxDiagramItems is the most examples or tools an element's diagram
// draws in a group; the rest it counts, and its description names them
// all.
const MaxDiagramItems = 8

// diagrams are the diagrams view v of page p shows, by the id of the
// section each is in, TopDiagram for the one before the first section.
// number is an element's place in the order of the elements, from 1.
func (m *Model) diagrams(p *content.Page, v *View, number int) map[string]Diagram {
	out := map[string]Diagram{}
	if p.Kind == content.Element {
		var examples, tools []string
		for _, r := range v.Examples {
			examples = append(examples, r.Title)
		}
		for _, r := range v.Tools {
			tools = append(tools, r.Title)
		}
		total := len(m.Site.Elements)
		out[TopDiagram] = Diagram{HTML: diagram.Place{
			Figure: diagram.Figure{ID: placeID, Title: p.Meta.Title + " in samenhang: de voorbeelden en hulpmiddelen erbij"},
			Title:  p.Meta.Title, Number: number, Total: total, Noun: "element", MaxItems: MaxDiagramItems,
			Groups: []diagram.Group{
				{Name: content.Example.Label(true), Items: examples, None: "Er is nog geen voorbeeld bij dit element."},
				{Name: content.Tool.Label(true), Items: tools, None: "Er is nog geen hulpmiddel bij dit element."},
			},
		}.SVG(), First: true}
	}
	for _, d := range pageDiagrams {
		if d.kind == p.Kind && d.slug == p.Slug && m.hasSection(p, d.section()) {
			out[d.section()] = Diagram{HTML: d.svg(), First: d.first}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// DiagramWarnings tell the editors when a page lost the section a diagram
// belongs to (the diagram is then left out), or no longer uses a word the
// diagram draws (the drawing then says what the text no longer does).
func (m *Model) DiagramWarnings() []string {
	var warnings []string
	for _, d := range pageDiagrams {
		p := m.Site.Lookup(d.kind, d.slug)
		if p == nil {
			continue
		}
		var sec *markdown.Section
		for i, s := range m.Docs[p].Sections {
			if s.ID == d.section() {
				sec = &m.Docs[p].Sections[i]
			}
		}
		if sec == nil {
			warnings = append(warnings, fmt.Sprintf("%s: de tekening van %s hoort onder de kop %q, maar die kop is er niet; de pagina toont de tekening niet", p.File, d.what, d.heading))
			continue
		}
		for _, w := range d.words {
			if !strings.Contains(sec.Text, w) && !strings.Contains(p.Meta.Summary, w) {
				warnings = append(warnings, fmt.Sprintf("%s: de tekening van %s zegt %q, maar de tekst onder %q niet meer; vraag een ontwikkelaar de tekening aan te passen (internal/page/diagrams.go)", p.File, d.what, w, d.heading))
			}
		}
	}
	return warnings
}

// hasSection reports whether page p has a section with the given id.
func (m *Model) hasSection(p *content.Page, id string) bool {
	for _, s := range m.Docs[p].Sections {
		if s.ID == id {
			return true
		}
	}
	return false
}
