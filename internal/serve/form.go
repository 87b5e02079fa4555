package serve

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/scaffold"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// The form for a new practice example. It lives only in kb serve: the
// page, its script and its style are embedded here and never part of a
// built site.
const (
	FormPath    = Prefix + "nieuw/"          // the form (GET)
	PreviewPath = Prefix + "nieuw/voorbeeld" // the preview and its problems (POST, JSON)
	SavePath    = Prefix + "nieuw/opslaan"   // writes the file (POST)
)

// maxFormBytes bounds what a form request may send: the file it makes
// may be at most content.MaxFileSize, and URL encoding can triple it.
const maxFormBytes = 3*content.MaxFileSize + 64<<10

//go:embed nieuw
var formFiles embed.FS

var formTemplate = template.Must(template.ParseFS(formFiles, "nieuw/nieuw.html"))

// token is the secret the form carries: a page elsewhere cannot read it,
// so it cannot make the editor's browser post a form to kb serve. It is
// made once per process.
func (s *Server) formToken() string {
	s.tokenOnce.Do(func() {
		b := make([]byte, 32)
		rand.Read(b)
		s.token = hex.EncodeToString(b)
	})
	return s.token
}

// newExample serves everything under FormPath. The Host header was
// checked already; every POST must also come from a page of this server
// (Origin) and carry the form's token, or it is refused with 403 and
// nothing is read or written.
func (s *Server) newExample(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case Prefix + "nieuw":
		http.Redirect(w, r, FormPath, http.StatusMovedPermanently)
	case FormPath:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, "GET")
			return
		}
		site := s.loadSite()
		f := form{Token: s.formToken()}
		f.options(site, nil, nil)
		f.sections(nil)
		s.showForm(w, r, http.StatusOK, f)
	case Prefix + "nieuw.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		b, _ := formFiles.ReadFile("nieuw/nieuw.js")
		w.Write(b)
	case Prefix + "nieuw.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		b, _ := formFiles.ReadFile("nieuw/nieuw.css")
		w.Write(b)
	case PreviewPath, SavePath:
		if !s.allowWrite(w, r) {
			return
		}
		if r.URL.Path == PreviewPath {
			s.preview(w, r)
		} else {
			s.save(w, r)
		}
	default:
		http.NotFound(w, r)
	}
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	http.Error(w, "Dit adres antwoordt alleen op "+allow+".", http.StatusMethodNotAllowed)
}

// allowWrite checks a request to a write endpoint: POST only, from a
// page of this very server (its Origin is the address asked for, which
// the Host check allowed), with the form's token. It answers a refusal
// itself and then returns false; the body has then not been read.
func (s *Server) allowWrite(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, "POST")
		return false
	}
	forbidden := func(msg string) bool {
		http.Error(w, "Geweigerd: "+msg+" Er is niets opgeslagen.", http.StatusForbidden)
		return false
	}
	if origin := r.Header.Get("Origin"); !strings.EqualFold(origin, "http://"+r.Host) {
		return forbidden(fmt.Sprintf("dit verzoek komt niet van een pagina van kb serve zelf (Origin %q). Open http://%s%s en gebruik het formulier daar.", origin, r.Host, FormPath))
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return forbidden(fmt.Sprintf("dit verzoek komt van een andere website (Sec-Fetch-Site %q).", site))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Het formulier is te groot: een voorbeeld mag samen niet meer dan 1 MB tekst bevatten.", http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "Het formulier kan niet gelezen worden.", http.StatusBadRequest)
		return false
	}
	if t := r.PostForm.Get("token"); subtle.ConstantTimeCompare([]byte(t), []byte(s.formToken())) != 1 {
		return forbidden(fmt.Sprintf("het formulier hoort niet bij deze kb serve (het sleutelwoord ontbreekt of klopt niet), bijvoorbeeld omdat kb serve opnieuw is gestart. Open http://%s%s opnieuw; wat je schreef staat nog in het oude tabblad om over te nemen.", r.Host, FormPath))
	}
	return true
}

// loadSite reads the content for the lists of elements and tools; what
// cannot be read is left out (the overlay of the site says why).
func (s *Server) loadSite() *content.Site {
	root, err := os.OpenRoot(s.Options.ContentDir)
	if err != nil {
		return &content.Site{}
	}
	defer root.Close()
	site, _ := content.Load(root.FS())
	if site == nil {
		return &content.Site{}
	}
	return site
}

// form is what the form page shows, and what it sent.
type form struct {
	Token        string
	Title        string
	Summary      string
	Slug         string // the file name without .md; empty: from the title
	Elements     []option
	Tools        []option
	Sections     []section
	Errors       map[string][]string // by field name; "algemeen" for the rest
	Saved        string              // a notice after saving
	elementSlugs []string
	toolSlugs    []string
	texts        []string
}

type option struct {
	Slug, Title string
	Checked     bool
}

type section struct {
	Field, Title, Hint, Text string
}

// outline is the fixed outline of an example; its sections are the text
// areas of the form.
func outline() []section {
	var out []section
	for i, it := range content.Example.Info().Outline {
		out = append(out, section{Field: "sectie-" + strconv.Itoa(i), Title: it.Title, Hint: it.Hint})
	}
	return out
}

func (f *form) options(site *content.Site, elements, tools []string) {
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, p := range site.Elements {
		f.Elements = append(f.Elements, option{p.Slug, p.Meta.Title, has(elements, p.Slug)})
	}
	for _, p := range site.Tools {
		f.Tools = append(f.Tools, option{p.Slug, p.Meta.Title, has(tools, p.Slug)})
	}
}

func (f *form) sections(texts []string) {
	f.Sections = outline()
	for i := range f.Sections {
		if i < len(texts) {
			f.Sections[i].Text = texts[i]
		}
	}
}

// oneLine makes a single-line field of what a browser (or anything else)
// sent: no line ends or runs of spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// readForm reads a posted form.
func readForm(r *http.Request) *form {
	v := r.PostForm
	f := &form{Title: oneLine(v.Get("titel")), Summary: oneLine(v.Get("samenvatting")), Slug: strings.TrimSpace(v.Get("bestandsnaam")),
		elementSlugs: v["element"], toolSlugs: v["hulpmiddel"]}
	for _, sec := range outline() {
		f.texts = append(f.texts, v.Get(sec.Field))
	}
	return f
}

func (f *form) addError(field, msg string) {
	if f.Errors == nil {
		f.Errors = map[string][]string{}
	}
	f.Errors[field] = append(f.Errors[field], msg)
}

// draft is the file a form would write.
type draft struct {
	slug string
	file string // in the content FS: "voorbeelden/<slug>.md"
	text string
}

// check makes the file of the form, or adds why it cannot be made to
// the form's errors (those need no build to find).
func (f *form) check() (draft, bool) {
	ok := true
	if f.Title == "" {
		f.addError("titel", "Vul een titel in.")
		ok = false
	}
	if f.Summary == "" {
		f.addError("samenvatting", "Vul een samenvatting in: één zin die zegt waar het voorbeeld over gaat.")
		ok = false
	}
	for _, l := range []struct {
		field string
		slugs []string
	}{{content.KeyElements, f.elementSlugs}, {content.KeyTools, f.toolSlugs}} {
		for _, s := range l.slugs {
			if !slug.Valid(s) {
				f.addError(l.field, fmt.Sprintf("%q is geen korte naam van een pagina.", s))
				ok = false
			}
		}
	}
	name := f.Slug
	switch {
	case name != "" && !slug.Valid(name):
		f.addError("bestandsnaam", fmt.Sprintf("Gebruik alleen kleine letters a-z, cijfers en '-', bijvoorbeeld %q.", slug.Make(name)))
		ok = false
	case name != "" && len(name) > scaffold.MaxSlugLen:
		f.addError("bestandsnaam", fmt.Sprintf("De bestandsnaam is te lang (%d tekens; de grens is %d).", len(name), scaffold.MaxSlugLen))
		ok = false
	case name == "" && f.Title != "":
		n, err := scaffold.FileName(f.Title)
		if err != nil {
			f.addError("titel", capital(err.Error())+".")
			ok = false
		}
		name = strings.TrimSuffix(n, ".md")
	}
	if !ok {
		return draft{}, false
	}
	d := draft{slug: name, file: content.Example.Dir() + "/" + name + ".md"}
	texts := map[string]string{}
	for i, sec := range outline() {
		texts[sec.Title] = f.texts[i]
	}
	d.text = scaffold.Fill(content.Example, scaffold.Draft{Title: f.Title, Summary: f.Summary, Elementen: f.elementSlugs, Hulpmiddelen: f.toolSlugs, Sections: texts}, content.Example.Info().Outline)
	return d, true
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fields maps each line of a draft's text to the form field it came
// from, for showing a problem at its line next to that field.
func fields(text string) []string {
	out := []string{""} // line 0: no line
	field := ""
	secs := outline()
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "title:"):
			field = "titel"
		case strings.HasPrefix(l, "summary:"):
			field = "samenvatting"
		case strings.HasPrefix(l, content.KeyElements+":"):
			field = content.KeyElements
		case strings.HasPrefix(l, content.KeyTools+":"):
			field = content.KeyTools
		case l == "---":
			field = ""
		case strings.HasPrefix(l, "## "):
			for _, sec := range secs {
				if l == "## "+sec.Title {
					field = sec.Field
				}
			}
		}
		out = append(out, field)
	}
	return out
}

// problems puts kb check's problems of a draft next to their fields.
func (f *form) problems(d draft, problems error) {
	at := fields(d.text)
	for _, e := range diag.All(problems) {
		field, msg := "algemeen", e.Error()
		var de *diag.Error
		if errors.As(e, &de) {
			msg = capital(de.Msg)
			if de.Line > 0 && de.Line < len(at) && at[de.Line] != "" {
				field = at[de.Line]
			}
		}
		f.addError(field, msg)
	}
}

// freeSlug is the first of slug-2, slug-3, … with no file yet.
func (s *Server) freeSlug(name string) string {
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s-%d", name, i)
		if _, err := os.Lstat(s.examplePath(c)); errors.Is(err, os.ErrNotExist) {
			return c
		}
	}
}

func (s *Server) examplePath(slug string) string {
	return filepath.Join(s.Options.ContentDir, content.Example.Dir(), slug+".md")
}

// exists adds the problem of a file that is there already, and offers a
// free name in the form's file name field.
func (s *Server) exists(f *form, d draft) bool {
	if _, err := os.Lstat(s.examplePath(d.slug)); errors.Is(err, os.ErrNotExist) {
		return false
	}
	free := s.freeSlug(d.slug)
	f.addError("bestandsnaam", fmt.Sprintf("Er staat al een voorbeeld in %s; dat blijft zoals het is. Kies een andere titel, of sla op onder de bestandsnaam %q.",
		filepath.ToSlash(filepath.Join(filepath.Base(s.Options.ContentDir), content.Example.Dir(), d.slug+".md")), free))
	f.Slug = free
	return true
}

// build lays out the draft with the real pipeline, and adds its problems.
func (s *Server) build(f *form, d draft) ([]byte, error) {
	contentRoot, err := os.OpenRoot(s.Options.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("kan de contentmap niet openen: %s", diag.OSReason(err))
	}
	defer contentRoot.Close()
	templatesRoot, err := os.OpenRoot(s.Options.TemplatesDir)
	if err != nil {
		return nil, fmt.Errorf("kan de templatesmap niet openen: %s", diag.OSReason(err))
	}
	defer templatesRoot.Close()
	page, problems, err := build.Draft(contentRoot.FS(), templatesRoot.FS(), d.file, []byte(d.text))
	f.problems(d, problems)
	return page, err
}

// preview answers with the page as it would be and every problem, by
// field, as JSON: {"pagina": "<!doctype html>…", "fouten": [{"veld":
// "titel", "melding": "…"}]}. Nothing is written.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	f := readForm(r)
	var page []byte
	if d, ok := f.check(); ok {
		s.exists(f, d)
		var err error
		if page, err = s.build(f, d); err != nil {
			f.addError("algemeen", err.Error())
		}
	}
	type fout struct {
		Veld    string `json:"veld"`
		Melding string `json:"melding"`
	}
	// The preview runs no scripts (its frame is sandboxed): they are left
	// out rather than blocked one by one.
	page = scripts.ReplaceAll(page, nil)
	out := struct {
		Pagina string `json:"pagina"`
		Fouten []fout `json:"fouten"`
	}{Pagina: string(page), Fouten: []fout{}}
	for _, field := range append([]string{"algemeen", "titel", "samenvatting", "bestandsnaam", content.KeyElements, content.KeyTools}, sectionFields()...) {
		for _, m := range f.Errors[field] {
			out.Fouten = append(out.Fouten, fout{field, m})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}

// scripts are the script elements of a page from the templates.
var scripts = regexp.MustCompile(`(?is)<script\b[^>]*>.*?</script\s*>`)

func sectionFields() []string {
	var out []string
	for _, s := range outline() {
		out = append(out, s.Field)
	}
	return out
}

// save writes the new example, if it has no problems and its file does
// not exist yet, builds the site and sends the browser to the new page.
// Otherwise it shows the form again with the problems next to the
// fields, and writes nothing.
func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	f := readForm(r)
	f.Token = s.formToken()
	site := s.loadSite()
	f.options(site, f.elementSlugs, f.toolSlugs)
	f.sections(f.texts)
	d, ok := f.check()
	if !ok {
		s.showForm(w, r, http.StatusUnprocessableEntity, *f)
		return
	}
	if s.exists(f, d) {
		s.showForm(w, r, http.StatusConflict, *f)
		return
	}
	if _, err := s.build(f, d); err != nil {
		f.addError("algemeen", err.Error())
	}
	if len(f.Errors) > 0 {
		s.showForm(w, r, http.StatusUnprocessableEntity, *f)
		return
	}
	path := s.examplePath(d.slug)
	if err := scaffold.Create(path, d.text); errors.Is(err, scaffold.ErrExists) {
		s.exists(f, d) // made meanwhile
		s.showForm(w, r, http.StatusConflict, *f)
		return
	} else if err != nil {
		f.addError("algemeen", capital(err.Error())+".")
		s.showForm(w, r, http.StatusInternalServerError, *f)
		return
	}
	if s.Log != nil {
		fmt.Fprintf(s.Log, "kb serve: nieuw voorbeeld opgeslagen in %s\n", diag.Printable(path))
	}
	// The watcher would notice the file too; building now means the new
	// page is there when the browser asks for it.
	s.Rebuild()
	url := (&content.Page{Kind: content.Example, Slug: d.slug}).URLPath()
	page := "/" + url
	s.mu.RLock()
	_, built := s.tree[url+"index.html"]
	s.mu.RUnlock()
	if !built {
		f.Saved = fmt.Sprintf("Opgeslagen in %s. De site kan nog niet opnieuw gebouwd worden door een probleem in een ander bestand (zie de melding op elke pagina); zodra dat is opgelost staat het voorbeeld op %s.", path, page)
		s.showForm(w, r, http.StatusOK, *f)
		return
	}
	http.Redirect(w, r, page, http.StatusSeeOther)
}

// showForm writes the form page.
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, status int, f form) {
	var buf bytes.Buffer
	if err := formTemplate.Execute(&buf, f); err != nil {
		http.Error(w, "Het formulier kan niet getoond worden: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.Copy(w, &buf)
	}
}
