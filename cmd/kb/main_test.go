package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func kb(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBuildAndCheck(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", "../../templates", "-out", out, "-base-url", "/kb/")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "kb build: 2 elementen, 1 voorbeelden, 1 hulpmiddelen, 6 pagina's") {
		t.Errorf("summary line: %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "elementen", "maatwerk", "index.html")); err != nil {
		t.Error(err)
	}
	if code, stdout, _ := kb(t, "check", "-content", "../../testdata/site"); code != 0 || !strings.Contains(stdout, "in orde") {
		t.Errorf("check: exit %d, %q", code, stdout)
	}
}

func TestCheckListsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	os.CopyFS(dir, os.DirFS("../../testdata/site"))
	os.WriteFile(filepath.Join(dir, "elementen", "kapot.md"), []byte("---\ntitle: Kapot\nsummary: x\norder: [\n---\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "voorbeelden", "fout.md"), []byte("---\ntitle: Fout\nsummary: x\nelementen: [bestaatniet]\n---\n## De situatie\n\nx\n"), 0o644)
	code, _, stderr := kb(t, "check", "-content", dir)
	if code != 1 {
		t.Fatalf("exit %d; want 1", code)
	}
	for _, w := range []string{
		filepath.Join(dir, "elementen", "kapot.md") + ":4:",
		filepath.Join(dir, "voorbeelden", "fout.md") + ":4: Werkzaam element \"bestaatniet\" bestaat niet",
		filepath.Join(dir, "voorbeelden", "fout.md") + ":8: de sectie \"## Wat er gebeurde\" ontbreekt",
		"problemen gevonden",
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("want %q in:\n%s", w, stderr)
		}
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	os.CopyFS(dir, os.DirFS("../../testdata/site"))
	code, stdout, stderr := kb(t, "new", "-content", dir, "voorbeeld", "Een buurvrouw helpt")
	want := filepath.Join(dir, "voorbeelden", "een-buurvrouw-helpt.md")
	if code != 0 || strings.TrimSpace(stdout) != want {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	text, _ := os.ReadFile(want)
	for _, w := range []string{"title: \"Een buurvrouw helpt\"", "elementen: []", "## De situatie", "## Welke werkzame elementen zie je?", "## Vragen voor intervisie"} {
		if !strings.Contains(string(text), w) {
			t.Errorf("scaffold lacks %q:\n%s", w, text)
		}
	}
	// The scaffold is flagged only for what the editor must still fill in.
	code, _, stderr = kb(t, "check", "-content", dir)
	if code != 1 || !strings.Contains(stderr, "een-buurvrouw-helpt.md:4: noem minstens één element") ||
		!strings.Contains(stderr, "een-buurvrouw-helpt.md:24: de sectie \"## Vragen voor intervisie\" bevat geen vraag") {
		t.Errorf("check of a fresh scaffold: exit %d\n%s", code, stderr)
	}
	// Never overwrite.
	os.WriteFile(want, []byte("eigen werk"), 0o644)
	code, _, stderr = kb(t, "new", "-content", dir, "voorbeeld", "Een buurvrouw helpt")
	if code != 1 || !strings.Contains(stderr, "bestaat al") {
		t.Errorf("second new: exit %d, %q", code, stderr)
	}
	if b, _ := os.ReadFile(want); string(b) != "eigen werk" {
		t.Error("kb new overwrote an existing file")
	}
	// The other kinds scaffold files that follow their outline.
	for _, kind := range []string{"hulpmiddel", "element"} {
		if code, _, stderr := kb(t, "new", "-content", dir, kind, "Nieuw "+kind); code != 0 {
			t.Errorf("new %s: %s", kind, stderr)
		}
	}
	if code, _, stderr := kb(t, "new", "-content", dir, "recept", "x"); code != 2 || !strings.Contains(stderr, "onbekende soort") {
		t.Errorf("unknown kind: exit %d, %q", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	if code, _, stderr := kb(t); code != 2 || !strings.Contains(stderr, "kb build") {
		t.Errorf("no args: %d %q", code, stderr)
	}
	if code, _, stderr := kb(t, "bouw"); code != 2 || !strings.Contains(stderr, "onbekende opdracht") {
		t.Errorf("unknown command: %d %q", code, stderr)
	}
	if code, _, stderr := kb(t, "build", "-h"); code != 2 || !strings.Contains(stderr, "-base-url") {
		t.Errorf("build -h: %d %q", code, stderr)
	}
}

func TestSearchCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", "../../templates", "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := kb(t, "search", "-site", out, "-n", "2", "-json", "schulden")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(stdout), &hits); err != nil || len(hits) == 0 {
		t.Fatalf("json %q: %v", stdout, err)
	}
	for _, key := range []string{"url", "title", "section", "type", "score", "excerpt"} {
		if _, ok := hits[0][key]; !ok {
			t.Errorf("hit lacks %q: %v", key, hits[0])
		}
	}
	if hits[0]["url"] != "/voorbeelden/gezin-de-boer/#de-situatie" {
		t.Errorf("top hit %v", hits[0]["url"])
	}
	code, stdout, _ = kb(t, "search", "-site", out, "ecogram")
	if code != 0 || !strings.Contains(stdout, "1. Ecogram") {
		t.Errorf("text output: %q", stdout)
	}
	if code, _, stderr := kb(t, "search", "-site", t.TempDir(), "x"); code != 1 || !strings.Contains(stderr, "geen zoekindex") {
		t.Errorf("missing index: %d %q", code, stderr)
	}
}

// TestControlCharactersNeverReachTheTerminal puts an escape sequence in a
// file name (kb check names the file) and in a title (kb search shows it)
// and checks that what kb prints has the sequence written out, not raw.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	dir := t.TempDir()
	os.CopyFS(dir, os.DirFS("../../testdata/site"))
	bad := filepath.Join(dir, "voorbeelden", "x\x1b[31m.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: X\nsummary: x\n---\n"), 0o644); err != nil {
		t.Fatalf("cannot make the file with control characters in its name: %v", err)
	}
	code, stdout, stderr := kb(t, "check", "-content", dir)
	if code != 1 {
		t.Fatalf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.ContainsAny(stdout+stderr, "\x1b\x00\x9b") {
		t.Errorf("check printed a raw control character:\n%q", stderr)
	}
	if want := `x\x1b[31m.md`; !strings.Contains(stderr, want) {
		t.Errorf("check does not name the file as %s:\n%s", want, stderr)
	}
	os.Remove(bad)

	// YAML writes ESC as "\e" in a double-quoted string.
	example := filepath.Join(dir, "voorbeelden", "gezin-de-boer.md")
	src, _ := os.ReadFile(example)
	src = []byte(strings.Replace(string(src), "title: ", `title: "Gezin \e[2J\e]0;kb\a wist" # `, 1))
	os.WriteFile(example, src, 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := kb(t, "build", "-content", dir, "-templates", "../../templates", "-out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	code, stdout, stderr = kb(t, "search", "-site", out, "gezin")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stdout, "\x1b\x07") {
		t.Errorf("search printed a raw control character:\n%q", stdout)
	}
	if want := `Gezin \x1b[2J\x1b]0;kb\a wist`; !strings.Contains(stdout, want) {
		t.Errorf("search does not show the title as %s:\n%s", want, stdout)
	}
}

// TestTemplateProblemsNameTheTemplate breaks a template and checks that
// kb build names it under the templates directory, with its line.
func TestTemplateProblemsNameTheTemplate(t *testing.T) {
	tpl := t.TempDir()
	os.CopyFS(tpl, os.DirFS("../../templates"))
	os.WriteFile(filepath.Join(tpl, "over.html"), []byte("{{define \"main\"}}\n<p>\n{{if}}{{end}}\n{{end}}\n"), 0o644)
	code, _, stderr := kb(t, "build", "-content", "../../testdata/site", "-templates", tpl, "-out", filepath.Join(t.TempDir(), "public"))
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if want := filepath.Join(tpl, "over.html") + ":3: de template klopt niet: missing value for if"; !strings.Contains(stderr, want) {
		t.Errorf("want %q in:\n%s", want, stderr)
	}
}
