package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// loadAndValidate gives every problem Load and Validate find, one each.
func loadAndValidate(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	site, err := Load(fsys)
	var out []string
	if err != nil {
		out = append(out, strings.Split(err.Error(), "\n")...)
	}
	if err := Validate(site); err != nil {
		out = append(out, strings.Split(err.Error(), "\n")...)
	}
	return out
}

// TestProblemsAreCappedPerList: a front-matter list with 100.000 wrong
// names gives each distinct problem once, at most ten, and one line that
// counts the rest, not 100.000 lines.
func TestProblemsAreCappedPerList(t *testing.T) {
	distinct := make([]string, 100000)
	for i := range distinct {
		distinct[i] = fmt.Sprintf("x%d", i)
	}
	for _, c := range []struct {
		name string
		list string
		want []string
	}{
		{"one unknown name 100.000 times", strings.Repeat("zz, ", 99999) + "zz", []string{
			"voorbeelden/gezin.md:4: Werkzaam element \"zz\" bestaat niet (in 'elementen')",
			"voorbeelden/gezin.md:4: \"zz\" staat 100.000 keer in 'elementen'",
		}},
		{"100.000 different unknown names", strings.Join(distinct, ", "), append(func() (w []string) {
			for i := range 10 {
				w = append(w, fmt.Sprintf("voorbeelden/gezin.md:4: Werkzaam element \"x%d\" bestaat niet (in 'elementen')", i))
			}
			return w
		}(), "voorbeelden/gezin.md:4: … en nog 99.990 fouten in 'elementen'")},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := loadAndValidate(t, fstest.MapFS{
				"elementen/maatwerk.md": file(goodElement),
				"voorbeelden/gezin.md":  file("---\ntitle: Gezin\nsummary: s\nelementen: [" + c.list + "]\n---\n"),
			})
			if len(got) != len(c.want) {
				t.Errorf("%d problems; want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				if i >= len(got) || got[i] != w {
					t.Errorf("problem %d: want %q; got (first 12):\n%s", i, w, strings.Join(got[:min(12, len(got))], "\n"))
				}
			}
		})
	}
}

// TestProblemsAreCappedPerFile: a front matter with fifty unknown keys
// gives ten problems and one line that counts the rest.
func TestProblemsAreCappedPerFile(t *testing.T) {
	var fm strings.Builder
	for i := range 50 {
		fmt.Fprintf(&fm, "onbekend%d: x\n", i)
	}
	got := loadAndValidate(t, fstest.MapFS{"over.md": file("---\ntitle: Over\nsummary: s\n" + fm.String() + "---\n")})
	if len(got) != 11 {
		t.Errorf("%d problems; want 11:\n%s", len(got), strings.Join(got, "\n"))
	}
	if want := "over.md:13:1: … en nog 40 problemen in dit bestand"; len(got) == 0 || got[len(got)-1] != want {
		t.Errorf("last problem %q; want %q", got[len(got)-1], want)
	}
}

// TestDataFileProblemsAreCapped: the same for a list of sources with
// thirty entries without a key.
func TestDataFileProblemsAreCapped(t *testing.T) {
	got := loadAndValidate(t, fstest.MapFS{"bronnen.yaml": file(strings.Repeat("- auteurs: A\n", 30))})
	if len(got) != 11 || got[10] != "bronnen.yaml:10:3: … en nog 20 problemen in dit bestand" {
		t.Errorf("%d problems; want 10 and a count of the rest:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// TestCheckingGoesOnAfterAFrontMatterProblem: one problem in a file's
// front matter does not hide the next, whether that is in the same file
// or in what its keys name.
func TestCheckingGoesOnAfterAFrontMatterProblem(t *testing.T) {
	got := strings.Join(loadAndValidate(t, fstest.MapFS{
		"elementen/maatwerk.md":   file(goodElement),
		"voorbeelden/gezin.md":    file("---\ntitle: Gezin\nelementen: [maatwrek]\nbron: onbekend\n---\n"),
		"hulpmiddelen/ecogram.md": file("---\ntitle: Ecogram\nsummary: s\nelementen: [basis]\nwerkblad: [a]\n---\n"),
		"elementen/leeg.md":       file("---\ntitle: Leeg\nsummary: s\norder: nul\nfase: begin\n---\n"),
	}), "\n")
	for _, w := range []string{
		"voorbeelden/gezin.md:2: de sleutel \"summary\" ontbreekt in de front matter",
		"voorbeelden/gezin.md:3: Werkzaam element \"maatwrek\" bestaat niet (in 'elementen'); bedoel je maatwerk?",
		"voorbeelden/gezin.md:4: de bron \"onbekend\" staat niet in bronnen.yaml",
		"hulpmiddelen/ecogram.md:4: Werkzaam element \"basis\" bestaat niet",
		"hulpmiddelen/ecogram.md:5:11: de waarde van \"werkblad\" heeft het verkeerde soort",
		"elementen/leeg.md:4:8: de waarde van \"order\" heeft het verkeerde soort",
		"elementen/leeg.md:2: onbekende fase \"begin\"",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	// What is reported already is not reported again in other words.
	for _, not := range []string{"'order' moet een getal groter dan 0", "noem minstens één element"} {
		if strings.Contains(got, not) {
			t.Errorf("reported twice, also as %q:\n%s", not, got)
		}
	}
}
