//go:build !unix

package publish

import (
	"errors"
	"os"
)

// lockFile creates name exclusively: ok is false when it exists, that is
// when another build holds it (or a build that was killed left it: the
// message about the lock names the file, so the user can remove it).
func lockFile(name string) (release func(), ok bool, err error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Close()
	return func() { os.Remove(name) }, true, nil
}
