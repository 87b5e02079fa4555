// Package publish is the only package that writes the site to disk. A
// Stage takes the output files one by one, as the build makes them, and
// replaces the output directory with them in one step: the files are
// written to a new directory beside the output and swapped in only when
// all of them are written. A failed or interrupted publish leaves the
// previous output as it was; files of pages that no longer exist do not
// survive.
//
// What kb did not write is never deleted. The marker file (Marker) in
// every output lists the files kb wrote; when the output is replaced,
// every other entry of the old output (a .git directory, a CNAME file,
// anything a user put there) is moved into the new output before the
// swap, so a deploy folder that is also a git checkout keeps working
// build after build. An output whose marker has no list (made by an
// older kb) keeps every top-level entry the new site does not write. If
// the new site writes a file where such an entry is, nothing is replaced
// and the build says which entry is in the way.
//
// One build at a time writes to an output: Begin takes a lock beside it
// (flock, so a killed build never leaves it held) and fails at once when
// another build holds it. Holding the lock, Begin removes the hidden
// directories that killed builds left beside the output, after moving
// back whatever they held that kb did not write. On Linux the swap is one
// rename (RENAME_EXCHANGE), so a reader of the output never finds a file
// missing; elsewhere it is two renames.
//
// Errors of the operating system (disk full, name too long, permission
// denied) are reported once, in Dutch, with the file in the output
// directory they concern (WriteError).
package publish

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/parallel"
)

// Marker is the file publish leaves in every output directory, listing
// the files kb wrote there. Publish refuses to replace an existing
// non-empty directory without it, so a mistyped -out can never wipe an
// unrelated folder.
const Marker = ".kb-output"

// markerHead is the first line of the marker; listHead introduces the
// list of files kb wrote.
const (
	markerHead = "Gemaakt door kb build. Deze map wordt bij elke build vervangen; wat kb niet schreef (zoals .git of CNAME) blijft staan."
	listHead   = "Bestanden van kb:"
)

// Tree is a complete site in memory (the dev server's): slash-separated
// relative paths to contents.
type Tree map[string][]byte

// CheckPath reports whether p is a path publish may write: relative,
// clean, slash-separated, inside the output directory, on one line.
func CheckPath(p string) error {
	if p == "" || path.IsAbs(p) || strings.ContainsAny(p, "\\\n\r") || path.Clean(p) != p || p == "." ||
		p == ".." || strings.HasPrefix(p, "../") || p == Marker {
		return fmt.Errorf("ongeldig pad in de uitvoer: %q", p)
	}
	return nil
}

// Stage is a new output directory being written file by file, so that a
// build need not hold the whole site in memory. The files go into a hidden
// directory beside the output; Commit swaps it into place in one step and
// Abort removes it, so the previous output stays as it was until the new
// one is complete. Put and Create may be called from several goroutines.
type Stage struct {
	dir, tmp string
	release  func() // lets go of the lock; safe to call more than once

	mu       sync.Mutex
	dirs     map[string]*dirMade // directories of tmp, made or being made
	files    map[string]bool     // every file written, for the marker
	err      error               // the first failure to write; every later write returns it
	warnings []string
}

// dirMade is one directory of a stage: made once, by whichever writer
// needs it first, while the others write elsewhere.
type dirMade struct {
	once sync.Once
	err  error
}

// stagePrefix is how the names of the hidden directories beside dir
// begin.
func stagePrefix(dir string) string { return "." + filepath.Base(dir) + ".new-" }

// lockName is the lock file of dir, beside it.
func lockName(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".lock")
}

// Begin starts a new output for dir. The parent of dir must exist or be
// creatable. It fails at once when another build is writing to dir.
func Begin(dir string) (*Stage, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, writeError("aanmaken", parent, err)
	}
	unlock, ok, err := lockFile(lockName(dir))
	if err != nil {
		return nil, writeError("vergrendelen", dir, err)
	}
	if !ok {
		return nil, fmt.Errorf("er draait al een build naar %s (vergrendeld met %s); wacht tot die klaar is en probeer het opnieuw", dir, lockName(dir))
	}
	var once sync.Once
	release := func() { once.Do(unlock) }
	recoverStages(dir)
	if err := checkReplaceable(dir); err != nil {
		release()
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, stagePrefix(dir))
	if err == nil {
		err = os.Chmod(tmp, 0o755)
		if err != nil {
			os.RemoveAll(tmp)
		}
	}
	if err != nil {
		release()
		return nil, writeError("aanmaken van een map naast", dir, err)
	}
	return &Stage{dir: dir, tmp: tmp, release: release, dirs: map[string]*dirMade{}, files: map[string]bool{}}, nil
}

// fail records the first failure to write and returns it: every later
// failure of the stage reports that same error, so a build whose
// goroutines all hit a full disk says so once.
func (s *Stage) fail(op, p string, err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = writeError(op, filepath.Join(s.dir, filepath.FromSlash(p)), err)
	}
	return s.err
}

// Err is the first failure to write a file of the stage, or nil. A build
// reports it instead of the failures that followed from it.
func (s *Stage) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Warnings are what the user should know after a successful Commit: the
// new output is in place, but the previous copy could not be removed.
func (s *Stage) Warnings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.warnings...)
}

// file checks p and makes its directory in the stage; it returns the
// path to write.
func (s *Stage) file(p string) (string, error) {
	if err := CheckPath(p); err != nil {
		return "", err
	}
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return "", s.err
	}
	s.files[p] = true
	d := path.Dir(p)
	var dm *dirMade
	if d != "." {
		dm = s.dirs[d]
		if dm == nil {
			dm = &dirMade{}
			s.dirs[d] = dm
		}
	}
	s.mu.Unlock()
	if dm != nil {
		dm.once.Do(func() { dm.err = os.MkdirAll(filepath.Join(s.tmp, filepath.FromSlash(d)), 0o755) })
		if dm.err != nil {
			return "", s.fail("aanmaken", d, dm.err)
		}
	}
	return filepath.Join(s.tmp, filepath.FromSlash(p)), nil
}

// Put writes one file of the new output.
func (s *Stage) Put(p string, data []byte) error {
	f, err := s.file(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(f, data, 0o644); err != nil {
		return s.fail("schrijven", p, err)
	}
	return nil
}

// Create opens one file of the new output for writing; the caller closes
// it.
func (s *Stage) Create(p string) (io.WriteCloser, error) {
	name, err := s.file(p)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, s.fail("schrijven", p, err)
	}
	return &stageFile{f: f, s: s, p: p}, nil
}

// stageFile is a file of a stage being written: its errors are the
// stage's.
type stageFile struct {
	f *os.File
	s *Stage
	p string
}

func (w *stageFile) Write(b []byte) (int, error) {
	n, err := w.f.Write(b)
	if err != nil {
		return n, w.s.fail("schrijven", w.p, err)
	}
	return n, nil
}

func (w *stageFile) Close() error {
	if err := w.f.Close(); err != nil {
		return w.s.fail("schrijven", w.p, err)
	}
	return nil
}

// Commit marks the new output as made by kb, listing its files, moves
// into it what the old output holds that kb did not write, and swaps it
// into place. When it fails, the previous output is as it was. When only
// the removal of the previous copy fails, Commit succeeds and says so in
// Warnings.
func (s *Stage) Commit() error {
	if s.tmp == "" {
		return errors.New("publish: Commit na Commit of Abort")
	}
	defer s.release()
	if err := s.Err(); err != nil {
		s.Abort()
		return err
	}
	if err := os.WriteFile(filepath.Join(s.tmp, Marker), s.marker(), 0o644); err != nil {
		err = s.fail("schrijven", Marker, err)
		s.Abort()
		return err
	}
	carried, err := carry(s.dir, s.tmp, true)
	if err != nil {
		s.Abort()
		return err
	}
	old, err := s.swap()
	if err != nil {
		moveAll(carried, s.tmp, s.dir) // the previous output is back in place: so is what it held
		s.Abort()
		return err
	}
	s.tmp = ""
	if old == "" {
		return nil
	}
	if err := removeAll(old); err != nil {
		s.mu.Lock()
		s.warnings = append(s.warnings, fmt.Sprintf("de nieuwe site staat in %s, maar de vorige kon niet helemaal worden verwijderd: %s. Die staat nog in %s: verwijder die map zelf, of de volgende build probeert het opnieuw",
			s.dir, diag.OSReason(err), old))
		s.mu.Unlock()
	}
	return nil
}

// marker is the text of the marker file: a sentence for people, then the
// files kb wrote, sorted.
func (s *Stage) marker() []byte {
	s.mu.Lock()
	files := make([]string, 0, len(s.files))
	for p := range s.files {
		files = append(files, p)
	}
	s.mu.Unlock()
	sort.Strings(files)
	var b bytes.Buffer
	b.WriteString(markerHead + "\n" + listHead + "\n")
	for _, p := range files {
		b.WriteString(p + "\n")
	}
	return b.Bytes()
}

// readMarker reads the marker of dir: the files kb wrote there, and
// whether the marker lists them (a marker of an older kb does not). No
// marker is an empty list.
func readMarker(dir string) (files map[string]bool, listed bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, Marker))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, true, nil
	}
	if err != nil {
		return nil, false, writeError("lezen", filepath.Join(dir, Marker), err)
	}
	files = map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		switch {
		case n == 1 && sc.Text() == listHead:
			listed = true
		case n > 1 && listed && sc.Text() != "":
			files[sc.Text()] = true
		}
	}
	return files, listed, nil
}

// Abort removes the new output; the previous one stays as it was.
func (s *Stage) Abort() {
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
		s.tmp = ""
	}
	s.release()
}

// swap puts the stage in the place of the output and returns where the
// previous output went ("" when there was none).
func (s *Stage) swap() (old string, err error) {
	if _, err := os.Lstat(s.dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.tmp, s.dir); err != nil {
			return "", writeError("op zijn plaats zetten", s.dir, err)
		}
		return "", nil
	}
	done, err := exchangeDirs(s.tmp, s.dir)
	if err != nil {
		return "", writeError("verwisselen", s.dir, err)
	}
	if done {
		return s.tmp, nil
	}
	old = s.tmp + ".old"
	if err := os.Rename(s.dir, old); err != nil {
		return "", writeError("opzij zetten", s.dir, err)
	}
	if err := os.Rename(s.tmp, s.dir); err != nil {
		os.Rename(old, s.dir) // put the previous output back
		return "", writeError("op zijn plaats zetten", s.dir, err)
	}
	return old, nil
}

// exchangeDirs is exchange; tests replace it to take the fallback of two
// renames on Linux too.
var exchangeDirs = exchange

// removeAll removes a previous output, several entries at once. Tests
// replace it to see a removal fail.
var removeAll = func(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	if err := parallel.ForErr(len(entries), writers, func(i int) error { return os.RemoveAll(filepath.Join(dir, entries[i].Name())) }); err != nil {
		return err
	}
	return os.Remove(dir)
}

// writers is how many files publish writes or removes at once.
const writers = 4

// checkReplaceable refuses to replace a directory that publish did not
// make, unless it is empty.
func checkReplaceable(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return writeError("lezen", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s bestaat al en is geen map", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return writeError("lezen", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s bestaat al en is niet door kb build gemaakt (het bestand %s ontbreekt); kies een andere uitvoermap of maak deze leeg", dir, Marker)
	}
	return nil
}
