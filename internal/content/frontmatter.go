package content

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/spelling"
)

// FrontMatter holds every key a content file may set. Which field a key
// fills is said by FrontMatterKeys; which keys a file of a given kind may
// use, by its row of Kinds.
type FrontMatter struct {
	Title        string
	Summary      string
	Slug         string
	Order        int
	Fase         string
	Elementen    []string
	Hulpmiddelen []string
	Bron         string
	Werkblad     string
	// Bijgewerkt is the date the page was last brought up to date
	// (YYYY-MM-DD), shown as "Laatst bijgewerkt" when the content is not
	// in Git; see Page.Updated.
	Bijgewerkt string
}

// The front-matter keys.
const (
	KeyTitle     = "title"
	KeySummary   = "summary"
	KeySlug      = "slug"
	KeyOrder     = "order"
	KeyFase      = "fase"
	KeyElements  = "elementen"
	KeyTools     = "hulpmiddelen"
	KeySource    = "bron"
	KeyWorksheet = "werkblad"
	KeyUpdated   = "bijgewerkt"
)

// FrontMatterKey is one key of the front matter: its name, the field of
// FrontMatter it fills, and what its value must look like.
type FrontMatterKey struct {
	Name string
	// Field is the field of fm the key's value is decoded into.
	Field func(fm *FrontMatter) any
	// Expect says, in a message about a value of the wrong sort, what the
	// value should look like.
	Expect string
}

// expectText is what a key that holds text expects.
const expectText = "verwacht tekst op één regel"

// FrontMatterKeys is the table of the front-matter keys: it drives the
// decoding, the messages about unknown keys ("bedoel je …?") and about
// values of the wrong sort.
var FrontMatterKeys = []FrontMatterKey{
	{KeyTitle, func(fm *FrontMatter) any { return &fm.Title }, expectText},
	{KeySummary, func(fm *FrontMatter) any { return &fm.Summary }, expectText},
	{KeySlug, func(fm *FrontMatter) any { return &fm.Slug }, expectText},
	{KeyOrder, func(fm *FrontMatter) any { return &fm.Order }, "verwacht een heel getal, bijvoorbeeld 'order: 3'"},
	{KeyFase, func(fm *FrontMatter) any { return &fm.Fase }, expectText},
	{KeyElements, func(fm *FrontMatter) any { return &fm.Elementen }, "verwacht een lijst, bijvoorbeeld '" + KeyElements + ": [vraagverheldering, maatwerk]'"},
	{KeyTools, func(fm *FrontMatter) any { return &fm.Hulpmiddelen }, "verwacht een lijst, bijvoorbeeld '" + KeyTools + ": [vraagverheldering, maatwerk]'"},
	{KeySource, func(fm *FrontMatter) any { return &fm.Bron }, expectText},
	{KeyWorksheet, func(fm *FrontMatter) any { return &fm.Werkblad }, expectText},
	{KeyUpdated, func(fm *FrontMatter) any { return &fm.Bijgewerkt }, "verwacht een datum, bijvoorbeeld 'bijgewerkt: 2026-11-01'"},
}

// frontMatterKey finds a key of FrontMatterKeys by name.
func frontMatterKey(name string) (FrontMatterKey, bool) {
	for _, k := range FrontMatterKeys {
		if k.Name == name {
			return k, true
		}
	}
	return FrontMatterKey{}, false
}

// knownKeys are the front-matter keys a file of the kind may use, with
// whether each is required.
func knownKeys(kind Kind) map[string]bool {
	ki := kind.Info()
	out := make(map[string]bool, len(ki.Required)+len(ki.Optional))
	for _, k := range ki.Optional {
		out[k] = false
	}
	for _, k := range ki.Required {
		out[k] = true
	}
	return out
}

// Worksheets a tool may name in its "werkblad" key: a blank form that
// prints with the tool's page.
var Worksheets = []string{"ecogram", "netwerkcirkel", "lijst"}

// Phases an element may name in its "fase" key.
var Phases = []string{"algemeen", "vraagverheldering", "doelen", "plan", "uitvoering", "evaluatie"}

// MaxFileSize is the largest content file the loader accepts. Larger files
// are refused with a clear error instead of slowing the build down.
const MaxFileSize = 1 << 20

var bom = []byte("\ufeff")

// splitFrontMatter separates the YAML front matter from the markdown body.
// It returns the raw YAML, the 1-based line in the file where the YAML
// starts, the body, and the line where the body starts.
func splitFrontMatter(file string, src []byte) (yml []byte, ymlLine int, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, bom)
	// Find the first non-blank line: it must be the opening "---".
	first, line := firstLine(src)
	if strings.TrimSpace(first) != "---" {
		return nil, 0, nil, 0, diag.New(file, line, 1,
			"het bestand begint niet met front matter: zet op de eerste regel '---', daaronder de gegevens (title: ...), en sluit af met '---'")
	}
	var raw []byte
	capture := frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
		raw = append([]byte(nil), data...)
		return nil
	})
	rest, err := frontmatter.MustParse(bytes.NewReader(src), nil, capture)
	if err != nil {
		if errors.Is(err, frontmatter.ErrNotFound) {
			return nil, 0, nil, 0, diag.New(file, line, 1,
				"de front matter wordt niet afgesloten: zet een regel met alleen '---' onder de gegevens")
		}
		return nil, 0, nil, 0, diag.New(file, 0, 0, "kan het bestand niet lezen: %v", err)
	}
	bodyStart := len(src) - len(rest)
	if bytes.HasSuffix(src, rest) {
		// The same bytes, from src rather than from the parser's buffer,
		// which grew while reading and would stay alive behind rest.
		rest = src[bodyStart:]
	}
	return raw, line + 1, rest, 1 + bytes.Count(src[:bodyStart], []byte("\n")), nil
}

// firstLine returns the first line with text in src and its 1-based number.
func firstLine(src []byte) (string, int) {
	n := 1
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		var l []byte
		if i < 0 {
			l, src = src, nil
		} else {
			l, src = src[:i], src[i+1:]
		}
		if len(bytes.TrimSpace(l)) > 0 {
			return string(l), n
		}
		n++
	}
	return "", n
}

// decodeYAML parses yml into a yaml.Node, turning YAML's own errors into
// diag errors with the line counted from the start of the file.
func decodeYAML(file string, yml []byte, lineOffset int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(yml, &doc); err != nil {
		return nil, yamlError(file, err, lineOffset, yml)
	}
	return &doc, nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError rewrites a yaml.v3 error: its line numbers count from the start
// of the YAML block; ours count from the start of the file.
func yamlError(file string, err error, lineOffset int, yml []byte) error {
	var list diag.List
	last := lineOffset + bytes.Count(bytes.TrimRight(yml, "\r\n"), []byte("\n"))
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var parts []string
	if te, ok := err.(*yaml.TypeError); ok {
		parts = te.Errors
	} else {
		parts = []string{msg}
	}
	for _, p := range parts {
		if m := yamlLineRE.FindStringSubmatch(p); m != nil {
			n, _ := strconv.Atoi(m[1])
			if strings.HasPrefix(m[2], "did not find expected") {
				// yaml.v3 reports these at the 0-based line of the context
				// mark, or, when that is the first line, at the problem.
				n++
			}
			if open := unclosedBracket(m[2]); open != 0 {
				n = lineWith(yml, open, n) // the line that opened the list
			}
			list.Addf(file, min(n+lineOffset-1, last), 0, "de front matter is geen geldige YAML: %s", dutchYAML(m[2]))
		} else {
			list.Addf(file, lineOffset, 0, "de front matter is geen geldige YAML: %s", dutchYAML(p))
		}
	}
	return list.Err()
}

// unclosedBracket returns the opening bracket of an unclosed flow list or
// map that the message complains about, or 0.
func unclosedBracket(msg string) byte {
	switch {
	case strings.Contains(msg, "',' or ']'"):
		return '['
	case strings.Contains(msg, "',' or '}'"):
		return '{'
	}
	return 0
}

// lineWith returns the last line at or before line (1-based) in yml that
// contains c, or line when none does.
func lineWith(yml []byte, c byte, line int) int {
	lines := bytes.Split(yml, []byte("\n"))
	for i := min(line, len(lines)) - 1; i >= 0; i-- {
		if bytes.IndexByte(lines[i], c) >= 0 {
			return i + 1
		}
	}
	return line
}

// dutchYAML explains the most common YAML messages in plain Dutch and keeps
// the original for the rest.
func dutchYAML(msg string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return "een ':' staat op een plek waar YAML die niet verwacht; zet tekst met een dubbele punt tussen aanhalingstekens (" + msg + ")"
	case strings.Contains(msg, "did not find expected key"):
		return "een regel springt anders in dan de regels eromheen (" + msg + ")"
	case strings.Contains(msg, "found character that cannot start any token"):
		return "een teken dat YAML niet kent, vaak een tab: gebruik spaties (" + msg + ")"
	case strings.Contains(msg, "already defined"):
		return "een sleutel staat er twee keer in (" + msg + ")"
	case strings.Contains(msg, "excessive aliasing"):
		return "de YAML verwijst te vaak naar zichzelf (aliassen) en wordt niet gelezen (" + msg + ")"
	case strings.Contains(msg, "cannot unmarshal"):
		return "een waarde heeft het verkeerde soort (" + msg + ")"
	}
	return msg
}

// decodeFrontMatter checks the keys of the front matter against the kind's
// known keys and decodes it. Every problem is reported with its line.
func decodeFrontMatter(file string, kind Kind, yml []byte, lineOffset int) (FrontMatter, map[string]int, error) {
	var fm FrontMatter
	lines := map[string]int{}
	var list diag.List
	doc, err := decodeYAML(file, yml, lineOffset)
	if err != nil {
		return fm, nil, err
	}
	if len(doc.Content) == 0 {
		list.Addf(file, lineOffset, 0, "de front matter is leeg: vul minstens %s in", strings.Join(requiredKeys(kind), ", "))
		return fm, nil, list.Err()
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		list.Addf(file, m.Line+lineOffset-1, m.Column, "de front matter moet bestaan uit regels 'sleutel: waarde'")
		return fm, nil, list.Err()
	}
	known := knownKeys(kind)
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + lineOffset - 1
		if _, ok := known[k.Value]; !ok {
			if near := nearest(k.Value, keysOf(known)); near != "" {
				list.Addf(file, line, k.Column, "onbekende sleutel %q in de front matter; bedoel je %q?", k.Value, near)
			} else {
				list.Addf(file, line, k.Column, "onbekende sleutel %q in de front matter; toegestaan zijn: %s", k.Value, strings.Join(keysOf(known), ", "))
			}
			continue
		}
		if seen[k.Value] {
			list.Addf(file, line, k.Column, "de sleutel %q staat twee keer in de front matter (ook op regel %d)", k.Value, lines[k.Value])
			continue
		}
		seen[k.Value] = true
		lines[k.Value] = line
		fk, _ := frontMatterKey(k.Value)
		if err := v.Decode(fk.Field(&fm)); err != nil {
			list.Addf(file, v.Line+lineOffset-1, v.Column, "de waarde van %q heeft het verkeerde soort: %s", k.Value, fk.Expect)
			reflect.ValueOf(fk.Field(&fm)).Elem().SetZero() // not half of it either
			delete(lines, k.Value)                          // not read: no further checks of its value
		}
	}
	for _, key := range requiredKeys(kind) {
		if !seen[key] {
			list.Addf(file, lineOffset, 0, "de sleutel %q ontbreekt in de front matter", key)
		}
	}
	return fm, lines, list.Err()
}

// requiredKeys are the keys a file of the kind must set, sorted.
func requiredKeys(kind Kind) []string {
	out := append([]string(nil), kind.Info().Required...)
	sort.Strings(out)
	return out
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// nearest returns the candidate closest to s when it is a likely typo.
func nearest(s string, candidates []string) string { return spelling.Nearest(s, candidates, 2) }
