// Package serve is the editors' loop: it builds the site into memory,
// serves it on a loopback address, watches the content and templates
// directories, rebuilds after every save and tells open browser tabs to
// reload (Server-Sent Events); a save of the templates' static files alone
// is copied without a build, and a CSS-only one swaps the tabs' style
// sheets without a reload (see Changed). When a build fails it keeps serving the
// last good pages and shows the problems, with file and line, in an
// overlay on every page it sends.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/publish"
	"github.com/werkzame-elementen/kb/internal/search"
)

// Prefix is the URL path under which the server's own files live.
const Prefix = "/_kb/"

// Server serves the site from memory and rebuilds it on request.
type Server struct {
	Options build.Options // BaseURL is ignored: the dev server serves at "/"
	Log     io.Writer

	// IdleTimeout closes a keep-alive connection that has had no request
	// for this long; zero means a minute. ReadTimeout bounds reading one
	// request; zero means 30 seconds. Neither ends the reload event
	// stream, which stays open as long as the tab does.
	IdleTimeout time.Duration
	ReadTimeout time.Duration

	mu       sync.RWMutex
	tree     publish.Tree // last good build
	problems error        // problems of the last build, nil when it succeeded
	version  int          // counts builds, static updates and changes of the overlay
	builds   int          // counts builds: an index is kept only for the newest
	clients  map[chan change]bool
	building sync.Mutex
	cache    build.Cache // rendered pages, reused by the next rebuild
	headers  [][2]string // from the site's _headers file, for every path
	hosts    *hostList   // the Host headers answered; nil answers none

	// Notices are shown in the overlay even when the build succeeded.
	// A notice waits in pending until a build starts, is shown with that
	// build and goes with the next one.
	pending []string
	notices []string
	watcher *Watcher
	// token is the form's secret (see formToken).
	tokenOnce sync.Once
	token     string
	// site builds the site; nil means build.Site.
	site func(build.Options) (publish.Tree, build.Result, error)

	// The search index (build.IndexFile) is built after the pages are
	// shown, one at a time, always for the newest build; until it is
	// ready the previous one is served. indexProblem says why the last
	// one failed, until one succeeds.
	index        []byte
	indexing     bool
	nextIndex    indexJob
	indexProblem string
	// pieces are the browser reader's pieces of index (search.Pieces),
	// by name; oldPieces those of the index before, so a tab that still
	// reads the previous manifest finds its pieces until it reloads.
	pieces, oldPieces map[string][]byte
}

type indexJob struct {
	builds int // the build whose index it is (Server.builds)
	build  func() ([]byte, error)
}

// Rebuild builds the site once. Builds never run at the same time. After
// the build every connected browser is told to reload.
func (s *Server) Rebuild() error {
	s.building.Lock()
	defer s.building.Unlock()
	s.mu.Lock()
	notices := s.pending
	s.pending = nil
	s.mu.Unlock()
	opts := s.Options
	opts.BaseURL = "/"
	opts.Cache = &s.cache
	opts.DeferIndex = true
	site := s.site
	if site == nil {
		site = build.Site
	}
	tree, res, err := site(opts)
	s.mu.Lock()
	if err == nil {
		s.tree = tree
		s.headers = siteHeaders(tree["_headers"])
	}
	s.problems = err
	s.notices = notices
	s.builds++
	b := s.builds
	s.changedLocked()
	first := s.index == nil
	s.mu.Unlock()
	if err == nil {
		job := indexJob{b, res.Index}
		if first {
			s.runIndex(job) // nothing to show meanwhile: wait for it
		} else {
			s.indexLater(job)
		}
	}
	if s.Log != nil {
		if err != nil {
			all := diag.All(err)
			fmt.Fprintf(s.Log, "kb serve: %d %s; de vorige versie blijft zichtbaar:\n", len(all), plural(len(all)))
			for _, e := range all {
				fmt.Fprintln(s.Log, diag.Printable(e.Error()))
			}
		} else {
			fmt.Fprintf(s.Log, "kb serve: site gebouwd in %s (%d bestanden)\n", res.Duration.Round(time.Millisecond), res.Files)
		}
	}
	return err
}

// changedLocked counts a new version of what the server shows and tells
// every connected browser to reload. s.mu must be held.
func (s *Server) changedLocked() { s.sendLocked(changeReload) }

// sendLocked counts a new version of what the server shows and tells
// every connected browser what changed (changeReload or changeCSS).
// s.mu must be held.
func (s *Server) sendLocked(kind string) {
	s.version++
	msg := change{s.version, kind}
	for c := range s.clients {
		// A client still busy with an earlier message gets one that
		// does the work of both. Only this function sends, under s.mu,
		// so after the merge there is room.
		m := msg
		select {
		case old := <-c:
			m = merge(old, msg)
		default:
		}
		c <- m
	}
}

// notice shows a message in the overlay with the next build.
func (s *Server) notice(msg string) {
	s.mu.Lock()
	s.pending = append(s.pending, msg)
	s.mu.Unlock()
	if s.Log != nil {
		fmt.Fprintf(s.Log, "kb serve: %s\n", diag.Printable(msg))
	}
}

// watchFailed is the watcher's onError: fsnotify lost track, the watcher
// reads everything again and a build follows, which shows why.
func (s *Server) watchFailed(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		s.notice("te veel wijzigingen tegelijk; alles is opnieuw ingelezen")
		return
	}
	s.notice(fmt.Sprintf("het volgen van de mappen gaf een fout (%v); alles is opnieuw ingelezen", err))
}

// indexLater builds the search index of a build in the background,
// unless a newer build comes in meanwhile; then that one's is built
// instead.
func (s *Server) indexLater(job indexJob) {
	s.mu.Lock()
	s.nextIndex = job
	running := s.indexing
	s.indexing = true
	s.mu.Unlock()
	if running {
		return
	}
	go func() {
		for {
			s.mu.Lock()
			job := s.nextIndex
			s.nextIndex = indexJob{}
			if job.build == nil {
				s.indexing = false
				s.mu.Unlock()
				return
			}
			s.mu.Unlock()
			s.runIndex(job)
		}
	}()
}

// runIndex builds one index and serves it if its build is still the
// newest. When it fails, the overlay says so until an index succeeds;
// search meanwhile uses the previous index, if there is one.
func (s *Server) runIndex(job indexJob) {
	idx, err := job.build()
	var pieces map[string][]byte
	if err == nil {
		pieces, err = readerPieces(idx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.builds != job.builds {
		return // a newer build has its own index coming
	}
	if err != nil {
		msg := fmt.Sprintf("de zoekindex kon niet worden gemaakt: %v; zoeken werkt pas als dit is opgelost", err)
		if s.index != nil {
			msg = fmt.Sprintf("de zoekindex kon niet worden bijgewerkt: %v; zoeken toont de vorige versie", err)
		}
		if s.Log != nil {
			fmt.Fprintf(s.Log, "kb serve: %s\n", diag.Printable(msg))
		}
		if msg != s.indexProblem {
			s.indexProblem = msg
			s.changedLocked() // the tabs reload and show it
		}
		return
	}
	s.index = idx
	s.oldPieces, s.pieces = s.pieces, pieces
	if s.indexProblem != "" {
		s.indexProblem = ""
		s.changedLocked() // the tabs reload without it
	}
}

// readerPieces makes the pieces of the index file idx for the browser's
// reader, as kb build writes them to search.ReaderDir.
func readerPieces(idx []byte) (map[string][]byte, error) {
	ix, err := search.Open(idx)
	if err != nil {
		return nil, fmt.Errorf("zoekindex: %w", err)
	}
	list, err := ix.Pieces()
	if err != nil {
		return nil, fmt.Errorf("zoekindex voor de browser: %w", err)
	}
	pieces := make(map[string][]byte, len(list))
	for _, p := range list {
		pieces[p.Name] = p.Data
	}
	return pieces, nil
}

// siteHeaders reads the headers a static host would send for every path
// ("/*") from the site's _headers file (Netlify's format), so the dev
// server sends the same Content-Security-Policy as the published site.
func siteHeaders(file []byte) [][2]string {
	var out [][2]string
	all := false
	for _, line := range strings.Split(string(file), "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case line[0] != ' ' && line[0] != '\t':
			all = strings.TrimSpace(line) == "/*"
		case all:
			if name, value, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && !strings.EqualFold(name, "Cache-Control") {
				out = append(out, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
			}
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return "probleem"
	}
	return "problemen"
}

// Run builds the site, listens on addr, and rebuilds after every change
// in the content and templates directories until ctx is done. ready, if
// not nil, gets the address actually listened on (useful with port 0).
func (s *Server) Run(ctx context.Context, addr string, ready chan<- string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("ongeldig adres %q: gebruik HOST:POORT, bijvoorbeeld 127.0.0.1:8080", addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) && s.Log != nil {
		fmt.Fprintf(s.Log, "kb serve: let op, %s is niet alleen vanaf deze computer bereikbaar\n", addr)
	}
	s.Rebuild()
	w, err := Watch(30*time.Millisecond, s.watchFailed, s.Options.ContentDir, s.Options.TemplatesDir)
	if err != nil {
		return fmt.Errorf("kan de mappen niet volgen: %w", err)
	}
	defer w.Close()
	s.watcher = w
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hosts := allowedHosts(addr, ln.Addr())
	s.mu.Lock()
	s.hosts = hosts
	s.mu.Unlock()
	if hosts.anyInterface && s.Log != nil {
		fmt.Fprintf(s.Log, "kb serve: anderen openen de site met de naam of het IP-adres van deze computer en poort %s; andere namen krijgen geen antwoord\n", hosts.port)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// Safe for the event stream: once a request without a body is
		// read, net/http lifts the read deadline. No WriteTimeout: it
		// would cut the stream.
		ReadTimeout: orDefault(s.ReadTimeout, 30*time.Second),
		IdleTimeout: orDefault(s.IdleTimeout, time.Minute),
	}
	go func() {
		for batch := range w.Batches {
			if s.Log != nil {
				fmt.Fprintf(s.Log, "kb serve: gewijzigd: %s\n", diag.Printable(strings.Join(batch, ", ")))
			}
			s.Changed(batch)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if ready != nil {
		ready <- ln.Addr().String()
	}
	if s.Log != nil {
		fmt.Fprintf(s.Log, "kb serve: de site staat op http://%s/ (stoppen: Ctrl+C)\n", ln.Addr())
	}
	err = srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// ServeHTTP serves the server's own files, the reload events and the
// pages of the last good build, to requests for the address it listens
// on (see allowedHosts); any other Host gets 421 Misdirected Request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	hosts := s.hosts
	s.mu.RUnlock()
	if !hosts.allow(r.Host) {
		misdirected(w, r, hosts)
		return
	}
	if strings.HasPrefix(r.URL.Path, Prefix+"nieuw") {
		s.setHeaders(w)
		s.newExample(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "alleen GET", http.StatusMethodNotAllowed)
		return
	}
	s.setHeaders(w)
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadJS)
		return
	case "/sw.js":
		// The dev server serves a service worker that removes itself and
		// its caches, so an offline cache never hides a fresh edit.
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, selfDestructingSW)
		return
	case Prefix + "overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		io.WriteString(w, overlayCSS)
		return
	}
	s.mu.RLock()
	tree, problems, version, index := s.tree, s.problems, s.version, s.index
	pieces, oldPieces := s.pieces, s.oldPieces
	notices := s.noticesLocked()
	s.mu.RUnlock()
	clean := path.Clean(r.URL.Path)
	if clean == "/"+build.IndexFile && index != nil {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(index)))
		if r.Method == http.MethodGet {
			w.Write(index)
		}
		return
	}
	// The reader's pieces, whole or by range (Range: bytes=…, 206).
	if name, ok := strings.CutPrefix(clean, "/"+search.ReaderDir+"/"); ok {
		data, found := pieces[name]
		if !found && name != search.ManifestName {
			data, found = oldPieces[name]
		}
		if found {
			ctype := "application/octet-stream"
			if path.Ext(name) == ".json" {
				ctype = "application/json"
			}
			w.Header().Set("Content-Type", ctype)
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
			return
		}
	}

	if tree == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, inject([]byte(errorPage), problems, notices, version, s.Options))
		return
	}
	file, redirect, ok := lookup(tree, r.URL.Path)
	if redirect != "" {
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !ok {
		file, status = "404.html", http.StatusNotFound
	}
	body, exists := tree[file]
	if !exists {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(file))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		body = []byte(inject(body, problems, notices, version, s.Options))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
}

// setHeaders sets the headers of every answer: the site's own (its
// Content-Security-Policy), no caching, no sniffing.
func (s *Server) setHeaders(w http.ResponseWriter) {
	s.mu.RLock()
	for _, h := range s.headers {
		w.Header().Set(h[0], h[1])
	}
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

// misdirected answers a request for a name this server is not: in plain
// Dutch, with the address to use instead.
func misdirected(w http.ResponseWriter, r *http.Request, hosts *hostList) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusMisdirectedRequest)
	where := "het adres waarop hij draait"
	if hosts != nil {
		where = "http://" + hosts.show + "/"
	}
	fmt.Fprintf(w, "kb serve antwoordt alleen op %s, niet op %q.\n"+
		"Zo kan een andere website die zijn naam naar deze computer laat wijzen (DNS-rebinding) de site, de concepten en de zoekindex niet lezen.\n", where, r.Host)
	if hosts != nil {
		fmt.Fprintf(w, "Open http://%s/ in de browser.\n", hosts.show)
	}
}

// noticesLocked gives what the overlay shows besides build problems.
// s.mu must be held.
func (s *Server) noticesLocked() []string {
	out := append([]string(nil), s.notices...)
	if s.indexProblem != "" {
		out = append(out, s.indexProblem)
	}
	return out
}

// lookup maps a request path to a file of the tree. Paths are cleaned
// first, so no request can name anything outside the tree, which is in
// memory anyway. A directory without its slash is redirected.
func lookup(tree publish.Tree, urlPath string) (file, redirect string, ok bool) {
	p := path.Clean("/" + urlPath)
	rel := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(urlPath, "/") || rel == "" {
		f := path.Join(rel, "index.html")
		_, ok := tree[f]
		return f, "", ok
	}
	if _, ok := tree[rel]; ok {
		return rel, "", true
	}
	if _, ok := tree[path.Join(rel, "index.html")]; ok {
		return "", p + "/", false
	}
	return "", "", false
}

// events streams the version of what the server shows to a browser tab:
// "data: N" when the tab must reload, "event: css" and "data: N" when
// only style sheets changed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	c := make(chan change, 1)
	s.mu.Lock()
	if s.clients == nil {
		s.clients = map[chan change]bool{}
	}
	s.clients[c] = true
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprintf(w, "retry: 500\ndata: %d\n\n", v)
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case m := <-c:
			// A reload is the stream's plain message; a style sheet
			// change is an event of its own, which older scripts ignore.
			if m.kind != changeReload {
				fmt.Fprintf(w, "event: %s\n", m.kind)
			}
			fmt.Fprintf(w, "data: %d\n\n", m.version)
			fl.Flush()
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// inject adds the reload script and, when the last build failed or
// there are notices, the overlay with them to an HTML page. Every message
// is escaped: the text of a content file never runs as markup. File
// names are shown with the content or templates directory in front, as
// the editor knows them.
func inject(page []byte, problems error, notices []string, version int, opts build.Options) string {
	var b strings.Builder
	b.WriteString(`<link rel="stylesheet" href="` + Prefix + `overlay.css">`)
	// Only kb serve has the form: the built site never links to it.
	b.WriteString(`<p id="kb-nieuw-link"><a href="` + FormPath + `">Nieuw praktijkvoorbeeld</a></p>`)
	if problems != nil || len(notices) > 0 {
		b.WriteString(`<div id="kb-fouten" role="alert" aria-live="assertive"><div class="kb-fouten-kader">`)
	}
	if problems != nil {
		all := diag.All(problems)
		fmt.Fprintf(&b, "<h2>De site kan niet gebouwd worden: %d %s</h2>", len(all), plural(len(all)))
		b.WriteString("<p>Je ziet de laatste versie die wel lukte. Los het op en sla het bestand op; deze melding verdwijnt dan vanzelf.</p><ol>")
		for _, e := range all {
			var d *diag.Error
			if errors.As(e, &d) && d.File != "" {
				loc := filepath.ToSlash(opts.Path(d.File))
				if d.Line > 0 {
					loc += ":" + strconv.Itoa(d.Line)
				}
				fmt.Fprintf(&b, "<li><code>%s</code> %s</li>", html.EscapeString(loc), html.EscapeString(d.Msg))
			} else {
				fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(e.Error()))
			}
		}
		b.WriteString("</ol>")
	}
	if len(notices) > 0 {
		b.WriteString("<h2>Let op</h2><ul>")
		for _, n := range notices {
			fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(n))
		}
		b.WriteString("</ul>")
	}
	if problems != nil || len(notices) > 0 {
		b.WriteString("</div></div>")
	}
	fmt.Fprintf(&b, `<script src="%sreload.js" data-version="%d"></script>`, Prefix, version)
	s := string(page)
	if i := strings.LastIndex(strings.ToLower(s), "</body>"); i >= 0 {
		return s[:i] + b.String() + s[i:]
	}
	return s + b.String()
}

const errorPage = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Fout in de inhoud</title></head><body><p>De site is nog niet gebouwd.</p></body></html>`

// reloadJS follows the event stream: it reloads the page when the
// version differs from the page's, and on a "css" event swaps every style
// sheet of the site for a fresh copy (a new <link> with a cache-busting
// query, the old one removed once the new one has loaded), without a
// reload.
const reloadJS = `(function () {
  var me = document.currentScript;
  var version = me && me.getAttribute("data-version");
  function swap(old, v) {
    var url = new URL(old.href, location.href);
    if (url.origin !== location.origin || url.pathname.indexOf("` + Prefix + `") === 0) { return; }
    url.searchParams.set("kb", v);
    var fresh = old.cloneNode();
    fresh.href = url.href;
    old.setAttribute("data-kb-weg", "");
    fresh.addEventListener("load", function () { old.remove(); });
    fresh.addEventListener("error", function () { fresh.remove(); old.removeAttribute("data-kb-weg"); });
    old.after(fresh);
  }
  function restyle(v) {
    var links = document.querySelectorAll('link[rel="stylesheet"]:not([data-kb-weg])');
    for (var i = 0; i < links.length; i++) { swap(links[i], v); }
  }
  function connect() {
    var es = new EventSource("` + Prefix + `events");
    es.onmessage = function (e) {
      if (e.data !== version) { location.reload(); }
    };
    es.addEventListener("css", function (e) {
      version = e.data;
      restyle(e.data);
    });
  }
  connect();
})();
`

const selfDestructingSW = `self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(
  caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k)))).then(() => self.registration.unregister())
));
`

const overlayCSS = `#kb-fouten{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f2;color:#3b0a05;border-top:4px solid #b42318;font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)}
.kb-fouten-kader{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
#kb-fouten h2{margin:0 0 .5rem;font-size:1.1rem;border:0}
#kb-fouten code{font-weight:700;margin-right:.5rem;font-family:ui-monospace,monospace}
#kb-fouten li{margin:.25rem 0}
#kb-nieuw-link{position:fixed;right:1rem;bottom:1rem;margin:0;z-index:2147483646;font:15px/1.4 system-ui,sans-serif}
#kb-nieuw-link a{display:block;padding:.4rem .8rem;border-radius:999px;background:#0b5e6b;color:#fff;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#kb-nieuw-link a:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
@media print{#kb-nieuw-link{display:none}}
`
