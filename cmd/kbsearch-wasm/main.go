//go:build js && wasm

// Command kbsearch-wasm is the site's search engine for the browser: the
// same internal/search package that kb build and kb search use, compiled to
// WebAssembly. It gives JavaScript two functions:
//
//	kbSearchLoad(bytes Uint8Array) -> "" or an error message
//	kbSearch(query string, options JSON string) -> JSON of search.Result
//
// and then waits for calls for as long as the page lives.
package main

import (
	"encoding/json"
	"runtime/debug"
	"syscall/js"

	"github.com/werkzame-elementen/kb/internal/search"
)

var ix *search.Index

func main() {
	// The heap here is small (the index and one query's garbage), and a
	// collection in the browser stops everything: collect less often.
	debug.SetGCPercent(400)
	js.Global().Set("kbSearchLoad", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 {
			return "kbSearchLoad verwacht één Uint8Array"
		}
		data := make([]byte, args[0].Get("length").Int())
		js.CopyBytesToGo(data, args[0])
		var err error
		if ix, err = search.Open(data); err != nil {
			return err.Error()
		}
		return ""
	}))
	js.Global().Set("kbSearch", js.FuncOf(func(this js.Value, args []js.Value) any {
		if ix == nil {
			return `{"error":"de zoekindex is nog niet geladen"}`
		}
		var req search.Request
		if len(args) > 1 && args[1].Type() == js.TypeString {
			if err := json.Unmarshal([]byte(args[1].String()), &req); err != nil {
				return errorJSON(err)
			}
		}
		if len(args) > 0 {
			req.Query = args[0].String()
		}
		res, err := ix.Search(req)
		if err != nil {
			return errorJSON(err)
		}
		out, err := json.Marshal(res)
		if err != nil {
			return errorJSON(err)
		}
		return string(out)
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("kbsearchready"))
	select {}
}

func errorJSON(err error) string {
	b, _ := json.Marshal(map[string]string{"error": err.Error()})
	return string(b)
}
