package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDraft: a page that is not on disk is laid out with the real
// templates beside the real content, with the problems of its own file
// only; nothing is written.
func TestDraft(t *testing.T) {
	good := "---\ntitle: Een buurvrouw\nsummary: s\nelementen: [maatwerk]\n---\n" +
		"## De situatie\n\nEen *buurvrouw* helpt.\n\n## Wat er gebeurde\n\nx\n\n## Wat werkte\n\nx\n\n## Welke werkzame elementen zie je?\n\n[Maatwerk](../elementen/maatwerk.md)\n\n## Vragen voor intervisie\n\n- Een?\n- Twee?\n"
	broken := strings.NewReplacer("[maatwerk]", "[maatwerkk]", "## Wat werkte\n\nx\n\n", "## Wat werkte\n\n").Replace(good)
	for _, c := range []struct {
		name     string
		src      string
		extra    string // a broken file put beside the fixture
		page     string // in the HTML
		problems []string
	}{
		{name: "good", src: good, page: "<em>buurvrouw</em>"},
		{name: "with problems", src: broken, page: "<h1>Een buurvrouw</h1>", problems: []string{
			`voorbeelden/een-buurvrouw.md:4: Werkzaam element "maatwerkk" bestaat niet (in 'elementen'); bedoel je maatwerk?`,
			`voorbeelden/een-buurvrouw.md:14: de sectie "## Wat werkte" is leeg: schrijf er tekst onder`,
		}},
		{name: "no front matter", src: "Alleen tekst.\n", problems: []string{"voorbeelden/een-buurvrouw.md:1:1: het bestand begint niet met front matter"}},
		{name: "another file broken", src: good, page: "<em>buurvrouw</em>", extra: "voorbeelden/kapot.md"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture
			if c.extra != "" {
				dir = t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, c.extra), []byte("kapot"), 0o644)
				if _, err := Prepare(os.DirFS(dir), ""); err == nil {
					t.Fatal("the content with a broken file has no problems")
				}
			}
			contentFS := os.DirFS(dir)
			page, problems, err := Draft(contentFS, os.DirFS(templates), "voorbeelden/een-buurvrouw.md", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if c.page == "" && page != nil || c.page != "" && !strings.Contains(string(page), c.page) {
				t.Errorf("page has no %q:\n%.600s", c.page, page)
			}
			var got []string
			if problems != nil {
				got = strings.Split(problems.Error(), "\n")
			}
			if len(got) != len(c.problems) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.problems, "\n"))
			}
			for i := range min(len(got), len(c.problems)) {
				if !strings.HasPrefix(got[i], c.problems[i]) {
					t.Errorf("problem %d: %q; want %q", i, got[i], c.problems[i])
				}
			}
		})
	}
	if _, err := os.Stat(fixture + "/voorbeelden/een-buurvrouw.md"); !os.IsNotExist(err) {
		t.Errorf("Draft wrote to the content: %v", err)
	}
}

// BenchmarkDraft is the work of one preview in kb serve's form: the real
// content with one new example, checked and laid out.
func BenchmarkDraft(b *testing.B) {
	src, err := os.ReadFile("../../content/voorbeelden/samen-welkom-overvecht.md")
	if err != nil {
		b.Fatal(err)
	}
	contentFS, templatesFS := os.DirFS("../../content"), os.DirFS(templates)
	for b.Loop() {
		if _, _, err := Draft(contentFS, templatesFS, "voorbeelden/nieuw.md", src); err != nil {
			b.Fatal(err)
		}
	}
}
