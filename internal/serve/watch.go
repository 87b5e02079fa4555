package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Ignored reports whether a changed file is an editor's temporary, swap,
// backup or lock file, whose changes must not trigger a rebuild.
func Ignored(path string) bool {
	name := filepath.Base(path)
	switch {
	case name == "4913", // vim's write test
		strings.HasPrefix(name, "."),                                 // .#lock, .goutputstream-*, .file.swp, .DS_Store
		strings.HasSuffix(name, "~"),                                 // backup
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs autosave
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}

// Watcher watches directory trees with fsnotify, including directories
// created later, and delivers changes in debounced batches: a batch is
// sent once no change has come for Quiet, so the several events of one
// save, or a checkout of a hundred files, give one rebuild.
type Watcher struct {
	Batches <-chan []string // changed paths, sorted, without repeats
	Errors  <-chan error

	fsw   *fsnotify.Watcher
	quiet time.Duration
}

// Watch starts watching the given roots recursively.
func Watch(quiet time.Duration, roots ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fsw: fsw, quiet: quiet}
	for _, r := range roots {
		if err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	events := make(chan string)
	batches := make(chan []string)
	errs := make(chan error, 1)
	w.Batches, w.Errors = batches, errs
	go func() {
		defer close(events)
		for {
			select {
			case ev, ok := <-fsw.Events:
				if !ok {
					return
				}
				if ev.Has(fsnotify.Create) {
					if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
						w.addTree(ev.Name)
					}
				}
				if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
					continue // touch and permission changes do not change content
				}
				if !Ignored(ev.Name) {
					events <- ev.Name
				}
			case err, ok := <-fsw.Errors:
				if !ok {
					return
				}
				select {
				case errs <- err:
				default:
				}
			}
		}
	}()
	go Debounce(events, batches, quiet)
	return w, nil
}

// Close stops watching; Batches is closed after the last batch.
func (w *Watcher) Close() error { return w.fsw.Close() }

func (w *Watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.fsw.Add(p)
		}
		return nil
	})
}

// Debounce reads names from in and sends them to out in batches: a batch
// is ready once no name has arrived for quiet, and names that arrive while
// the receiver is still busy with the previous batch join the next one, so
// the sender never blocks. Repeated names are sent once. When in is
// closed, what is pending is sent and out is closed.
func Debounce(in <-chan string, out chan<- []string, quiet time.Duration) {
	defer close(out)
	pending := map[string]bool{}
	var ready []string
	timer := time.NewTimer(quiet)
	timer.Stop()
	take := func() {
		for p := range pending {
			ready = append(ready, p)
		}
		sort.Strings(ready)
		ready = dedupe(ready)
		pending = map[string]bool{}
	}
	for {
		var send chan<- []string
		if len(ready) > 0 {
			send = out
		}
		select {
		case name, ok := <-in:
			if !ok {
				take()
				if len(ready) > 0 {
					out <- ready
				}
				return
			}
			pending[name] = true
			timer.Reset(quiet)
		case <-timer.C:
			take()
		case send <- ready:
			ready = nil
		}
	}
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
