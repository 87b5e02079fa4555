package search

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkSortRun sorts one run of term-frequency keys shaped as Bleve
// writes them: field, term, document.
func BenchmarkSortRun(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var a arena
	var ents []entry
	for i := 0; i < 100000; i++ {
		term := fmt.Sprintf("%s%d", []string{"samenwerking", "huishouden", "vraag", "netwerkcirkel", "gezin", "professional"}[r.IntN(6)], r.IntN(500))
		key := append([]byte{'t', byte(r.IntN(4)), 0}, term...)
		key = append(key, 0xff)
		key = append(key, strconv.FormatInt(int64(r.IntN(10000)), 36)...)
		kp, _ := a.add(key)
		vp, _ := a.add([]byte{1, 2, 3})
		ents = append(ents, entry{kp: kp, vp: vp, kl: uint32(len(key)), vl: 3})
	}
	b.ResetTimer()
	for b.Loop() {
		sortEntries(&a, ents, len(ents))
	}
}
