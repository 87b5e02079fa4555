package diagram

import (
	"fmt"
	"html/template"
	"strconv"
)

// Group is a named list of what connects to a page ("Voorbeelden").
type Group struct {
	Name  string
	Items []string
	// None is said in the description when Items is empty ("Er is nog
	// geen voorbeeld bij dit element"); the drawing leaves the group out.
	None string
}

// Place is an element's place among all elements: a row of dots, one per
// element, with this one marked; below it the element, and as branches of
// a tree the groups of what connects to it (examples, tools).
type Place struct {
	Figure
	Title    string // the element
	Number   int    // its number, from 1
	Total    int    // how many elements there are
	Noun     string // what the elements are called: "element"
	Groups   []Group
	MaxItems int // the most items a group draws; the rest is counted
}

// MaxDots is the most elements the row of dots shows; above it the
// drawing says the number only.
const MaxDots = 40

// SVG draws the place.
func (d Place) SVG() template.HTML {
	const (
		size, itemSize = 16, 14
		trunk, branch  = 26.0, 50.0
		itemX          = 66.0
		leading        = 18.0
	)
	var c canvas
	cx := Width / 2.0
	y := 10.0
	if d.Total <= MaxDots && d.Total > 0 {
		sp := min(20, (Width-20.0)/float64(d.Total))
		r := min(6, sp/2-2)
		for i := range d.Total {
			x := cx + (float64(i)-float64(d.Total-1)/2)*sp
			if i+1 == d.Number {
				c.circle(x, y+9, r+3, "d-fill", true)
			} else {
				c.circle(x, y+9, r, "d-dot", false)
			}
		}
		y += 22
	}
	c.text(cx, y+14, 13, "middle", "d-muted", d.numberText())
	y += 26

	title := Font{Size: size, Bold: true}.Wrap(d.Title, Width-36, 3)
	boxH := 18 + 20*float64(len(title))
	c.rect(10, y, Width-20, boxH, 8, "d-box d-main")
	c.lines(cx, y+9+15, size, 20, "middle", "d-label d-strong", title)
	y += boxH
	boxBottom := y

	var groupYs []float64
	for _, g := range d.Groups {
		if len(g.Items) == 0 {
			continue
		}
		y += 24
		groupYs = append(groupYs, y)
		c.line(trunk, y, trunk+14, y, "d-line")
		c.text(trunk+20, y+5, 15, "start", "d-label d-strong", fmt.Sprintf("%s (%d)", g.Name, len(g.Items)))
		items, rest := d.shown(g)
		var itemYs []float64
		for _, it := range items {
			y += 22
			itemYs = append(itemYs, y)
			ls := Font{Size: itemSize}.Wrap(it, Width-itemX-6, 3)
			c.line(branch, y, itemX-6, y, "d-line")
			c.lines(itemX, y+5, itemSize, leading, "start", "d-label", ls)
			y += leading * float64(len(ls)-1)
		}
		if rest > 0 {
			y += 22
			itemYs = append(itemYs, y)
			c.line(branch, y, itemX-6, y, "d-line")
			c.text(itemX, y+5, itemSize, "start", "d-muted", fmt.Sprintf("en nog %d", rest))
		}
		c.line(branch, groupYs[len(groupYs)-1]+9, branch, itemYs[len(itemYs)-1], "d-line")
	}
	if len(groupYs) > 0 {
		c.line(trunk, boxBottom, trunk, groupYs[len(groupYs)-1], "d-line")
	}
	return figure(d.Figure, "plaats", y+14, d.desc(), &c)
}

// shown are the items a group draws and how many it leaves out.
func (d Place) shown(g Group) ([]string, int) {
	if d.MaxItems > 0 && len(g.Items) > d.MaxItems {
		return g.Items[:d.MaxItems-1], len(g.Items) - (d.MaxItems - 1)
	}
	return g.Items, 0
}

func (d Place) numberText() string {
	noun := d.Noun
	if noun == "" {
		noun = "element"
	}
	return noun + " " + strconv.Itoa(d.Number) + " van " + strconv.Itoa(d.Total)
}

// desc says in words what the drawing shows: every item, also those the
// drawing leaves out.
func (d Place) desc() string {
	out := sentence(d.Title + " is " + d.numberText())
	for _, g := range d.Groups {
		if len(g.Items) == 0 {
			if g.None != "" {
				out += " " + sentence(g.None)
			}
			continue
		}
		out += fmt.Sprintf(" %s (%d): %s", g.Name, len(g.Items), sentence(list(g.Items)))
	}
	return out
}
