package diagram

import (
	"strings"
	"unicode"
)

// Font is the size and weight of a piece of text. The drawings have no
// font of their own: the text is set in the reader's sans-serif, which the
// build cannot measure. Width estimates from the proportions of a wide
// one (DejaVu Sans, the default on many Linux desktops), so that text laid
// out with it fits in the narrower common fonts as well.
type Font struct {
	Size int
	Bold bool
}

// Width is the estimated width of s in SVG units.
func (f Font) Width(s string) float64 {
	em := 0.0
	for _, r := range s {
		em += runeWidth(r)
	}
	if f.Bold {
		em *= 1.1
	}
	return em * float64(f.Size)
}

// runeWidth is the width of r in ems.
func runeWidth(r rune) float64 {
	switch {
	case strings.ContainsRune("iljı.,:;'!|ïíìî", r):
		return 0.3
	case strings.ContainsRune("ft()[]", r):
		return 0.4
	case r == 'r':
		return 0.42
	case r == ' ':
		return 0.32
	case strings.ContainsRune("mw", r):
		return 0.95
	case strings.ContainsRune("MW—", r):
		return 0.95
	case r == '–':
		return 0.5
	case unicode.IsDigit(r):
		return 0.64
	case unicode.IsUpper(r):
		return 0.74
	}
	return 0.62
}

// Wrap breaks s into lines no wider than width, at spaces. A word wider
// than width gets a line of its own. When more than maxLines lines are
// needed, the last one ends in "…".
func (f Font) Wrap(s string, width float64, maxLines int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line == "" || f.Width(try) <= width {
			line = try
			continue
		}
		out = append(out, line)
		line = w
	}
	if line != "" {
		out = append(out, line)
	}
	if maxLines > 0 && len(out) > maxLines {
		last := out[maxLines-1]
		for last != "" && f.Width(last+" …") > width {
			i := strings.LastIndexByte(last, ' ')
			if i < 0 {
				break
			}
			last = last[:i]
		}
		out = append(out[:maxLines-1], last+" …")
	}
	return out
}
