package build

import (
	"path"
	"strings"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/images"
	"github.com/werkzame-elementen/kb/internal/page"
)

// generatedPaths are the addresses, from the site root, that kb makes
// itself and no content page may take, with what kb puts there: the
// overview of each kind, the search page (with the index and suggestions
// beside it) and the folder of the static files. The home page and the
// list of sources are made only when the content has no index.md or
// bronnen.md, which then take their place, so those are not here.
func generatedPaths() map[string]string {
	out := map[string]string{
		"zoeken/":        "de zoekpagina",
		"static/":        "de map met de vaste bestanden uit templates/static",
		images.Dir + "/": "de map met de afbeeldingen",
	}
	for _, ki := range page.ListKinds() {
		out[ki.ListPath()] = "het overzicht van de " + strings.ToLower(ki.Plural)
	}
	return out
}

// checkGeneratedURLs refuses a content page whose address is one kb makes
// itself: it would silently replace that page, or be replaced by it, and
// appear twice in the sitemap. Only plain pages can collide, as the others
// live under the folder of their kind.
func (m *Model) checkGeneratedURLs() error {
	var problems diag.List
	generated := generatedPaths()
	for _, p := range m.Site.Pages {
		what, taken := generated[p.URLPath()]
		if !taken {
			continue
		}
		if line := p.KeyLine("slug"); line > 0 {
			problems.Addf(p.File, line, 0, "de slug %q geeft deze pagina het adres %s, maar dat adres maakt kb zelf (%s); kies een andere slug", p.Slug, m.URL(p), what)
		} else {
			problems.Addf(p.File, 0, 0, "de pagina %s krijgt het adres %s, maar dat adres maakt kb zelf (%s); geef het bestand een andere naam", path.Base(p.File), m.URL(p), what)
		}
	}
	return problems.Err()
}
