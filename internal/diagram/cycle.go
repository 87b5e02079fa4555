package diagram

import (
	"fmt"
	"html/template"
	"strconv"
)

// Cycle is a process of steps one after the other, whose last step leads
// back to earlier ones: drawn as numbered boxes from top to bottom, with
// arrows down and a line from the last box back up to the steps in Back.
type Cycle struct {
	Figure
	Steps []string
	// Back are the numbers (from 1) of the steps the last step leads back
	// to; none draws no way back.
	Back []int
}

// SVG draws the cycle.
func (d Cycle) SVG() template.HTML {
	const (
		left, right = 10.0, 240.0 // the boxes
		loop        = 282.0       // the line back
		gap         = 22.0
		size        = 16
		leading     = 20.0
		labelX      = 54.0
	)
	var c canvas
	top := make([]float64, len(d.Steps))
	height := make([]float64, len(d.Steps))
	labels := make([][]string, len(d.Steps))
	y := 10.0
	for i, s := range d.Steps {
		labels[i] = Font{Size: size}.Wrap(s, right-labelX-8, 2)
		top[i], height[i] = y, 20+leading*float64(len(labels[i]))
		y += height[i] + gap
	}
	mid := func(i int) float64 { return top[i] + height[i]/2 }
	for i := range d.Steps {
		c.rect(left, top[i], right-left, height[i], 6, "d-box")
		c.circle(32, mid(i), 13, "d-fill", true)
		c.text(32, mid(i)+5, 14, "middle", "d-on-fill d-strong", strconv.Itoa(i+1))
		first := mid(i) + 6 - leading*float64(len(labels[i])-1)/2
		c.lines(labelX, first, size, leading, "start", "d-label", labels[i])
		if i+1 < len(d.Steps) {
			c.arrow((left+right)/2, top[i]+height[i], (left+right)/2, top[i+1], "d-line")
		}
	}
	back := d.back()
	if len(back) > 0 {
		last := len(d.Steps) - 1
		highest := back[0]
		for _, b := range back {
			highest = min(highest, b)
		}
		c.path(fmt.Sprintf("M%s %sH%sV%s", num(right), num(mid(last)), num(loop), num(mid(highest))), "d-line")
		for _, b := range back {
			c.arrow(loop, mid(b), right+1, mid(b), "d-line")
		}
		// The label runs up along the line back, right of it.
		ly := (mid(highest) + mid(last)) / 2
		c.printf(`<text x="%s" y="%s" font-size="13" text-anchor="middle" class="d-muted" transform="rotate(-90 %s %s)">%s</text>`+"\n",
			num(loop+17), num(ly), num(loop+17), num(ly), esc(d.backLabel()))
	}
	return figure(d.Figure, "cyclus", y-gap+10, d.desc(), &c)
}

// back are the valid indexes (from 0) of the steps the last leads back to.
func (d Cycle) back() []int {
	var out []int
	for _, n := range d.Back {
		if n >= 1 && n < len(d.Steps) {
			out = append(out, n-1)
		}
	}
	return out
}

func (d Cycle) backNumbers() []string {
	var out []string
	for _, i := range d.back() {
		out = append(out, strconv.Itoa(i+1))
	}
	return out
}

// backLabel is the label on the line back: "terug naar stap 1, 2 of 3".
func (d Cycle) backLabel() string {
	ns := d.backNumbers()
	if len(ns) == 1 {
		return "terug naar stap " + ns[0]
	}
	return "terug naar stap " + joinOr(ns)
}

func joinOr(items []string) string {
	s := ""
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			s += " of "
		default:
			s += ", "
		}
		s += it
	}
	return s
}

// desc says in words what the drawing shows.
func (d Cycle) desc() string {
	var steps []string
	for i, s := range d.Steps {
		steps = append(steps, fmt.Sprintf("%d %s", i+1, s))
	}
	out := fmt.Sprintf("%d stappen na elkaar: %s.", len(d.Steps), list(steps))
	if len(d.back()) > 0 {
		out += fmt.Sprintf(" Na stap %d gaat het waar nodig %s, en zo verder in een cyclus.", len(d.Steps), d.backLabel())
	}
	return out
}
