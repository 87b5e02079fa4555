package markdown

import (
	"fmt"
	"strings"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/slug"
	"github.com/werkzame-elementen/kb/internal/spelling"
)

// OutlineItem is one heading an outline requires.
type OutlineItem struct {
	Level int
	Title string
	// MayBeEmpty allows the section to have no text of its own, as a
	// heading whose subsections follow at once.
	MayBeEmpty bool
	// Hint says what belongs under the heading, as a new file has it
	// there (kb new); "" for the general "Schrijf hier de tekst.".
	Hint string
}

// Outline is a fixed sequence of level-2 and level-3 headings that a
// document must have, in order, spelt exactly so, and nothing else at
// those levels.
type Outline []OutlineItem

func (it OutlineItem) String() string { return strings.Repeat("#", it.Level) + " " + it.Title }

// Check compares the document's headings with the outline and reports each
// missing, misspelt, extra, out-of-order or empty section with its line.
// endLine is the last line of the file, where missing sections at the end
// are reported.
func (o Outline) Check(file string, doc *Doc, endLine int) error {
	var problems diag.List
	var got []Section
	for _, s := range doc.Sections {
		if s.Level > 0 {
			got = append(got, s)
		}
	}
	same := func(s Section, it OutlineItem) bool { return s.Level == it.Level && s.Title == it.Title }
	index := func(s Section, from int) int {
		for j := from; j < len(o); j++ {
			if same(s, o[j]) {
				return j
			}
		}
		return -1
	}
	i := 0
	for _, s := range got {
		switch j := index(s, i); {
		case j == i:
			i++
		case j > i:
			for _, missing := range o[i:j] {
				problems.Addf(file, s.Line, 0, "de sectie %q ontbreekt; die hoort vóór %q", missing.String(), o[j].String())
			}
			i = j + 1
		case index(s, 0) >= 0:
			problems.Addf(file, s.Line, 0, "de sectie %q staat op de verkeerde plek of komt twee keer voor; de volgorde is: %s", strings.Repeat("#", s.Level)+" "+s.Title, o.list())
		case i < len(o) && looksLike(s, o[i]):
			problems.Addf(file, s.Line, 0, "de kop %q is anders gespeld dan verwacht; schrijf precies %q", strings.Repeat("#", s.Level)+" "+s.Title, o[i].String())
			i++
		default:
			next := "het einde"
			if i < len(o) {
				next = fmt.Sprintf("%q", o[i].String())
			}
			problems.Addf(file, s.Line, 0, "onverwachte kop %q; op deze plek verwacht: %s (gebruik #### of vette tekst voor een tussenkopje)", strings.Repeat("#", s.Level)+" "+s.Title, next)
		}
	}
	for _, missing := range o[min(i, len(o)):] {
		problems.Addf(file, endLine, 0, "de sectie %q ontbreekt aan het eind", missing.String())
	}
	for _, s := range got {
		for _, it := range o {
			if same(s, it) && !it.MayBeEmpty && strings.TrimSpace(s.Text) == "" {
				problems.Addf(file, s.Line, 0, "de sectie %q is leeg: schrijf er tekst onder", it.String())
			}
		}
	}
	return problems.Err()
}

func (o Outline) list() string {
	var parts []string
	for _, it := range o {
		parts = append(parts, it.Title)
	}
	return strings.Join(parts, " · ")
}

// looksLike says whether a heading is probably a misspelling of the
// expected one: the same letters ignoring case, accents and punctuation,
// or only a few letters different.
func looksLike(s Section, it OutlineItem) bool {
	a, b := slug.Make(s.Title), slug.Make(it.Title)
	if a == b {
		return true
	}
	return spelling.Distance(a, b) <= max(2, len(b)/6)
}
