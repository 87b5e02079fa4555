package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

const goodElement = `---
title: Maatwerk
summary: Ondersteuning die past.
order: 6
fase: algemeen
---
## Wat is het?
Tekst.
`

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestLoadProblems loads small content trees that each hold one mistake an
// editor can make, and checks that the problem is reported with the right
// file and line.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string // substrings, each of which must occur in one reported problem
	}{
		{
			name:  "malformed yaml reports the line in the file",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\ntitle: Maatwerk\nsummary: [niet gesloten\norder: 6\n---\nTekst\n")},
			want:  []string{"elementen/maatwerk.md:3:", "geen geldige YAML"},
		},
		{
			name:  "unclosed list on the first line",
			files: fstest.MapFS{"voorbeelden/gezin.md": file("---\ntitle: [Gezin\nsummary: x\nelementen: [a]\n---\n")},
			want:  []string{"voorbeelden/gezin.md:2:", "geen geldige YAML"},
		},
		{
			name:  "yaml error after blank lines and BOM counts from the file start",
			files: fstest.MapFS{"elementen/maatwerk.md": file("\ufeff\n\n---\ntitle: Maatwerk\nsummary: a: b\norder: 6\n---\nTekst\n")},
			want:  []string{"elementen/maatwerk.md:5:", "dubbele punt"},
		},
		{
			name:  "missing closing delimiter",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\ntitle: Maatwerk\nsummary: x\norder: 6\n\n## Wat is het?\n")},
			want:  []string{"elementen/maatwerk.md:1:", "niet afgesloten"},
		},
		{
			name:  "no front matter at all",
			files: fstest.MapFS{"voorbeelden/gezin.md": file("## De situatie\nTekst\n")},
			want:  []string{"voorbeelden/gezin.md:1:", "begint niet met front matter"},
		},
		{
			name:  "unknown key with suggestion",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\ntitel: Maatwerk\nsummary: x\norder: 6\n---\n")},
			want:  []string{"elementen/maatwerk.md:2:1: onbekende sleutel \"titel\"", "bedoel je \"title\"", "\"title\" ontbreekt"},
		},
		{
			name:  "wrong type",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\ntitle: Maatwerk\nsummary: x\norder: zes\n---\n")},
			want:  []string{"elementen/maatwerk.md:4:8:", "heel getal"},
		},
		{
			name:  "duplicate key",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\ntitle: Maatwerk\ntitle: Nog eens\nsummary: x\norder: 6\n---\n")},
			want:  []string{"elementen/maatwerk.md:", "twee keer"},
		},
		{
			name:  "empty front matter",
			files: fstest.MapFS{"hulpmiddelen/ecogram.md": file("---\n---\nTekst\n")},
			want:  []string{"hulpmiddelen/ecogram.md:", "leeg"},
		},
		{
			name:  "empty file",
			files: fstest.MapFS{"hulpmiddelen/ecogram.md": file("")},
			want:  []string{"hulpmiddelen/ecogram.md:1:", "begint niet met front matter"},
		},
		{
			name:  "invalid slug from file name",
			files: fstest.MapFS{"elementen/Eigen Regie.md": file(goodElement)},
			want:  []string{"elementen/Eigen Regie.md: de naam \"Eigen Regie\" is geen geldige slug", "\"eigen-regie\""},
		},
		{
			name: "duplicate slug names both files",
			files: fstest.MapFS{
				"elementen/maatwerk.md": file(goodElement),
				"elementen/anders.md":   file(strings.Replace(goodElement, "order: 6", "order: 7\nslug: maatwerk", 1)),
			},
			want: []string{"de slug \"maatwerk\" wordt ook al gebruikt door elementen/"},
		},
		{
			name:  "non-UTF-8 bytes",
			files: fstest.MapFS{"elementen/maatwerk.md": file(goodElement + "\ncaf\xe9\n")},
			want:  []string{"elementen/maatwerk.md:10:", "UTF-8"},
		},
		{
			name:  "file too large",
			files: fstest.MapFS{"elementen/maatwerk.md": file(goodElement + strings.Repeat("a", MaxFileSize))},
			want:  []string{"elementen/maatwerk.md", "te groot"},
		},
		{
			name:  "unknown phase",
			files: fstest.MapFS{"elementen/maatwerk.md": file(strings.Replace(goodElement, "fase: algemeen", "fase: begin", 1))},
			want:  []string{"onbekende fase \"begin\""},
		},
		{
			name:  "bad sources file",
			files: fstest.MapFS{"bronnen.yaml": file("- key: a2015\n  auteurs: A\n  jaar: 2015\n- key: a2015\n  auteurs: B\n- key: Fout Key\n  auteurs: C\n- key: b2000\n  jaar: twee\n  auteurs: D\n  pagina: 3\n")},
			want:  []string{"bronnen.yaml:4:", "staat er al op regel 1", "bronnen.yaml:6:", "bronnen.yaml:8:", "geen jaartal", "bronnen.yaml:11:3: onbekend veld \"pagina\""},
		},
		{
			name:  "alias bomb is refused",
			files: fstest.MapFS{"elementen/maatwerk.md": file("---\n" + aliasBomb + "title: x\nsummary: y\norder: 1\n---\n")},
			want:  []string{"elementen/maatwerk.md:"},
		},
		{
			name:  "a file that is not markdown is named",
			files: fstest.MapFS{"voorbeelden/gezin.txt": file("tekst")},
			want:  []string{"voorbeelden/gezin.txt: dit is geen markdownbestand"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.files)
			if err == nil {
				t.Fatalf("Load accepted the content; want problems %q", tt.want)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems do not mention %q; got:\n%s", w, msg)
				}
			}
		})
	}
}

const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

func TestLoadGood(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":                 file("title: Test\nbaseURL: /kb/\n"),
		"elementen/maatwerk.md":     file(strings.ReplaceAll(goodElement, "\n", "\r\n")),
		"elementen/basishouding.md": file("\ufeff" + strings.Replace(strings.Replace(goodElement, "order: 6", "order: 1", 1), "Maatwerk", "Basishouding", 1)),
		"voorbeelden/gezin.md":      file("---\ntitle: Gezin\nsummary: s\nelementen: [maatwerk]\nbron: a2015\n---\n## De situatie\n"),
		"hulpmiddelen/ecogram.md":   file("---\ntitle: Ecogram\nsummary: s\nelementen: [maatwerk, basishouding]\n---\n"),
		"index.md":                  file("---\ntitle: Home\nsummary: s\n---\nWelkom\n"),
		"README.md":                 file("not a page"),
		"voorbeelden/.gezin.md.swp": file("editor junk"),
		"bronnen.yaml":              file("- key: a2015\n  auteurs: Aa, B. & Cc, D.\n  jaar: 2015\n"),
		"synoniemen.yaml":           file("- [wijkteam, buurtteam]\n"),
	}
	site, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(site); err != nil {
		t.Fatal(err)
	}
	if got := []string{site.Elements[0].Slug, site.Elements[1].Slug}; got[0] != "basishouding" || got[1] != "maatwerk" {
		t.Errorf("elements not in order: %v", got)
	}
	if site.Elements[1].Meta.Title != "Maatwerk" || site.Elements[1].BodyLine != 7 {
		t.Errorf("CRLF file: title %q, body line %d; want Maatwerk, 7", site.Elements[1].Meta.Title, site.Elements[1].BodyLine)
	}
	if site.Elements[0].Meta.Title != "Basishouding" {
		t.Errorf("BOM file: title %q", site.Elements[0].Meta.Title)
	}
	if site.Config.BaseURL != "/kb/" || site.Config.Language != "nl" {
		t.Errorf("config: %+v", site.Config)
	}
	if ex := site.ExamplesFor("maatwerk"); len(ex) != 1 || ex[0].Slug != "gezin" {
		t.Errorf("ExamplesFor(maatwerk) = %v", ex)
	}
	if tools := site.ToolsFor("basishouding"); len(tools) != 1 {
		t.Errorf("ToolsFor(basishouding) = %v", tools)
	}
	if len(site.Pages) != 1 || site.Pages[0].URLPath() != "" {
		t.Errorf("pages: %v", site.Pages)
	}
	if got := (Source{Auteurs: "X", Jaar: "2020", Kort: "X, rapport"}).Label(); got != "X, rapport" {
		t.Errorf("Kort: %q", got)
	}
	for auteurs, want := range map[string]string{
		"Aa, B. & Cc, D.":                  "Aa & Cc, 2015",
		"Van Arum, Verweij & Van der Veer": "Van Arum et al., 2015",
		"Steketee et al.":                  "Steketee et al., 2015",
		"Joosse e.a.":                      "Joosse et al., 2015",
		"WRR":                              "WRR, 2015",
		"Meinen-Bodewits, M.":              "Meinen-Bodewits, 2015",
		"Driesen en Besselink":             "Driesen & Besselink, 2015",
		"Vereniging van Nederlandse Gemeenten (VNG)": "Vereniging van Nederlandse Gemeenten (VNG), 2015",
	} {
		if got := (Source{Auteurs: auteurs, Jaar: "2015"}).Label(); got != want {
			t.Errorf("Label(%q) = %q; want %q", auteurs, got, want)
		}
	}
	if len(site.Synonyms) != 1 {
		t.Errorf("synonyms: %v", site.Synonyms)
	}
}

func TestValidate(t *testing.T) {
	fsys := fstest.MapFS{
		"elementen/maatwerk.md":   file(goodElement),
		"elementen/dubbel.md":     file(strings.Replace(goodElement, "Maatwerk", "Dubbel", 1)),
		"voorbeelden/gezin.md":    file("---\ntitle: Gezin\nsummary: s\nelementen: [maatwrek, maatwerk, maatwerk]\nhulpmiddelen: [ecogram]\nbron: onbekend\n---\n"),
		"voorbeelden/leeg.md":     file("---\ntitle: Leeg\nsummary: s\nelementen: []\n---\n"),
		"hulpmiddelen/ecogram.md": file("---\ntitle: Ecogram\nsummary: s\nelementen: [basis]\n---\n"),
	}
	site, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	err = Validate(site)
	if err == nil {
		t.Fatal("Validate accepted broken references")
	}
	for _, w := range []string{
		"voorbeelden/gezin.md:4: Werkzaam element \"maatwrek\" bestaat niet (in 'elementen'); bedoel je maatwerk?",
		"\"maatwerk\" staat twee keer in 'elementen'",
		"voorbeelden/gezin.md:6: de bron \"onbekend\" staat niet in bronnen.yaml",
		"hulpmiddelen/ecogram.md:4: Werkzaam element \"basis\" bestaat niet",
		"order 6 wordt ook gebruikt door",
		"voorbeelden/leeg.md:4: noem minstens één element",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
}
