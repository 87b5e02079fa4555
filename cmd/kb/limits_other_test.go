//go:build !linux

package main

// applyTestLimits has no limits to set on this system.
func applyTestLimits() {}
