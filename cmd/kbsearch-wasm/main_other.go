//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains how this command is built: it only runs in a browser.
func main() {
	fmt.Fprintln(os.Stderr, "kbsearch-wasm draait in de browser: bouw met GOOS=js GOARCH=wasm (make wasm)")
	os.Exit(2)
}
