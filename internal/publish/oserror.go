package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// WriteError is a failure of the operating system while publish writes or
// moves a file: the disk is full, a name is too long, permission is
// denied. Its message is plain Dutch and names the file as the user knows
// it (in the output directory, not in the hidden stage beside it).
type WriteError struct {
	Path string // the file, as the user knows it
	Op   string // what publish was doing: "schrijven", "aanmaken", …
	Err  error  // the error of the operating system
}

func (e *WriteError) Error() string {
	return fmt.Sprintf("%s bij het %s van %s", reason(e.Err), e.Op, e.Path)
}

func (e *WriteError) Unwrap() error { return e.Err }

// reason says in Dutch what went wrong, for the errors a user can do
// something about; other errors keep the system's own words.
func reason(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "fout (" + pe.Err.Error() + ")"
		}
		return "fout (" + err.Error() + ")"
	}
	switch errno {
	case syscall.ENOSPC:
		return "schijf vol"
	case syscall.EDQUOT:
		return "schijfquotum op"
	case syscall.EFBIG:
		return "bestand te groot voor het bestandssysteem of de ingestelde limiet"
	case syscall.ENAMETOOLONG:
		return "bestandsnaam te lang"
	case syscall.EACCES, syscall.EPERM:
		return "geen toestemming"
	case syscall.EROFS:
		return "alleen-lezen bestandssysteem"
	case syscall.EMFILE, syscall.ENFILE:
		return "te veel open bestanden"
	case syscall.EIO:
		return "lees- of schrijffout van de schijf"
	case syscall.ENOTDIR:
		return "een deel van het pad is geen map"
	case syscall.EEXIST:
		return "bestaat al"
	case syscall.ENOENT:
		return "bestaat niet"
	}
	return "fout (" + errno.Error() + ")"
}

// writeError wraps err for the user, unless it already is a WriteError or
// a message of publish itself.
func writeError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var we *WriteError
	if errors.As(err, &we) {
		return err
	}
	return &WriteError{Path: path, Op: op, Err: err}
}
