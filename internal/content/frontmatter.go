package content

import (
	"bytes"
	"errors"
	"fmt"
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

// FrontMatter holds every key a content file may set. Which keys a file of
// a given kind may use is decided by knownKeys.
type FrontMatter struct {
	Title        string   `yaml:"title"`
	Summary      string   `yaml:"summary"`
	Slug         string   `yaml:"slug"`
	Order        int      `yaml:"order"`
	Fase         string   `yaml:"fase"`
	Elementen    []string `yaml:"elementen"`
	Hulpmiddelen []string `yaml:"hulpmiddelen"`
	Bron         string   `yaml:"bron"`
	Werkblad     string   `yaml:"werkblad"`
	// Bijgewerkt is the date the page was last brought up to date
	// (YYYY-MM-DD), shown as "Laatst bijgewerkt" when the content is not
	// in Git; see Page.Updated.
	Bijgewerkt string `yaml:"bijgewerkt"`
}

// knownKeys lists, per kind, the front-matter keys a file may use; the
// value says whether the key is required.
var knownKeys = map[Kind]map[string]bool{
	Element:    {"title": true, "summary": true, "order": true, "fase": false, "slug": false, "bijgewerkt": false},
	Example:    {"title": true, "summary": true, "elementen": true, "hulpmiddelen": false, "bron": false, "slug": false, "bijgewerkt": false},
	Tool:       {"title": true, "summary": true, "elementen": true, "slug": false, "werkblad": false, "bijgewerkt": false},
	PlainPage:  {"title": true, "summary": true, "slug": false, "bijgewerkt": false},
	SourceList: {},
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
	known := knownKeys[kind]
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
		if err := v.Decode(fieldFor(&fm, k.Value)); err != nil {
			list.Addf(file, v.Line+lineOffset-1, v.Column, "de waarde van %q heeft het verkeerde soort: %s", k.Value, expected(k.Value))
			reflect.ValueOf(fieldFor(&fm, k.Value)).Elem().SetZero() // not half of it either
			delete(lines, k.Value)                                   // not read: no further checks of its value
		}
	}
	for _, key := range requiredKeys(kind) {
		if !seen[key] {
			list.Addf(file, lineOffset, 0, "de sleutel %q ontbreekt in de front matter", key)
		}
	}
	return fm, lines, list.Err()
}

func fieldFor(fm *FrontMatter, key string) any {
	switch key {
	case "title":
		return &fm.Title
	case "summary":
		return &fm.Summary
	case "slug":
		return &fm.Slug
	case "order":
		return &fm.Order
	case "fase":
		return &fm.Fase
	case "elementen":
		return &fm.Elementen
	case "hulpmiddelen":
		return &fm.Hulpmiddelen
	case "bron":
		return &fm.Bron
	case "werkblad":
		return &fm.Werkblad
	case "bijgewerkt":
		return &fm.Bijgewerkt
	}
	panic("content: no field for front-matter key " + key)
}

func expected(key string) string {
	switch key {
	case "order":
		return "verwacht een heel getal, bijvoorbeeld 'order: 3'"
	case "bijgewerkt":
		return "verwacht een datum, bijvoorbeeld 'bijgewerkt: 2026-11-01'"
	case "elementen", "hulpmiddelen":
		return fmt.Sprintf("verwacht een lijst, bijvoorbeeld '%s: [vraagverheldering, maatwerk]'", key)
	}
	return "verwacht tekst op één regel"
}

func requiredKeys(kind Kind) []string {
	var out []string
	for k, req := range knownKeys[kind] {
		if req {
			out = append(out, k)
		}
	}
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
