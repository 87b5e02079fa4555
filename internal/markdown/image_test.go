package markdown

import (
	"strings"
	"testing"
)

// pictureResolver knows one small picture and one large photo.
type pictureResolver struct{ fakeResolver }

func (pictureResolver) ResolveImage(file, dest string) (Picture, string) {
	switch dest {
	case "ecogram.svg":
		return Picture{Src: "/afbeeldingen/ecogram.0123456789abcdef.svg", Width: 400, Height: 300}, ""
	case "afbeeldingen/buurt.jpg":
		return Picture{Src: "/afbeeldingen/buurt.aa.jpg", Width: 2000, Height: 1000,
			Srcset: "/afbeeldingen/buurt-640w.bb.jpg 640w, /afbeeldingen/buurt.aa.jpg 2000w", Sizes: "100vw"}, ""
	}
	return Picture{}, "de afbeelding " + dest + " bestaat niet"
}

func TestImages(t *testing.T) {
	for _, c := range []struct {
		name, md string
		want     []string // in the HTML, or in the error when err
		err      bool
	}{
		{"picture", "Tekst.\n\n![Ecogram van gezin De Boer](ecogram.svg)\n", []string{
			`<p><img src="/afbeeldingen/ecogram.0123456789abcdef.svg" alt="Ecogram van gezin De Boer" width="400" height="300" loading="lazy" decoding="async"></p>`}, false},
		{"large photo with srcset", `![De buurt "Oost" & <b>meer</b>](afbeeldingen/buurt.jpg "Foto: redactie")`, []string{
			`src="/afbeeldingen/buurt.aa.jpg" srcset="/afbeeldingen/buurt-640w.bb.jpg 640w, /afbeeldingen/buurt.aa.jpg 2000w" sizes="100vw" alt="De buurt &quot;Oost&quot; &amp; meer" title="Foto: redactie" width="2000" height="1000" loading="lazy" decoding="async"`}, false},
		{"no alt text", "Tekst.\n\n![](ecogram.svg)", []string{"test.md:12:5: deze afbeelding heeft geen alt-tekst"}, true},
		{"alt text of spaces", "![  ](ecogram.svg)", []string{"test.md:10:7: deze afbeelding heeft geen alt-tekst"}, true},
		{"missing file", "Zie:\n![Kaart](kaart.png)", []string{"test.md:11:10: de afbeelding kaart.png bestaat niet"}, true},
		{"web address", "![Kaart](https://example.org/kaart.png)", []string{"test.md:10:10: het adres", "niet toegestaan voor een afbeelding"}, true},
		{"javascript", "![Kaart](javascript:alert(1))", []string{"test.md:10:10:", "niet toegestaan"}, true},
		{"data url", "![Kaart](data:image/svg+xml;base64,PHN2Zz4=)", []string{"niet toegestaan"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := New().Render("test.md", []byte(c.md), 10, pictureResolver{})
			if c.err {
				if err == nil {
					t.Fatal("no problem reported")
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("want %q in:\n%v", w, err)
					}
				}
				for _, s := range doc.Sections {
					if strings.Contains(string(s.HTML), "<img") {
						t.Errorf("an image was rendered: %s", s.HTML)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var html, text strings.Builder
			for _, s := range doc.Sections {
				html.WriteString(string(s.HTML))
				text.WriteString(s.Text)
			}
			for _, w := range c.want {
				if !strings.Contains(html.String(), w) {
					t.Errorf("want %s in:\n%s", w, html.String())
				}
			}
			// The alt text is searchable like the rest of the text.
			if !strings.Contains(text.String(), "De buurt") && !strings.Contains(text.String(), "Ecogram van gezin") {
				t.Errorf("alt text not in the section text %q", text.String())
			}
		})
	}
}
