package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

const situationHint = "Beschrijf de situatie."

var outline = markdown.Outline{{Level: 2, Title: "De situatie", Hint: situationHint}, {Level: 2, Title: "Wat werkte"}}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		name string
		d    Draft
		want []string // lines the file must have
		not  []string
	}{
		{"as kb new", Draft{Title: "Een buurvrouw"},
			[]string{`title: "Een buurvrouw"`, `summary: "Eén zin die zegt waar dit over gaat."`, "elementen: []        # ", "hulpmiddelen: []     # ", "## De situatie", situationHint}, nil},
		{"filled in", Draft{Title: `Zeg "ja"`, Summary: "Kort: zo.", Elementen: []string{"maatwerk", "eigen-regie"}, Hulpmiddelen: []string{"ecogram"},
			Sections: map[string]string{"De situatie": "Regel één.  \r\nRegel twee.\r\n\r\n"}},
			[]string{`title: "Zeg \"ja\""`, `summary: "Kort: zo."`, "elementen: [maatwerk, eigen-regie] # ", "hulpmiddelen: [ecogram] # ", "## De situatie\n\nRegel één.\nRegel twee.\n\n## Wat werkte\n"},
			[]string{situationHint, "\r", "Schrijf hier"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Fill(content.Example, c.d, outline)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("has %q in\n%s", n, got)
				}
			}
			if _, err := content.ParsePage("voorbeelden/x.md", content.Example, []byte(got)); err != nil {
				t.Errorf("not a valid page: %v\n%s", err, got)
			}
		})
	}
}

// TestCreateNeverOverwrites: a second Create of the same file fails with
// ErrExists and leaves the first text.
func TestCreateNeverOverwrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "voorbeelden", "x.md")
	if err := Create(p, "eerste"); err != nil {
		t.Fatal(err)
	}
	if err := Create(p, "tweede"); !errors.Is(err, ErrExists) {
		t.Errorf("second Create: %v; want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "eerste" {
		t.Errorf("file now %q", b)
	}
}
