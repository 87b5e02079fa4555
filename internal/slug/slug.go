// Package slug turns titles and headings into URL-safe names, and says
// whether a given name is one.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Valid reports whether s is a slug: one or more of a-z, 0-9 and '-', not
// starting or ending with '-'.
func Valid(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Make turns text into a slug: lower case, diacritics removed
// ("Continuïteit" → "continuiteit"), every run of other characters a
// single '-'. It returns "" for text with no letters or digits.
func Make(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(text)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining mark: the accent of the letter before it
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == 'ß':
			b.WriteString("ss")
		default:
			dash = true
		}
	}
	return b.String()
}

// Fold lower-cases text and removes diacritics, keeping everything else:
// "Cliënt" → "client". Search and comparisons use it.
func Fold(text string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(text)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
