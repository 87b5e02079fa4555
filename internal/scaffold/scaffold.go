// Package scaffold writes the starting text of a new content file: front
// matter with every field the kind needs, and the headings of its fixed
// outline, each with a line saying what belongs there.
package scaffold

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/slug"
)

// MaxSlugLen is the longest slug, in bytes, that kb new makes a file name
// of. File systems allow 255 bytes for a name; a slug this long is
// already more than anyone types in a link.
const MaxSlugLen = 100

// FileName returns the name of the new file for a page with the given
// title ("<slug>.md"), or a problem in plain Dutch when the title gives no
// usable name: no letters or digits, or too long for a file name.
func FileName(title string) (string, error) {
	s := slug.Make(title)
	if s == "" {
		return "", fmt.Errorf("de titel %q bevat geen letters of cijfers", title)
	}
	if len(s) > MaxSlugLen {
		return "", fmt.Errorf("de titel is te lang voor een bestandsnaam (%d tekens; de grens is %d): kort hem in, en zet de volledige titel daarna in 'title:' van het bestand", len(s), MaxSlugLen)
	}
	return s + ".md", nil
}

// Draft is what an editor filled in for a new page, in the form of kb
// serve (see Fill).
type Draft struct {
	Title        string
	Summary      string   // empty: the line that says what belongs there
	Elementen    []string // slugs
	Hulpmiddelen []string // slugs
	// Sections holds the text under each heading of the outline, by the
	// heading's title. When Sections is nil every heading gets the line
	// saying what belongs there, as kb new writes it; otherwise a heading
	// without text stays empty, and kb check says so.
	Sections map[string]string
}

// File returns the text of a new file of the kind with the given title and
// slug, following outline: what kb new writes.
func File(kind content.Kind, title string, outline markdown.Outline) string {
	return Fill(kind, Draft{Title: title}, outline)
}

// Fill returns the text of a new file of the kind, following outline, as
// File does, with what the draft fills in. The slugs in the lists are
// written as they are: they must be slugs (slug.Valid), or the list is no
// longer YAML.
func Fill(kind content.Kind, d Draft, outline markdown.Outline) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", d.Title)
	summary := d.Summary
	if summary == "" {
		summary = "Eén zin die zegt waar dit over gaat."
	}
	fmt.Fprintf(&b, "summary: %q\n", summary)
	list := func(key string, slugs []string, comment string) {
		fmt.Fprintf(&b, "%-20s # %s\n", key+": ["+strings.Join(slugs, ", ")+"]", comment)
	}
	switch kind {
	case content.Example:
		list(content.KeyElements, d.Elementen, "de elementen die dit voorbeeld laat zien, bijvoorbeeld [vraagverheldering, maatwerk]")
		list(content.KeyTools, d.Hulpmiddelen, "gebruikte hulpmiddelen, bijvoorbeeld [ecogram]")
	case content.Tool:
		list(content.KeyElements, d.Elementen, "de elementen waarbij dit hulpmiddel helpt")
	case content.Element:
		b.WriteString("order: 99            # de plaats in de lijst van elementen\n")
		b.WriteString("fase: algemeen       # algemeen, vraagverheldering, doelen, plan, uitvoering of evaluatie\n")
	}
	b.WriteString("---\n")
	for _, it := range outline {
		fmt.Fprintf(&b, "\n%s\n", it.String())
		if d.Sections != nil {
			if text := Text(d.Sections[it.Title]); text != "" {
				fmt.Fprintf(&b, "\n%s\n", text)
			}
			continue
		}
		if it.Hint != "" && !it.MayBeEmpty {
			fmt.Fprintf(&b, "\n%s\n", it.Hint)
		} else if !it.MayBeEmpty {
			b.WriteString("\nSchrijf hier de tekst.\n")
		}
	}
	return b.String()
}

// Text tidies what a browser sends from a text area for a file: line
// ends as "\n" (browsers send "\r\n"), no spaces at the end of a line,
// no empty lines before or after.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// ErrExists is the error of Create for a file that is already there.
var ErrExists = errors.New("het bestand bestaat al")

// Create writes a new file at path with text, making its folder when
// needed. It never overwrites: when the file exists it returns an error
// that errors.Is ErrExists and leaves the file as it is. A file that
// cannot be written completely is removed, so no half page is left for
// the site to show. Other errors say in Dutch what went wrong.
func Create(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("kan de map %s niet maken: %s", filepath.Dir(path), diag.OSReason(err))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s bestaat al: %w", path, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("kan %s niet maken: %s", path, diag.OSReason(err))
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // a half-written file would be taken for a page
		return fmt.Errorf("kan %s niet schrijven: %s", path, diag.OSReason(err))
	}
	return nil
}
