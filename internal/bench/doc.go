// Package bench holds what make bench needs besides Go: package.json pins
// Pagefind (npm), which cmd/kbbench runs over Hugo's output of the same
// corpus that kb builds. It has no code of its own.
package bench
