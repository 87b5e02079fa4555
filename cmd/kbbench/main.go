// Command kbbench measures kb build against Hugo plus Pagefind on the same
// synthetic corpora, side by side in one run, and prints wall time, peak
// memory and output size with the ratios. make bench runs it; Hugo comes
// from Debian's hugo package and Pagefind from npm (make bench installs
// both).
//
//	kbbench [-sizes 1000,10000] [-runs N] [-kb bin/kb] [-precompress] [-pagefind PATH] [-work DIR]
//
// kb build runs with the flags make build gives it (its defaults: no .gz
// and .br siblings); -precompress measures it with them. The output says
// which.
//
// With -runs N each size is measured N times, in rounds of kb, Hugo and
// Pagefind (so a slow spell of the machine hits all three), and the
// median of each figure is reported: this machine class swings 20–30 %
// between runs.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/werkzame-elementen/kb/internal/corpus"
)

type run struct {
	wall  time.Duration
	maxKB int64
	bytes int64
}

// measure runs a command and returns its wall time and peak resident
// memory (from the kernel's rusage of the child).
func measure(name string, args ...string) (run, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	r := run{wall: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("%s: %v\n%s", name, err, out)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxKB = ru.Maxrss
	}
	return r, nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func main() {
	sizes := flag.String("sizes", "1000,10000", "corpus sizes (element pages)")
	kb := flag.String("kb", "bin/kb", "the kb binary")
	templates := flag.String("templates", "templates", "kb's templates")
	pagefind := flag.String("pagefind", "internal/bench/node_modules/.bin/pagefind", "the pagefind binary")
	hugoDir := flag.String("hugo", "cmd/kbbench/hugo", "Hugo config and minimal layouts")
	work := flag.String("work", "", "work directory (default: a temporary one, removed afterwards)")
	rounds := flag.Int("runs", 1, "rounds per size; the median of each figure is reported")
	precompress := flag.Bool("precompress", false, "give kb build -precompress (make build does not: the default is off)")
	flag.Parse()
	dir := *work
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "kbbench-"); err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
	}
	hugoAbs, _ := filepath.Abs(*hugoDir)
	fmt.Printf("%-7s | %-22s | %-22s | %-22s | %s\n", "pagina's", "kb build (met index)", "Hugo", "Pagefind", "kb / (Hugo+Pagefind) tijd, geheugen")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fail(err)
		}
		base := filepath.Join(dir, strconv.Itoa(n))
		content := filepath.Join(base, "content")
		if err := corpus.Write(content, n, 1); err != nil {
			fail(err)
		}
		// Hugo gets a copy of the same markdown (not timed): its home page
		// is _index.md, since an index.md at the root would make the whole
		// folder one page bundle.
		site := filepath.Join(base, "hugo")
		hugoContent := filepath.Join(site, "content")
		if err := copyForHugo(content, hugoContent); err != nil {
			fail(err)
		}
		kbOut := filepath.Join(base, "kb-public")
		hugoOut := filepath.Join(base, "hugo-public")
		var ks, hs, ps []run
		for range max(1, *rounds) {
			// Every round starts from empty output folders (not timed).
			os.RemoveAll(kbOut)
			os.RemoveAll(hugoOut)
			args := []string{"build", "-content", content, "-templates", *templates, "-out", kbOut}
			if *precompress {
				args = append(args, "-precompress")
			}
			k, err := measure(*kb, args...)
			if err != nil {
				fail(err)
			}
			k.bytes = dirSize(kbOut)
			// Hugo on the same markdown, with a minimal equivalent template
			// set, then Pagefind over Hugo's output.
			h, err := measure("hugo", "--quiet", "-s", site, "--contentDir", hugoContent,
				"--layoutDir", filepath.Join(hugoAbs, "layouts"), "--config", filepath.Join(hugoAbs, "hugo.toml"), "-d", hugoOut)
			if err != nil {
				fail(err)
			}
			h.bytes = dirSize(hugoOut)
			p, err := measure(*pagefind, "--site", hugoOut, "--silent")
			if err != nil {
				fail(err)
			}
			p.bytes = dirSize(filepath.Join(hugoOut, "pagefind"))
			ks, hs, ps = append(ks, k), append(hs, h), append(ps, p)
		}
		k, h, p := median(ks), median(hs), median(ps)
		hp := h.wall + p.wall
		mem := max(h.maxKB, p.maxKB)
		fmt.Printf("%-7d | %6.2f s %7.0f MB %6.1f MB | %6.2f s %7.0f MB %6.1f MB | %6.2f s %7.0f MB %6.1f MB | %.2f, %.2f\n", n,
			k.wall.Seconds(), float64(k.maxKB)/1024, float64(k.bytes)/1e6,
			h.wall.Seconds(), float64(h.maxKB)/1024, float64(h.bytes)/1e6,
			p.wall.Seconds(), float64(p.maxKB)/1024, float64(p.bytes)/1e6,
			k.wall.Seconds()/hp.Seconds(), float64(k.maxKB)/float64(mem))
	}
	flags := "zoals make build: standaardopties, zonder .gz en .br"
	if *precompress {
		flags = "met -precompress: met .gz en .br"
	}
	fmt.Printf("kb build %s.\n", flags)
	fmt.Printf("Tijden en geheugen zijn per proces gemeten (wandklok, piek-RSS), mediaan van %d ronde(n); de verhouding vergelijkt kb met Hugo en Pagefind na elkaar, geheugen met de grootste van de twee.\n", max(1, *rounds))
}

// median gives the median wall time, peak memory and size of the runs,
// each taken on its own.
func median(rs []run) run {
	pick := func(key func(run) int64) int64 {
		xs := make([]int64, len(rs))
		for i, r := range rs {
			xs[i] = key(r)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	return run{
		wall:  time.Duration(pick(func(r run) int64 { return int64(r.wall) })),
		maxKB: pick(func(r run) int64 { return r.maxKB }),
		bytes: pick(func(r run) int64 { return r.bytes }),
	}
}

// copyForHugo copies the corpus's markdown into dst, renaming the home
// page index.md to _index.md.
func copyForHugo(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if filepath.Ext(p) != ".md" {
			return nil
		}
		if rel == "index.md" {
			target = filepath.Join(dst, "_index.md")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kbbench:", err)
	os.Exit(1)
}
