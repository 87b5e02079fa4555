// Package corpus writes synthetic knowledge bases for benchmarks: n element
// pages in the fixed structure with Dutch-like text, plus examples and tools
// that link to them, sources they cite and the pages the templates link to.
// The output depends only on n and the seed, so every run measures the same
// input.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// words is a vocabulary of the field; sentences are drawn from it.
var words = strings.Fields(`inwoner professional wijkteam buurtteam cliënt huishouden gezin ondersteuning
hulp vraag vragen doel doelen plan plannen netwerk buurvrouw mantelzorger school schulden
woning huur werk inkomen gezondheid opvoeding kinderen zorg regie samen gesprek keukentafel
afspraak afspraken evaluatie vertrouwen contact samenwerking gemeente beleid organisatie
maatwerk budget tijd ruimte kennis methode instrument ecogram netwerkcirkel groslijst
zelfredzaamheid matrix continuïteit coördinatie begeleiding wensen krachten problemen
levensdomeinen prioriteit stap stappen resultaat voortgang situatie context sociale basis
wijk buurt vrijwilliger huisarts praktijkondersteuner deskundigheid specialist team
intervisie reflectie houding luisteren uitleggen begrijpen normaal gewoon snel praktisch`)

var verbs = strings.Fields(`bespreekt maakt zoekt vindt regelt plant evalueert bepaalt helpt
ondersteunt vraagt luistert kiest stelt verbindt organiseert`)

// Folders of the kinds, from the table in package content.
var (
	elementDir = content.Element.Dir()
	exampleDir = content.Example.Dir()
	toolDir    = content.Tool.Dir()
)

// sections writes the outline of the kind with the texts under its
// headings, in order.
func sections(kind content.Kind, texts []string) string {
	var b strings.Builder
	for i, it := range kind.Info().Outline {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n\n%s\n", it.String(), texts[i])
	}
	return b.String()
}

type gen struct{ r *rand.Rand }

func (g gen) sentence() string {
	n := 8 + g.r.Intn(10)
	w := make([]string, n)
	for i := range w {
		if i == 2 {
			w[i] = verbs[g.r.Intn(len(verbs))]
			continue
		}
		w[i] = words[g.r.Intn(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g gen) paragraph(sentences int) string {
	p := make([]string, sentences)
	for i := range p {
		p[i] = g.sentence()
	}
	return strings.Join(p, " ")
}

// Write writes a corpus of n elements (and n/10 examples, n/50 tools, at
// least one of each) into dir, which must not exist yet or be empty.
func Write(dir string, n int, seed int64) error {
	g := gen{rand.New(rand.NewSource(seed))}
	files := map[string]string{}
	examples := max(1, n/10)
	tools := max(1, n/50)
	files["site.yaml"] = "title: Synthetische kennisbank\nlanguage: nl\nbaseURL: /\n"
	var src strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&src, "- key: bron%d\n  auteurs: Auteur%d, A. & Tweede, B.\n  jaar: %d\n  titel: Rapport %d\n", i, i, 2000+i, i)
	}
	files["bronnen.yaml"] = src.String()
	files["synoniemen.yaml"] = "- [wijkteam, buurtteam, sociaal team]\n- [cliënt, inwoner, hulpvrager]\n"
	for _, p := range []string{"index", "werkwijze", "begrippen", "bronnen", "over"} {
		files[p+".md"] = fmt.Sprintf("---\ntitle: %s\nsummary: %s\n---\n%s\n", p, g.sentence(), g.paragraph(4))
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Element %d\nsummary: %s\norder: %d\nfase: algemeen\n---\n", i, g.sentence(), i+1)
		outline := content.Element.Info().Outline
		for k, it := range outline {
			b.WriteString(it.String() + "\n\n")
			if it.MayBeEmpty {
				continue
			}
			switch id := slug.Make(it.Title); {
			case id == content.PointsSection:
				for k := 0; k < 5; k++ {
					b.WriteString("- " + g.sentence() + "\n")
				}
				b.WriteString("\n")
			case id == content.ToolsSection:
				fmt.Fprintf(&b, "%s Gebruik het [hulpmiddel](../%s/hulpmiddel-%d.md).\n\n", g.paragraph(2), toolDir, i%tools)
			case id == content.ExamplesSection:
				fmt.Fprintf(&b, "Lees het [voorbeeld](../%s/voorbeeld-%d.md).\n\n", exampleDir, i%examples)
			case it.Title == content.GroundsSection:
				fmt.Fprintf(&b, "%s [@bron%d; @bron%d]\n\n", g.paragraph(3), i%20, (i+7)%20)
			case k == len(outline)-1: // further reading
				fmt.Fprintf(&b, "- [Element %d](element-%d.md)\n\n", (i+1)%n, (i+1)%n)
			default:
				b.WriteString(g.paragraph(6) + "\n\n" + g.paragraph(5) + "\n\n")
			}
		}
		files[fmt.Sprintf("%s/element-%d.md", elementDir, i)] = b.String()
	}
	for i := 0; i < examples; i++ {
		els := fmt.Sprintf("element-%d, element-%d", i%n, (i*7+3)%n)
		if i%n == (i*7+3)%n {
			els = fmt.Sprintf("element-%d", i%n)
		}
		summary := g.sentence()
		texts := []string{g.paragraph(4), g.paragraph(5), g.paragraph(3),
			fmt.Sprintf("[Element %d](../%s/element-%d.md).", i%n, elementDir, i%n),
			"- Wat zou jij hier anders doen?\n- Welk element herken je uit je eigen werk?"}
		files[fmt.Sprintf("%s/voorbeeld-%d.md", exampleDir, i)] = fmt.Sprintf("---\n%s: Voorbeeld %d\n%s: %s\n%s: [%s]\n%s: [hulpmiddel-%d]\n---\n%s",
			content.KeyTitle, i, content.KeySummary, summary, content.KeyElements, els, content.KeyTools, i%tools, sections(content.Example, texts))
	}
	for i := 0; i < tools; i++ {
		summary := g.sentence()
		texts := []string{g.paragraph(3), g.paragraph(4), "- " + g.sentence(), fmt.Sprintf("%s [@bron%d]", g.sentence(), i%20)}
		files[fmt.Sprintf("%s/hulpmiddel-%d.md", toolDir, i)] = fmt.Sprintf("---\n%s: Hulpmiddel %d\n%s: %s\n%s: [element-%d]\n---\n%s",
			content.KeyTitle, i, content.KeySummary, summary, content.KeyElements, i%n, sections(content.Tool, texts))
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
