package content

import (
	"fmt"
	"strings"

	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// KindInfo is everything the site knows of one kind of page: where its
// files are, where its pages are on the web, what it is called, which
// front-matter keys it takes and the outline its pages follow. Kinds is
// the table of them; the other packages read it rather than naming a
// folder, a label or a heading themselves.
type KindInfo struct {
	Kind Kind
	// Dir is the content folder of the kind's files, and the first part
	// of its pages' addresses ("elementen" for elementen/<slug>/); "" for
	// plain pages, which stand at the top of both.
	Dir string
	// Singular and Plural are its Dutch names: "Werkzaam element",
	// "Werkzame elementen".
	Singular, Plural string
	// ListTitle and ListIntro are the title and first paragraph of the
	// generated overview of the kind's pages, at Dir/; "" when the kind
	// has none. A %d in ListTitle is the number of pages.
	ListTitle, ListIntro string
	// Template is the page template its pages are shown with.
	Template string
	// Word is what an editor types after "kb new" to start a page of the
	// kind; "" when kb new does not make them.
	Word string
	// Required and Optional are the front-matter keys its files must and
	// may set (see FrontMatterKeys).
	Required, Optional []string
	// Outline is the fixed structure of its pages' headings; nil when its
	// pages are free.
	Outline markdown.Outline
}

// The fixed headings that the site does something with beyond checking
// them: each is written here once, in the outline it belongs to, and the
// other packages use these names.
var (
	// toolsHeading and examplesHeading are the element sections under
	// which the generator lists the tools and examples that name the
	// element.
	toolsHeading    = markdown.OutlineItem{Level: 3, Title: "Hulpmiddelen"}
	examplesHeading = markdown.OutlineItem{Level: 3, Title: "Voorbeelden uit de praktijk"}
	// pointsHeading is the element section with the points to start
	// with, which the spiegel links to for the elements that scored low.
	pointsHeading = markdown.OutlineItem{Level: 3, Title: "Punten om mee aan de slag te gaan"}
	// groundsHeading is the element section that must cite a source.
	groundsHeading = markdown.OutlineItem{Level: 3, Title: "Onderbouwing"}
	// questionsHeading is the example section with questions for
	// intervisie.
	questionsHeading = markdown.OutlineItem{Level: 2, Title: "Vragen voor intervisie",
		Hint: "Schrijf minstens twee vragen om in het team over dit voorbeeld te praten, elk op een eigen regel die eindigt op een vraagteken."}
	// whatHeading opens the outline of elements and of tools; the
	// netwerkcirkel's diagram stands in it.
	whatHeading = markdown.OutlineItem{Level: 2, Title: "Wat is het?",
		Hint: "Leg in een paar zinnen uit wat het is."}
)

// Kinds is the table of the kinds of page that have files, in the order
// the site lists them: elements, examples, tools, plain pages.
var Kinds = []KindInfo{
	{
		Kind: Element, Dir: "elementen", Singular: "Werkzaam element", Plural: "Werkzame elementen",
		ListTitle: "De %d werkzame elementen",
		ListIntro: "Elk element is beschreven in dezelfde vaste opbouw: wat het is, waarom het belangrijk is voor de inwoner, hoe het werkt in de praktijk, en de onderbouwing.",
		Template:  "element", Word: "element",
		Required: []string{KeyTitle, KeySummary, KeyOrder}, Optional: []string{KeyFase, KeySlug, KeyUpdated},
		Outline: markdown.Outline{
			whatHeading,
			{Level: 2, Title: "Waarom is dit belangrijk voor de inwoner?"},
			{Level: 2, Title: "Hoe werkt dit in de praktijk?", MayBeEmpty: true},
			pointsHeading,
			toolsHeading,
			{Level: 3, Title: "Te doen vanuit beleid en organisatie"},
			examplesHeading,
			{Level: 2, Title: "Meer uitleg en verder lezen", MayBeEmpty: true},
			groundsHeading,
			{Level: 3, Title: "Verder lezen"},
		},
	},
	{
		Kind: Example, Dir: "voorbeelden", Singular: "Voorbeeld", Plural: "Voorbeelden",
		ListTitle: "Voorbeelden uit de praktijk",
		ListIntro: "Casussen en praktijkvoorbeelden, elk gekoppeld aan de werkzame elementen die je erin terugziet.",
		Template:  "voorbeeld", Word: "voorbeeld",
		Required: []string{KeyTitle, KeySummary, KeyElements}, Optional: []string{KeyTools, KeySource, KeySlug, KeyUpdated},
		Outline: markdown.Outline{
			{Level: 2, Title: "De situatie",
				Hint: "Beschrijf de situatie van de inwoner of het huishouden. Gebruik verzonnen namen."},
			{Level: 2, Title: "Wat er gebeurde",
				Hint: "Wat deed de professional, stap voor stap, en wat veranderde er voor de inwoner?"},
			{Level: 2, Title: "Wat werkte",
				Hint: "Wat maakte het verschil?"},
			{Level: 2, Title: "Welke werkzame elementen zie je?",
				Hint: "Per element een link en één zin die aanwijst waar je het in het verhaal ziet, bijvoorbeeld: [Maatwerk](../elementen/maatwerk.md): het team huurt zelf de woning."},
			questionsHeading,
		},
	},
	{
		Kind: Tool, Dir: "hulpmiddelen", Singular: "Hulpmiddel", Plural: "Hulpmiddelen",
		ListTitle: "Hulpmiddelen",
		ListIntro: "Instrumenten en werkvormen die je helpen de werkzame elementen toe te passen.",
		Template:  "hulpmiddel", Word: "hulpmiddel",
		Required: []string{KeyTitle, KeySummary, KeyElements}, Optional: []string{KeySlug, KeyWorksheet, KeyUpdated},
		Outline: markdown.Outline{
			whatHeading,
			{Level: 2, Title: "Hoe gebruik je het?",
				Hint: "Beschrijf hoe je het in een gesprek of in het team gebruikt."},
			{Level: 2, Title: "Tips",
				Hint: "- Een concrete tip."},
			{Level: 2, Title: "Bron",
				Hint: "Waar komt het vandaan? Haal een bron aan met [@sleutel] uit bronnen.yaml."},
		},
	},
	{
		Kind: PlainPage, Singular: "Pagina", Plural: "Pagina's", Template: "pagina",
		Required: []string{KeyTitle, KeySummary}, Optional: []string{KeySlug, KeyUpdated},
	},
}

// Info is the row of Kinds for the kind; the zero KindInfo (with Kind
// set) for a kind that has no files, such as SourceList.
func (k Kind) Info() KindInfo {
	for _, ki := range Kinds {
		if ki.Kind == k {
			return ki
		}
	}
	return KindInfo{Kind: k}
}

// KindForWord is the kind whose Word is w, as an editor types it after
// "kb new", and whether there is one.
func KindForWord(w string) (KindInfo, bool) {
	for _, ki := range Kinds {
		if ki.Word != "" && ki.Word == w {
			return ki, true
		}
	}
	return KindInfo{}, false
}

// Words are the words kb new knows, in the order of Kinds.
func Words() []string {
	var out []string
	for _, ki := range Kinds {
		if ki.Word != "" {
			out = append(out, ki.Word)
		}
	}
	return out
}

// Label is the Dutch name of a kind, singular and plural.
func (k Kind) Label(plural bool) string {
	if plural {
		return k.Info().Plural
	}
	return k.Info().Singular
}

// Dir is the content folder of the kind's files, "" for plain pages.
func (k Kind) Dir() string { return k.Info().Dir }

// ListPath is the address, from the site root, of the generated overview
// of the kind's pages ("elementen/"), or "" when it has none.
func (ki KindInfo) ListPath() string {
	if ki.Dir == "" || ki.ListTitle == "" {
		return ""
	}
	return ki.Dir + "/"
}

// Title is the title of the overview of the kind's pages when there are
// n of them: "De 15 werkzame elementen".
func (ki KindInfo) Title(n int) string {
	if strings.Contains(ki.ListTitle, "%d") {
		return fmt.Sprintf(ki.ListTitle, n)
	}
	return ki.ListTitle
}

// Outlines are the fixed structures that pages of each kind must follow,
// from Kinds.
var Outlines = func() map[Kind]markdown.Outline {
	out := map[Kind]markdown.Outline{}
	for _, ki := range Kinds {
		if ki.Outline != nil {
			out[ki.Kind] = ki.Outline
		}
	}
	return out
}()

// The ids of the sections the generator adds to or links into, derived
// from their headings as the renderer derives a heading's id.
var (
	// ToolsSection is the element section under which the generator
	// lists the tools that name the element.
	ToolsSection = slug.Make(toolsHeading.Title)
	// ExamplesSection is the element section under which the generator
	// lists the examples that name the element.
	ExamplesSection = slug.Make(examplesHeading.Title)
	// PointsSection is the element section the spiegel links to.
	PointsSection = slug.Make(pointsHeading.Title)
	// WhatSection is the section that says what an element or tool is.
	WhatSection = slug.Make(whatHeading.Title)
)

// GroundsSection is the title of the element section that says where the
// element's claims come from: it must cite at least one source.
var GroundsSection = groundsHeading.Title

// QuestionsSection is the title of the example section with questions a
// team can discuss in intervisie; it must hold at least MinQuestions.
var QuestionsSection = questionsHeading.Title

// MinQuestions is the fewest questions an example's QuestionsSection may
// hold.
const MinQuestions = 2

// PointsHeading is the title of PointsSection as running text, in lower
// case: "punten om mee aan de slag te gaan".
var PointsHeading = strings.ToLower(pointsHeading.Title[:1]) + pointsHeading.Title[1:]

// WhatHeading is the title of the section that says what an element or
// tool is.
var WhatHeading = whatHeading.Title
