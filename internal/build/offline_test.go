package build

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/search"
)

// TestServiceWorkerLists checks what the service worker keeps on a first
// visit and what only for search.
func TestServiceWorkerLists(t *testing.T) {
	for _, c := range []struct {
		path            string
		offline, search bool
	}{
		{"elementen/maatwerk/index.html", true, false},
		{"static/style.css", true, false},
		{"static/zoeken/zoeken.js", true, false},
		{"static/zoeken/offline.js", true, false},
		{SuggestFile, true, false},
		{"static/zoeken/kbreader.js", true, true},
		{"static/zoeken/kbsearch.wasm", true, true},
		{IndexFile, true, true},
		{search.ReaderDir + "/manifest.json", true, true},
		{search.ReaderDir + "/p-a.0123.bin", true, true},
		{"sw.js", false, false},
		{"_headers", false, false},
		{"static/style.css.br", false, false},
	} {
		if got := offlineFile(c.path); got != c.offline {
			t.Errorf("offlineFile(%q) = %v", c.path, got)
		}
		if got := searchFile(c.path); got != c.search {
			t.Errorf("searchFile(%q) = %v", c.path, got)
		}
	}
	model, err := Prepare(loadFixture(t), "/kb/")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Render(model, os.DirFS(templates))
	if err != nil {
		t.Fatal(err)
	}
	sw := string(tree["sw.js"])
	var pack string
	for p := range tree {
		if strings.HasPrefix(p, PackDir+"/paginas.") {
			pack = p
		}
	}
	if pack == "" || !strings.Contains(sw, `"pack":"/kb/`+pack+`"`) {
		t.Fatalf("no pack of pages (%q) named in sw.js", pack)
	}
	var pages map[string]string
	if err := json.Unmarshal(tree[pack], &pages); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pages["/kb/elementen/maatwerk/"], "<h1") || pages["/kb/elementen/maatwerk/"] != string(tree["elementen/maatwerk/index.html"]) {
		t.Error("the pack does not hold the element page as written")
	}
	if _, ok := pages["/kb/404.html"]; ok {
		t.Error("the pack holds the 404 page, which the worker keeps on its own")
	}
	static := sw[strings.Index(sw, `"static":`):strings.Index(sw, `"pack":`)]
	for _, never := range []string{"kbsearch.wasm", "index.kbidx", search.ReaderDir, "kbreader.js"} {
		if strings.Contains(static, never) {
			t.Errorf("sw.js keeps %s on every first visit", never)
		}
	}
}
