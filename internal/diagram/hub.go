package diagram

import (
	"html/template"
	"math"
)

// Node is one labelled shape of a diagram.
type Node struct {
	Label string
	// Note is a short remark under the label ("leidend", "toegevoegd").
	Note string
	// Dashed draws the node's outline dashed, to set it apart (e.g. a
	// later addition).
	Dashed bool
}

func (n Node) String() string {
	if n.Note == "" {
		return n.Label
	}
	return n.Label + " (" + n.Note + ")"
}

// Hub is a centre with what serves it: the centre as a circle, the others
// in a row above and a row below it, each with an arrow to the centre.
type Hub struct {
	Figure
	Center Node
	Around []Node
	// Relation says in words what the arrows mean, as the start of a
	// sentence that the nodes around complete: "Ten dienste daarvan staan".
	Relation string
}

// SVG draws the hub.
func (d Hub) SVG() template.HTML {
	const (
		size, noteSize = 14, 13
		leading        = 18.0
		radius         = 66.0
		space          = 34.0 // between a row and the centre
	)
	var c canvas
	topN := (len(d.Around) + 1) / 2
	rows := [][]Node{d.Around[:topN], d.Around[topN:]}

	type placed struct {
		x, y, w, h float64
		label      []string
		node       Node
	}
	layoutRow := func(nodes []Node, y float64) ([]placed, float64) {
		if len(nodes) == 0 {
			return nil, 0
		}
		col := (Width - 20.0) / float64(len(nodes))
		var out []placed
		tallest := 0.0
		for i, n := range nodes {
			w := col - 12
			label := Font{Size: size, Bold: true}.Wrap(n.Label, w-8, 2)
			h := 16 + leading*float64(len(label))
			if n.Note != "" {
				h += 16
			}
			tallest = math.Max(tallest, h)
			out = append(out, placed{x: 10 + col*float64(i) + 6, y: y, w: w, label: label, node: n})
		}
		for i := range out {
			out[i].h = tallest
		}
		return out, tallest
	}
	top, topH := layoutRow(rows[0], 10)
	cy := 10 + topH + space + radius
	if topH == 0 {
		cy = 10 + radius
	}
	bottom, bottomH := layoutRow(rows[1], cy+radius+space)
	height := cy + radius + 10
	if bottomH > 0 {
		height = cy + radius + space + bottomH + 10
	}
	cx := Width / 2.0

	drawNode := func(p placed, below bool) {
		class := "d-box"
		if p.node.Dashed {
			class += " d-dashed"
		}
		c.rect(p.x, p.y, p.w, p.h, 8, class)
		textH := leading * float64(len(p.label))
		if p.node.Note != "" {
			textH += 16
		}
		first := p.y + (p.h-textH)/2 + 14
		c.lines(p.x+p.w/2, first, size, leading, "middle", "d-label d-strong", p.label)
		if p.node.Note != "" {
			c.text(p.x+p.w/2, first+leading*float64(len(p.label))-2, noteSize, "middle", "d-muted", p.node.Note)
		}
		// The arrow from the edge of the box to the edge of the circle.
		sx, sy := p.x+p.w/2, p.y+p.h
		if below {
			sy = p.y
		}
		dx, dy := cx-sx, cy-sy
		n := math.Hypot(dx, dy)
		c.arrow(sx, sy, cx-dx/n*(radius+3), cy-dy/n*(radius+3), "d-line")
	}
	for _, p := range top {
		drawNode(p, false)
	}
	for _, p := range bottom {
		drawNode(p, true)
	}

	class := "d-box d-main"
	if d.Center.Dashed {
		class += " d-dashed"
	}
	c.circle(cx, cy, radius, class, false)
	label := Font{Size: 16, Bold: true}.Wrap(d.Center.Label, 2*radius-20, 3)
	textH := 19 * float64(len(label))
	if d.Center.Note != "" {
		textH += 16
	}
	first := cy - textH/2 + 14
	c.lines(cx, first, 16, 19, "middle", "d-label d-strong", label)
	if d.Center.Note != "" {
		c.text(cx, first+19*float64(len(label))-3, noteSize, "middle", "d-muted", d.Center.Note)
	}
	return figure(d.Figure, "hub", height, d.desc(), &c)
}

// desc says in words what the drawing shows.
func (d Hub) desc() string {
	var around []string
	for _, n := range d.Around {
		around = append(around, n.String())
	}
	out := "In het midden: " + sentence(d.Center.String())
	if len(around) > 0 {
		out += " " + d.Relation + ": " + sentence(list(around))
	}
	return out
}
