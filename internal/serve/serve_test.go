package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/publish"
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

func TestInjectEscapes(t *testing.T) {
	page := []byte("<html><body><p>x</p></body></html>")
	problems := errorsOf("elementen/<script>alert(1)</script>.md", "<img src=x onerror=alert(1)>")
	got := inject(page, problems, nil, 7, build.Options{ContentDir: "content"})
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

	saveAtomically := func(text string) { t.Helper(); save(t, example, text) }
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
	// The search index follows in the background.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(t, "http://"+addr+"/"+build.IndexFile), "heeft een nieuwe tekst") {
		if time.Now().After(deadline) {
			t.Fatal("the search index never got the new text")
		}
		time.Sleep(20 * time.Millisecond)
	}

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
	if !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "default-src 'self'") {
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

// running is a kb serve on a free loopback port over a copy of some
// content.
type running struct {
	s          *Server
	addr       string
	contentDir string
	events     *bufio.Reader
	stream     io.Closer // the body of the event stream
}

// startServer starts a Server over the content that content writes;
// configure, if given, sets fields of the Server before it runs.
func startServer(tb testing.TB, content func(dir string) error, configure ...func(*Server)) *running {
	tb.Helper()
	dir := tb.TempDir()
	r := &running{contentDir: filepath.Join(dir, "content")}
	if err := content(r.contentDir); err != nil {
		tb.Fatal(err)
	}
	s := &Server{Options: build.Options{ContentDir: r.contentDir, TemplatesDir: "../../templates"}}
	for _, c := range configure {
		c(s)
	}
	r.s = s
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, "127.0.0.1:0", ready) }()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case r.addr = <-ready:
	case err := <-done:
		tb.Fatal(err)
	}
	resp, err := http.Get("http://" + r.addr + Prefix + "events")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	r.events = bufio.NewReader(resp.Body)
	r.stream = resp.Body
	r.nextVersion(tb) // the version at connection time
	return r
}

// waitFor fetches a page after every reload event until ok accepts it,
// for at most 10 seconds, and returns the page.
func (r *running) waitFor(tb testing.TB, what, page string, ok func(body string) bool) string {
	tb.Helper()
	timedOut := make(chan struct{})
	timer := time.AfterFunc(10*time.Second, func() { close(timedOut); r.stream.Close() })
	defer timer.Stop()
	for {
		body := get(tb, "http://"+r.addr+page)
		if ok(body) {
			return body
		}
		for {
			line, err := r.events.ReadString('\n')
			if err != nil {
				select {
				case <-timedOut:
					tb.Fatalf("%s: not seen within 10 s; last page:\n%s", what, body)
				default:
					tb.Fatalf("%s: the event stream ended: %v", what, err)
				}
			}
			if strings.HasPrefix(line, "data: ") {
				break
			}
		}
	}
}

// nextVersion waits for the next "data:" line of the reload events.
func (r *running) nextVersion(tb testing.TB) string {
	tb.Helper()
	for {
		line, err := r.events.ReadString('\n')
		if err != nil {
			tb.Fatal(err)
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			return strings.TrimSpace(v)
		}
	}
}

// save writes a file the way editors do: a temporary file renamed over
// the old one.
func save(tb testing.TB, file, text string) {
	tb.Helper()
	tmp := filepath.Join(filepath.Dir(file), ".goutputstream-bench")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		tb.Fatal(err)
	}
}

func get(tb testing.TB, url string) string {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestServerUnderLoad: 1,000 saves as fast as the disk takes them while
// 200 clients fetch pages and hold reload streams. Every request must get
// an answer (200, or 404 for a page that does not exist), the server must
// end on the last saved text, and goroutines and open files must return
// to where they were.
func TestServerUnderLoad(t *testing.T) {
	goroutinesBefore := runtime.NumGoroutine()
	fdsBefore := openFiles()
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(file)
	base := "http://" + r.addr
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}

	var wg sync.WaitGroup
	var failures atomic.Int64
	var requests atomic.Int64
	stop := make(chan struct{})
	paths := []string{"/", "/voorbeelden/gezin-de-boer/", "/elementen/maatwerk/", "/zoeken/index.kbidx", "/bestaat-niet/", "/static/style.css"}
	for c := 0; c < 200; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			if c%20 == 0 { // some clients hold a reload stream
				req, _ := http.NewRequest("GET", base+Prefix+"events", nil)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if resp, err := client.Do(req.WithContext(ctx)); err == nil {
					defer resp.Body.Close()
				}
			}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := paths[(c+i)%len(paths)]
				resp, err := client.Get(base + p)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if want := http.StatusOK; p == "/bestaat-niet/" {
					if resp.StatusCode != http.StatusNotFound {
						failures.Add(1)
					}
				} else if resp.StatusCode != want {
					failures.Add(1)
				}
			}
		}(c)
	}
	// 1,000 saves, and more while the clients have not yet made 1,000
	// requests between them (a slow machine), so that the load always
	// overlaps the saves; bounded, so a server that stalls fails below.
	last := ""
	saveUntil := time.Now().Add(60 * time.Second)
	for i := 0; i < 1000 || (requests.Load() < 1000 && i < 20000 && time.Now().Before(saveUntil)); i++ {
		last = fmt.Sprintf("Opslag nummer %d.", i)
		save(t, file, strings.Replace(string(original), "Het gezin De Boer heeft schulden.", "Het gezin De Boer heeft schulden. "+last, 1))
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(get(t, base+"/voorbeelden/gezin-de-boer/"), last) {
		if time.Now().After(deadline) {
			t.Fatal("the last save never showed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	client.CloseIdleConnections()
	t.Logf("%d requests during the saves, %d failed", requests.Load(), failures.Load())
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed", failures.Load(), requests.Load())
	}
	if requests.Load() < 1000 {
		t.Errorf("only %d requests made", requests.Load())
	}

	// Path traversal, plain and encoded.
	for _, p := range []string{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/static/..%5c..%5c..%5cetc/passwd", "//etc/passwd"} {
		req, _ := http.NewRequest("GET", base+"/", nil)
		req.URL.RawPath, req.URL.Path = p, p
		req.URL.Opaque = p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "root:") {
			t.Errorf("%s served a file from outside the site", p)
		}
	}

	// Leaks: after the clients are gone, goroutines and files settle
	// (connections close and a last background index finishes).
	settle := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > goroutinesBefore+40 && time.Now().Before(settle) {
		time.Sleep(50 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > goroutinesBefore+40 {
		t.Errorf("goroutines: %d before, %d after", goroutinesBefore, g)
	}
	if fds := openFiles(); fdsBefore > 0 && fds > fdsBefore+40 {
		t.Errorf("open files: %d before, %d after", fdsBefore, fds)
	}
}

// openFiles counts this process's open file descriptors (Linux), or 0.
func openFiles() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(entries)
}

// TestIdleConnectionsClose: a keep-alive connection without requests is
// closed after IdleTimeout, while the reload event stream, open all the
// time, is cut neither by it nor by ReadTimeout.
func TestIdleConnectionsClose(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) },
		func(s *Server) { s.IdleTimeout, s.ReadTimeout = 200*time.Millisecond, 200*time.Millisecond })
	conn, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /static/style.css HTTP/1.1\r\nHost: %s\r\n\r\n", r.addr)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("status %d, close %v: want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	// Now idle: the server must hang up, well within 10 s.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("idle connection: read %d bytes, %v; want it closed by the server (EOF)", n, err)
	}

	// The event stream has been open longer than both timeouts and still
	// tells of a new build.
	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(file)
	save(t, file, strings.Replace(string(original), "heeft schulden", "heeft na een pauze schulden", 1))
	r.waitFor(t, "the change, told through the old event stream", "/voorbeelden/gezin-de-boer/",
		func(b string) bool { return strings.Contains(b, "heeft na een pauze schulden") })
}

// TestIndexErrorInOverlay: when the search index cannot be built, the
// pages say so, with the reason, instead of search going stale silently;
// the message goes when an index succeeds again.
func TestIndexErrorInOverlay(t *testing.T) {
	var failIndex atomic.Bool
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) },
		func(s *Server) {
			s.site = func(opts build.Options) (publish.Tree, build.Result, error) {
				tree, res, err := build.Site(opts)
				if failIndex.Load() && res.Index != nil {
					res.Index = func() ([]byte, error) { return nil, errors.New("zoekindex: de schijf is vol") }
				}
				return tree, res, err
			}
		})
	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(file)
	page := "/voorbeelden/gezin-de-boer/"
	indexBefore := get(t, "http://"+r.addr+"/"+build.IndexFile)

	failIndex.Store(true)
	save(t, file, strings.Replace(string(original), "heeft schulden", "heeft een zoekprobleem", 1))
	want := "de zoekindex kon niet worden bijgewerkt: zoekindex: de schijf is vol; zoeken toont de vorige versie"
	body := r.waitFor(t, "the index error in the overlay", page, func(b string) bool { return strings.Contains(b, want) })
	if !strings.Contains(body, "heeft een zoekprobleem") || !strings.Contains(body, `id="kb-fouten"`) {
		t.Errorf("the new page with the overlay expected:\n%s", body)
	}
	if got := get(t, "http://"+r.addr+"/"+build.IndexFile); got != indexBefore {
		t.Error("the previous index is no longer served")
	}

	failIndex.Store(false)
	save(t, file, string(original))
	r.waitFor(t, "the overlay gone once the index works again", page, func(b string) bool {
		return !strings.Contains(b, `id="kb-fouten"`) && strings.Contains(b, "heeft schulden")
	})
}

// TestServerFollowsReplacedContent: the content directory renamed away
// and made again at the same path (rsync, git): the server first says
// the content is gone, then serves the new content, and keeps following
// changes in it.
func TestServerFollowsReplacedContent(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	page := "/voorbeelden/gezin-de-boer/"
	r.waitFor(t, "first build", page, func(b string) bool { return strings.Contains(b, "heeft schulden") })

	if err := os.Rename(r.contentDir, r.contentDir+".oud"); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the missing content in the overlay", page, func(b string) bool {
		return strings.Contains(b, `id="kb-fouten"`) && strings.Contains(b, "kan de map "+r.contentDir+" niet openen")
	})

	// The new copy is made next to it and moved into place, as rsync does.
	fresh := r.contentDir + ".nieuw"
	if err := os.CopyFS(fresh, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(fresh, r.contentDir); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the restored content, without overlay", page, func(b string) bool {
		return !strings.Contains(b, `id="kb-fouten"`) && strings.Contains(b, "heeft schulden")
	})

	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(file)
	save(t, file, strings.Replace(string(original), "heeft schulden", "heeft een nieuwe map", 1))
	r.waitFor(t, "a change in the restored content", page, func(b string) bool { return strings.Contains(b, "heeft een nieuwe map") })
}

// TestWatchErrorInOverlay: an error from fsnotify (its event queue
// overflowed, so changes were missed) rebuilds everything and says so in
// the overlay; the next save clears it.
func TestWatchErrorInOverlay(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) })
	page := "/voorbeelden/gezin-de-boer/"
	r.s.watcher.failed(fsnotify.ErrEventOverflow) // as the watcher does for an error from fsnotify
	body := r.waitFor(t, "the notice in the overlay", page, func(b string) bool {
		return strings.Contains(b, "te veel wijzigingen tegelijk; alles is opnieuw ingelezen")
	})
	if !strings.Contains(body, "<h2>Let op</h2>") || strings.Contains(body, "De site kan niet gebouwd worden") {
		t.Errorf("a notice, not a build failure, expected:\n%s", body)
	}
	file := filepath.Join(r.contentDir, "voorbeelden", "gezin-de-boer.md")
	original, _ := os.ReadFile(file)
	save(t, file, strings.Replace(string(original), "heeft schulden", "heeft weer rust", 1))
	r.waitFor(t, "the notice gone after the next save", page, func(b string) bool {
		return !strings.Contains(b, `id="kb-fouten"`) && strings.Contains(b, "heeft weer rust")
	})
}

// TestFirstIndexErrorInOverlay: when not even the first search index
// can be built, the overlay says search does not work yet.
func TestFirstIndexErrorInOverlay(t *testing.T) {
	r := startServer(t, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../testdata/site")) },
		func(s *Server) {
			s.site = func(opts build.Options) (publish.Tree, build.Result, error) {
				tree, res, err := build.Site(opts)
				if res.Index != nil {
					res.Index = func() ([]byte, error) { return nil, errors.New("zoekindex: de schijf is vol") }
				}
				return tree, res, err
			}
		})
	want := "de zoekindex kon niet worden gemaakt: zoekindex: de schijf is vol; zoeken werkt pas als dit is opgelost"
	if body := get(t, "http://"+r.addr+"/voorbeelden/gezin-de-boer/"); !strings.Contains(body, want) {
		t.Errorf("overlay without %q:\n%s", want, body)
	}
}
