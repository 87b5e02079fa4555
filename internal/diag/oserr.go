package diag

import (
	"errors"
	"io/fs"
	"syscall"
)

// OSReason says in plain Dutch why the operating system refused to read or
// write a file, for the common causes; for the rest it gives the system's
// own (English) text. The file itself is not named: the caller's message
// does that.
func OSReason(err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "het bestaat niet"
	case errors.Is(err, fs.ErrPermission):
		return "geen toestemming (kijk wie eigenaar is en wie mag lezen en schrijven)"
	case errors.As(err, &errno):
		switch errno {
		case syscall.ENAMETOOLONG:
			return "de naam is te lang voor het bestandssysteem; kies een kortere naam"
		case syscall.ENOSPC:
			return "de schijf is vol"
		case syscall.EDQUOT:
			return "het schijfquotum is op"
		case syscall.EFBIG:
			return "het bestand is te groot voor het bestandssysteem of de ingestelde limiet"
		case syscall.EMFILE, syscall.ENFILE:
			return "er staan te veel bestanden tegelijk open"
		case syscall.EEXIST:
			return "het bestaat al"
		case syscall.EROFS:
			return "de schijf is alleen-lezen"
		case syscall.ENOTDIR:
			return "een deel van het pad is een bestand en geen map"
		case syscall.EISDIR:
			return "dit is een map en geen bestand"
		case syscall.ELOOP:
			return "te veel symbolische links achter elkaar"
		case syscall.EIO:
			return "de schijf gaf een leesfout"
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// FileKind names, in Dutch and with its article, what kind of file a mode
// that is not a regular file's stands for: "een map", "een FIFO (named
// pipe)", "een apparaat", …
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "een map"
	case m&fs.ModeSymlink != 0:
		return "een symbolische link"
	case m&fs.ModeNamedPipe != 0:
		return "een FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "een socket"
	case m&fs.ModeDevice != 0:
		return "een apparaat"
	}
	return "een bijzonder bestand"
}
