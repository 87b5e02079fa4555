// Package markdown renders one content file's markdown body to HTML with
// goldmark. It takes the body, the line where it starts in its file and a
// Resolver for links and citations, and gives a Doc: the HTML cut into
// sections at every level-2 and level-3 heading, the headings with their
// anchors and lines, the plain text of each section (for search), and the
// links whose #anchors the caller checks once every page is rendered.
//
// Content is untrusted: raw HTML is dropped, and a link may only point to
// another content file (.md), an anchor, or an http(s) or mailto address.
// An image ![alt](path) must have alt text and is shown only when the
// Resolver is an ImageResolver that accepts its file.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// Resolver turns what an editor wrote into URLs. The build implements it
// over the loaded site.
type Resolver interface {
	// ResolveLink maps a link destination written in file (a relative path
	// to a .md file, without the #fragment) to the URL of that page. It
	// returns a message in plain Dutch when there is no such page.
	ResolveLink(file, dest string) (url string, problem string)
	// Cite gives the label and URL of a cited source, ok false when the
	// key is not in the list of sources.
	Cite(file, key string) (label, url string, ok bool)
}

// Heading is a level-2 or level-3 heading of a document.
type Heading struct {
	Level int
	Title string
	ID    string
	Line  int
}

// Section is a heading and the HTML up to the next level-2 or level-3
// heading. The part before the first heading has Level 0.
type Section struct {
	Heading
	HTML template.HTML
	Text string // plain text, for search
}

// Link is an internal link with a #fragment, to be checked against the
// anchors of the page it points to once every page is rendered.
type Link struct {
	File     string // where the link is written
	Line     int
	URL      string // the resolved page URL, without fragment
	Fragment string
}

// Doc is a rendered markdown body.
type Doc struct {
	Sections  []Section
	Links     []Link
	Citations []string // keys, in order of first use, without repeats
}

// Headings lists the document's level-2 and level-3 headings.
func (d *Doc) Headings() []Heading {
	var out []Heading
	for _, s := range d.Sections {
		if s.Level > 0 {
			out = append(out, s.Heading)
		}
	}
	return out
}

// IDs returns the set of anchors the document defines.
func (d *Doc) IDs() map[string]bool {
	ids := map[string]bool{}
	for _, s := range d.Sections {
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	return ids
}

// Renderer renders markdown. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// reserved are ids, besides the templates' own, that no heading may
	// take (see Reserve).
	reserved map[string]bool
	// Timeout is the most time one page may take; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Limits on what one page may ask of the parser. goldmark needs seconds
// to minutes for some inputs well under the file size limit: 600 KB of
// "[a](<b" on one line took 17 s, 200 KB of "> " (200,000 nested quotes)
// 7 s. Long lines and deep nesting are refused up front with their line;
// whatever else is slow is stopped by the time limit.
const (
	MaxLineLength  = 32 << 10 // bytes in one line
	MaxNesting     = 32       // quotes and lists inside each other
	DefaultTimeout = 5 * time.Second
)

// New returns a Renderer with the extensions the knowledge base uses:
// tables, strikethrough, autolinks and citations. Raw HTML is not passed
// through.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(citationParser{}, 199)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(citationRenderer{}, 500), util.Prioritized(pictureRenderer{}, 500)),
		),
	)
	return &Renderer{md: md}
}

// Reserve returns a Renderer like r whose headings also never take one of
// ids: the build reserves the keys of the sources for the page that lists
// them under those ids. r itself is unchanged; both share the parser.
func (r *Renderer) Reserve(ids ...string) *Renderer {
	c := *r
	c.reserved = make(map[string]bool, len(r.reserved)+len(ids))
	for id := range r.reserved {
		c.reserved[id] = true
	}
	for _, id := range ids {
		c.reserved[id] = true
	}
	return &c
}

// reservedID reports whether a heading may not take id.
func (r *Renderer) reservedID(id string) bool { return r.reserved[id] || TemplateID(id) }

// Render parses and renders body, which starts at line bodyLine of file.
// Every problem (a broken link, an unknown citation, a forbidden URL) is
// returned as a diag error with its line; the Doc is returned as well.
func (r *Renderer) Render(file string, body []byte, bodyLine int, res Resolver) (*Doc, error) {
	if err := checkShape(file, body, bodyLine); err != nil {
		return &Doc{}, err
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	type result struct {
		doc *Doc
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := r.render(file, body, bodyLine, res)
		done <- result{doc, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case out := <-done:
		return out.doc, out.err
	case <-timer.C:
		// goldmark cannot be interrupted: its goroutine finishes on its
		// own and its result is dropped. The build or the server goes on.
		return &Doc{}, diag.New(file, bodyLine, 0, "het verwerken van deze pagina duurt te lang (meer dan %s); kijk of er ergens een heel lange regel, veel haakjes of diep geneste opsommingen of citaten staan", timeout)
	}
}

// looksLikeCitation reports a text node where a citation was meant but
// not recognised: "[@" in running text (not in code), for example a
// citation broken over two lines, which would show on the page as it was
// typed.
func looksLikeCitation(n *ast.Text, source []byte) bool {
	if _, code := n.Parent().(*ast.CodeSpan); code {
		return false
	}
	v := n.Segment.Value(source)
	if bytes.Contains(v, []byte("[@")) {
		return true
	}
	if len(v) > 0 && v[len(v)-1] == '[' {
		if next, ok := n.NextSibling().(*ast.Text); ok {
			return bytes.HasPrefix(next.Segment.Value(source), []byte("@"))
		}
	}
	return false
}

// checkShape refuses lines longer than MaxLineLength and quotes or lists
// nested deeper than MaxNesting, naming the line.
func checkShape(file string, body []byte, bodyLine int) error {
	var problems diag.List
	line := bodyLine
	for len(body) > 0 {
		end := bytes.IndexByte(body, '\n')
		if end < 0 {
			end = len(body)
		}
		l := body[:end]
		if len(l) > MaxLineLength {
			problems.Addf(file, line, 0, "deze regel is te lang (%d KB; de grens is %d KB): zet er regeleinden in", len(l)>>10, MaxLineLength>>10)
		} else if d := nesting(l); d > MaxNesting {
			problems.Addf(file, line, 0, "hier staan %d citaten of opsommingen in elkaar; de grens is %d", d, MaxNesting)
		}
		if end == len(body) {
			break
		}
		body = body[end+1:]
		line++
	}
	return problems.Err()
}

// nesting counts the block quote and list markers a line starts with.
func nesting(l []byte) int {
	depth := 0
	for {
		i := 0
		for i < len(l) && i < 3 && l[i] == ' ' {
			i++
		}
		if i >= len(l) {
			return depth
		}
		switch c := l[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				i = j + 2
			} else {
				return depth
			}
		default:
			return depth
		}
		depth++
		l = l[i:]
	}
}

func (r *Renderer) render(file string, body []byte, bodyLine int, res Resolver) (*Doc, error) {
	var problems diag.List
	lines := newLineIndex(body, bodyLine)
	root := r.md.Parser().Parse(text.NewReader(body))
	doc := &Doc{}
	// Every heading's slug is known before the first id is handed out, so
	// that a duplicate never takes the slug of a later heading.
	var slugs []string
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			slugs = append(slugs, headingSlug(h, body))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	ids := newAnchors(r.reservedID, slugs)
	heading := 0
	cited := map[string]bool{}
	// Nodes that must not reach the output are replaced by their text once
	// the walk is done: replacing a node during the walk would cut the walk
	// short.
	var replace []ast.Node
	var pictures [][2]ast.Node // an image and the checked picture in its place

	// Pass 1: give headings their anchors, resolve links and citations.
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.SetAttributeString("id", []byte(ids.next(slugs[heading])))
			heading++
		case *ast.Link:
			dest, problem := r.resolve(file, string(n.Destination), res, doc, lines.line(blockStart(n)))
			if problem != "" {
				line, col := lines.find(blockStart(n), n.Destination)
				problems.Addf(file, line, col, "%s", problem)
			}
			n.Destination = []byte(dest)
		case *ast.Image:
			pic, msgs := r.image(file, n, body, res)
			if len(msgs) > 0 {
				line, col := lines.find(blockStart(n), n.Destination)
				for _, msg := range msgs {
					problems.Addf(file, line, col, "%s", msg)
				}
				replace = append(replace, n)
				return ast.WalkSkipChildren, nil
			}
			pictures = append(pictures, [2]ast.Node{n, pic})
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			u := string(n.URL(body))
			if !safeExternal(u) && n.AutoLinkType != ast.AutoLinkEmail {
				line, col := lines.find(blockStart(n), n.URL(body))
				problems.Addf(file, line, col, "het adres %q is niet toegestaan: gebruik een adres dat begint met https://", u)
				replace = append(replace, n)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			// Dropped by the renderer; nothing to do.
		case *ast.Text:
			if looksLikeCitation(n, body) {
				line, col := lines.find(blockStart(n), []byte("[@"))
				problems.Addf(file, line, col, "dit lijkt een bronverwijzing, maar kb herkent hem niet en zou hem als gewone tekst tonen: schrijf [@sleutel] of [@sleutel1; @sleutel2] helemaal op één regel, met in de sleutel alleen letters, cijfers, - en _")
			}
		case *Citation:
			for _, key := range n.Keys {
				label, url, ok := res.Cite(file, key)
				if !ok {
					line, col := lines.find(blockStart(n), []byte("@"+key))
					problems.Addf(file, line, col, "de bron [@%s] staat niet in bronnen.yaml", key)
				}
				n.Labels = append(n.Labels, label)
				n.URLs = append(n.URLs, url)
				if !cited[key] {
					cited[key] = true
					doc.Citations = append(doc.Citations, key)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		problems.Addf(file, 0, 0, "de markdown kan niet verwerkt worden: %v", err)
		return doc, problems.Err()
	}

	for _, n := range replace {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString([]byte(plainText(n, body))))
	}
	for _, p := range pictures {
		p[0].Parent().ReplaceChild(p[0].Parent(), p[0], p[1])
	}

	// Pass 2: cut the document into sections and render each.
	cur := Section{}
	var buf bytes.Buffer
	var txt strings.Builder
	flush := func() {
		cur.HTML = template.HTML(buf.String())
		cur.Text = strings.TrimSpace(txt.String())
		doc.Sections = append(doc.Sections, cur)
		buf.Reset()
		txt.Reset()
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && (h.Level == 2 || h.Level == 3) {
			flush()
			id, _ := h.AttributeString("id")
			cur = Section{Heading: Heading{Level: h.Level, Title: plainText(h, body), ID: string(id.([]byte)), Line: lines.line(blockStart(h))}}
			continue
		}
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			problems.Addf(file, lines.line(blockStart(h)), 1, "gebruik geen kop met één # (de titel komt uit de front matter); begin met ## ")
		}
		if err := r.md.Renderer().Render(&buf, body, n); err != nil {
			problems.Addf(file, lines.line(blockStart(n)), 0, "kan dit deel niet weergeven: %v", err)
		}
		txt.WriteString(plainText(n, body))
		txt.WriteString("\n")
	}
	flush()
	if len(doc.Sections) > 0 && doc.Sections[0].Level == 0 && strings.TrimSpace(string(doc.Sections[0].HTML)) == "" {
		doc.Sections = doc.Sections[1:]
	}
	return doc, problems.Err()
}

// resolve applies the link policy to one destination.
func (r *Renderer) resolve(file, dest string, res Resolver, doc *Doc, line int) (string, string) {
	if dest == "" {
		return "", "deze link heeft geen adres"
	}
	if strings.HasPrefix(dest, "#") {
		doc.Links = append(doc.Links, Link{File: file, Line: line, URL: "", Fragment: dest[1:]})
		return dest, ""
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", "het adres " + quote(dest) + " is geen geldige link"
	}
	if u.Scheme != "" || strings.HasPrefix(dest, "//") {
		if safeExternal(dest) || strings.EqualFold(u.Scheme, "mailto") {
			return dest, ""
		}
		return "", "het adres " + quote(dest) + " is niet toegestaan: gebruik een adres dat begint met https:// of een pad naar een .md-bestand"
	}
	p, err := url.PathUnescape(u.Path)
	if err != nil {
		p = u.Path
	}
	target, problem := res.ResolveLink(file, p)
	if problem != "" {
		return "", problem
	}
	if u.Fragment != "" {
		doc.Links = append(doc.Links, Link{File: file, Line: line, URL: target, Fragment: u.Fragment})
		return target + "#" + u.Fragment, ""
	}
	return target, ""
}

func safeExternal(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// headingSlug is the anchor a heading's text asks for: its slug, or
// "sectie" when it has no letters or digits.
func headingSlug(h *ast.Heading, src []byte) string {
	if s := slug.Make(plainText(h, src)); s != "" {
		return s
	}
	return "sectie"
}

// plainText collects the text of a node and its children.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.CodeSpan:
			for k := c.FirstChild(); k != nil; k = k.NextSibling() {
				if t, ok := k.(*ast.Text); ok {
					b.Write(t.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *Citation:
			b.WriteString("(" + strings.Join(c.Labels, "; ") + ")")
		case *pictureNode:
			b.WriteString(c.Alt)
		}
		if c.Type() == ast.TypeBlock && c != n && c.PreviousSibling() != nil {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// blockStart returns the source offset of the nearest block that has
// lines: inline nodes have no position of their own.
func blockStart(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return -1
}

// lineIndex maps offsets in the body to lines in the file.
type lineIndex struct {
	src    []byte
	starts []int
	first  int
}

func newLineIndex(src []byte, firstLine int) *lineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts, first: firstLine}
}

func (l *lineIndex) lineCol(off int) (int, int) {
	if off < 0 {
		return 0, 0
	}
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return l.first + lo, off - l.starts[lo] + 1
}

func (l *lineIndex) line(off int) int { n, _ := l.lineCol(off); return n }

// find locates needle at or after from, for an exact line and column;
// it falls back to the line of from.
func (l *lineIndex) find(from int, needle []byte) (int, int) {
	if from >= 0 && len(needle) > 0 {
		if i := bytes.Index(l.src[from:], needle); i >= 0 {
			return l.lineCol(from + i)
		}
	}
	return l.line(from), 0
}

func quote(s string) string { return "“" + s + "”" }
