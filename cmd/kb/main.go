// Command kb builds the knowledge base on the werkzame elementen: markdown
// with front matter in content/ becomes a static site in public/.
//
//	kb build [-content DIR] [-templates DIR] [-out DIR] [-base-url URL]
//	kb check [-content DIR]
//	kb serve [-addr HOST:PORT]
//	kb search [-site DIR] [-n N] [-json] QUERY
//	kb new KIND TITLE
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/scaffold"
	"github.com/werkzame-elementen/kb/internal/search"
	"github.com/werkzame-elementen/kb/internal/serve"
)

const usage = `kb maakt de kennisbank over de werkzame elementen.

Gebruik:
  kb build [-content DIR] [-templates DIR] [-out DIR] [-base-url URL]
        bouw de site van DIR (standaard content/) naar public/
  kb check [-content DIR]
        controleer alle inhoud en meld elk probleem, zonder iets te schrijven
  kb serve [-addr HOST:PORT]
        bouw de site, bekijk hem in de browser en bouw opnieuw bij elke wijziging
  kb search [-site DIR] [-n N] [-json] ZOEKVRAAG
        zoek in de gebouwde site (standaard public/)
  kb new KIND TITEL
        maak een nieuw bestand: KIND is voorbeeld, hulpmiddel of element

Meer over een opdracht: kb COMMAND -h
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the exit code: 0 for success, 1
// for problems in the content, 2 for a wrong command line.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "search", "zoek":
		return cmdSearch(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "kb: onbekende opdracht %q\n\n%s", args[0], usage)
	return 2
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Gebruik: %s\n\nOpties:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "kb build [-content DIR] [-templates DIR] [-out DIR] [-base-url URL]\n\nBouwt de hele site. Bij een fout blijft de vorige uitvoer onaangeroerd.", stderr)
	opts := build.Options{GitDates: true}
	fs.StringVar(&opts.ContentDir, "content", "content", "map met de inhoud (markdown)")
	fs.StringVar(&opts.TemplatesDir, "templates", "templates", "map met de templates en statische bestanden")
	fs.StringVar(&opts.OutDir, "out", "public", "map waarin de site komt (wordt in zijn geheel vervangen)")
	fs.BoolVar(&opts.Precompress, "precompress", false, "schrijf naast elk tekstbestand ook een .gz- en .br-versie, voor een server die die zelf meestuurt (nginx gzip_static/brotli_static, Caddy precompressed); hosts als GitHub Pages, Netlify en Cloudflare comprimeren zelf")
	cpuprofile := fs.String("cpuprofile", "", "schrijf een CPU-profiel (voor ontwikkelaars; go tool pprof)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "pad of adres waaronder de site komt te staan, bijvoorbeeld /kennisbank/ (standaard: baseURL uit site.yaml, anders /)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "kb build:", err)
			return 1
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	res, err := build.Build(opts)
	if err != nil {
		report(stderr, opts, err)
		fmt.Fprintln(stderr, "kb build: niets geschreven; de vorige uitvoer is onaangeroerd.")
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "waarschuwing:", diag.Printable(w))
	}
	fmt.Fprintln(stdout, res.Summary(opts.OutDir))
	return 0
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "kb check [-content DIR]\n\nControleert alle inhoud en meldt elk probleem als bestand:regel: melding. Schrijft niets.", stderr)
	dir := fs.String("content", "content", "map met de inhoud (markdown)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	root, err := os.OpenRoot(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "kb check: kan de map %s niet openen: %v\n", *dir, err)
		return 1
	}
	defer root.Close()
	m, err := build.Prepare(root.FS(), "")
	if err != nil {
		report(stderr, build.Options{ContentDir: *dir}, err)
		return 1
	}
	for _, w := range m.Warnings {
		fmt.Fprintln(stderr, "waarschuwing:", diag.Printable(w))
	}
	fmt.Fprintf(stdout, "kb check: %d pagina's in orde, %d waarschuwingen\n", len(m.Docs), len(m.Warnings))
	return 0
}

// report prints every problem on its own line, with the path of its file
// as on disk (under the content or the templates directory) so an editor
// can click it. Control characters from file names and text are escaped:
// they never reach the terminal as they are.
func report(w io.Writer, opts build.Options, err error) {
	all := diag.All(err)
	for _, e := range all {
		var d *diag.Error
		if errors.As(e, &d) {
			c := *d
			c.File = opts.Path(d.File)
			fmt.Fprintln(w, diag.Printable(c.Error()))
		} else {
			fmt.Fprintln(w, "fout:", diag.Printable(e.Error()))
		}
	}
	fmt.Fprintf(w, "%d %s gevonden.\n", len(all), plural(len(all), "probleem", "problemen"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "kb new [-content DIR] KIND TITEL\n\nMaakt een nieuw bestand met de front matter en de vaste koppen ingevuld.\nKIND is voorbeeld, hulpmiddel of element. Een bestaand bestand wordt nooit overschreven.", stderr)
	dir := fs.String("content", "content", "map met de inhoud (markdown)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 2 {
		fs.Usage()
		return 2
	}
	k, ok := content.KindForWord(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, "kb new: onbekende soort %q; kies voorbeeld, hulpmiddel of element\n", fs.Arg(0))
		return 2
	}
	title := strings.Join(fs.Args()[1:], " ")
	name, err := scaffold.FileName(title)
	if err != nil {
		fmt.Fprintln(stderr, "kb new:", err)
		return 2
	}
	path := filepath.Join(*dir, k.Dir, name)
	err = scaffold.Create(path, scaffold.File(k.Kind, title, k.Outline))
	if errors.Is(err, scaffold.ErrExists) {
		fmt.Fprintf(stderr, "kb new: %s bestaat al; kies een andere titel of bewerk dat bestand\n", path)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "kb new:", err)
		return 1
	}
	fmt.Fprintln(stdout, path)
	return 0
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "kb serve [-addr HOST:PORT] [-content DIR] [-templates DIR]\n\nBouwt de site in het geheugen en toont hem op http://HOST:PORT/. Na elke wijziging in de\ncontent- of templatesmap wordt de site opnieuw gebouwd en laadt de browser de pagina opnieuw.\nFouten verschijnen in de browser, met bestand en regel.", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "adres om op te luisteren (standaard alleen vanaf deze computer bereikbaar)")
	s := &serve.Server{Log: stderr, Options: build.Options{GitDates: true}}
	fs.StringVar(&s.Options.ContentDir, "content", "content", "map met de inhoud (markdown)")
	fs.StringVar(&s.Options.TemplatesDir, "templates", "templates", "map met de templates")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.Run(ctx, *addr, nil); err != nil {
		fmt.Fprintln(stderr, "kb serve:", err)
		return 1
	}
	return 0
}

func cmdSearch(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("search", "kb search [-site DIR] [-n N] [-json] [-type SOORT] [-element SLUG] ZOEKVRAAG\n\nZoekt in de index van een gebouwde site, met dezelfde zoekmachine als de browser.", stderr)
	site := fs.String("site", "public", "map met de gebouwde site")
	n := fs.Int("n", 10, "aantal resultaten")
	asJSON := fs.Bool("json", false, "resultaten als JSON")
	typ := fs.String("type", "", "alleen deze soort: element, voorbeeld, hulpmiddel of pagina")
	element := fs.String("element", "", "alleen resultaten over dit element (slug)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	data, err := os.ReadFile(filepath.Join(*site, filepath.FromSlash(build.IndexFile)))
	if err != nil {
		fmt.Fprintf(stderr, "kb search: geen zoekindex in %s; bouw de site eerst met kb build (%v)\n", *site, err)
		return 1
	}
	ix, err := search.Open(data)
	if err != nil {
		fmt.Fprintln(stderr, "kb search:", err)
		return 1
	}
	res, err := ix.Search(search.Request{Query: strings.Join(fs.Args(), " "), Size: *n, Type: *typ, Element: *element})
	if err != nil {
		fmt.Fprintln(stderr, "kb search:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res.Hits); err != nil {
			fmt.Fprintln(stderr, "kb search:", err)
			return 1
		}
		return 0
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(stdout, "Niets gevonden.")
		return 0
	}
	for i, h := range res.Hits {
		title := h.Title
		if h.Section != "" {
			title += " › " + h.Section
		}
		fmt.Fprintf(stdout, "%2d. %s  [%s]  %.2f\n    %s\n    %s\n", i+1, diag.Printable(title), diag.Printable(h.Type), h.Score, diag.Printable(h.URL), diag.Printable(plainExcerpt(h.Excerpt)))
	}
	fmt.Fprintf(stdout, "%d van %d resultaten\n", len(res.Hits), res.Total)
	return 0
}

// plainExcerpt shows a highlighted excerpt in a terminal: matches between
// asterisks, entities decoded.
func plainExcerpt(s string) string {
	s = strings.NewReplacer("<mark>", "*", "</mark>", "*").Replace(s)
	return html.UnescapeString(s)
}
