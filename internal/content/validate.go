package content

import (
	"github.com/werkzame-elementen/kb/internal/diag"
)

// Validate checks what no single file can check on its own: that every
// element an example or tool names exists, that every tool an example names
// exists, that an example's source is in the list of sources, and that
// order numbers of elements are unique. It reports every problem.
func Validate(site *Site) error {
	var problems diag.List
	// checkRefs reports each name in the list that does not exist, and
	// each name that is in it more than once, once each; past maxProblems
	// of them it counts the rest in one line.
	checkRefs := func(p *Page, kind Kind, key string, slugs []string) {
		line := frontMatterLine(p, key)
		times := map[string]int{}
		var names []string // each name once, in the list's order
		for _, s := range slugs {
			if times[s] == 0 {
				names = append(names, s)
			}
			times[s]++
		}
		reported, more := 0, 0
		report := func(format string, args ...any) {
			if reported == maxProblems {
				more++
				return
			}
			reported++
			problems.Addf(p.File, line, 0, format, args...)
		}
		for _, s := range names {
			if site.Lookup(kind, s) == nil {
				if reported == maxProblems {
					more++ // no suggestion looked up for what is not shown
				} else {
					report("%s %q bestaat niet (in '%s')%s", kind.Label(false), s, key, suggest(site, kind, s))
				}
			}
			if n := times[s]; n > 1 {
				report("%q staat %s keer in '%s'", s, timesText(n), key)
			}
		}
		if more > 0 {
			problems.Addf(p.File, line, 0, "… en nog %s %s in '%s'", thousands(more), plural(more, "fout", "fouten"), key)
		}
	}
	for _, p := range site.Examples {
		if len(p.Meta.Elementen) == 0 && frontMatterLine(p, "elementen") > 0 { // a missing key is reported by Load
			problems.Addf(p.File, frontMatterLine(p, "elementen"), 0, "noem minstens één element in 'elementen', bijvoorbeeld [vraagverheldering]")
		}
		checkRefs(p, Element, "elementen", p.Meta.Elementen)
		checkRefs(p, Tool, "hulpmiddelen", p.Meta.Hulpmiddelen)
		if p.Meta.Bron != "" {
			if _, ok := site.Source(p.Meta.Bron); !ok {
				problems.Addf(p.File, frontMatterLine(p, "bron"), 0, "de bron %q staat niet in %s", p.Meta.Bron, SourcesFile)
			}
		}
	}
	for _, p := range site.Tools {
		checkRefs(p, Element, "elementen", p.Meta.Elementen)
	}
	orders := map[int]*Page{}
	for _, p := range site.Elements {
		if other, dup := orders[p.Meta.Order]; dup {
			problems.Addf(p.File, frontMatterLine(p, "order"), 0, "order %d wordt ook gebruikt door %s", p.Meta.Order, other.File)
		}
		orders[p.Meta.Order] = p
	}
	return problems.Err()
}

// timesText says how many times, in words for two.
func timesText(n int) string {
	if n == 2 {
		return "twee"
	}
	return thousands(n)
}

// suggest proposes the nearest existing slug of the kind, for messages.
func suggest(site *Site, kind Kind, s string) string {
	var slugs []string
	for _, p := range site.AllPages() {
		if p.Kind == kind {
			slugs = append(slugs, p.Slug)
		}
	}
	if near := nearest(s, slugs); near != "" {
		return "; bedoel je " + near + "?"
	}
	return ""
}

// frontMatterLine finds the line of a front-matter key in the page's
// source, for messages; 0 when unknown. The loader keeps only the body, so
// it counts back from the body's first line.
func frontMatterLine(p *Page, key string) int {
	return p.keyLines[key]
}

// ExamplesFor returns the examples that name the element, in site order.
func (s *Site) ExamplesFor(element string) []*Page { return s.referrers(Example, Element, element) }

// ToolsFor returns the tools that name the element, in site order.
func (s *Site) ToolsFor(element string) []*Page { return s.referrers(Tool, Element, element) }

// ExamplesUsingTool returns the examples that name the tool, in site order.
func (s *Site) ExamplesUsingTool(tool string) []*Page { return s.referrers(Example, Tool, tool) }

// referrers answers "which pages of kind from name this target?" from an
// index built once over all front matter, so the cost stays linear in the
// number of pages.
func (s *Site) referrers(from, kind Kind, target string) []*Page {
	s.refsOnce.Do(func() {
		s.refs = map[string][]*Page{}
		add := func(p *Page, kind Kind, slugs []string) {
			for _, t := range slugs {
				k := string(p.Kind) + ">" + string(kind) + "/" + t
				s.refs[k] = append(s.refs[k], p)
			}
		}
		for _, p := range append(append([]*Page(nil), s.Examples...), s.Tools...) {
			add(p, Element, p.Meta.Elementen)
			add(p, Tool, p.Meta.Hulpmiddelen)
		}
	})
	return s.refs[string(from)+">"+string(kind)+"/"+target]
}
