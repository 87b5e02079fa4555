package build

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/markdown"
)

// checkGrounds reports an element whose Onderbouwing cites no source from
// bronnen.yaml: a professional must be able to trace every claim.
func checkGrounds(file string, doc *markdown.Doc) error {
	for _, s := range doc.Sections {
		if s.Level == 3 && s.Title == content.GroundsSection && !strings.Contains(string(s.HTML), `class="citation"`) {
			return diag.New(file, s.Line, 0, "de sectie %q haalt geen bron aan: noem minstens één bron uit bronnen.yaml met [@sleutel], zodat een lezer kan nagaan waar het vandaan komt", "### "+content.GroundsSection)
		}
	}
	return nil
}

// Questions counts the lines of an example's "## Vragen voor intervisie"
// that end in a question mark (after trailing spaces and the * or _ of
// emphasis), and returns the section's line; 0, 0 when the page has no
// such section. body is the page's markdown, whose first line is line
// bodyLine of the file; doc is its rendering.
func Questions(body []byte, bodyLine int, doc *markdown.Doc) (n, line int) {
	from, to := 0, 0
	for i, s := range doc.Sections {
		if s.Level == 2 && s.Title == content.QuestionsSection {
			from, to = s.Line, 1<<62
			if i+1 < len(doc.Sections) {
				to = doc.Sections[i+1].Line
			}
		}
	}
	if from == 0 {
		return 0, 0
	}
	for i, l := range bytes.Split(body, []byte("\n")) {
		if at := bodyLine + i; at > from && at < to && bytes.HasSuffix(bytes.TrimRight(l, " \t\r*_"), []byte("?")) {
			n++
		}
	}
	return n, from
}

// checkQuestions reports an example whose "## Vragen voor intervisie"
// holds fewer than content.MinQuestions questions, at the section's heading. A
// missing section is the outline's to report.
func checkQuestions(file string, body []byte, bodyLine int, doc *markdown.Doc) error {
	n, line := Questions(body, bodyLine, doc)
	if line == 0 || n >= content.MinQuestions {
		return nil
	}
	counted := []string{"geen vraag", "één vraag", "twee vragen", "drie vragen"}
	found := fmt.Sprintf("%d vragen", n)
	if n < len(counted) {
		found = counted[n]
	}
	want := fmt.Sprint(content.MinQuestions)
	if content.MinQuestions < len(counted) {
		want = strings.Fields(counted[content.MinQuestions])[0]
	}
	return diag.New(file, line, 0, "de sectie %q bevat %s: schrijf er minstens %s, elk op een eigen regel die eindigt op een vraagteken", "## "+content.QuestionsSection, found, want)
}
