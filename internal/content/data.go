package content

import (
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// The data files beside the pages.
const (
	ConfigFile   = "site.yaml"
	SourcesFile  = "bronnen.yaml"
	SynonymsFile = "synoniemen.yaml"
)

// readYAML reads a data file into a yaml.Node. A missing file gives a nil
// node and no error.
func readYAML(fsys fs.FS, file string) (*yaml.Node, error) {
	src, err := readFile(fsys, file)
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	doc, err := decodeYAML(file, src, 1)
	if err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

func loadConfig(fsys fs.FS, site *Site) error {
	site.Config = Config{Title: "Kennisbank", Language: "nl", BaseURL: "/"}
	n, err := readYAML(fsys, ConfigFile)
	if err != nil || n == nil {
		return err
	}
	known := map[string]bool{"title": true, "description": true, "language": true, "baseURL": true, "bewerkURL": true}
	var problems diag.List
	if n.Kind != yaml.MappingNode {
		return diag.New(ConfigFile, n.Line, n.Column, "verwacht regels 'sleutel: waarde'")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !known[k.Value] {
			problems.Addf(ConfigFile, k.Line, k.Column, "onbekende instelling %q; toegestaan zijn: %s", k.Value, strings.Join(keysOf(known), ", "))
		}
	}
	if err := n.Decode(&site.Config); err != nil {
		problems.Addf(ConfigFile, n.Line, 0, "de instellingen kunnen niet gelezen worden: %v", err)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch v := n.Content[i+1]; n.Content[i].Value {
		case "baseURL":
			site.Config.BaseURLLine, site.Config.BaseURLCol = v.Line, v.Column
		case "bewerkURL":
			if why := editAddress(site.Config.BewerkURL); why != "" {
				problems.Addf(ConfigFile, v.Line, v.Column, "bewerkURL %q: %s", site.Config.BewerkURL, why)
				site.Config.BewerkURL = ""
			}
		}
	}
	return problems.Err()
}

func loadSources(fsys fs.FS, site *Site) error {
	n, err := readYAML(fsys, SourcesFile)
	if err != nil || n == nil {
		return err
	}
	var problems diag.List
	if n.Kind != yaml.SequenceNode {
		return diag.New(SourcesFile, n.Line, n.Column, "verwacht een lijst van bronnen, elk beginnend met '- key: ...'")
	}
	known := map[string]bool{"key": true, "auteurs": true, "jaar": true, "titel": true, "uitgever": true, "url": true, "noot": true, "kort": true}
	seen := map[string]int{}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			problems.Addf(SourcesFile, item.Line, item.Column, "een bron moet bestaan uit regels 'sleutel: waarde'")
			continue
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k := item.Content[i]
			if !known[k.Value] {
				msg := "onbekend veld %q in een bron; toegestaan zijn: %s"
				problems.Addf(SourcesFile, k.Line, k.Column, msg, k.Value, strings.Join(keysOf(known), ", "))
			}
		}
		var s Source
		if err := item.Decode(&s); err != nil {
			problems.Addf(SourcesFile, item.Line, item.Column, "deze bron kan niet gelezen worden: %v", err)
			continue
		}
		s.Line = item.Line
		switch {
		case s.Key == "":
			problems.Addf(SourcesFile, item.Line, item.Column, "deze bron heeft geen 'key'")
			continue
		case !slug.Valid(s.Key):
			problems.Addf(SourcesFile, item.Line, item.Column, "de key %q mag alleen kleine letters, cijfers en '-' bevatten", s.Key)
			continue
		case s.Auteurs == "":
			problems.Addf(SourcesFile, item.Line, item.Column, "de bron %q heeft geen auteurs", s.Key)
		}
		if s.Jaar != "" {
			if _, err := strconv.Atoi(s.Jaar); err != nil && s.Jaar != "z.d." {
				problems.Addf(SourcesFile, item.Line, item.Column, "het jaar %q van bron %q is geen jaartal", s.Jaar, s.Key)
			}
		}
		if s.URL != "" && !webAddress(s.URL) {
			v := valueOf(item, "url")
			problems.Addf(SourcesFile, v.Line, v.Column, "het adres %q van bron %q is niet toegestaan: gebruik een volledig webadres dat begint met https:// (of http://)", s.URL, s.Key)
		}
		if line, dup := seen[s.Key]; dup {
			problems.Addf(SourcesFile, item.Line, item.Column, "de key %q staat er al op regel %d", s.Key, line)
			continue
		}
		seen[s.Key] = item.Line
		site.Sources = append(site.Sources, s)
	}
	return problems.Err()
}

// webAddress reports whether u is a full http or https address with a
// host: what a list of literature links to. Anything else, such as
// javascript:, data:, vbscript: or an address without a scheme ("//host",
// which takes the page's), is refused, as it is in a page's links.
func webAddress(u string) bool {
	if strings.TrimSpace(u) != u || strings.ContainsAny(u, "\x00\t\r\n\\") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	scheme := strings.ToLower(p.Scheme)
	return (scheme == "http" || scheme == "https") && p.Host != "" && p.Opaque == ""
}

// editAddress says what is wrong with the address of site.yaml's
// bewerkURL, or "" when it will do: a full https address with a host,
// no query or fragment (the file's path is put after it), and no control
// characters, written or percent-encoded, which could end the link.
func editAddress(u string) string {
	if u == "" {
		return ""
	}
	if r, ok := ControlRune(u); ok {
		return fmt.Sprintf("het adres bevat een stuurteken (U+%04X%s); haal het weg", r, ControlName(r))
	}
	p, err := url.Parse(u)
	switch {
	case err != nil || strings.TrimSpace(u) != u || strings.ContainsAny(u, `\"<> `):
		return "dit is geen geldig webadres; schrijf het volledige adres, bijvoorbeeld https://github.com/organisatie/kennisbank/edit/main/content/"
	case !strings.EqualFold(p.Scheme, "https") || p.Host == "" || p.Opaque != "":
		return "gebruik een volledig adres dat begint met https://, bijvoorbeeld https://github.com/organisatie/kennisbank/edit/main/content/"
	case p.RawQuery != "" || p.Fragment != "" || strings.ContainsAny(u, "?#"):
		return "het adres mag geen '?' of '#' bevatten: het pad van elk bestand komt erachter"
	}
	return ""
}

// ControlRune finds a control character (C0 such as tab and newline, DEL,
// C1) in a URL, written as it is or percent-encoded ("%0A"): decoded, it
// would break robots.txt, the sitemap or a link into extra lines or end
// them.
func ControlRune(raw string) (rune, bool) {
	for _, s := range []string{raw, percentDecoded(raw)} {
		for _, r := range s {
			if unicode.IsControl(r) {
				return r, true
			}
		}
	}
	return 0, false
}

// ControlName says in words which control character r is, when it is one
// an editor may know: ", een regeleinde", ", een tab", ", een nulteken",
// else "".
func ControlName(r rune) string {
	switch r {
	case '\n', '\r':
		return ", een regeleinde"
	case '\t':
		return ", een tab"
	case 0:
		return ", een nulteken"
	}
	return ""
}

// percentDecoded decodes every valid %XX in s, leaving the rest as it is.
func percentDecoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return strings.ToValidUTF8(b.String(), "\ufffd")
}

// EditURL is the address where the page's file is edited, from site.yaml's
// bewerkURL, or "" when the site has none.
func (s *Site) EditURL(p *Page) string {
	base := s.Config.BewerkURL
	if base == "" {
		return ""
	}
	parts := strings.Split(p.File, "/")
	for i, part := range parts {
		parts[i] = url.PathEscape(part)
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.Join(parts, "/")
}

// valueOf finds the value node of key in a mapping node, or the mapping
// itself when the key is not there (for its line).
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return m
}

func loadSynonyms(fsys fs.FS, site *Site) error {
	n, err := readYAML(fsys, SynonymsFile)
	if err != nil || n == nil {
		return err
	}
	var problems diag.List
	if n.Kind != yaml.SequenceNode {
		return diag.New(SynonymsFile, n.Line, n.Column, "verwacht een lijst van groepen, bijvoorbeeld '- [wijkteam, buurtteam]'")
	}
	for _, item := range n.Content {
		var group []string
		if err := item.Decode(&group); err != nil || len(group) < 2 {
			problems.Addf(SynonymsFile, item.Line, item.Column, "een groep synoniemen is een lijst van minstens twee woorden, bijvoorbeeld [wijkteam, buurtteam]")
			continue
		}
		site.Synonyms = append(site.Synonyms, group)
	}
	return problems.Err()
}
