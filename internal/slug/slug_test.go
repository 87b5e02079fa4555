package slug

import "testing"

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"Continuïteit":                      "continuiteit",
		"Wat is het?":                       "wat-is-het",
		"  Snel   praktische hulp regelen ": "snel-praktische-hulp-regelen",
		"Cliënt & coördinatie":              "client-coordinatie",
		"ZRM (Zelfredzaamheid-Matrix)":      "zrm-zelfredzaamheid-matrix",
		"Straße":                            "strasse",
		"???":                               "",
	} {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"maatwerk": true, "eigen-regie": true, "a1": true,
		"": false, "-a": false, "a-": false, "Eigen": false, "a b": false, "a/../b": false, "é": false, "a_b": false,
	} {
		if Valid(s) != want {
			t.Errorf("Valid(%q) = %v", s, !want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Cliënt Continuïteit"); got != "client continuiteit" {
		t.Errorf("Fold = %q", got)
	}
}
