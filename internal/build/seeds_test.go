package build

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/werkzame-elementen/kb/internal/content"
)

// The seed documents the content is written from live beside the project
// on the developers' machines only (shared/seeds, never in a user's clone).
// The tests read their fingerprints instead, which carry no sentence: for
// each run length n, testdata/seedruns<n>.txt holds a hash of every run of
// n words of the seeds, one per line, sorted. After a seed changes: make
// seedprints.

// copiedRun is how many words in a row count as a copied sentence; none
// may appear in the content.
const copiedRun = 10

// closeRun is how many words in a row count as close paraphrase; a few
// may appear (names of methods and publications, fixed expressions).
const closeRun = 8

// maxClose is how many passages may share closeRun words with the seeds.
const maxClose = 10

// updateSeeds, when set, rewrites the fingerprint files from the seed
// documents in that directory (make seedprints); a plain test run never
// reads them.
var updateSeeds = flag.String("seeds", "", "directory of the seed documents (*.txt) to fingerprint into testdata/seedruns*.txt")

func seedRunsFile(n int) string { return fmt.Sprintf("testdata/seedruns%d.txt", n) }

// TestNoSentencesFromSeeds fails when any run of 10 consecutive words of
// the seed documents appears in the content: facts carry over, sentences
// do not. Titles of publications in the source list, the headings of the
// fixed outlines and front-matter lists of slugs are exempt.
func TestNoSentencesFromSeeds(t *testing.T) {
	if *updateSeeds != "" {
		for _, n := range []int{copiedRun, closeRun} {
			writeSeedRuns(t, *updateSeeds, n)
		}
	}
	runs := readSeedRuns(t, copiedRun)
	checked := 0
	forEachContentText(t, func(p, text string) {
		checked++
		for _, run := range copiedRuns(runs, text, copiedRun) {
			t.Errorf("%s: copied from a seed: %q", p, run)
		}
	})
	if checked < 20 {
		t.Errorf("only %d content files checked", checked)
	}
}

// TestCloseParaphrase allows at most maxClose passages that share 8
// consecutive words with the seeds: a text written anew seldom does, and
// the few that do are names of methods and publications. Run it with -v to
// see them all.
func TestCloseParaphrase(t *testing.T) {
	runs := readSeedRuns(t, closeRun)
	var found []string
	forEachContentText(t, func(p, text string) {
		for _, run := range copiedRuns(runs, text, closeRun) {
			found = append(found, fmt.Sprintf("%s: %q", p, run))
		}
	})
	for _, f := range found {
		t.Log(f)
	}
	if len(found) > maxClose {
		t.Errorf("%d passages share %d words in a row with the seeds; at most %d may (run with -v to see them)", len(found), closeRun, maxClose)
	}
}

// forEachContentText calls f with the words of every file of the real
// content (folded, space-separated), less what may be the same as in the
// seeds by design: titles of publications in the source list (also where
// the text names them), the fixed headings (also where the text quotes
// them), web addresses and front-matter lists of slugs. What is left out
// breaks a run.
func forEachContentText(t *testing.T, f func(p, text string)) {
	t.Helper()
	var exempt []string
	for _, m := range sourceTitles.FindAllStringSubmatch(read(t, filepath.Join(realContent, content.SourcesFile)), -1) {
		for _, part := range titleParts.Split(m[1], -1) {
			if w := words(part); len(w) >= 3 {
				exempt = append(exempt, strings.Join(w, " "))
			}
		}
	}
	for _, o := range content.Outlines {
		for _, it := range o {
			exempt = append(exempt, strings.Join(words(it.Title), " "))
		}
	}
	// Longest first, so a title is taken out whole before a part of it.
	sort.Slice(exempt, func(i, j int) bool { return len(exempt[i]) > len(exempt[j]) })
	err := fs.WalkDir(os.DirFS(realContent), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text := read(t, filepath.Join(realContent, p))
		if p == content.SourcesFile {
			text = sourceTitles.ReplaceAllString(text, "")
		}
		text = slugLists.ReplaceAllString(text, "")
		text = webAddresses.ReplaceAllString(text, " "+runBreak+" ")
		joined := " " + strings.Join(words(text), " ") + " "
		for _, e := range exempt {
			joined = strings.ReplaceAll(joined, " "+e+" ", " "+runBreak+" ")
		}
		f(p, joined)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// runBreak stands where exempt words were taken out: a word no seed has,
// so no run of the seeds goes over it.
const runBreak = "0x0x0"

var (
	sourceTitles = regexp.MustCompile(`(?m)^\s*titel:\s*"?(.*?)"?\s*$`)
	titleParts   = regexp.MustCompile(`[.,:;?]\s`)
	// webAddresses are links to where the seeds say something is
	// described: their words are the seeds' by design.
	webAddresses = regexp.MustCompile(`https?://[^\s)>\]"]+`)
)

// TestCopiedRuns checks the fingerprint check itself: a run of ten words
// from a text is found again in another text whatever its case, accents and
// punctuation, and nine words in a row are not enough.
func TestCopiedRuns(t *testing.T) {
	seed := "Een cliënt bepaalt zelf welke doelen in het plan komen, en de professional volgt."
	runs := map[string]bool{}
	for _, h := range runHashes(seed, copiedRun) {
		runs[h] = true
	}
	tests := []struct {
		text string
		want int
	}{
		{"Zo gaat het: een CLIENT bepaalt zelf welke doelen in het plan komen!", 1},
		{"Een cliënt bepaalt zelf welke doelen in het plan staan.", 0},
		{"Iets anders over doelen en plannen van een cliënt en een professional.", 0},
	}
	for _, tt := range tests {
		if got := copiedRuns(runs, tt.text, copiedRun); len(got) != tt.want {
			t.Errorf("copiedRuns(%q) = %q; want %d runs", tt.text, got, tt.want)
		}
	}
}

// runHashes returns the fingerprint of every run of n words in text: the
// first 48 bits of the SHA-256 of the folded words, in hex.
func runHashes(text string, n int) []string {
	w := words(text)
	var out []string
	for i := 0; i+n <= len(w); i++ {
		sum := sha256.Sum256([]byte(strings.Join(w[i:i+n], " ")))
		out = append(out, hex.EncodeToString(sum[:6]))
	}
	return out
}

// copiedRuns returns the runs of n words of text whose fingerprint is in
// runs, one per copied passage.
func copiedRuns(runs map[string]bool, text string, n int) []string {
	w := words(text)
	hashes := runHashes(text, n)
	var out []string
	for i := 0; i < len(hashes); i++ {
		if runs[hashes[i]] {
			j := i + 1
			for j < len(hashes) && runs[hashes[j]] {
				j++
			}
			out = append(out, strings.Join(w[i:j+n-1], " "))
			i = j
		}
	}
	return out
}

func readSeedRuns(t *testing.T, n int) map[string]bool {
	t.Helper()
	runs := map[string]bool{}
	for _, line := range strings.Fields(read(t, seedRunsFile(n))) {
		runs[line] = true
	}
	if len(runs) < 10000 {
		t.Fatalf("%s holds %d fingerprints; the seeds have more than 10,000 runs (make seedprints)", seedRunsFile(n), len(runs))
	}
	return runs
}

// writeSeedRuns fingerprints the runs of n words of the seed documents in
// dir.
func writeSeedRuns(t *testing.T, dir string, n int) {
	t.Helper()
	seeds, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seed documents (*.txt) in %s: %v", dir, err)
	}
	set := map[string]bool{}
	for _, f := range seeds {
		for _, h := range runHashes(read(t, f), n) {
			set[h] = true
		}
	}
	lines := make([]string, 0, len(set))
	for h := range set {
		lines = append(lines, h)
	}
	sort.Strings(lines)
	if err := os.WriteFile(seedRunsFile(n), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d fingerprints from %d seed documents", seedRunsFile(n), len(lines), len(seeds))
}
