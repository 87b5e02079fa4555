package diagram

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
)

// Rings are circles of closeness around a person: the person in the
// middle, Rings around them from close to far, the whole divided into
// Sectors (the parts of someone's life) named around the outside.
type Rings struct {
	Figure
	Center string
	Rings  []string // from the inside out
	// Sectors are named clockwise from the top left.
	Sectors []string
	// Lead opens the description, e.g. that the drawing is the editors'.
	Lead string
}

// SVG draws the rings.
func (d Rings) SVG() template.HTML {
	const (
		outer, inner = 140.0, 34.0
		size         = 14
		leading      = 17.0
	)
	var c canvas
	cx := Width / 2.0

	// The sector names, above and below the circle, at the middle of
	// their sector.
	type label struct {
		x     float64
		lines []string
		up    bool
	}
	var labels []label
	upH, downH := 0.0, 0.0
	n := len(d.Sectors)
	for i, s := range d.Sectors {
		a := sectorAngle(i, n) + math.Pi/float64(n)
		up := math.Sin(a) < 0
		x := cx + math.Cos(a)*outer*0.72
		w := 150.0
		if n > 0 && math.Abs(math.Cos(a)) < 0.2 { // straight above or below: the whole width
			w = Width - 20
		}
		ls := Font{Size: size, Bold: true}.Wrap(s, w, 2)
		h := leading * float64(len(ls))
		if up {
			upH = math.Max(upH, h)
		} else {
			downH = math.Max(downH, h)
		}
		labels = append(labels, label{x: x, lines: ls, up: up})
	}
	cy := 10 + upH + 12 + outer
	for _, l := range labels {
		y := cy + outer + 12 + 13
		if l.up {
			y = cy - outer - 12 - leading*float64(len(l.lines)-1) - 4
		}
		c.lines(l.x, y, size, leading, "middle", "d-label d-strong", l.lines)
	}

	// The rings, the dividing lines, the person in the middle.
	nr := len(d.Rings)
	radius := func(k int) float64 { // the outer edge of ring k
		return inner + (outer-inner)*float64(k+1)/float64(max(nr, 1))
	}
	for k := nr - 1; k >= 0; k-- {
		c.circle(cx, cy, radius(k), "d-box", false)
	}
	if nr == 0 {
		c.circle(cx, cy, outer, "d-box", false)
	}
	for i := range n {
		a := sectorAngle(i, n)
		c.line(cx+math.Cos(a)*inner, cy+math.Sin(a)*inner, cx+math.Cos(a)*outer, cy+math.Sin(a)*outer, "d-line d-thin")
	}
	c.circle(cx, cy, inner, "d-fill", true)
	c.text(cx, cy+4.5, 13, "middle", "d-on-fill d-strong", d.Center)

	// Each ring's name on an arc over the top, halfway between its edges.
	if nr > 0 {
		c.printf("<defs>\n")
		for k := range nr {
			r := (radius(k) + radius(k-1)) / 2
			if k == 0 {
				r = (radius(0) + inner) / 2
			}
			a := 0.17 // the arc leaves 10 degrees free at either end
			c.printf(`<path id="%s-ring-%c" d="M%s %sA%s %s 0 0 1 %s %s"/>`+"\n", esc(d.ID), 'a'+k,
				num(cx-r*math.Cos(a)), num(cy-r*math.Sin(a)), num(r), num(r), num(cx+r*math.Cos(a)), num(cy-r*math.Sin(a)))
		}
		c.printf("</defs>\n")
		for k, name := range d.Rings {
			c.printf(`<text font-size="12" text-anchor="middle" dominant-baseline="central" class="d-muted d-halo"><textPath href="#%s-ring-%c" startOffset="50%%">%s</textPath></text>`+"\n",
				esc(d.ID), 'a'+k, esc(name))
		}
	}
	return figure(d.Figure, "ringen", cy+outer+12+downH+8, d.desc(), &c)
}

// sectorAngle is the direction of the line before sector i of n:
// clockwise from straight left, so that four sectors are the four
// quarters, the first one top left.
func sectorAngle(i, n int) float64 {
	return -math.Pi + 2*math.Pi*float64(i)/float64(n)
}

// desc says in words what the drawing shows.
func (d Rings) desc() string {
	out := ""
	if d.Lead != "" {
		out = sentence(d.Lead) + " "
	}
	out += "In het midden: " + sentence(d.Center)
	if len(d.Rings) > 0 {
		out += fmt.Sprintf(" Daaromheen %s cirkels, van binnen naar buiten: %s", strconv.Itoa(len(d.Rings)), sentence(list(d.Rings)))
	}
	if len(d.Sectors) > 0 {
		out += " De cirkels zijn verdeeld in vakken: " + sentence(list(d.Sectors))
	}
	return out
}
