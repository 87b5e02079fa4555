// Package diagram draws the knowledge base's diagrams as inline SVG from
// data: steps that form a cycle, a centre with what serves it, circles of
// closeness around a person, and an element's place among the others. It
// only computes markup, with no I/O: the build decides which page shows
// which diagram, the style sheet colours it with the theme's variables.
//
// Every diagram is a <figure> holding an <svg role="img"> whose <title> and
// <desc> say in words what the drawing shows; the description is written
// from the same data as the drawing, so the two cannot disagree. The
// drawings are narrow (320 units wide) so that their text stays legible
// when the figure is scaled down to a 320 px screen, and they need no
// script, no image file and no font of their own.
package diagram

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Width is the width of every drawing in SVG units; the style sheet scales
// the drawing to the width of the page, up to a maximum.
const Width = 320

// Figure is what every diagram has besides its drawing.
type Figure struct {
	// ID is unique on the page; the title and the description get the ids
	// ID+"-titel" and ID+"-uitleg".
	ID string
	// Title names the diagram (the accessible name of the drawing).
	Title string
	// Caption, when set, is shown under the drawing, e.g. that it is the
	// editors' illustration.
	Caption string
}

// canvas collects the shapes of one drawing.
type canvas struct {
	b strings.Builder
}

// num writes a coordinate: rounded to a tenth, without trailing zeros,
// so that the same data always gives the same bytes.
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// rect draws a rectangle with rounded corners.
func (c *canvas) rect(x, y, w, h, r float64, class string) {
	c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s" class="%s" fill="none" stroke="currentColor"/>`+"\n",
		num(x), num(y), num(w), num(h), num(r), class)
}

// circle draws a circle; filled ones take the text colour unless the
// style sheet says otherwise.
func (c *canvas) circle(x, y, r float64, class string, filled bool) {
	paint := `fill="none" stroke="currentColor"`
	if filled {
		paint = `fill="currentColor"`
	}
	c.printf(`<circle cx="%s" cy="%s" r="%s" class="%s" %s/>`+"\n", num(x), num(y), num(r), class, paint)
}

// line draws a straight line.
func (c *canvas) line(x1, y1, x2, y2 float64, class string) {
	c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s" stroke="currentColor"/>`+"\n", num(x1), num(y1), num(x2), num(y2), class)
}

// path draws an open path, e.g. a line with corners.
func (c *canvas) path(d, class string) {
	c.printf(`<path d="%s" class="%s" fill="none" stroke="currentColor"/>`+"\n", d, class)
}

// arrow draws a line from (x1,y1) to (x2,y2) with its head at the end. The
// head is a small triangle of its own, not an SVG marker: markers need ids,
// and two diagrams on one page must not share one.
func (c *canvas) arrow(x1, y1, x2, y2 float64, class string) {
	dx, dy := x2-x1, y2-y1
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	ux, uy := dx/n, dy/n
	const long, half = 9, 5
	bx, by := x2-ux*long, y2-uy*long
	c.line(x1, y1, bx+ux, by+uy, class)
	c.printf(`<path d="M%s %sL%s %sL%s %sZ" class="d-head" fill="currentColor"/>`+"\n",
		num(x2), num(y2), num(bx-uy*half), num(by+ux*half), num(bx+uy*half), num(by-ux*half))
}

// text writes one line of text; anchor is "start", "middle" or "end".
func (c *canvas) text(x, y float64, size int, anchor, class, s string) {
	c.printf(`<text x="%s" y="%s" font-size="%d" text-anchor="%s" class="%s">%s</text>`+"\n", num(x), num(y), size, anchor, class, esc(s))
}

// lines writes lines of text one under the other, the first baseline at y.
func (c *canvas) lines(x, y float64, size int, leading float64, anchor, class string, ls []string) {
	for i, l := range ls {
		c.text(x, y+float64(i)*leading, size, anchor, class, l)
	}
}

// figure wraps the shapes in the figure and the svg element with the text
// alternative. kind names the diagram in the figure's class.
func figure(f Figure, kind string, height float64, desc string, c *canvas) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="diagram diagram-%s">`+"\n", kind)
	fmt.Fprintf(&b, `<svg class="diagram-svg" viewBox="0 0 %d %s" role="img" aria-labelledby="%s-titel" aria-describedby="%s-uitleg" xmlns="http://www.w3.org/2000/svg">`+"\n",
		Width, num(height), esc(f.ID), esc(f.ID))
	fmt.Fprintf(&b, `<title id="%s-titel">%s</title>`+"\n", esc(f.ID), esc(f.Title))
	fmt.Fprintf(&b, `<desc id="%s-uitleg">%s</desc>`+"\n", esc(f.ID), esc(desc))
	b.WriteString(c.b.String())
	b.WriteString("</svg>\n")
	if f.Caption != "" {
		fmt.Fprintf(&b, "<figcaption>%s</figcaption>\n", esc(f.Caption))
	}
	b.WriteString("</figure>")
	return template.HTML(b.String())
}

// list joins items the Dutch way: "a, b en c". When an item itself holds
// " en " ("vrienden en buren"), items are separated by semicolons instead,
// so that the list cannot be misread.
func list(items []string) string {
	sep := ", "
	for _, it := range items {
		if strings.Contains(it, " en ") || strings.Contains(it, ",") {
			sep = "; "
		}
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	if sep == "; " {
		return strings.Join(items, sep)
	}
	return strings.Join(items[:len(items)-1], sep) + " en " + items[len(items)-1]
}

// sentence ends s with a full stop unless it ends with one already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
