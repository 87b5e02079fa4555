// Command kbcompress writes FILE.gz and FILE.br beside each FILE, at the
// best compression. make uses it once for the search engine's WebAssembly,
// which changes far less often than the content (brotli at quality 11
// takes half a minute for it).
package main

import (
	"fmt"
	"os"

	"github.com/werkzame-elementen/kb/internal/precompress"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "gebruik: kbcompress BESTAND...")
		os.Exit(2)
	}
	for _, f := range os.Args[1:] {
		data, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(f+".gz", precompress.Gzip(data), 0o644)
		}
		if err == nil {
			err = os.WriteFile(f+".br", precompress.Brotli(data, 11), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "kbcompress:", err)
			os.Exit(1)
		}
	}
}
