package serve

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/diag"
)

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/voorbeelden/gezin.md":              false,
		"templates/base.html":                       false,
		"content/voorbeelden/.gezin.md.swp":         true,
		"content/voorbeelden/.gezin.md.swx":         true,
		"content/voorbeelden/gezin.md.swp":          true,
		"content/voorbeelden/4913":                  true,
		"content/voorbeelden/gezin.md~":             true,
		"content/voorbeelden/.#gezin.md":            true,
		"content/voorbeelden/#gezin.md#":            true,
		"content/voorbeelden/.goutputstream-ABC123": true,
		"content/voorbeelden/gezin.md___jb_tmp___":  true,
		"content/voorbeelden/gezin.md___jb_old___":  true,
		"content/voorbeelden/gezin.md.tmp":          true,
		"content/voorbeelden/#notitie.md":           false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v; want %v", name, got, want)
		}
	}
}

func TestDebounceCoalescesBursts(t *testing.T) {
	in := make(chan string)
	out := make(chan []string)
	go Debounce(in, out, 50*time.Millisecond)
	// A burst like a git checkout of 100 files, each saved with two events.
	for i := 0; i < 100; i++ {
		name := "f" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		in <- name
		in <- name
	}
	batch := <-out
	if len(batch) != 100 {
		t.Fatalf("first batch has %d names; want all 100 in one batch", len(batch))
	}
	// Names that arrive while nobody reads join the next batch; the sender
	// is never blocked.
	in <- "x"
	time.Sleep(120 * time.Millisecond)
	in <- "y"
	time.Sleep(120 * time.Millisecond)
	close(in)
	var rest []string
	for b := range out {
		rest = append(rest, b...)
	}
	if strings.Join(rest, ",") != "x,y" {
		t.Errorf("later batches = %v", rest)
	}
}

func TestInjectEscapes(t *testing.T) {
	page := []byte("<html><body><p>x</p></body></html>")
	problems := errorsOf("elementen/<script>alert(1)</script>.md", "<img src=x onerror=alert(1)>")
	got := inject(page, problems, 7, "content")
	if strings.Contains(got, "<script>alert") || strings.Contains(got, "<img") {
		t.Errorf("overlay does not escape:\n%s", got)
	}
	if !strings.Contains(got, `data-version="7"`) || !strings.Contains(got, "content/elementen/&lt;script&gt;") {
		t.Errorf("overlay or script missing:\n%s", got)
	}
	if i, j := strings.Index(got, "kb-fouten"), strings.Index(got, "</body>"); i < 0 || i > j {
		t.Error("overlay not inside the body")
	}
}

func TestLookup(t *testing.T) {
	tree := map[string][]byte{"index.html": nil, "a/index.html": nil, "static/s.css": nil}
	for p, want := range map[string][3]string{
		"/":                 {"index.html", "", "true"},
		"/a/":               {"a/index.html", "", "true"},
		"/a":                {"", "/a/", "false"},
		"/static/s.css":     {"static/s.css", "", "true"},
		"/../../etc/passwd": {"", "", "false"},
		"/a/../a/":          {"a/index.html", "", "true"},
		"/nope/":            {"nope/index.html", "", "false"},
	} {
		f, r, ok := lookup(tree, p)
		if f != want[0] || r != want[1] || (ok && want[2] != "true") || (!ok && want[2] != "false") {
			t.Errorf("lookup(%q) = %q, %q, %v; want %v", p, f, r, ok, want)
		}
	}
}

// TestServeLoop starts the server on a free loopback port, saves a file
// the way editors do (write a temporary file, rename it over the old
// one), breaks the front matter, and fixes it again.
func TestServeLoop(t *testing.T) {
	dir := t.TempDir()
	contentDir, templatesDir := filepath.Join(dir, "content"), filepath.Join(dir, "templates")
	if err := os.CopyFS(contentDir, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(templatesDir, os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	s := &Server{Options: build.Options{ContentDir: contentDir, TemplatesDir: templatesDir}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, "127.0.0.1:0", ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	page := "http://" + addr + "/voorbeelden/gezin-de-boer/"
	example := filepath.Join(contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(example)

	saveAtomically := func(text string) {
		t.Helper()
		tmp := filepath.Join(filepath.Dir(example), ".goutputstream-XYZ")
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, example); err != nil {
			t.Fatal(err)
		}
	}
	waitFor := func(what string, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		var body string
		for time.Now().Before(deadline) {
			resp, err := http.Get(page)
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				body = string(b)
				if ok(body) {
					return body
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: not seen within 10 s; last page:\n%s", what, body)
		return ""
	}

	waitFor("first build", func(b string) bool { return strings.Contains(b, "Het gezin De Boer heeft schulden.") })

	saveAtomically(strings.Replace(string(original), "heeft schulden", "heeft een nieuwe tekst", 1))
	waitFor("new text after an atomic save", func(b string) bool { return strings.Contains(b, "heeft een nieuwe tekst") })

	// A second save by rename: the watch must survive the first one.
	saveAtomically(strings.Replace(string(original), "heeft schulden", "heeft weer iets anders", 1))
	waitFor("new text after a second atomic save", func(b string) bool { return strings.Contains(b, "heeft weer iets anders") })

	saveAtomically(strings.Replace(string(original), "title: Gezin De Boer", "title: [Gezin", 1))
	body := waitFor("error overlay", func(b string) bool { return strings.Contains(b, `id="kb-fouten"`) })
	if !strings.Contains(body, "voorbeelden/gezin-de-boer.md:2") || !strings.Contains(body, "heeft weer iets anders") {
		t.Errorf("overlay should name the file and line and keep the last good page:\n%s", body)
	}

	saveAtomically(string(original))
	waitFor("overlay gone after the fix", func(b string) bool {
		return !strings.Contains(b, `id="kb-fouten"`) && strings.Contains(b, "heeft schulden")
	})

	// A folder made after the start is watched too.
	newDir := filepath.Join(contentDir, "voorbeelden", "concept")
	os.Mkdir(newDir, 0o755)
	waitFor("error for a folder in voorbeelden", func(b string) bool { return strings.Contains(b, "een map hoort hier niet") })
	os.Remove(newDir)
	waitFor("error gone", func(b string) bool { return !strings.Contains(b, `id="kb-fouten"`) })

	resp, err := http.Get("http://" + addr + "/bestaat-niet/")
	if err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing page: %v %v", resp.StatusCode, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func errorsOf(file, msg string) error {
	var l diag.List
	l.Addf(file, 3, 0, "%s", msg)
	return l.Err()
}

// TestDevServerSendsSiteHeaders: the dev server sends the policy of the
// site's _headers file, the same as the meta tag in every page.
func TestDevServerSendsSiteHeaders(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	resp, err := http.Get("http://" + r.addr + "/elementen/maatwerk/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "'wasm-unsafe-eval'") || !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("Content-Security-Policy header %q", csp)
	}
	meta := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindSubmatch(body)
	if meta == nil || !strings.HasPrefix(csp, strings.ReplaceAll(string(meta[1]), "&#39;", "'")) {
		t.Errorf("header %q does not start with the page's policy %q", csp, meta)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
}
