package publish

import (
	"errors"
	"fmt"

	"github.com/werkzame-elementen/kb/internal/diag"
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
	return fmt.Sprintf("bij het %s van %s: %s", e.Op, e.Path, diag.OSReason(e.Err))
}

func (e *WriteError) Unwrap() error { return e.Err }

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
