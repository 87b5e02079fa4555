// Package history reads from Git when each file of a folder was last
// changed: the date of the last commit that touched it. kb shows it as
// "Laatst bijgewerkt" on every page. It runs git log once for the whole
// folder; a folder that is not in a Git repository, or a machine without
// git, has no history, which is not an error.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// LastCommits gives, for every file under dir that Git knows, the
// committer date of the last commit that touched it, keyed by its path
// relative to dir with forward slashes ("voorbeelden/gezin.md"). A date
// keeps the committer's own time zone, so it is the day on which the
// commit was made there.
//
// It returns nil and no error when dir is not in a Git repository or git
// is not installed. A shallow clone (git clone --depth) knows only its
// last commits, and would date every file at the newest of them: it also
// gives nil, with an error that says so. Files changed since the last
// commit keep the date of that commit: the date is of what was
// published, and it never comes from the file system, so a build is
// reproducible from the repository.
func LastCommits(dir string) (map[string]time.Time, error) {
	shallow, err := git(dir, "rev-parse", "--is-shallow-repository")
	if err != nil {
		if errors.Is(err, errNoRepo) {
			return nil, nil
		}
		return nil, err
	}
	if strings.TrimSpace(string(shallow)) == "true" {
		return nil, fmt.Errorf("de Git-repository van %s is een ondiepe kopie (clone --depth) en kent niet de hele geschiedenis; 'Laatst bijgewerkt' komt nu alleen uit de front matter (haal de hele geschiedenis op met git fetch --unshallow)", dir)
	}
	out, err := git(dir, "-c", "log.showSignature=false", "log", "-z", "--format=%x00%cI", "--name-only", "--relative", "--", ".")
	if err != nil {
		return nil, err
	}
	return parse(out)
}

// errNoRepo is git's answer outside a repository, or no git at all.
var errNoRepo = errors.New("geen Git-repository")

// git runs git in dir and returns what it writes.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) || strings.Contains(stderr.String(), "not a git repository") {
		return nil, errNoRepo
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s in %s: %s", args[len(args)-1], dir, msg)
	}
	return out, nil
}

// parse reads the output of git log -z --format=%x00%cI --name-only:
// for each commit a NUL, its date, a NUL, and then the names of the
// files it touched, the first after a newline, each ended by a NUL; an
// empty field therefore always comes before a date. The newest date of
// each file wins, whatever order the commits come in.
func parse(out []byte) (map[string]time.Time, error) {
	dates := map[string]time.Time{}
	fields := strings.Split(string(out), "\x00")
	var date time.Time
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if f == "" {
			if i+1 < len(fields) && fields[i+1] != "" {
				d, err := time.Parse(time.RFC3339, strings.TrimSpace(fields[i+1]))
				if err != nil {
					return nil, fmt.Errorf("git log gaf een datum die niet te lezen is: %q", fields[i+1])
				}
				date = d
				i++
				if i+1 < len(fields) {
					fields[i+1] = strings.TrimPrefix(fields[i+1], "\n")
				}
			}
			continue
		}
		if date.IsZero() {
			return nil, fmt.Errorf("git log gaf een bestandsnaam zonder commit: %q", f)
		}
		if old, ok := dates[f]; !ok || date.After(old) {
			dates[f] = date
		}
	}
	return dates, nil
}
