//go:build !linux

package publish

// exchange cannot swap two directories in one step on this system; the
// caller falls back to two renames.
func exchange(a, b string) (done bool, err error) { return false, nil }
