// Package e2e holds the browser tests: they build the real site under a
// sub-path, serve it as a plain static host would, and drive Debian's
// headless Chromium with chromedp through what a professional does —
// home, element, example and back, print, search — and audit every page
// type with axe-core. Screenshots of each page type are kept in
// test-artifacts/ for review. make test installs Chromium and axe-core.
package e2e
