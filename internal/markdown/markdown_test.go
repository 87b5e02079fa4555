package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fakeResolver knows two pages and one source.
type fakeResolver struct{}

func (fakeResolver) ResolveLink(file, dest string) (string, string) {
	switch dest {
	case "../hulpmiddelen/ecogram.md":
		return "/hulpmiddelen/ecogram/", ""
	case "maatwerk.md":
		return "/elementen/maatwerk/", ""
	}
	return "", "de pagina " + dest + " bestaat niet"
}

func (fakeResolver) Cite(file, key string) (string, string, bool) {
	if key == "jansen2015" {
		return "Jansen & Reijneveld, 2015", "/bronnen/#jansen2015", true
	}
	return key, "", false
}

func TestRenderGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/element.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New().Render("elementen/test.md", src, 1, fakeResolver{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range doc.Sections {
		b.WriteString("=== " + strings.Repeat("#", s.Level) + " " + s.Title + " #" + s.ID + "\n")
		b.WriteString(string(s.HTML))
		b.WriteString("--- text: " + s.Text + "\n")
	}
	golden := filepath.Join("testdata", "element.golden")
	if *update {
		os.WriteFile(golden, []byte(b.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("render differs from %s (run go test -update to accept):\n%s", golden, b.String())
	}
	if got := strings.Join(doc.Citations, ","); got != "jansen2015" {
		t.Errorf("citations = %q", got)
	}
	if len(doc.Links) != 1 || doc.Links[0].Fragment != "tips" || doc.Links[0].URL != "/hulpmiddelen/ecogram/" {
		t.Errorf("fragment links = %+v", doc.Links)
	}
}

// TestRenderProblems feeds markdown with one mistake each and checks the
// message and its line (the body starts at line 10 of its file).
func TestRenderProblems(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string
	}{
		{"broken link", "Tekst\n\nZie [x](bestaat-niet.md).", []string{"test.md:12:9: de pagina bestaat-niet.md bestaat niet"}},
		{"unknown citation", "Zoals blijkt [@jansen2015; @onbekend2020].", []string{"test.md:10:", "[@onbekend2020] staat niet in bronnen.yaml"}},
		{"javascript link", "[klik](javascript:alert(1))", []string{"test.md:10:", "niet toegestaan"}},
		{"upper-case javascript with spaces", "[klik]( JaVaScRiPt:alert(1) )", []string{"niet toegestaan"}},
		{"data url", "[klik](data:text/html;base64,PHNjcmlwdD4=)", []string{"niet toegestaan"}},
		{"vbscript autolink", "<vbscript:msgbox>", []string{"niet toegestaan"}},
		{"link outside content", "[x](/etc/passwd)", []string{"bestaat niet"}},
		{"h1 in body", "# Titel\n\nTekst", []string{"test.md:10:1: gebruik geen kop met één #"}},
		{"image where pictures cannot be shown", "![foto](foto.png)", []string{"test.md:10:9: afbeeldingen worden hier niet ondersteund"}},
		{"citation over two lines", "Zoals blijkt\nuit onderzoek [@jansen2015;\n@pietersen2019].", []string{"test.md:11:15: dit lijkt een bronverwijzing, maar kb herkent hem niet"}},
		{"citation with a space in the key", "Zoals blijkt [@jansen 2015].", []string{"test.md:10:14: dit lijkt een bronverwijzing"}},
		{"citation never closed", "Zoals blijkt [@jansen2015 en verder.", []string{"test.md:10:14: dit lijkt een bronverwijzing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New().Render("test.md", []byte(tt.md), 10, fakeResolver{})
			if err == nil {
				t.Fatal("no problem reported")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("want %q in:\n%v", w, err)
				}
			}
		})
	}
}

// TestUntrustedHTML checks that raw HTML and script never reach the output.
func TestUntrustedHTML(t *testing.T) {
	md := "<script>alert(1)</script>\n\nTekst <img src=x onerror=alert(1)> en <iframe src=\"https://x\"></iframe>\n\n<div onclick=\"alert(1)\">x</div>\n"
	doc, err := New().Render("test.md", []byte(md), 1, fakeResolver{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Sections {
		h := strings.ToLower(string(s.HTML))
		for _, bad := range []string{"<script", "<img", "<iframe", "onerror", "onclick", "<div"} {
			if strings.Contains(h, bad) {
				t.Errorf("output contains %q:\n%s", bad, h)
			}
		}
	}
}

func TestOutline(t *testing.T) {
	outline := Outline{
		{Level: 2, Title: "Wat is het?"},
		{Level: 2, Title: "Hoe werkt het?", MayBeEmpty: true},
		{Level: 3, Title: "Punten"},
		{Level: 3, Title: "Hulpmiddelen"},
		{Level: 2, Title: "Verder lezen"},
	}
	tests := []struct {
		name, md string
		want     []string // empty: no problems
	}{
		{"complete", "## Wat is het?\nx\n## Hoe werkt het?\n### Punten\nx\n### Hulpmiddelen\nx\n## Verder lezen\nx\n", nil},
		{"missing", "## Wat is het?\nx\n## Hoe werkt het?\n### Hulpmiddelen\nx\n## Verder lezen\nx\n",
			[]string{"t.md:4: de sectie \"### Punten\" ontbreekt; die hoort vóór \"### Hulpmiddelen\""}},
		{"misspelt", "## Wat is het\nx\n## Hoe werkt het?\n### Punten\nx\n### Hulpmiddelen\nx\n## Verder lezen\nx\n",
			[]string{"t.md:1: de kop \"## Wat is het\" is anders gespeld dan verwacht; schrijf precies \"## Wat is het?\""}},
		{"wrong level", "## Wat is het?\nx\n## Hoe werkt het?\n## Punten\nx\n### Hulpmiddelen\nx\n## Verder lezen\nx\n",
			[]string{"t.md:4: de kop \"## Punten\" is anders gespeld"}},
		{"out of order", "## Wat is het?\nx\n## Hoe werkt het?\n### Hulpmiddelen\nx\n### Punten\nx\n## Verder lezen\nx\n",
			[]string{"\"### Punten\" ontbreekt", "t.md:6: de sectie \"### Punten\" staat op de verkeerde plek"}},
		{"extra heading", "## Wat is het?\nx\n## Iets anders\nx\n## Hoe werkt het?\n### Punten\nx\n### Hulpmiddelen\nx\n## Verder lezen\nx\n",
			[]string{"t.md:3: onverwachte kop \"## Iets anders\""}},
		{"missing at end", "## Wat is het?\nx\n## Hoe werkt het?\n### Punten\nx\n### Hulpmiddelen\nx\n",
			[]string{"t.md:99: de sectie \"## Verder lezen\" ontbreekt aan het eind"}},
		{"empty section", "## Wat is het?\n## Hoe werkt het?\n### Punten\nx\n### Hulpmiddelen\nx\n## Verder lezen\nx\n",
			[]string{"t.md:1: de sectie \"## Wat is het?\" is leeg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := New().Render("t.md", []byte(tt.md), 1, fakeResolver{})
			if err != nil {
				t.Fatal(err)
			}
			err = outline.Check("t.md", doc, 99)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected problems: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no problems reported")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("want %q in:\n%v", w, err)
				}
			}
		})
	}
}

// TestCitationLookalikesInCode checks that "[@" in code is left alone:
// only running text is read as a citation that went wrong.
func TestCitationLookalikesInCode(t *testing.T) {
	for _, md := range []string{"Schrijf `[@sleutel` niet zo.", "```\n[@sleutel\n```", "Zoals blijkt [@jansen2015]."} {
		if _, err := New().Render("t.md", []byte(md), 1, fakeResolver{}); err != nil {
			t.Errorf("%q: %v", md, err)
		}
	}
}
