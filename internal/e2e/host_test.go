package e2e

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// staticHost serves dir under base as a static host that knows the
// precompressed siblings does (nginx with brotli_static and gzip_static,
// Netlify, Cloudflare): the .br file when the browser accepts br, else the
// .gz file when it accepts gzip, else the file; a range of the file
// itself; 404.html for what does not exist or is in hidden. Requests are
// counted by path.
func staticHost(tb testing.TB, dir string, hidden func(path string) bool) *httptest.Server {
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			p = filepath.Join(p, "index.html")
		}
		if _, err := os.Stat(p); err != nil || (hidden != nil && hidden(r.URL.Path)) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(b)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Vary", "Accept-Encoding")
		if ct := mime.TypeByExtension(filepath.Ext(p)); ct != "" {
			w.Header().Set("Content-Type", ct)
		} else {
			w.Header().Set("Content-Type", "application/octet-stream")
		}
		if r.Header.Get("Range") == "" {
			accept := r.Header.Get("Accept-Encoding")
			for _, enc := range []struct{ token, ext, name string }{{"br", ".br", "br"}, {"gzip", ".gz", "gzip"}} {
				if !acceptsEncoding(accept, enc.token) || !exists(p+enc.ext) {
					continue
				}
				w.Header().Set("Content-Encoding", enc.name)
				http.ServeFile(w, r, p+enc.ext)
				return
			}
		}
		http.ServeFile(w, r, p)
	})))
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), token) && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
