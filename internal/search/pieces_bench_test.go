package search

import (
	"fmt"
	"testing"
)

// BenchmarkPieces1000 measures making the reader's pieces of an index of
// 1,000 units (open included).
func BenchmarkPieces1000(b *testing.B) {
	docs := make([]Doc, 1000)
	for i := range docs {
		d := corpus[i%len(corpus)]
		d.URL = fmt.Sprintf("%s%d", d.URL, i)
		d.Text = fmt.Sprintf("%s woord%d tekst%d", d.Text, i%97, i%13)
		docs[i] = d
	}
	data, err := Build(docs, synonyms)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := Open(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Pieces(); err != nil {
			b.Fatal(err)
		}
	}
}
