// Package spelling finds the word an editor probably meant: it measures
// how far two words are apart and picks the nearest of a list, for
// messages such as "onbekende sleutel 'titel'; bedoel je 'title'?".
package spelling

import "strings"

// Distance is the number of single-letter insertions, deletions and
// substitutions that turn a into b (Levenshtein distance, on runes).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns the candidate closest to s, ignoring case, when it is at
// most maxDist edits away; otherwise "". Ties go to the earlier candidate.
func Nearest(s string, candidates []string, maxDist int) string {
	best, bestD := "", maxDist+1
	for _, c := range candidates {
		if d := Distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
