//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes the lock file name with flock, without waiting: ok is
// false when another build holds it. The kernel lets go of the lock when
// the process ends, killed or not, so a lock is never left behind.
// Release removes the file while still holding it; a build that opened
// the file just before sees on locking that it is no longer the file at
// that name, and tries again.
func lockFile(name string) (release func(), ok bool, err error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, false, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, false, nil
			}
			return nil, false, err
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return func() { os.Remove(name); f.Close() }, true, nil
		}
		f.Close() // removed by the build that held it: take the new one
	}
}
