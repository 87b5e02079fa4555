// Package parallel runs independent pieces of work on several goroutines:
// the markdown of every page, the templates, compression, file writes.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls work(i) for every i in [0, n) on workers goroutines (all
// cores when workers <= 0) and returns when all calls have returned.
func For(n, workers int, work func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		wg   sync.WaitGroup
		next atomic.Int64
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
			}
		}()
	}
	wg.Wait()
}

// ForErr is For for work that can fail; it returns the first error by
// index, after all calls have returned.
func ForErr(n, workers int, work func(i int) error) error {
	errs := make([]error, n)
	For(n, workers, func(i int) { errs[i] = work(i) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
