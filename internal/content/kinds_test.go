package content

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/markdown"
)

// TestKindsTable checks the table of kinds against what depends on it:
// each kind's folder, address and labels as the rest of the site has
// always had them.
func TestKindsTable(t *testing.T) {
	tests := []struct {
		kind          Kind
		dir, list     string
		single, plura string
		word          string
		url           string // URLPath of a page with slug "x"
	}{
		{Element, "elementen", "elementen/", "Werkzaam element", "Werkzame elementen", "element", "elementen/x/"},
		{Example, "voorbeelden", "voorbeelden/", "Voorbeeld", "Voorbeelden", "voorbeeld", "voorbeelden/x/"},
		{Tool, "hulpmiddelen", "hulpmiddelen/", "Hulpmiddel", "Hulpmiddelen", "hulpmiddel", "hulpmiddelen/x/"},
		{PlainPage, "", "", "Pagina", "Pagina's", "", "x/"},
		{SourceList, "", "", "", "", "", "x/"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			ki := tt.kind.Info()
			if ki.Kind != tt.kind || tt.kind.Dir() != tt.dir || ki.ListPath() != tt.list {
				t.Errorf("Info() = kind %q, dir %q, list %q; want %q, %q, %q", ki.Kind, tt.kind.Dir(), ki.ListPath(), tt.kind, tt.dir, tt.list)
			}
			if tt.kind.Label(false) != tt.single || tt.kind.Label(true) != tt.plura {
				t.Errorf("Label = %q, %q; want %q, %q", tt.kind.Label(false), tt.kind.Label(true), tt.single, tt.plura)
			}
			if tt.word != "" {
				if got, ok := KindForWord(tt.word); !ok || got.Kind != tt.kind {
					t.Errorf("KindForWord(%q) = %q, %v; want %q", tt.word, got.Kind, ok, tt.kind)
				}
			}
			p := &Page{Kind: tt.kind, Slug: "x"}
			if got := p.URLPath(); got != tt.url {
				t.Errorf("URLPath() = %q, want %q", got, tt.url)
			}
		})
	}
	if got := Element.Info().Title(15); got != "De 15 werkzame elementen" {
		t.Errorf("Element.Info().Title(15) = %q", got)
	}
	if got := Tool.Info().Title(3); got != "Hulpmiddelen" {
		t.Errorf("Tool.Info().Title(3) = %q", got)
	}
	if _, ok := KindForWord("pagina"); ok {
		t.Error(`KindForWord("pagina"): kb new makes no plain pages`)
	}
}

// TestKindKeys checks that every key a kind names is in the table of
// front-matter keys, once, and that the table fills every field of
// FrontMatter, each from one key.
func TestKindKeys(t *testing.T) {
	for _, ki := range Kinds {
		keys := append(append([]string(nil), ki.Required...), ki.Optional...)
		for i, k := range keys {
			if _, ok := frontMatterKey(k); !ok {
				t.Errorf("%s: key %q is not in FrontMatterKeys", ki.Kind, k)
			}
			if slices.Contains(keys[:i], k) {
				t.Errorf("%s: key %q named twice", ki.Kind, k)
			}
		}
		if !slices.Contains(ki.Required, KeyTitle) || !slices.Contains(ki.Required, KeySummary) {
			t.Errorf("%s: title and summary must be required", ki.Kind)
		}
	}
	var fm FrontMatter
	v := reflect.ValueOf(&fm).Elem()
	filled := map[uintptr]string{}
	for _, k := range FrontMatterKeys {
		if k.Expect == "" {
			t.Errorf("key %q says nothing of its value", k.Name)
		}
		ptr := reflect.ValueOf(k.Field(&fm)).Pointer()
		if other, dup := filled[ptr]; dup {
			t.Errorf("keys %q and %q fill the same field", other, k.Name)
		}
		filled[ptr] = k.Name
	}
	for i := 0; i < v.NumField(); i++ {
		if _, ok := filled[v.Field(i).Addr().Pointer()]; !ok {
			t.Errorf("field %s of FrontMatter is filled by no key of FrontMatterKeys", v.Type().Field(i).Name)
		}
	}
}

// TestKeyTypeMessages checks that the message about a value of the wrong
// sort comes from the key's row of the table.
func TestKeyTypeMessages(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		src  string // the front matter
		want string
	}{
		{"order", Element, "title: T\nsummary: S\norder: drie", "verwacht een heel getal, bijvoorbeeld 'order: 3'"},
		{"elementen", Example, "title: T\nsummary: S\nelementen: {a: b}", "verwacht een lijst, bijvoorbeeld 'elementen: [vraagverheldering, maatwerk]'"},
		{"title", Element, "title: [a, b]\nsummary: S\norder: 1", "verwacht tekst op één regel"},
		{"typo titel", Element, "titel: T\nsummary: S\norder: 1", `bedoel je "title"?`},
		{"typo oder", Element, "title: T\nsummary: S\noder: 1", `bedoel je "order"?`},
		{"unknown", Element, "title: T\nsummary: S\norder: 1\nkleur: rood", "toegestaan zijn: bijgewerkt, fase, order, slug, summary, title"},
		{"missing", Example, "title: T\nsummary: S", `de sleutel "elementen" ontbreekt`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePage(tt.kind.Dir()+"/x.md", tt.kind, []byte("---\n"+tt.src+"\n---\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParsePage: %v; want a problem saying %q", err, tt.want)
			}
		})
	}
}

// TestSectionIDs renders each outline and checks that the section ids the
// table gives are the ids the renderer gives those headings.
func TestSectionIDs(t *testing.T) {
	ids := map[string]bool{}
	for _, ki := range Kinds {
		var md strings.Builder
		for _, it := range ki.Outline {
			md.WriteString(it.String() + "\n\nTekst.\n\n")
		}
		doc, err := markdown.New().Render("x.md", []byte(md.String()), 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		for id := range doc.IDs() {
			ids[id] = true
		}
	}
	for _, id := range []string{ToolsSection, ExamplesSection, PointsSection, WhatSection} {
		if !ids[id] {
			t.Errorf("section id %q is not the id of a heading of an outline", id)
		}
	}
	titles := map[string]bool{}
	for _, ki := range Kinds {
		for _, it := range ki.Outline {
			titles[it.Title] = true
		}
	}
	for _, title := range []string{GroundsSection, QuestionsSection, WhatHeading} {
		if !titles[title] {
			t.Errorf("heading %q is in no outline", title)
		}
	}
}
