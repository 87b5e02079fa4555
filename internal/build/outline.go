package build

import (
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

// Outlines are the fixed structures that pages of each kind must follow.
// The element outline is the one every werkzaam element is described in.
var Outlines = map[content.Kind]markdown.Outline{
	content.Element: {
		{Level: 2, Title: "Wat is het?"},
		{Level: 2, Title: "Waarom is dit belangrijk voor de inwoner?"},
		{Level: 2, Title: "Hoe werkt dit in de praktijk?", MayBeEmpty: true},
		{Level: 3, Title: "Punten om mee aan de slag te gaan"},
		{Level: 3, Title: "Hulpmiddelen"},
		{Level: 3, Title: "Te doen vanuit beleid en organisatie"},
		{Level: 3, Title: "Voorbeelden uit de praktijk"},
		{Level: 2, Title: "Meer uitleg en verder lezen", MayBeEmpty: true},
		{Level: 3, Title: "Onderbouwing"},
		{Level: 3, Title: "Verder lezen"},
	},
	content.Example: {
		{Level: 2, Title: "De situatie"},
		{Level: 2, Title: "Wat er gebeurde"},
		{Level: 2, Title: "Wat werkte"},
		{Level: 2, Title: "Welke werkzame elementen zie je?"},
	},
	content.Tool: {
		{Level: 2, Title: "Wat is het?"},
		{Level: 2, Title: "Hoe gebruik je het?"},
		{Level: 2, Title: "Tips"},
		{Level: 2, Title: "Bron"},
	},
}

// Anchors of element sections under which the generator lists the pages
// that name the element.
const (
	ToolsSection    = "hulpmiddelen"
	ExamplesSection = "voorbeelden-uit-de-praktijk"
)

// GroundsSection is the element section that says where the element's
// claims come from: it must cite at least one source.
const GroundsSection = "Onderbouwing"

// checkGrounds reports an element whose Onderbouwing cites no source from
// bronnen.yaml: a professional must be able to trace every claim.
func checkGrounds(file string, doc *markdown.Doc) error {
	for _, s := range doc.Sections {
		if s.Level == 3 && s.Title == GroundsSection && !strings.Contains(string(s.HTML), `class="citation"`) {
			return diag.New(file, s.Line, 0, "de sectie %q haalt geen bron aan: noem minstens één bron uit bronnen.yaml met [@sleutel], zodat een lezer kan nagaan waar het vandaan komt", "### "+GroundsSection)
		}
	}
	return nil
}
