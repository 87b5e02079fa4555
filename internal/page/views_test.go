package page

import (
	"os"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/content"
)

// TestDutchDate writes days the Dutch way.
func TestDutchDate(t *testing.T) {
	for in, want := range map[string]string{"2026-11-01": "1 november 2026", "2025-03-09": "9 maart 2025", "2024-12-31": "31 december 2024", "2027-05-20": "20 mei 2027"} {
		d, _ := time.Parse(time.DateOnly, in)
		if got := DutchDate(d); got != want {
			t.Errorf("DutchDate(%s) = %q; want %q", in, got, want)
		}
	}
}

// TestDiagramPagesExist: every page a diagram is drawn for is in the real
// content (internal/build checks the views show them).
func TestDiagramPagesExist(t *testing.T) {
	site, err := content.Load(os.DirFS("../../content"))
	if site == nil {
		t.Fatal(err)
	}
	for _, d := range pageDiagrams {
		if site.Lookup(d.kind, d.slug) == nil {
			t.Errorf("no %s %q for its diagram", d.kind, d.slug)
		}
	}
}
