package build

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPagesCannotTakeGeneratedURLs gives a plain page the address of a
// page kb makes itself, by its file name or its slug: it would replace
// that page silently and be listed twice in the sitemap, so it is refused
// with the file (and the line of the slug).
func TestPagesCannotTakeGeneratedURLs(t *testing.T) {
	page := func(extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: Een pagina\nsummary: Over iets.\n" + extra + "---\nTekst.\n")}
	}
	for _, c := range []struct {
		file, extra, want string
	}{
		{"zoeken.md", "", "zoeken.md: de pagina zoeken.md krijgt het adres /kb/zoeken/, maar dat adres maakt kb zelf (de zoekpagina); geef het bestand een andere naam"},
		{"voorbeelden.md", "", "voorbeelden.md: de pagina voorbeelden.md krijgt het adres /kb/voorbeelden/, maar dat adres maakt kb zelf (het overzicht van de voorbeelden); geef het bestand een andere naam"},
		{"elementen.md", "", "elementen.md: de pagina elementen.md krijgt het adres /kb/elementen/, maar dat adres maakt kb zelf (het overzicht van de werkzame elementen); geef het bestand een andere naam"},
		{"hulpmiddelen.md", "", "hulpmiddelen.md: de pagina hulpmiddelen.md krijgt het adres /kb/hulpmiddelen/, maar dat adres maakt kb zelf (het overzicht van de hulpmiddelen); geef het bestand een andere naam"},
		{"over-zoeken.md", "slug: zoeken\n", "over-zoeken.md:4: de slug \"zoeken\" geeft deze pagina het adres /kb/zoeken/, maar dat adres maakt kb zelf (de zoekpagina); kies een andere slug"},
		{"static.md", "", "static.md: de pagina static.md krijgt het adres /kb/static/, maar dat adres maakt kb zelf (de map met de vaste bestanden uit templates/static)"},
	} {
		t.Run(c.file, func(t *testing.T) {
			_, err := Prepare(fstest.MapFS{c.file: page(c.extra), "over.md": page("")}, "/kb/")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %q", err, c.want)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
				t.Errorf("%d problems; want only this one:\n%v", n, err)
			}
		})
	}
	// The pages kb makes only when the content has none of its own stay
	// allowed: index.md is the home page, bronnen.md the list of sources.
	if _, err := Prepare(fstest.MapFS{"index.md": page(""), "bronnen.md": page(""), "spiegel.md": page("")}, "/kb/"); err != nil {
		t.Errorf("index.md, bronnen.md and spiegel.md are refused: %v", err)
	}
}
