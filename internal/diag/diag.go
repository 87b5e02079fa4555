// Package diag defines the one error type every stage of the build uses to
// report a problem in an input file: the file, the line and column, and a
// message in plain Dutch. A stage collects all the problems it finds in a
// List and returns them together, so an editor sees every mistake at once.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is one problem in one input file. Line and Col are 1-based; zero
// means unknown.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the problem as "file:line:col: message", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	if e.File != "" {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// New makes an Error with a formatted message.
func New(file string, line, col int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// List collects problems. Its zero value is ready to use.
type List struct {
	errs []error
}

// Add records a problem. A nil error is ignored; a joined error (as
// returned by Err) is flattened, so lists can be merged.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			l.Add(e)
		}
		return
	}
	l.errs = append(l.errs, err)
}

// Addf records a problem at file:line:col.
func (l *List) Addf(file string, line, col int, format string, args ...any) {
	l.Add(New(file, line, col, format, args...))
}

// Len says how many problems were recorded.
func (l *List) Len() int { return len(l.errs) }

// Err returns all recorded problems joined with errors.Join, sorted by file
// and line so the output is stable, or nil when there are none.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	errs := append([]error(nil), l.errs...)
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := position(errs[i]), position(errs[j])
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return errors.Join(errs...)
}

// All returns the problems inside err: every error joined into it, or err
// itself. It is how callers list problems one per line.
func All(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, All(e)...)
		}
		return out
	}
	return []error{err}
}

func position(err error) Error {
	var e *Error
	if errors.As(err, &e) {
		return *e
	}
	return Error{}
}

// Printable makes text from an input file safe to write to a terminal:
// control characters (C0 such as ESC, tab and newline, DEL, C1) and the
// characters that turn the direction of text around are written as Go
// escapes ("\x1b", "\n", "\u009b", "\u202e"), as are bytes that are not UTF-8
// ("\xff"). Everything else, such as "ë", stays as it is, so an
// ordinary message is unchanged.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unprintable(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unprintable(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unprintable reports whether r may not reach a terminal as it is: a
// control character, or one that reorders the text around it.
func unprintable(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
