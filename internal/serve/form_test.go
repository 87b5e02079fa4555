package serve

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/build"
)

// formServer is a Server over a copy of the fixture content that answers
// http://127.0.0.1:8080, driven through its handler.
func formServer(t *testing.T) (*Server, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	s := &Server{Options: build.Options{ContentDir: dir, TemplatesDir: "../../templates"},
		hosts: allowedHosts("127.0.0.1:8080", &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 8080})}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// goodForm is a complete example for the fixture content.
func goodForm(token string) url.Values {
	return url.Values{
		"token":        {token},
		"titel":        {"Een buurvrouw die meedenkt"},
		"samenvatting": {"Een buurvrouw helpt een gezin op weg."},
		"element":      {"maatwerk", "vraagverheldering"},
		"hulpmiddel":   {"ecogram"},
		"sectie-0":     {"Een gezin in de wijk.\r\nMet *zorgen*."},
		"sectie-1":     {"De professional belde de buurvrouw."},
		"sectie-2":     {"Dichtbij zijn."},
		"sectie-3":     {"[Maatwerk](../elementen/maatwerk.md): de buurvrouw kookt mee."},
		"sectie-4":     {"- Wie ken jij in de straat?\r\n- Wanneer vraag je een buur om hulp?"},
	}
}

func post(s *Server, path, host, origin string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func examples(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "voorbeelden"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestFormRefusesForeignRequests: a write endpoint answers only a POST
// for this server's own address, from a page of that same address, with
// the form's token; everything else is refused and nothing is written.
func TestFormRefusesForeignRequests(t *testing.T) {
	s, dir := formServer(t)
	before := examples(t, dir)
	const host, origin = "127.0.0.1:8080", "http://127.0.0.1:8080"
	token := s.formToken()
	withToken := func(tok string) url.Values { f := goodForm(tok); return f }
	for _, path := range []string{SavePath, PreviewPath} {
		for _, c := range []struct {
			name         string
			method       string
			host, origin string
			form         url.Values
			fetchSite    string
			status       int
		}{
			{"foreign Host (DNS rebinding)", "POST", "evil.example:8080", "http://evil.example:8080", withToken(token), "", http.StatusMisdirectedRequest},
			{"foreign Origin", "POST", host, "http://evil.example", withToken(token), "", http.StatusForbidden},
			{"Origin of another port", "POST", host, "http://127.0.0.1:9999", withToken(token), "", http.StatusForbidden},
			{"Origin null", "POST", host, "null", withToken(token), "", http.StatusForbidden},
			{"Origin https", "POST", host, "https://127.0.0.1:8080", withToken(token), "", http.StatusForbidden},
			{"no Origin", "POST", host, "", withToken(token), "", http.StatusForbidden},
			{"cross-site fetch", "POST", host, origin, withToken(token), "cross-site", http.StatusForbidden},
			{"no token", "POST", host, origin, withToken(""), "", http.StatusForbidden},
			{"wrong token", "POST", host, origin, withToken(strings.Repeat("0", 64)), "", http.StatusForbidden},
			{"token of another process", "POST", host, origin, withToken((&Server{}).formToken()), "", http.StatusForbidden},
			{"GET", "GET", host, origin, withToken(token), "", http.StatusMethodNotAllowed},
			{"PUT", "PUT", host, origin, withToken(token), "", http.StatusMethodNotAllowed},
		} {
			req := httptest.NewRequest(c.method, path, strings.NewReader(c.form.Encode()))
			req.Host = c.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if c.origin != "" {
				req.Header.Set("Origin", c.origin)
			}
			if c.fetchSite != "" {
				req.Header.Set("Sec-Fetch-Site", c.fetchSite)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("%s %s: status %d; want %d\n%s", path, c.name, rec.Code, c.status, rec.Body)
			}
			if rec.Code == http.StatusForbidden && !strings.HasPrefix(rec.Body.String(), "Geweigerd: ") {
				t.Errorf("%s %s: %q", path, c.name, rec.Body)
			}
			if got := examples(t, dir); strings.Join(got, " ") != strings.Join(before, " ") {
				t.Fatalf("%s %s wrote: %v", path, c.name, got)
			}
		}
	}
	// The form page itself answers its own address only, and carries the token.
	for h, want := range map[string]int{host: http.StatusOK, "evil.example:8080": http.StatusMisdirectedRequest} {
		req := httptest.NewRequest("GET", FormPath, nil)
		req.Host = h
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET %s for %s: %d; want %d", FormPath, h, rec.Code, want)
		}
		if want == http.StatusOK && !strings.Contains(rec.Body.String(), `name="token" value="`+token+`"`) {
			t.Errorf("the form has no token:\n%s", rec.Body)
		}
	}
}

// TestFormSaves: a good example is written as kb new would write it plus
// the text, the site is rebuilt and the browser sent to the new page; the
// same title again does not overwrite and offers another file name;
// problems come back next to their fields, and nothing is written.
func TestFormSaves(t *testing.T) {
	s, dir := formServer(t)
	const host, origin = "127.0.0.1:8080", "http://127.0.0.1:8080"
	form := goodForm(s.formToken())
	file := filepath.Join(dir, "voorbeelden", "een-buurvrouw-die-meedenkt.md")

	rec := post(s, SavePath, host, origin, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/voorbeelden/een-buurvrouw-die-meedenkt/" {
		t.Fatalf("save: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	saved, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"---\ntitle: \"Een buurvrouw die meedenkt\"\nsummary: \"Een buurvrouw helpt een gezin op weg.\"\n",
		"elementen: [maatwerk, vraagverheldering] # de elementen die dit voorbeeld laat zien",
		"hulpmiddelen: [ecogram] # gebruikte hulpmiddelen",
		"## De situatie\n\nEen gezin in de wijk.\nMet *zorgen*.\n\n## Wat er gebeurde\n",
		"## Vragen voor intervisie\n\n- Wie ken jij in de straat?\n- Wanneer vraag je een buur om hulp?\n",
	} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("saved file has no %q:\n%s", want, saved)
		}
	}
	page := get200(t, s, "/voorbeelden/een-buurvrouw-die-meedenkt/")
	if !strings.Contains(page, "<h1>Een buurvrouw die meedenkt</h1>") {
		t.Errorf("the new page is not served:\n%.500s", page)
	}
	if _, err := build.Prepare(os.DirFS(dir), ""); err != nil {
		t.Errorf("kb check on the saved content: %v", err)
	}

	// The same title again: refused, the first file as it was.
	form.Set("sectie-0", "Een heel ander verhaal.")
	rec = post(s, SavePath, host, origin, form)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "dat blijft zoals het is") ||
		!strings.Contains(rec.Body.String(), `name="bestandsnaam" type="text" value="een-buurvrouw-die-meedenkt-2"`) {
		t.Errorf("second save: %d\n%s", rec.Code, rec.Body)
	}
	if again, _ := os.ReadFile(file); string(again) != string(saved) {
		t.Errorf("the first file was changed:\n%s", again)
	}
	// Under the file name offered it is saved.
	form.Set("bestandsnaam", "een-buurvrouw-die-meedenkt-2")
	if rec = post(s, SavePath, host, origin, form); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/voorbeelden/een-buurvrouw-die-meedenkt-2/" {
		t.Errorf("save under the offered name: %d %q", rec.Code, rec.Header().Get("Location"))
	}

	// Problems next to their fields; nothing written.
	before := examples(t, dir)
	for _, c := range []struct {
		name   string
		change map[string][]string
		field  string // the list of problems that must have msg
		msg    string
	}{
		{"no title", map[string][]string{"titel": {" "}}, "titel", "Vul een titel in."},
		{"no summary", map[string][]string{"titel": {"Nieuw"}, "samenvatting": {""}}, "samenvatting", "Vul een samenvatting in"},
		{"unknown element", map[string][]string{"titel": {"Nieuw"}, "element": {"maatwerkk"}}, "elementen", `Werkzaam element &#34;maatwerkk&#34; bestaat niet (in &#39;elementen&#39;); bedoel je maatwerk?`},
		{"not a slug", map[string][]string{"titel": {"Nieuw"}, "hulpmiddel": {"eco]gram"}}, "hulpmiddelen", "geen korte naam"},
		{"empty section", map[string][]string{"titel": {"Nieuw"}, "sectie-2": {""}}, "sectie-2", "De sectie &#34;## Wat werkte&#34; is leeg"},
		{"one question", map[string][]string{"titel": {"Nieuw"}, "sectie-4": {"Waarom?"}}, "sectie-4", "bevat één vraag"},
		{"a heading in a section", map[string][]string{"titel": {"Nieuw"}, "sectie-1": {"## Tussenkop\n\ntekst"}}, "sectie-1", "Onverwachte kop &#34;## Tussenkop&#34;"},
		{"bad file name", map[string][]string{"titel": {"Nieuw"}, "bestandsnaam": {"Mijn Voorbeeld"}}, "bestandsnaam", "mijn-voorbeeld"},
	} {
		f := goodForm(s.formToken())
		for k, v := range c.change {
			f[k] = v
		}
		rec := post(s, SavePath, host, origin, f)
		list := regexp.MustCompile(`(?s)<ul class="kb-fout" id="fout-` + c.field + `"[^>]*>(.*?)</ul>`).FindStringSubmatch(rec.Body.String())
		if rec.Code != http.StatusUnprocessableEntity || list == nil || !strings.Contains(list[1], c.msg) {
			t.Errorf("%s: %d; want 422 and %q next to %s:\n%v", c.name, rec.Code, c.msg, c.field, list)
		}
		if got := examples(t, dir); strings.Join(got, " ") != strings.Join(before, " ") {
			t.Fatalf("%s wrote: %v", c.name, got)
		}
	}
}

// TestFormPreview: the preview is the page through the real templates,
// and the problems by field, as JSON; nothing is written.
func TestFormPreview(t *testing.T) {
	s, dir := formServer(t)
	before := examples(t, dir)
	f := goodForm(s.formToken())
	f.Set("sectie-2", "")
	rec := post(s, PreviewPath, "127.0.0.1:8080", "http://127.0.0.1:8080", f)
	var res struct {
		Pagina string
		Fouten []struct{ Veld, Melding string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("%d %v\n%s", rec.Code, err, rec.Body)
	}
	if !strings.Contains(res.Pagina, "<h1>Een buurvrouw die meedenkt</h1>") || !strings.Contains(res.Pagina, "Met <em>zorgen</em>.") ||
		!strings.Contains(res.Pagina, `<link rel="stylesheet" href="/static/style.css">`) {
		t.Errorf("preview:\n%.800s", res.Pagina)
	}
	if len(res.Fouten) != 1 || res.Fouten[0].Veld != "sectie-2" || !strings.Contains(res.Fouten[0].Melding, "is leeg") {
		t.Errorf("problems: %+v", res.Fouten)
	}
	if got := examples(t, dir); strings.Join(got, " ") != strings.Join(before, " ") {
		t.Errorf("preview wrote: %v", got)
	}
}

func get200(t *testing.T, s *Server, path string) string {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Host = "127.0.0.1:8080"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.String()
}
