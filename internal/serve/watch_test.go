package serve

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// handClock is a clock for Debounce that the test moves by hand: every
// timer Debounce asks for is handed to the test, which fires it. A timer
// is unbuffered: firing it returns once Debounce has taken it.
type handClock struct{ timers chan chan time.Time }

func (c handClock) after(time.Duration) <-chan time.Time {
	t := make(chan time.Time)
	c.timers <- t
	return t
}

func TestDebounceCoalescesBursts(t *testing.T) {
	clock := handClock{make(chan chan time.Time)}
	in := make(chan string)
	out := make(chan []string)
	go Debounce(in, out, 50*time.Millisecond, clock.after)
	var timers []chan time.Time
	send := func(name string) {
		in <- name
		timers = append(timers, <-clock.timers) // every name starts the quiet time again
	}
	// A burst like a git checkout of 100 files, each saved with two events.
	for i := 0; i < 100; i++ {
		name := "f" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		send(name)
		send(name)
	}
	// Only the newest timer counts: nobody waits for an earlier one.
	select {
	case timers[0] <- time.Time{}:
		t.Error("Debounce waits for a timer that a later name replaced")
	default:
	}
	send("zz")
	timers[len(timers)-1] <- time.Time{} // now the quiet time has passed
	batch := <-out
	if len(batch) != 101 || batch[100] != "zz" {
		t.Fatalf("first batch has %d names (last %q); want all 101 in one batch", len(batch), batch[len(batch)-1])
	}

	// Names that arrive while nobody reads join the next batch; the sender
	// is never blocked.
	send("x")
	timers[len(timers)-1] <- time.Time{}
	send("y")
	timers[len(timers)-1] <- time.Time{}
	close(in)
	var rest [][]string
	for b := range out {
		rest = append(rest, b)
	}
	if len(rest) != 1 || strings.Join(rest[0], ",") != "x,y" {
		t.Errorf("later batches = %v; want one batch [x y]", rest)
	}
}

// nextBatchWith reads batches until one has name, for at most 10 s, and
// returns every name seen on the way.
func nextBatchWith(t *testing.T, w *Watcher, name string) []string {
	t.Helper()
	var seen []string
	timeout := time.After(10 * time.Second)
	for {
		select {
		case b, ok := <-w.Batches:
			if !ok {
				t.Fatalf("batches closed before %s came", name)
			}
			seen = append(seen, b...)
			if slices.Contains(b, name) {
				return seen
			}
		case <-timeout:
			t.Fatalf("no batch with %s within 10 s; seen %v", name, seen)
		}
	}
}

// TestWatcherFollowsReplacedRoot: a content directory renamed away and
// made again at the same path, as rsync and git do, is watched again,
// and the old directory, wherever it went, is no longer watched.
func TestWatcherFollowsReplacedRoot(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "content")
	for _, d := range []string{root, filepath.Join(root, "voorbeelden")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Watch(10*time.Millisecond, nil, root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	old := filepath.Join(dir, "content.oud")
	if err := os.Rename(root, old); err != nil {
		t.Fatal(err)
	}
	nextBatchWith(t, w, root) // the root is gone: a rebuild says so
	// The old directory, now content.oud, is not watched any more: its
	// watches would report changes under the old name.
	if err := os.WriteFile(filepath.Join(old, "voorbeelden", "oud.md"), []byte("oud"), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := os.MkdirAll(filepath.Join(root, "voorbeelden"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The new directory is watched once the watcher has seen it come;
	// write until a change in it arrives.
	file := filepath.Join(root, "voorbeelden", "gezin.md")
	timeout := time.After(10 * time.Second)
	for found := false; !found; {
		if err := os.WriteFile(file, []byte("nieuw"), 0o644); err != nil {
			t.Fatal(err)
		}
		select {
		case b := <-w.Batches:
			found = slices.Contains(b, file)
			for _, name := range b {
				if strings.HasSuffix(name, "oud.md") {
					t.Errorf("a change in the old, moved directory came through as %s", name)
				}
			}
		case <-time.After(200 * time.Millisecond):
		case <-timeout:
			t.Fatal("a change in the restored directory never arrived")
		}
	}

}

// TestWatcherRescansAfterError: an error from fsnotify (an overflowing
// event queue) is passed on and makes the watcher read every root again,
// so a directory whose watch was lost is watched again and a batch
// brings a rebuild.
func TestWatcherRescansAfterError(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "voorbeelden")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	w, err := Watch(10*time.Millisecond, func(err error) { got <- err }, root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// As if the events that would have watched it were lost in the overflow.
	if err := w.fsw.Remove(sub); err != nil {
		t.Fatal(err)
	}
	w.failed(fsnotify.ErrEventOverflow) // what the watcher calls for an error from fsnotify
	if err := <-got; !errors.Is(err, fsnotify.ErrEventOverflow) {
		t.Errorf("onError got %v", err)
	}
	nextBatchWith(t, w, root) // everything is rebuilt
	file := filepath.Join(sub, "gezin.md")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	nextBatchWith(t, w, file)
}
