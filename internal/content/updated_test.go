package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestBijgewerkt: the front-matter key bijgewerkt gives the page's date;
// anything but a date of the form 2026-11-01 is a problem at its line.
func TestBijgewerkt(t *testing.T) {
	for _, c := range []struct {
		value string
		want  string // the date, or the problem
	}{
		{"2026-11-01", "2026-11-01"},
		{`"2026-11-01"`, "2026-11-01"},
		{"", ""},
		{"1-11-2026", "plain.md:4: 'bijgewerkt: 1-11-2026' is geen datum: schrijf jaar-maand-dag, bijvoorbeeld 'bijgewerkt: 2026-11-01'"},
		{"2026-02-30", "plain.md:4: 'bijgewerkt: 2026-02-30' is geen datum"},
		{"2026-11-01T10:00:00Z", "plain.md:4: 'bijgewerkt: 2026-11-01T10:00:00Z' is geen datum"},
		{"[2026]", "plain.md:4:13: de waarde van \"bijgewerkt\" heeft het verkeerde soort: verwacht een datum, bijvoorbeeld 'bijgewerkt: 2026-11-01'"},
	} {
		fm := "---\ntitle: T\nsummary: S\n"
		if c.value != "" {
			fm += "bijgewerkt: " + c.value + "\n"
		}
		p, err := ParsePage("plain.md", PlainPage, []byte(fm+"---\nTekst.\n"))
		if strings.Contains(c.want, ":") {
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("bijgewerkt: %s: error %v; want %q", c.value, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("bijgewerkt: %s: %v", c.value, err)
		}
		d, ok := p.Updated()
		if got := d.Format(time.DateOnly); ok != (c.want != "") || (ok && got != c.want) {
			t.Errorf("bijgewerkt: %s: Updated() = %s, %v; want %q", c.value, got, ok, c.want)
		}
	}
}

// TestBewerkURL: site.yaml's bewerkURL must be a full https address
// without control characters, query or fragment; each page's edit link
// is its file's path after it.
func TestBewerkURL(t *testing.T) {
	for _, c := range []struct {
		value   string
		problem string // "" when accepted
		link    string // the edit link of voorbeelden/gezin.md
	}{
		{"https://github.com/org/repo/edit/main/content/", "", "https://github.com/org/repo/edit/main/content/voorbeelden/gezin.md"},
		{"https://gitlab.example/org/repo/-/edit/main/content", "", "https://gitlab.example/org/repo/-/edit/main/content/voorbeelden/gezin.md"},
		{"http://github.com/org/repo/edit/main/content/", "begint met https://", ""},
		{"javascript:alert(1)", "begint met https://", ""},
		{"//github.com/org/repo/", "begint met https://", ""},
		{"https://github.com/org/repo/edit/main/content/%0A", "stuurteken (U+000A, een regeleinde)", ""},
		{"\"https://github.com/org/repo/edit/main/content/\\x00\"", "stuurteken (U+0000, een nulteken)", ""},
		{"https://github.com/org/repo/edit/main/content/?x=1", "geen '?' of '#'", ""},
		{"https://github.com/org/repo/edit/main/content/#x", "geen '?' of '#'", ""},
	} {
		fsys := fstest.MapFS{
			"site.yaml":            file("title: T\nbewerkURL: " + c.value + "\n"),
			"voorbeelden/gezin.md": file("---\ntitle: Gezin\nsummary: s\nelementen: []\n---\n"),
		}
		site, err := Load(fsys)
		if c.problem != "" {
			if err == nil || !strings.Contains(err.Error(), "site.yaml:2:") || !strings.Contains(err.Error(), c.problem) {
				t.Errorf("bewerkURL: %s: %v; want a problem at site.yaml:2 with %q", c.value, err, c.problem)
			}
			if site.Config.BewerkURL != "" {
				t.Errorf("bewerkURL: %s: kept after the problem", c.value)
			}
			continue
		}
		if err != nil {
			t.Fatalf("bewerkURL: %s: %v", c.value, err)
		}
		if got := site.EditURL(site.Lookup(Example, "gezin")); got != c.link {
			t.Errorf("bewerkURL: %s: EditURL = %q; want %q", c.value, got, c.link)
		}
	}
}
