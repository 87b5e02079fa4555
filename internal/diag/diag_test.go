package diag

import (
	"errors"
	"strings"
	"testing"
)

func TestListSortsAndFlattens(t *testing.T) {
	var a, b List
	a.Addf("b.md", 3, 0, "drie")
	a.Addf("a.md", 10, 2, "tien")
	b.Addf("a.md", 2, 0, "twee")
	b.Add(errors.New("zonder plaats"))
	a.Add(b.Err())
	a.Add(nil)
	got := a.Err().Error()
	want := "zonder plaats\na.md:2: twee\na.md:10:2: tien\nb.md:3: drie"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := len(All(a.Err())); n != 4 {
		t.Errorf("All: %d errors", n)
	}
	var empty List
	if empty.Err() != nil {
		t.Error("empty list gives an error")
	}
	if s := New("", 0, 0, "los").Error(); s != "los" || strings.Contains(s, ":") {
		t.Errorf("no file: %q", s)
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"voorbeelden/cliënt.md: de kop “Wat is het?” ontbreekt": "voorbeelden/cliënt.md: de kop “Wat is het?” ontbreekt",
		"x\x1b[31m.md":        `x\x1b[31m.md`,
		"regel\nnog een\ttab": `regel\nnog een\ttab`,
		"nul\x00 del\x7f":     `nul\x00 del\x7f`,
		"c1 \u009b31m":        `c1 \u009b31m`,
		"om\u202edraaien":     `om\u202edraaien`,
		"kapot \xff\xfe":      `kapot \xff\xfe`,
		"":                    "",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
