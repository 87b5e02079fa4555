// Package publish is the only package that writes the site to disk. A
// Stage takes the output files one by one, as the build makes them, and
// replaces the output directory with them in one step: the files are
// written to a new directory beside the output and swapped in only when
// all of them are written. A failed or interrupted publish leaves the
// previous output as it was; files of pages that no longer exist do not
// survive.
package publish

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/werkzame-elementen/kb/internal/parallel"
)

// Marker is the file publish leaves in every output directory. Publish
// refuses to replace an existing non-empty directory without it, so a
// mistyped -out can never wipe an unrelated folder.
const Marker = ".kb-output"

// Tree is a complete site in memory (the dev server's): slash-separated
// relative paths to contents.
type Tree map[string][]byte

// CheckPath reports whether p is a path publish may write: relative,
// clean, slash-separated, inside the output directory.
func CheckPath(p string) error {
	if p == "" || path.IsAbs(p) || strings.Contains(p, `\`) || path.Clean(p) != p || p == "." ||
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
	mu       sync.Mutex
	dirs     map[string]*dirMade // directories of tmp, made or being made
}

// dirMade is one directory of a stage: made once, by whichever writer
// needs it first, while the others write elsewhere.
type dirMade struct {
	once sync.Once
	err  error
}

// Begin starts a new output for dir. The parent of dir must exist or be
// creatable.
func Begin(dir string) (*Stage, error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Stage{dir: dir, tmp: tmp, dirs: map[string]*dirMade{}}, nil
}

// file checks p and makes its directory in the stage; it returns the
// path to write.
func (s *Stage) file(p string) (string, error) {
	if err := CheckPath(p); err != nil {
		return "", err
	}
	if d := path.Dir(p); d != "." {
		s.mu.Lock()
		dm := s.dirs[d]
		if dm == nil {
			dm = &dirMade{}
			s.dirs[d] = dm
		}
		s.mu.Unlock()
		dm.once.Do(func() { dm.err = os.MkdirAll(filepath.Join(s.tmp, filepath.FromSlash(d)), 0o755) })
		if dm.err != nil {
			return "", dm.err
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
	return os.WriteFile(f, data, 0o644)
}

// Create opens one file of the new output for writing; the caller closes
// it.
func (s *Stage) Create(p string) (io.WriteCloser, error) {
	f, err := s.file(p)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(f, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

// Commit marks the new output as made by kb and swaps it into place.
func (s *Stage) Commit() error {
	if err := os.WriteFile(filepath.Join(s.tmp, Marker), []byte("Gemaakt door kb build. Deze map wordt bij elke build vervangen.\n"), 0o644); err != nil {
		s.Abort()
		return err
	}
	if err := swap(s.tmp, s.dir); err != nil {
		s.Abort()
		return err
	}
	return nil
}

// Abort removes the new output; the previous one stays as it was.
func (s *Stage) Abort() { os.RemoveAll(s.tmp) }

func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("kan de vorige uitvoer niet opzij zetten: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the previous output back
		}
		return fmt.Errorf("kan de nieuwe uitvoer niet op zijn plaats zetten: %w", err)
	}
	if old == "" {
		return nil
	}
	entries, err := os.ReadDir(old)
	if err != nil {
		return os.RemoveAll(old)
	}
	if err := parallel.ForErr(len(entries), writers, func(i int) error { return os.RemoveAll(filepath.Join(old, entries[i].Name())) }); err != nil {
		return err
	}
	return os.Remove(old)
}

// writers is how many files publish writes or removes at once.
const writers = 4

// checkReplaceable refuses to replace a directory that publish did not
// make, unless it is empty.
func checkReplaceable(dir string) error {
	info, err := os.Lstat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s bestaat al en is geen map", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s bestaat al en is niet door kb build gemaakt (het bestand %s ontbreekt); kies een andere uitvoermap of maak deze leeg", dir, Marker)
	}
	return nil
}
