package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
