package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"titel", "title", 2}, {"maatwrek", "maatwerk", 2}, {"ë", "e", 1}, {"abc", "", 3}} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d; want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"title", "summary", "order"}
	for in, want := range map[string]string{"Titel": "title", "sumary": "summary", "volgorde": "", "ordr": "order"} {
		if got := Nearest(in, keys, 2); got != want {
			t.Errorf("Nearest(%q) = %q; want %q", in, got, want)
		}
	}
}
