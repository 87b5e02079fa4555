package markdown

import (
	"slices"
	"strconv"
	"strings"
)

// templateIDs are the ids the templates (templates/*.html) and their
// scripts (templates/static/) give to elements of a page. A heading never
// takes one of them: "## Spiegel kies" would otherwise take the id of the
// spiegel's selector, and the script would fill the heading instead. A
// test scans the templates and fails when one of their ids is missing
// here.
var templateIDs = map[string]bool{
	// base.html and the partials
	"inhoud": true, "zoekveld": true, "zoek-status": true, "zoek-suggesties": true,
	"toc-kop": true, "bronnen-kop": true, "werkblad-kop": true,
	// page templates
	"elementen-overzicht": true, "elementen-kop": true, "hulpmiddelen-kop": true, "voorbeelden-kop": true,
	"zoekpagina-veld": true, "zoek-resultaat-status": true, "zoek-resultaten": true,
	"offline-zoeken": true, "offline-zoeken-keuze": true, "offline-zoeken-status": true, "offline-zoeken-uitleg": true,
	// the spiegel
	"beoordeling-kop": true, "vergelijk-kop": true, "aandacht-kop": true,
	"spiegel-nojs": true, "spiegel-controls": true, "spiegel-kies": true, "spiegel-naam": true,
	"spiegel-nieuw": true, "spiegel-verwijder": true, "spiegel-json": true, "spiegel-csv": true,
	"spiegel-import": true, "spiegel-print": true, "spiegel-status": true, "spiegel-vergelijk": true,
	"spiegel-vinkjes": true, "spiegel-grafiek": true, "spiegel-aandacht": true, "spiegel-laagste": true,
	// the diagrams (internal/page/diagrams.go): titles, descriptions, the
	// arcs the network circle writes its rings' names on
	"diagram-cyclus-titel": true, "diagram-cyclus-uitleg": true,
	"diagram-perspectieven-titel": true, "diagram-perspectieven-uitleg": true,
	"diagram-netwerkcirkel-titel": true, "diagram-netwerkcirkel-uitleg": true,
	"diagram-netwerkcirkel-ring-a": true, "diagram-netwerkcirkel-ring-b": true, "diagram-netwerkcirkel-ring-c": true,
	"diagram-samenhang-titel": true, "diagram-samenhang-uitleg": true,
}

// numberedIDs are the ids the templates number as they go: "score-{{$i}}"
// and "noot-{{$i}}" in spiegel.html, one per element, and "zoek-optie-" and
// a number, the search suggestions zoeken.js lists under the box. An id is
// one of them when it is the stem, a dash and only digits.
var numberedIDs = []string{"score", "noot", "zoek-optie"}

// scriptIDPrefix begins the ids spiegel.js gives its check boxes:
// "vergelijk-" and an assessment's id, "b" and letters and digits.
const scriptIDPrefix = "vergelijk-b"

// TemplateID reports whether the templates use id on some page, so that a
// heading may not take it.
func TemplateID(id string) bool {
	if templateIDs[id] {
		return true
	}
	for _, stem := range numberedIDs {
		if rest, ok := strings.CutPrefix(id, stem+"-"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(id, scriptIDPrefix); ok && rest != "" && !strings.Contains(rest, "-") {
		return true
	}
	return false
}

// anchors hands out the ids of one page's headings: each heading gets the
// slug of its text unless that is taken, by an earlier heading with the
// same text or by the page itself (the templates' ids and whatever the
// Renderer reserves), and then the slug with the first free "-2", "-3", ...
// A heading whose own text gives "a-2" keeps it: the second "A" on a page
// with "A 2" becomes "a-3". A repeated "Score" would only find numbered
// template ids that way and counts on from "score-kop" instead.
type anchors struct {
	reserved func(string) bool
	natural  map[string]bool // the slugs of all headings on the page
	used     map[string]bool
	last     map[string]int // per slug, the last number tried: a page of repeats stays linear
}

func newAnchors(reserved func(string) bool, slugs []string) *anchors {
	a := &anchors{reserved: reserved, natural: map[string]bool{}, used: map[string]bool{}, last: map[string]int{}}
	for _, s := range slugs {
		a.natural[s] = true
	}
	return a
}

func (a *anchors) taken(id string) bool { return a.used[id] || a.reserved(id) }

// next gives the id of the next heading, whose text has slug s.
func (a *anchors) next(s string) string {
	id := s
	if a.taken(id) {
		if slices.Contains(numberedIDs, s) {
			s += "-kop"
			id = s
		}
		// Every suffix tried is taken by a heading or reserved; beyond
		// the numbered stems no rule reserves an id ending in "-<digits>",
		// so this ends.
		for k := max(a.last[s], 1); a.taken(id) || (id != s && a.natural[id]); {
			k++
			a.last[s] = k
			id = s + "-" + strconv.Itoa(k)
		}
	}
	a.used[id] = true
	return id
}
