// Package scaffold writes the starting text of a new content file: front
// matter with every field the kind needs, and the headings of its fixed
// outline, each with a line saying what belongs there.
package scaffold

import (
	"fmt"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// MaxSlugLen is the longest slug, in bytes, that kb new makes a file name
// of. File systems allow 255 bytes for a name; a slug this long is
// already more than anyone types in a link.
const MaxSlugLen = 100

// FileName returns the name of the new file for a page with the given
// title ("<slug>.md"), or a problem in plain Dutch when the title gives no
// usable name: no letters or digits, or too long for a file name.
func FileName(title string) (string, error) {
	s := slug.Make(title)
	if s == "" {
		return "", fmt.Errorf("de titel %q bevat geen letters of cijfers", title)
	}
	if len(s) > MaxSlugLen {
		return "", fmt.Errorf("de titel is te lang voor een bestandsnaam (%d tekens; de grens is %d): kort hem in, en zet de volledige titel daarna in 'title:' van het bestand", len(s), MaxSlugLen)
	}
	return s + ".md", nil
}

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
	"Wat er gebeurde":                  "Wat deed de professional, stap voor stap, en wat veranderde er voor de inwoner?",
	"Wat werkte":                       "Wat maakte het verschil?",
	"Welke werkzame elementen zie je?": "Per element een link en één zin die aanwijst waar je het in het verhaal ziet, bijvoorbeeld: [Maatwerk](../elementen/maatwerk.md): het team huurt zelf de woning.",
	"Vragen voor intervisie":           "Schrijf minstens twee vragen om in het team over dit voorbeeld te praten, elk op een eigen regel die eindigt op een vraagteken.",
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
