package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/werkzame-elementen/kb/internal/diag"
)

// readFile reads one content or data file of at most MaxFileSize bytes.
//
// Before it opens the file it asks the file system what the file is:
// anything but a regular file is refused unopened, because opening a FIFO
// waits until something writes to it (for ever, if nothing does) and a
// device such as /dev/zero never ends. A file whose size is over the limit
// is refused from that size, without reading it. The read itself stops
// one byte past the limit, so a file that grows after the check, or one
// whose reported size is wrong, still cannot take more memory than that.
//
// A missing file gives an error that errors.Is fs.ErrNotExist; every
// other problem is a diag error naming the file.
func readFile(fsys fs.FS, file string) ([]byte, error) {
	return readLimited(fsys, file, MaxFileSize, func(size string) error { return tooBig(file, size) })
}

// readLimited is readFile with another limit; tooBig makes the problem of
// a file over it from the size as a person reads it.
func readLimited(fsys fs.FS, file string, limit int64, tooBig func(size string) error) ([]byte, error) {
	info, err := fs.Stat(fsys, file)
	if isNotExist(err) {
		return nil, err
	}
	if err != nil {
		return nil, diag.New(file, 0, 0, "kan het bestand niet lezen: %s", diag.OSReason(err))
	}
	if !info.Mode().IsRegular() {
		return nil, diag.New(file, 0, 0, "dit is geen gewoon bestand maar %s; verwijder het of geef het een andere naam", diag.FileKind(info.Mode()))
	}
	if info.Size() > limit {
		return nil, tooBig(sizeText(info.Size()))
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, diag.New(file, 0, 0, "kan het bestand niet lezen: %s", diag.OSReason(err))
	}
	defer f.Close()
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, diag.New(file, 0, 0, "kan het bestand niet lezen: %s", diag.OSReason(err))
	}
	if int64(buf.Len()) > limit {
		return nil, tooBig("meer dan " + sizeText(limit))
	}
	return buf.Bytes(), nil
}

// tooBig is the problem of a file over MaxFileSize; size says how big it is.
func tooBig(file, size string) error {
	return diag.New(file, 0, 0, "het bestand is te groot (%s; de grens is %s): splits het op", size, sizeText(MaxFileSize))
}

// sizeText writes a file size the way a person reads it, in Dutch:
// "812 KB", "1,5 GB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.Replace(fmt.Sprintf("%.1f GB", float64(n)/(1<<30)), ".", ",", 1)
	case n >= 10<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	}
	return fmt.Sprintf("%d KB", n/1024)
}

// maxProblems is the most problems reported for one file, or for one
// list in a file's front matter; the rest are counted in one line, so a
// list of 100.000 wrong names does not bury everything else.
const maxProblems = 10

// capProblems keeps the first maxProblems problems in err, which are all
// about file, and sums up the rest in one more line.
func capProblems(file string, err error) error {
	all := diag.All(err)
	if len(all) <= maxProblems {
		return err
	}
	var l diag.List
	for _, e := range all[:maxProblems] {
		l.Add(e)
	}
	last := all[maxProblems-1]
	line, col := 0, 0
	var d *diag.Error
	if errors.As(last, &d) {
		line, col = d.Line, d.Col
	}
	l.Addf(file, line, col, "… en nog %s %s in dit bestand", thousands(len(all)-maxProblems), plural(len(all)-maxProblems, "probleem", "problemen"))
	return l.Err()
}

// thousands writes a whole number the Dutch way, with a dot between thousands:
// 99.990.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
