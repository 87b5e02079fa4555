// Package scaffold writes the starting text of a new content file: front
// matter with every field the kind needs, and the headings of its fixed
// outline, each with a line saying what belongs there.
package scaffold

import (
	"fmt"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

// Kinds maps the word an editor types to the kind and its folder.
var Kinds = map[string]struct {
	Kind content.Kind
	Dir  string
}{
	"voorbeeld":  {content.Example, "voorbeelden"},
	"hulpmiddel": {content.Tool, "hulpmiddelen"},
	"element":    {content.Element, "elementen"},
}

// hints say what belongs under each heading.
var hints = map[string]string{
	"De situatie":                      "Beschrijf de situatie van de inwoner of het huishouden. Gebruik verzonnen namen.",
	"Wat er gebeurde":                  "Wat deden de inwoner en de professional, stap voor stap?",
	"Wat werkte":                       "Wat maakte het verschil?",
	"Welke werkzame elementen zie je?": "Noem de elementen en link ernaar, bijvoorbeeld [Maatwerk](../elementen/maatwerk.md).",
	"Wat is het?":                      "Leg in een paar zinnen uit wat het is.",
	"Hoe gebruik je het?":              "Beschrijf hoe je het in een gesprek of in het team gebruikt.",
	"Tips":                             "- Een concrete tip.",
	"Bron":                             "Waar komt het vandaan? Haal een bron aan met [@sleutel] uit bronnen.yaml.",
}

// File returns the text of a new file of the kind with the given title and
// slug, following outline.
func File(kind content.Kind, title string, outline markdown.Outline) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", title)
	b.WriteString("summary: \"Eén zin die zegt waar dit over gaat.\"\n")
	switch kind {
	case content.Example:
		b.WriteString("elementen: []        # de elementen die dit voorbeeld laat zien, bijvoorbeeld [vraagverheldering, maatwerk]\n")
		b.WriteString("hulpmiddelen: []     # gebruikte hulpmiddelen, bijvoorbeeld [ecogram]\n")
	case content.Tool:
		b.WriteString("elementen: []        # de elementen waarbij dit hulpmiddel helpt\n")
	case content.Element:
		b.WriteString("order: 99            # de plaats in de lijst van elementen\n")
		b.WriteString("fase: algemeen       # algemeen, vraagverheldering, doelen, plan, uitvoering of evaluatie\n")
	}
	b.WriteString("---\n")
	for _, it := range outline {
		fmt.Fprintf(&b, "\n%s\n", it.String())
		if h, ok := hints[it.Title]; ok && !it.MayBeEmpty {
			fmt.Fprintf(&b, "\n%s\n", h)
		} else if !it.MayBeEmpty {
			b.WriteString("\nSchrijf hier de tekst.\n")
		}
	}
	return b.String()
}
