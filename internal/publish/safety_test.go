package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// writeFiles writes files (slash paths to contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkFiles asserts every file has exactly its contents.
func checkFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, want := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else if string(b) != want {
			t.Errorf("%s = %q, want %q", p, b, want)
		}
	}
}

// checkGone asserts none of the paths exists under dir.
func checkGone(t *testing.T, dir string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p))); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
}

// besideOutput lists the entries of the output's parent other than the
// output itself.
func besideOutput(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			names = append(names, e.Name())
		}
	}
	return names
}

// userFiles are what a user keeps in a deploy folder that kb did not
// write.
var userFiles = map[string]string{
	".git/HEAD":              "ref: refs/heads/main\n",
	".git/objects/ab/cdef":   "\x00\x01binair",
	"CNAME":                  "kennisbank.example.nl\n",
	"elementen/notities.txt": "eigen aantekening in een map van kb",
}

// TestWhatKbDidNotWriteSurvives: a deploy folder made with cp -r public/.
// deploy/ inside a git checkout with a CNAME file keeps .git, CNAME and a
// user's file inside a directory of kb, byte for byte, build after build,
// while the site in it is replaced.
func TestWhatKbDidNotWriteSurvives(t *testing.T) {
	base := t.TempDir()
	public := filepath.Join(base, "public")
	if err := Write(public, Tree{"index.html": []byte("een"), "elementen/oud/index.html": []byte("weg")}); err != nil {
		t.Fatal(err)
	}
	deploy := filepath.Join(base, "deploy")
	writeFiles(t, deploy, map[string]string{".git/HEAD": userFiles[".git/HEAD"], ".git/objects/ab/cdef": userFiles[".git/objects/ab/cdef"], "CNAME": userFiles["CNAME"]})
	if err := os.CopyFS(deploy, os.DirFS(public)); err != nil { // cp -r public/. deploy/
		t.Fatal(err)
	}
	writeFiles(t, deploy, map[string]string{"elementen/notities.txt": userFiles["elementen/notities.txt"]})
	for i, tree := range []Tree{
		{"index.html": []byte("twee"), "elementen/nieuw/index.html": []byte("nieuw")},
		{"index.html": []byte("drie"), "over/index.html": []byte("over")},
	} {
		if err := Write(deploy, tree); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		checkFiles(t, deploy, userFiles)
		want := map[string]string{}
		for p, b := range tree {
			want[p] = string(b)
		}
		checkFiles(t, deploy, want)
		checkGone(t, deploy, "elementen/oud")
		if left := besideOutput(t, deploy); len(left) != 1 || left[0] != "public" {
			t.Errorf("left beside the output: %v", left)
		}
	}
	checkGone(t, deploy, "elementen/nieuw")
}

// TestOlderMarkerKeepsTopLevel: an output made by an older kb has a
// marker without a list; the entries at its top that the new site does
// not write are kept.
func TestOlderMarkerKeepsTopLevel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "deploy")
	writeFiles(t, out, map[string]string{
		Marker:             "Gemaakt door kb build. Deze map wordt bij elke build vervangen.\n",
		"index.html":       "oud",
		"elementen/x.html": "oud",
		".git/HEAD":        userFiles[".git/HEAD"],
		"CNAME":            userFiles["CNAME"],
	})
	if err := Write(out, Tree{"index.html": []byte("nieuw"), "elementen/y.html": []byte("nieuw")}); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, map[string]string{".git/HEAD": userFiles[".git/HEAD"], "CNAME": userFiles["CNAME"], "index.html": "nieuw", "elementen/y.html": "nieuw"})
	checkGone(t, out, "elementen/x.html")
}

// TestClashRefused: when the new site writes a file where the old output
// has one kb did not write, nothing is replaced and the message names it.
func TestClashRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("een")}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{"CNAME": userFiles["CNAME"], ".git/HEAD": userFiles[".git/HEAD"]})
	err := Write(out, Tree{"index.html": []byte("twee"), "CNAME": []byte("van kb")})
	want := filepath.Join(out, "CNAME") + " is niet door kb gemaakt, maar de nieuwe site schrijft op dezelfde plek; verplaats of hernoem het en bouw opnieuw"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	checkFiles(t, out, map[string]string{"index.html": "een", "CNAME": userFiles["CNAME"], ".git/HEAD": userFiles[".git/HEAD"]})
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestOneBuildAtATime: while one build holds an output, a second fails at
// once with a clear message and leaves the first alone; afterwards the
// next build works.
func TestOneBuildAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Put("index.html", []byte("eerste")); err != nil {
		t.Fatal(err)
	}
	_, err = Begin(out)
	want := "er draait al een build naar " + out + " (vergrendeld met " + filepath.Join(filepath.Dir(out), ".public.lock") + "); wacht tot die klaar is en probeer het opnieuw"
	if err == nil || err.Error() != want {
		t.Fatalf("second Begin: %v\nwant %s", err, want)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, map[string]string{"index.html": "eerste"})
	if err := Write(out, Tree{"index.html": []byte("tweede")}); err != nil {
		t.Fatalf("build after the first: %v", err)
	}
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestConcurrentBuilds: builds started together on several goroutines
// either succeed or say another build is running; the output is always
// one whole build's.
func TestConcurrentBuilds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	const n = 8
	for round := range 20 {
		var wg sync.WaitGroup
		errs := make([]error, n)
		for g := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tree := Tree{}
				for i := range 50 {
					tree[fmt.Sprintf("p%d/index.html", i)] = fmt.Appendf(nil, "build %d", g)
				}
				errs[g] = Write(out, tree)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !strings.HasPrefix(err.Error(), "er draait al een build naar "+out) {
				t.Errorf("round %d: %v", round, err)
			}
		}
		if ok == 0 {
			t.Errorf("round %d: no build succeeded", round)
		}
		first, err := os.ReadFile(filepath.Join(out, "p0", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 50 {
			checkFiles(t, out, map[string]string{fmt.Sprintf("p%d/index.html", i): string(first)})
		}
		if left := besideOutput(t, out); len(left) != 0 {
			t.Errorf("round %d: left beside the output: %v", round, left)
		}
	}
}

// TestStaleStagesRemoved: what killed builds left beside the output is
// removed by the next build, after what it held that kb did not write is
// moved back.
func TestStaleStagesRemoved(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("een")}); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(out)
	// Killed while writing: no marker yet.
	writeFiles(t, filepath.Join(parent, ".public.new-111"), map[string]string{"index.html": "half", "a/b.html": "half"})
	// Killed while moving the user's files into the new output: it has
	// the marker, and the .git of the output is in it.
	writeFiles(t, filepath.Join(parent, ".public.new-222"), map[string]string{
		Marker: markerHead + "\n" + listHead + "\nindex.html\n", "index.html": "nieuw", ".git/HEAD": userFiles[".git/HEAD"],
	})
	// Killed while removing the previous output.
	writeFiles(t, filepath.Join(parent, ".public.new-333.old"), map[string]string{Marker: markerHead + "\n" + listHead + "\nindex.html\n", "index.html": "oud"})
	if err := Write(out, Tree{"index.html": []byte("twee")}); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, map[string]string{"index.html": "twee", ".git/HEAD": userFiles[".git/HEAD"]})
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("stale stages left beside the output: %v", left)
	}
}

// TestKilledBetweenRenames: a build killed between the two renames of the
// fallback swap leaves no output but the previous one set aside; the next
// build puts it back first, so what the user kept in it survives.
func TestKilledBetweenRenames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	writeFiles(t, filepath.Join(filepath.Dir(out), ".public.new-444.old"), map[string]string{
		Marker: markerHead + "\n" + listHead + "\nindex.html\n", "index.html": "oud", "CNAME": userFiles["CNAME"],
	})
	if err := Write(out, Tree{"index.html": []byte("nieuw")}); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, map[string]string{"index.html": "nieuw", "CNAME": userFiles["CNAME"]})
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestSwapNeverMissing: while builds replace the output again and again,
// a reader never finds index.html missing.
func TestSwapNeverMissing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tree := Tree{"index.html": []byte("site")}
	for i := range 100 {
		tree[fmt.Sprintf("p%d/index.html", i)] = []byte("pagina")
	}
	if err := Write(out, tree); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	missing := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				missing <- n
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				n++
			}
		}
	}()
	for range 30 {
		if err := Write(out, tree); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if n := <-missing; n > 0 {
		t.Errorf("index.html was missing %d times during 30 builds", n)
	}
}

// TestOSErrorsInDutch: a full disk and a name that is too long are said in
// Dutch, once, with the file in the output; the previous output stays.
func TestOSErrorsInDutch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("oud")}); err != nil {
		t.Fatal(err)
	}

	t.Run("schijf vol", func(t *testing.T) {
		st, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		// /dev/full answers every write with ENOSPC: each file of the
		// stage is a link to it, so every goroutine hits a full disk.
		const n = 28
		for i := range n {
			if err := os.Symlink("/dev/full", filepath.Join(st.tmp, fmt.Sprintf("p%d.html", i))); err != nil {
				t.Fatal(err)
			}
		}
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 0 {
					errs[i] = st.Put(fmt.Sprintf("p%d.html", i), []byte("pagina"))
					return
				}
				w, err := st.Create(fmt.Sprintf("p%d.html", i))
				if err == nil {
					_, err = w.Write([]byte("pagina"))
					w.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		first := st.Err()
		if first == nil || !strings.HasPrefix(first.Error(), "bij het schrijven van "+filepath.Join(out, "p")) || !strings.HasSuffix(first.Error(), ".html: de schijf is vol") {
			t.Fatalf("Err() = %v", first)
		}
		for i, err := range errs {
			if err != first {
				t.Errorf("goroutine %d: %v, want the stage's one error %v", i, err, first)
			}
		}
		if err := st.Commit(); err != first {
			t.Errorf("Commit = %v, want %v", err, first)
		}
		checkFiles(t, out, map[string]string{"index.html": "oud"})
		if left := besideOutput(t, out); len(left) != 0 {
			t.Errorf("left beside the output: %v", left)
		}
	})

	t.Run("naam te lang", func(t *testing.T) {
		long := strings.Repeat("b", 300) + ".html"
		err := Write(out, Tree{"index.html": []byte("nieuw"), long: []byte("x")})
		want := "bij het schrijven van " + filepath.Join(out, long) + ": de naam is te lang voor het bestandssysteem; kies een kortere naam"
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v\nwant %s", err, want)
		}
		checkFiles(t, out, map[string]string{"index.html": "oud"})
	})

	t.Run("uitvoermap met te lange naam", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), strings.Repeat("c", 250))
		_, err := Begin(dir)
		want := "bij het vergrendelen van " + dir + ": de naam is te lang voor het bestandssysteem; kies een kortere naam"
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v\nwant %s", err, want)
		}
	})
}

// TestOldCopyLeftIsAWarning: when the previous output cannot be removed
// after the swap, the build has succeeded: the new site is in place, and
// a warning says where the old copy is.
func TestOldCopyLeftIsAWarning(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("oud")}); err != nil {
		t.Fatal(err)
	}
	defer func(f func(string) error) { removeAll = f }(removeAll)
	removeAll = func(string) error { return &os.PathError{Op: "unlinkat", Path: "x", Err: syscall.EACCES} }
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("index.html", []byte("nieuw"))
	old := st.tmp // where the previous output goes by the one-step swap
	if err := st.Commit(); err != nil {
		t.Fatalf("Commit = %v, want success", err)
	}
	checkFiles(t, out, map[string]string{"index.html": "nieuw"})
	w := st.Warnings()
	if len(w) != 1 {
		t.Fatalf("warnings: %q", w)
	}
	left := besideOutput(t, out)
	if len(left) != 1 {
		t.Fatalf("beside the output: %v", left)
	}
	if got := filepath.Join(filepath.Dir(out), left[0]); got != old && got != old+".old" {
		t.Fatalf("old copy at %s", got)
	}
	want := "de nieuwe site staat in " + out + ", maar de vorige kon niet helemaal worden verwijderd: geen toestemming (kijk wie eigenaar is en wie mag lezen en schrijven). Die staat nog in " +
		filepath.Join(filepath.Dir(out), left[0]) + ": verwijder die map zelf, of de volgende build probeert het opnieuw"
	if w[0] != want {
		t.Errorf("warning\n%s\nwant\n%s", w[0], want)
	}
	checkFiles(t, filepath.Join(filepath.Dir(out), left[0]), map[string]string{"index.html": "oud"})
	// The next build clears it up.
	removeAll = os.RemoveAll
	if err := Write(out, Tree{"index.html": []byte("derde")}); err != nil {
		t.Fatal(err)
	}
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestTwoRenamesFallback: where the system cannot swap in one step, the
// two renames give the same result: new site, user files kept, nothing
// left beside the output.
func TestTwoRenamesFallback(t *testing.T) {
	defer func(f func(a, b string) (bool, error)) { exchangeDirs = f }(exchangeDirs)
	exchangeDirs = func(a, b string) (bool, error) { return false, nil }
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Tree{"index.html": []byte("een"), "oud/index.html": []byte("weg")}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{"CNAME": userFiles["CNAME"], ".git/HEAD": userFiles[".git/HEAD"]})
	if err := Write(out, Tree{"index.html": []byte("twee")}); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, map[string]string{"index.html": "twee", "CNAME": userFiles["CNAME"], ".git/HEAD": userFiles[".git/HEAD"]})
	checkGone(t, out, "oud")
	if left := besideOutput(t, out); len(left) != 0 {
		t.Errorf("left beside the output: %v", left)
	}
}
