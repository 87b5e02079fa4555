package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/corpus"
)

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
