package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/corpus"
)

// running is a kb serve on a free loopback port over a copy of some
// content.
type running struct {
	addr       string
	contentDir string
	events     *bufio.Reader
}

func startServer(tb testing.TB, content func(dir string) error) *running {
	tb.Helper()
	dir := tb.TempDir()
	r := &running{contentDir: filepath.Join(dir, "content")}
	if err := content(r.contentDir); err != nil {
		tb.Fatal(err)
	}
	s := &Server{Options: build.Options{ContentDir: r.contentDir, TemplatesDir: "../../templates"}}
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
	r.nextVersion(tb) // the version at connection time
	return r
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

// benchmarkSaveToReload measures what an editor waits for: from saving
// an example to the browser having been told to reload and having fetched
// the new page. The time per operation is that latency.
func benchmarkSaveToReload(b *testing.B, content func(dir string) error, file, page string) {
	r := startServer(b, content)
	path := filepath.Join(r.contentDir, filepath.FromSlash(file))
	original, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + r.addr + page
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Bewerking nummer %d.", i)
		save(b, path, string(original)+"\n"+marker+"\n")
		r.nextVersion(b)
		if body := get(b, url); !strings.Contains(body, marker) {
			b.Fatalf("save %d: the reloaded page does not have the new text", i)
		}
	}
}

func BenchmarkSaveToReload(b *testing.B) {
	b.Run("echte-inhoud", func(b *testing.B) {
		benchmarkSaveToReload(b, func(dir string) error { return os.CopyFS(dir, os.DirFS("../../content")) },
			"voorbeelden/sportmaatje-en-eetclub.md", "/voorbeelden/sportmaatje-en-eetclub/")
	})
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("synthetisch-%d", n), func(b *testing.B) {
			benchmarkSaveToReload(b, func(dir string) error { return corpus.Write(dir, n, 1) },
				"voorbeelden/voorbeeld-0.md", "/voorbeelden/voorbeeld-0/")
		})
	}
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
	last := ""
	for i := 0; i < 1000; i++ {
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
	t.Logf("%d requests during 1,000 saves, %d failed", requests.Load(), failures.Load())
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
