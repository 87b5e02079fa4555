package main

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// applyTestLimits sets the limits a test asks the kb process for:
// KB_FSIZE caps the size of every file it writes (RLIMIT_FSIZE), so that
// writes fail in the kernel as they do on a full disk. The Go runtime
// ignores the SIGXFSZ that comes with it: the write returns EFBIG.
func applyTestLimits() {
	if n, err := strconv.ParseUint(os.Getenv("KB_FSIZE"), 10, 64); err == nil {
		if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: n, Max: n}); err != nil {
			panic(err)
		}
	}
}
