package wiretest

import (
	"fmt"
	"iter"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Collect ranges over all of seq and returns its items, failing the test
// now at the first error.
func Collect[T any](t testing.TB, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var items []T
	for item, err := range seq {
		require.NoError(t, err)
		items = append(items, item)
	}
	return items
}

// Map returns f of each item, in order: e.g. the ids of the items a list
// yielded.
func Map[T, V any](items []T, f func(T) V) []V {
	out := make([]V, 0, len(items))
	for _, item := range items {
		out = append(out, f(item))
	}
	return out
}

// OnlyError ranges over all of seq and returns the one error it yields. When
// seq yields anything but exactly one value, it returns an error saying so
// instead (which no check for a particular error accepts). It takes no
// testing.TB, so that an Invalid call can use it.
func OnlyError[T any](seq iter.Seq2[T, error]) error {
	n := 0
	var last error
	for _, err := range seq {
		n++
		last = err
	}
	if n != 1 {
		return fmt.Errorf("wiretest: the sequence yielded %d times, want once (the error); last error: %v", n, last)
	}
	return last
}

// UntilError ranges over all of seq, going on after an error as a careless
// consumer would, and fails the test now unless seq ends by itself with
// exactly one error as the last thing it yields. It returns the items
// yielded before the error, and the error.
func UntilError[T any](t testing.TB, seq iter.Seq2[T, error]) ([]T, error) {
	t.Helper()
	var (
		items []T
		errs  []error
	)
	for item, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.Empty(t, errs, "an item after the error")
		items = append(items, item)
	}
	require.Len(t, errs, 1, "errors yielded")
	return items, errs[0]
}

// CheckLazyIteration checks that seq, a paged list served through mt, is
// lazy. Call it before ranging over seq, on a transport that was sent
// nothing: it checks that nothing has been fetched yet, then takes
// len(callsAt) items and breaks, checking that the i-th item came once mt had
// been sent callsAt[i] requests in all (a page is fetched only when it is
// reached) and that nothing more is fetched after the break. It returns the
// items taken.
func CheckLazyIteration[T any](t testing.TB, mt *httpmock.MockTransport, seq iter.Seq2[T, error], callsAt ...int) []T {
	t.Helper()
	require.NotEmpty(t, callsAt, "CheckLazyIteration needs at least one item to take")
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing is fetched before the loop starts")
	var (
		items []T
		calls []int
	)
	for item, err := range seq {
		require.NoError(t, err)
		items = append(items, item)
		calls = append(calls, mt.GetTotalCallCount())
		if len(items) == len(callsAt) {
			break
		}
	}
	assert.Equal(t, callsAt, calls, "requests sent when each item came")
	assert.Equal(t, callsAt[len(callsAt)-1], mt.GetTotalCallCount(), "nothing is fetched after break")
	return items
}
