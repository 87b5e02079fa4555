package publish

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// carry moves every entry of the output src that kb did not write (by
// src's marker) to the same place in dst: from the old output into the
// stage before a swap, or from a stage a killed build left back into the
// output. It returns the moved entries. With strict, an entry that dst
// also has stops it, and so does a failure to move, after everything
// moved is put back; without, it moves what it can and reports the rest.
func carry(src, dst string, strict bool) (moved []string, err error) {
	if _, err := os.Lstat(src); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	kb, listed, err := readMarker(src)
	if err != nil {
		return nil, err
	}
	foreign, clashes, err := foreignEntries(src, dst, kb, listed)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range clashes {
		errs = append(errs, fmt.Errorf("%s is niet door kb gemaakt, maar de nieuwe site schrijft op dezelfde plek; verplaats of hernoem het en bouw opnieuw",
			filepath.Join(src, filepath.FromSlash(p))))
	}
	if strict && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, p := range foreign {
		if err := move(p, src, dst); err != nil {
			err = writeError("overzetten", filepath.Join(src, filepath.FromSlash(p)), err)
			if strict {
				moveAll(moved, dst, src)
				return nil, err
			}
			errs = append(errs, err)
			continue
		}
		moved = append(moved, p)
	}
	return moved, errors.Join(errs...)
}

// move renames the entry p of from to the same place in to.
func move(p, from, to string) error {
	target := filepath.Join(to, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.Rename(filepath.Join(from, filepath.FromSlash(p)), target)
}

// moveAll puts moved entries back, last first; it is the undo of carry
// and does what it can.
func moveAll(ps []string, from, to string) {
	for i := len(ps) - 1; i >= 0; i-- {
		move(ps[i], from, to)
	}
}

// foreignEntries walks the output src for the entries kb did not write:
// those not in the list kb of src's marker, and not a directory holding
// a file in it. A directory that dst has too is walked into, so only what
// is foreign inside it counts. Foreign entries dst also has are clashes.
// A marker without a list (listed false) makes every top-level entry
// that dst does not have foreign.
func foreignEntries(src, dst string, kb map[string]bool, listed bool) (foreign, clashes []string, err error) {
	kbDirs := map[string]bool{}
	for p := range kb {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			kbDirs[d] = true
		}
	}
	var walk func(rel string) error
	walk = func(rel string) error {
		entries, err := os.ReadDir(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			return writeError("lezen", filepath.Join(src, filepath.FromSlash(rel)), err)
		}
		for _, e := range entries {
			p := path.Join(rel, e.Name())
			if p == Marker {
				continue
			}
			there, err := os.Lstat(filepath.Join(dst, filepath.FromSlash(p)))
			inDst := err == nil
			switch {
			case !listed:
				if !inDst {
					foreign = append(foreign, p)
				}
			case kb[p] && !e.IsDir():
			case e.IsDir() && (kbDirs[p] || inDst && there.IsDir()):
				if err := walk(p); err != nil {
					return err
				}
			case inDst:
				clashes = append(clashes, p)
			default:
				foreign = append(foreign, p)
			}
		}
		return nil
	}
	return foreign, clashes, walk("")
}

// recoverStages clears up after builds that were killed: it removes the
// hidden directories they left beside dir, after moving back into dir
// what they held that kb did not write. When dir itself is missing (a
// build was killed between the two renames of a swap), the complete
// output beside it is put back first. The caller holds the lock of dir,
// so no stage is in use; recovery does what it can and keeps a stage it
// could not empty.
func recoverStages(dir string) {
	parent, prefix := filepath.Dir(dir), stagePrefix(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	var stages []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			stages = append(stages, filepath.Join(parent, e.Name()))
		}
	}
	// A previous output set aside (.old) is preferred over a new one.
	sort.SliceStable(stages, func(i, j int) bool {
		return strings.HasSuffix(stages[i], ".old") && !strings.HasSuffix(stages[j], ".old")
	})
	complete := func(st string) bool {
		_, err := os.Lstat(filepath.Join(st, Marker))
		return err == nil
	}
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		for i, st := range stages {
			if complete(st) && os.Rename(st, dir) == nil {
				stages = append(stages[:i], stages[i+1:]...)
				break
			}
		}
	}
	for _, st := range stages {
		if complete(st) {
			if _, err := os.Lstat(dir); err != nil {
				continue
			}
			if _, err := carry(st, dir, false); err != nil {
				continue
			}
		}
		os.RemoveAll(st)
	}
}
