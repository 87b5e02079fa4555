package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/corpus"
)

// BenchmarkSearchTable measures the search page next to Pagefind on the
// same built site, in one run: the real site and synthetic sites of
// KB_BENCH_SIZES pages (default 1000,10000; internal/corpus), each at the
// three profiles (none; 4G; a phone on slow 4G with a 4× slower CPU),
// KB_BENCH_RUNS cold runs each (default 3), a new browser (empty cache,
// no service worker) for every run. It prints a table of medians:
//
//	first result  navigation start → the first full-text result on
//	              /zoeken/?q=… (.results .result in the page), or, for
//	              Pagefind, its first result's data loaded through its own
//	              JavaScript API
//	bytes         what the host sent until then, compressed as sent
//	              (encodedDataLength of every request of every target —
//	              page, workers, service worker; the host serves the .br
//	              siblings when the browser accepts br)
//
// and the ratios kb/Pagefind. Whatever engine the search page uses, it
// waits for the same markup.
func BenchmarkSearchTable(b *testing.B) {
	bin := os.Getenv("PAGEFIND")
	if bin == "" {
		bin, _ = filepath.Abs("../bench/node_modules/.bin/pagefind")
	}
	if _, err := os.Stat(bin); err != nil {
		b.Fatalf("Pagefind not found at %s: run make bench (it installs it with npm), or set PAGEFIND", bin)
	}
	sizes := []string{"echt"}
	sizes = append(sizes, strings.Split(envOr("KB_BENCH_SIZES", "1000,10000"), ",")...)
	runs, err := strconv.Atoi(envOr("KB_BENCH_RUNS", "3"))
	if err != nil || runs < 1 {
		b.Fatalf("KB_BENCH_RUNS=%q", os.Getenv("KB_BENCH_RUNS"))
	}
	type cell struct{ ms, bytes float64 }
	type row struct {
		site, profile string
		kb, pf        cell
	}
	var rows []row
	for i := 0; i < b.N; i++ {
		rows = rows[:0]
		for _, size := range sizes {
			dir := benchSite(b, size)
			cmd := exec.Command(bin, "--site", dir, "--silent")
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("pagefind: %v\n%s", err, out)
			}
			if err := os.WriteFile(filepath.Join(dir, "pagefind-bench.html"), []byte(pagefindBench), 0o644); err != nil {
				b.Fatal(err)
			}
			srv := staticHost(b, dir, nil)
			for _, p := range profiles {
				measure := func(page string) cell {
					var ms, bytes []float64
					for r := 0; r < runs; r++ {
						br := launchRaw(b, p)
						s := br.open(srv.URL + base + page + "?q=" + benchQuery)
						first, err := br.poll(s, `window.__first`, 10*time.Minute)
						if err != nil {
							b.Fatalf("%s, %s, %s: %v", size, p.Name, page, err)
						}
						// Bytes up to the first result, not up to when the
						// poll saw it: the page goes on fetching after it.
						wall, err := br.poll(s, `performance.timeOrigin + window.__first`, time.Minute)
						if err != nil {
							b.Fatal(err)
						}
						n := br.sentBefore(wall)
						br.close()
						ms = append(ms, first)
						bytes = append(bytes, n)
					}
					return cell{median(ms), median(bytes)}
				}
				rw := row{site: size, profile: p.Name, kb: measure("zoeken/"), pf: measure("pagefind-bench.html")}
				b.Logf("%s %s: kb %.0f ms %.1f KB, Pagefind %.0f ms %.1f KB", size, p.Name, rw.kb.ms, rw.kb.bytes/1000, rw.pf.ms, rw.pf.bytes/1000)
				rows = append(rows, rw)
			}
			srv.Close()
			os.RemoveAll(dir)
		}
	}
	fmt.Printf("\nZoeken in de browser naast Pagefind (mediaan van %d koude runs; query %q)\n\n", runs, benchQuery)
	fmt.Println("| site | profiel | kb: eerste resultaat | Pagefind | kb/Pagefind | kb bytes | Pagefind bytes | kb/Pagefind |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %.0f ms | %.0f ms | %.2f | %.1f KB | %.1f KB | %.2f |\n", r.site, r.profile,
			r.kb.ms, r.pf.ms, r.kb.ms/r.pf.ms, r.kb.bytes/1000, r.pf.bytes/1000, r.kb.bytes/r.pf.bytes)
	}
	b.ReportMetric(0, "ns/op")
}

// benchSite builds a site for the table: the real content ("echt") or a
// synthetic one of that many pages, precompressed as make build does.
func benchSite(b *testing.B, size string) string {
	content := "../../content"
	if size != "echt" {
		n, err := strconv.Atoi(size)
		if err != nil {
			b.Fatalf("size %q", size)
		}
		content = filepath.Join(b.TempDir(), "content")
		if err := corpus.Write(content, n, 1); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(b.TempDir(), "public")
	if _, err := build.Build(build.Options{ContentDir: content, TemplatesDir: "../../templates", OutDir: out, BaseURL: base, Precompress: true}); err != nil {
		b.Fatal(err)
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
