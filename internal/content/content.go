// Package content loads the knowledge base's source files into a typed
// tree. It takes an fs.FS (the content directory) and gives a *Site: the
// site settings, the elements, examples, tools and plain pages with their
// front matter and markdown body, the list of sources and the synonyms.
// It does no other I/O, renders nothing and knows nothing of HTML.
//
// Layout of the content directory:
//
//	site.yaml                  site settings
//	elementen/<slug>.md        the werkzame elementen
//	voorbeelden/<slug>.md      case vignettes and practice examples
//	hulpmiddelen/<slug>.md     tools and instruments
//	<slug>.md                  plain pages; index.md is the home page
//	bronnen.yaml               the sources that pages cite as [@key]
//	synoniemen.yaml            groups of words search treats as the same
//
// Pictures (.png, .jpg, .gif, .webp, .svg) may stand beside the markdown or
// in a folder afbeeldingen/; they are read when a page shows them (see
// ReadImage), not by Load.
package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/parallel"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// Kind says what a page is.
type Kind string

// The kinds of content.
const (
	Element    Kind = "element"
	Example    Kind = "voorbeeld"
	Tool       Kind = "hulpmiddel"
	PlainPage  Kind = "pagina"
	SourceList Kind = "bronnen"
)

// Page is one markdown file: an element, example, tool or plain page.
type Page struct {
	Kind     Kind
	Slug     string
	File     string // path inside the content FS, e.g. "elementen/maatwerk.md"
	Meta     FrontMatter
	Body     []byte // the markdown after the front matter
	BodyLine int    // the line in File where Body starts

	keyLines map[string]int // front-matter key -> line in File
}

// URLPath is the page's path from the site root, without the base URL and
// with a trailing slash: "elementen/maatwerk/", or "" for the home page.
func (p *Page) URLPath() string {
	if dir := p.Kind.Dir(); dir != "" {
		return dir + "/" + p.Slug + "/"
	}
	if p.Slug == "index" {
		return ""
	}
	return p.Slug + "/"
}

// DateLayout is how the front-matter key bijgewerkt writes a date.
const DateLayout = "2006-01-02"

// Updated is the date of the page's front-matter key bijgewerkt, and
// whether it has one. The loader has checked it.
func (p *Page) Updated() (time.Time, bool) {
	if p.Meta.Bijgewerkt == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(DateLayout, p.Meta.Bijgewerkt)
	return t, err == nil
}

// KeyLine is the line in File of the front-matter key (such as "slug"),
// or 0 when the page does not set it.
func (p *Page) KeyLine(key string) int { return p.keyLines[key] }

// Source is one entry of the list of literature, cited as [@Key].
type Source struct {
	Key      string `yaml:"key"`
	Auteurs  string `yaml:"auteurs"`
	Jaar     string `yaml:"jaar"`
	Titel    string `yaml:"titel"`
	Uitgever string `yaml:"uitgever"`
	URL      string `yaml:"url"`
	Noot     string `yaml:"noot"`
	// Kort overrides the label in running text, for sources whose
	// authors and year do not tell them apart.
	Kort string `yaml:"kort"`
	Line int    `yaml:"-"`
}

// Label is how a citation of the source reads in running text: the
// surname of one author, two surnames joined by "&", or the first surname
// with "et al." for three or more, and the year: "Jansen & Reijneveld,
// 2015", "Steketee et al., 2015". Authors are separated by commas, "&",
// "en" or ";"; initials ("M.", "A.B.") are skipped. A source's Kort field,
// when set, is used instead.
func (s Source) Label() string {
	if s.Kort != "" {
		return s.Kort
	}
	a := strings.NewReplacer(" en ", ",", ";", ",", "&", ",", " e.a.", " et al.").Replace(s.Auteurs)
	etAl := strings.Contains(a, "et al")
	a = strings.NewReplacer("et al.", "", "et al", "").Replace(a)
	var names []string
	for _, part := range strings.Split(a, ",") {
		name := strings.TrimSpace(part)
		if name != "" && !isInitials(name) {
			names = append(names, name)
		}
	}
	var label string
	switch {
	case len(names) == 0:
		label = s.Key
	case len(names) == 1 && !etAl:
		label = names[0]
	case len(names) == 2 && !etAl:
		label = names[0] + " & " + names[1]
	default:
		label = names[0] + " et al."
	}
	if s.Jaar == "" {
		return label
	}
	return label + ", " + s.Jaar
}

// isInitials reports whether s is a run of initials such as "M." or "A.B.".
func isInitials(s string) bool {
	for _, f := range strings.Fields(s) {
		if !strings.HasSuffix(f, ".") || len([]rune(f)) > 4 {
			return false
		}
	}
	return true
}

// Config is the site settings from site.yaml.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Language    string `yaml:"language"`
	BaseURL     string `yaml:"baseURL"`
	// BewerkURL is where the content files can be edited on the
	// repository's host, such as
	// https://github.com/org/repo/edit/main/content/: every content page
	// links to it with its file's path after it ("Bewerk deze pagina").
	BewerkURL string `yaml:"bewerkURL"`
	// BaseURLLine and BaseURLCol are where the baseURL value stands in
	// site.yaml, for a message about it; 0 when site.yaml has none.
	BaseURLLine int `yaml:"-"`
	BaseURLCol  int `yaml:"-"`
}

// Site is everything the content directory holds, loaded and checked for
// the problems one file can have on its own. Cross-references between
// files are checked by Validate.
type Site struct {
	Config   Config
	Elements []*Page // sorted by Meta.Order, then slug
	Examples []*Page // sorted by title
	Tools    []*Page // sorted by title
	Pages    []*Page // plain pages, sorted by slug
	Sources  []Source
	Synonyms [][]string

	byKey map[string]*Page // "element/maatwerk" -> page
	files map[string]*Page // "elementen/maatwerk.md" -> page

	refsOnce sync.Once
	refs     map[string][]*Page // "voorbeeld>element/maatwerk" -> examples naming it
}

// Lookup finds a page by kind and slug.
func (s *Site) Lookup(kind Kind, slug string) *Page { return s.byKey[string(kind)+"/"+slug] }

// PageForFile finds the page loaded from the given path in the content FS.
func (s *Site) PageForFile(file string) *Page { return s.files[path.Clean(file)] }

// Source finds a source by key.
func (s *Site) Source(key string) (Source, bool) {
	for _, src := range s.Sources {
		if src.Key == key {
			return src, true
		}
	}
	return Source{}, false
}

// OfKind returns the pages of the kind, in the order of the site: the
// elements, examples, tools or plain pages.
func (s *Site) OfKind(k Kind) []*Page {
	switch k {
	case Element:
		return s.Elements
	case Example:
		return s.Examples
	case Tool:
		return s.Tools
	case PlainPage:
		return s.Pages
	}
	return nil
}

// AllPages returns every page: elements, examples, tools, plain pages.
func (s *Site) AllPages() []*Page {
	out := make([]*Page, 0, len(s.Elements)+len(s.Examples)+len(s.Tools)+len(s.Pages))
	out = append(out, s.Elements...)
	out = append(out, s.Examples...)
	out = append(out, s.Tools...)
	return append(out, s.Pages...)
}

// Load reads the content FS into a Site. It reports every problem it finds
// (as diag errors joined together), not only the first; the Site it
// returns alongside problems holds what could be loaded.
func Load(fsys fs.FS) (*Site, error) {
	var problems diag.List
	site := &Site{byKey: map[string]*Page{}, files: map[string]*Page{}}

	problems.Add(loadConfig(fsys, site))
	// The files are listed first, read and parsed on every core, and then
	// added in the listed order, so the result does not depend on which
	// file was parsed first.
	type item struct {
		file string
		e    fs.DirEntry
		kind Kind
		page *Page
		err  error
	}
	var items []item
	for _, ki := range Kinds {
		if ki.Dir == "" {
			continue // plain pages: read below
		}
		entries, err := fs.ReadDir(fsys, ki.Dir)
		if err != nil {
			if !isNotExist(err) {
				problems.Addf(ki.Dir, 0, 0, "kan de map niet lezen: %v", err)
			}
			continue
		}
		for _, e := range entries {
			items = append(items, item{file: path.Join(ki.Dir, e.Name()), e: e, kind: ki.Kind})
		}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		problems.Addf(".", 0, 0, "kan de contentmap niet lezen: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.EqualFold(e.Name(), "README.md") {
			continue
		}
		items = append(items, item{file: e.Name(), e: e, kind: PlainPage})
	}
	parallel.For(len(items), 0, func(i int) { items[i].page, items[i].err = readEntry(fsys, items[i].file, items[i].e, items[i].kind) })
	for _, it := range items {
		problems.Add(capProblems(it.file, it.err))
		if it.page != nil {
			// Also a page with problems: Validate checks what it names.
			problems.Add(site.add(it.page))
		}
	}
	problems.Add(capProblems(SourcesFile, loadSources(fsys, site)))
	problems.Add(capProblems(SynonymsFile, loadSynonyms(fsys, site)))

	sort.SliceStable(site.Elements, func(i, j int) bool {
		a, b := site.Elements[i], site.Elements[j]
		if a.Meta.Order != b.Meta.Order {
			return a.Meta.Order < b.Meta.Order
		}
		return a.Slug < b.Slug
	})
	byTitle := func(ps []*Page) {
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := slug.Fold(ps[i].Meta.Title), slug.Fold(ps[j].Meta.Title)
			if a != b {
				return a < b
			}
			return ps[i].Slug < ps[j].Slug
		})
	}
	byTitle(site.Examples)
	byTitle(site.Tools)
	sort.SliceStable(site.Pages, func(i, j int) bool { return site.Pages[i].Slug < site.Pages[j].Slug })
	return site, problems.Err()
}

// readEntry reads one directory entry of a content folder. Files that are
// not markdown are ignored (nil page), except that editors' leftovers are
// skipped silently and anything else is named, so a misnamed file is
// noticed.
func readEntry(fsys fs.FS, file string, e fs.DirEntry, kind Kind) (*Page, error) {
	name := e.Name()
	if e.IsDir() {
		if name == ImageDir {
			return nil, nil // pictures, read when a page shows them
		}
		return nil, diag.New(file, 0, 0, "een map hoort hier niet: zet de bestanden direct in %s/ (alleen een map %s/ voor afbeeldingen mag)", path.Dir(file), ImageDir)
	}
	if IsImage(name) {
		return nil, nil // a picture, read when a page shows it
	}
	if !strings.HasSuffix(name, ".md") {
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") {
			return nil, nil // editors' backup and lock files
		}
		return nil, diag.New(file, 0, 0, "dit is geen markdownbestand: geef het de extensie .md, of haal het weg")
	}
	if e.Type()&fs.ModeSymlink != 0 {
		return nil, diag.New(file, 0, 0, "dit bestand is een symbolische link; zet het echte bestand in de contentmap")
	}
	if !e.Type().IsRegular() {
		// Known from the directory listing: not even a Stat is needed.
		return nil, diag.New(file, 0, 0, "dit is geen gewoon bestand maar %s; verwijder het of geef het een andere naam", diag.FileKind(e.Type()))
	}
	src, err := readFile(fsys, file)
	if isNotExist(err) {
		return nil, nil // removed since the directory was listed
	}
	if err != nil {
		return nil, err
	}
	return parsePage(file, kind, src)
}

// add puts a parsed page in the site, unless its slug is taken.
func (s *Site) add(page *Page) error {
	key := string(page.Kind) + "/" + page.Slug
	if other, dup := s.byKey[key]; dup {
		return diag.New(page.File, 0, 0, "de slug %q wordt ook al gebruikt door %s; geef een van beide een andere naam", page.Slug, other.File)
	}
	s.byKey[key] = page
	s.files[page.File] = page
	switch page.Kind {
	case Element:
		s.Elements = append(s.Elements, page)
	case Example:
		s.Examples = append(s.Examples, page)
	case Tool:
		s.Tools = append(s.Tools, page)
	default:
		s.Pages = append(s.Pages, page)
	}
	return nil
}

// ParsePage parses one content file of the given kind: its front matter
// and body. file is the path used in error messages and to derive the slug.
// A file with problems gives them all and no page.
func ParsePage(file string, kind Kind, src []byte) (*Page, error) {
	p, err := parsePage(file, kind, src)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// parsePage is ParsePage for the loader: when the front matter could be
// read as keys and values, it returns the page as far as it goes beside
// the problems, so that what the other keys say (the elements an example
// names, say) is still checked, and one mistake does not hide the next.
func parsePage(file string, kind Kind, src []byte) (*Page, error) {
	if len(src) > MaxFileSize {
		return nil, tooBig(file, sizeText(int64(len(src))))
	}
	if !utf8.Valid(src) {
		line := 1 + strings.Count(string(src[:firstInvalid(src)]), "\n")
		return nil, diag.New(file, line, 0, "het bestand bevat tekens die geen UTF-8 zijn: sla het op als UTF-8")
	}
	yml, ymlLine, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		return nil, err
	}
	var problems diag.List
	fm, keyLines, err := decodeFrontMatter(file, kind, yml, ymlLine)
	problems.Add(err)
	if keyLines == nil {
		return nil, problems.Err() // not keys and values: nothing to go on
	}
	// A key that is missing or could not be read is reported already;
	// the checks of its value below are for keys that were read.
	read := func(key string) bool { _, ok := keyLines[key]; return ok }
	s := strings.TrimSuffix(path.Base(file), ".md")
	slugLine := 0 // the file name: no line
	if fm.Slug != "" {
		s, slugLine = fm.Slug, keyLines[KeySlug]
	}
	validSlug := slug.Valid(s)
	if !validSlug {
		problems.Addf(file, slugLine, 0, "de naam %q is geen geldige slug: gebruik alleen kleine letters a-z, cijfers en '-', bijvoorbeeld %q", s, slug.Make(s))
	}
	if read(KeyTitle) && strings.TrimSpace(fm.Title) == "" {
		problems.Addf(file, ymlLine, 0, "de titel (title) is leeg")
	}
	if kind == Element && fm.Fase != "" && !contains(Phases, fm.Fase) {
		problems.Addf(file, ymlLine, 0, "onbekende fase %q; kies uit: %s", fm.Fase, strings.Join(Phases, ", "))
	}
	if kind == Tool && fm.Werkblad != "" && !contains(Worksheets, fm.Werkblad) {
		problems.Addf(file, ymlLine, 0, "onbekend werkblad %q; kies uit: %s", fm.Werkblad, strings.Join(Worksheets, ", "))
	}
	if read(KeyUpdated) {
		if _, err := time.Parse(DateLayout, fm.Bijgewerkt); err != nil {
			problems.Addf(file, keyLines[KeyUpdated], 0, "'bijgewerkt: %s' is geen datum: schrijf jaar-maand-dag, bijvoorbeeld 'bijgewerkt: 2026-11-01'", fm.Bijgewerkt)
		}
	}
	if kind == Element && read(KeyOrder) && fm.Order <= 0 {
		problems.Addf(file, ymlLine, 0, "'order' moet een getal groter dan 0 zijn (de plaats in de lijst van elementen)")
	}
	if !validSlug {
		return nil, problems.Err() // its address would be wrong: keep it out of the site
	}
	return &Page{Kind: kind, Slug: s, File: file, Meta: fm, Body: body, BodyLine: bodyLine, keyLines: keyLines}, problems.Err()
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// String names the page for messages.
func (p *Page) String() string { return fmt.Sprintf("%s %q (%s)", p.Kind, p.Slug, p.File) }
