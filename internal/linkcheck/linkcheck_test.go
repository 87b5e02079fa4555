package linkcheck

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCheck(t *testing.T) {
	site := fstest.MapFS{
		"index.html":   {Data: []byte(`<a href="/kb/a/">a</a> <a href="/kb/a/#x">x</a> <a href="https://example.org/nope">ext</a> <link href="/kb/static/s.css">`)},
		"a/index.html": {Data: []byte(`<h2 id="x">X</h2><a href="/kb/b/">b</a> <a href="#y">y</a> <a href="../">up</a> <a href="/elders/">out</a>`)},
		"static/s.css": {Data: []byte(`body{}`)},
		"c/index.html": {Data: []byte(`<a href="/kb/a/#x&amp;">amp</a><a href="mailto:a@b.nl">m</a>`)},
	}
	broken, err := Check(site, "/kb/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range broken {
		got = append(got, b.String())
	}
	want := []string{
		"a/index.html: /kb/b/ (bestaat niet)",
		"a/index.html: #y (geen element met id y)",
		"a/index.html: /elders/ (valt buiten de base-URL /kb/)",
		"c/index.html: /kb/a/#x& (geen element met id x&)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
