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
//
// A root that is removed or renamed away and later made again at the same
// path (rsync, some Git operations) is watched again: the watcher also
// watches each root's parent directory for the root's own name. When
// fsnotify reports an error (an overflow of its event queue means changes
// were missed), every root is read again from scratch and a batch with
// the roots is sent, so the next build sees everything.
type Watcher struct {
	Batches <-chan []string // changed paths, sorted, without repeats

	fsw     *fsnotify.Watcher
	roots   []string // cleaned
	onError func(error)
	events  chan string
}

// Watch starts watching the given roots recursively. onError, if not nil,
// is called with every error fsnotify reports, before the rescan it
// causes; the batch that follows the rescan comes after the call.
func Watch(quiet time.Duration, onError func(error), roots ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fsw: fsw, onError: onError, events: make(chan string)}
	for _, r := range roots {
		w.roots = append(w.roots, filepath.Clean(r))
	}
	for _, r := range w.roots {
		if err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	// The parents, for the roots' own removal and return. Without them a
	// root that is replaced by a new directory is never seen again:
	// inotify watches the old directory, wherever it went.
	for _, r := range w.roots {
		if parent := filepath.Dir(r); parent != r && !w.inside(parent) {
			fsw.Add(parent) // without it only recovery is lost; watching goes on
		}
	}
	batches := make(chan []string)
	w.Batches = batches
	go w.loop()
	go Debounce(w.events, batches, quiet, nil)
	return w, nil
}

// Close stops watching; Batches is closed after the last batch.
func (w *Watcher) Close() error { return w.fsw.Close() }

func (w *Watcher) loop() {
	defer close(w.events)
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			name := filepath.Clean(ev.Name)
			if w.isRoot(name) {
				if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
					w.reset(name)
					w.events <- name
				}
				continue
			}
			if !w.inside(name) {
				continue // something else in a root's parent directory
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(name); err == nil && info.IsDir() {
					w.addTree(name)
				}
			}
			if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
				continue // touch and permission changes do not change content
			}
			if !Ignored(name) {
				w.events <- name
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.failed(err)
		}
	}
}

// failed handles an error from fsnotify. Changes may have been missed,
// directories made meanwhile may be unwatched: read every root again and
// have everything rebuilt.
func (w *Watcher) failed(err error) {
	if w.onError != nil {
		w.onError(err)
	}
	for _, r := range w.roots {
		w.reset(r)
	}
	for _, r := range w.roots {
		w.events <- r
	}
}

// reset forgets the watches in root, which may belong to a directory
// that is gone or moved elsewhere, and watches what is at root now, if
// anything. When nothing is there, the build says so; the root's parent
// tells when it is back.
func (w *Watcher) reset(root string) {
	for _, p := range w.fsw.WatchList() {
		if within(root, p) {
			w.fsw.Remove(p)
		}
	}
	w.addTree(root)
}

func (w *Watcher) isRoot(name string) bool {
	for _, r := range w.roots {
		if name == r {
			return true
		}
	}
	return false
}

// inside reports whether name is in one of the roots.
func (w *Watcher) inside(name string) bool {
	for _, r := range w.roots {
		if within(r, name) {
			return true
		}
	}
	return false
}

// within reports whether p is dir or lies below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

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
//
// after is the clock: after(d) gives a channel that receives once d has
// passed. Each name asks for a new one and only the newest counts. nil
// means time.After; tests pass a clock they move by hand.
func Debounce(in <-chan string, out chan<- []string, quiet time.Duration, after func(time.Duration) <-chan time.Time) {
	defer close(out)
	if after == nil {
		after = time.After
	}
	pending := map[string]bool{}
	var ready []string
	var quietPassed <-chan time.Time // nil while nothing is pending
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
			quietPassed = after(quiet)
		case <-quietPassed:
			quietPassed = nil
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
