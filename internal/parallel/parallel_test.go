package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 0}, {1, 0}, {7, 3}, {1000, 0}, {5, 50}} {
		calls := make([]atomic.Int32, c.n)
		For(c.n, c.workers, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times", c.n, c.workers, i, got)
			}
		}
	}
}

func TestForErrGivesTheFirstError(t *testing.T) {
	err := ForErr(10, 4, func(i int) error {
		if i == 3 || i == 8 {
			return errors.New(string(rune('0' + i)))
		}
		return nil
	})
	if err == nil || err.Error() != "3" {
		t.Errorf("got %v, want the error of index 3", err)
	}
	if err := ForErr(10, 4, func(int) error { return nil }); err != nil {
		t.Error(err)
	}
}
