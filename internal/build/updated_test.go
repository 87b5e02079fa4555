package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// commit commits everything in dir with a fixed committer date.
func commit(t *testing.T, dir, date string) {
	t.Helper()
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "-m", "wijziging"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE=2001-01-01T00:00:00Z",
			"GIT_AUTHOR_NAME=R", "GIT_AUTHOR_EMAIL=r@example.org", "GIT_COMMITTER_NAME=R", "GIT_COMMITTER_EMAIL=r@example.org",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

var pageMeta = regexp.MustCompile(`(?s)<div class="page-meta">.*?</div>`)

// TestLastUpdated: every content page says when it was last brought up
// to date, from the last commit that touched its file when the content is
// in Git, else from its front matter, else not at all; the files'
// modification times never count. With bewerkURL in site.yaml each page
// links to its source file.
func TestLastUpdated(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(content, file)
		b, _ := os.ReadFile(p)
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", file, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	edit("site.yaml", "baseURL: /\n", "baseURL: /\nbewerkURL: https://github.com/org/repo/edit/main/content/\n")
	edit("elementen/vraagverheldering.md", "---\n## ", "bijgewerkt: 2025-03-09\n---\n## ")
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	commit(t, dir, "2026-01-15T09:00:00+01:00")
	edit("voorbeelden/gezin-de-boer.md", "heeft schulden", "heeft grote schulden")
	commit(t, dir, "2026-11-01T23:30:00+01:00") // late in the evening: still 1 november there
	// Committed with a date in front matter: the commit wins.
	edit("hulpmiddelen/ecogram.md", "---\n## ", "bijgewerkt: 2020-01-01\n---\n## ")
	commit(t, dir, "2026-06-30T12:00:00+02:00")
	// Not committed: the front matter's date, and no date at all from
	// the modification time of a file saved just now.
	os.WriteFile(filepath.Join(content, "voorbeelden", "nieuw.md"), []byte("---\ntitle: Nieuw\nsummary: s\nelementen: [maatwerk]\nbijgewerkt: 2026-12-24\n---\n"+
		"## De situatie\n\nx\n\n## Wat er gebeurde\n\nx\n\n## Wat werkte\n\nx\n\n## Welke werkzame elementen zie je?\n\nx\n\n## Vragen voor intervisie\n\n- Een?\n- Twee?\n"), 0o644)
	os.WriteFile(filepath.Join(content, "nieuwe-pagina.md"), []byte("---\ntitle: Nieuw\nsummary: s\n---\nNieuw, niet gecommit.\n"), 0o644)
	os.Chtimes(filepath.Join(content, "nieuwe-pagina.md"), time.Now(), time.Now())

	for _, c := range []struct {
		gitDates bool
		page     string
		date     string // the <time> element, or "" for none
		source   string // the file the edit link names
	}{
		{true, "voorbeelden/gezin-de-boer/index.html", `<time datetime="2026-11-01">1 november 2026</time>`, "voorbeelden/gezin-de-boer.md"},
		{true, "elementen/maatwerk/index.html", `<time datetime="2026-01-15">15 januari 2026</time>`, "elementen/maatwerk.md"},
		{true, "elementen/vraagverheldering/index.html", `<time datetime="2026-01-15">15 januari 2026</time>`, "elementen/vraagverheldering.md"},
		{true, "hulpmiddelen/ecogram/index.html", `<time datetime="2026-06-30">30 juni 2026</time>`, "hulpmiddelen/ecogram.md"},
		{true, "voorbeelden/nieuw/index.html", `<time datetime="2026-12-24">24 december 2026</time>`, "voorbeelden/nieuw.md"},
		{true, "nieuwe-pagina/index.html", "", "nieuwe-pagina.md"},
		{true, "index.html", `<time datetime="2026-01-15">15 januari 2026</time>`, "index.md"},
		{false, "voorbeelden/gezin-de-boer/index.html", "", "voorbeelden/gezin-de-boer.md"},
		{false, "elementen/vraagverheldering/index.html", `<time datetime="2025-03-09">9 maart 2025</time>`, "elementen/vraagverheldering.md"},
		{false, "hulpmiddelen/ecogram/index.html", `<time datetime="2020-01-01">1 januari 2020</time>`, "hulpmiddelen/ecogram.md"},
		{true, "voorbeelden/index.html", "", ""}, // generated pages have neither
		{true, "zoeken/index.html", "", ""},
	} {
		tree, _, err := Site(Options{ContentDir: content, TemplatesDir: templates, GitDates: c.gitDates, DeferIndex: true})
		if err != nil {
			t.Fatal(err)
		}
		meta := pageMeta.FindString(string(tree[c.page]))
		if c.date == "" && c.source == "" {
			if meta != "" {
				t.Errorf("%s: %s", c.page, meta)
			}
			continue
		}
		if c.date != "" && !strings.Contains(meta, "<p>Laatst bijgewerkt: "+c.date+"</p>") {
			t.Errorf("GitDates %v, %s: %q; want %s", c.gitDates, c.page, meta, c.date)
		}
		if c.date == "" && strings.Contains(meta, "Laatst bijgewerkt") {
			t.Errorf("GitDates %v, %s: %q; want no date", c.gitDates, c.page, meta)
		}
		if link := `<a href="https://github.com/org/repo/edit/main/content/` + c.source + `">Bewerk deze pagina</a>`; !strings.Contains(meta, link) {
			t.Errorf("%s: %q; want %s", c.page, meta, link)
		}
	}
}
