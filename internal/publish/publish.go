// Package publish is the only package that writes the site to disk. It
// takes a Tree — every output file's path and bytes, complete — and
// replaces the output directory with it in one step: the files are written
// to a new directory beside the output and swapped in only when all of
// them are written. A failed or interrupted publish leaves the previous
// output as it was; files of pages that no longer exist do not survive.
package publish

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/werkzame-elementen/kb/internal/parallel"
)

// Marker is the file publish leaves in every output directory. Publish
// refuses to replace an existing non-empty directory without it, so a
// mistyped -out can never wipe an unrelated folder.
const Marker = ".kb-output"

// Tree is a complete site: slash-separated relative paths to contents.
type Tree map[string][]byte

// Paths returns the tree's paths, sorted.
func (t Tree) Paths() []string {
	out := make([]string, 0, len(t))
	for p := range t {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Size is the total number of bytes in the tree.
func (t Tree) Size() int {
	n := 0
	for _, b := range t {
		n += len(b)
	}
	return n
}

// CheckPath reports whether p is a path publish may write: relative,
// clean, slash-separated, inside the output directory.
func CheckPath(p string) error {
	if p == "" || path.IsAbs(p) || strings.Contains(p, `\`) || path.Clean(p) != p || p == "." ||
		p == ".." || strings.HasPrefix(p, "../") || p == Marker {
		return fmt.Errorf("ongeldig pad in de uitvoer: %q", p)
	}
	return nil
}

// Write replaces dir with the tree. The parent of dir must exist or be
// creatable.
func Write(dir string, tree Tree) (err error) {
	dir = filepath.Clean(dir)
	for p := range tree {
		if err := CheckPath(p); err != nil {
			return err
		}
	}
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	paths := tree.Paths()
	made := map[string]bool{}
	for _, p := range paths {
		d := filepath.Join(tmp, filepath.FromSlash(path.Dir(p)))
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
	}
	// Writing is mostly waiting on the kernel: a few writers at once.
	if err := parallel.ForErr(len(paths), writers, func(i int) error {
		return os.WriteFile(filepath.Join(tmp, filepath.FromSlash(paths[i])), tree[paths[i]], 0o644)
	}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("Gemaakt door kb build. Deze map wordt bij elke build vervangen.\n"), 0o644); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// swap puts the directory tmp in the place of dir.
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
