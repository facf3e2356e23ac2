// Package faults holds zchat-go's fault suite: tests that put the SDK
// between real TCP connections and a misbehaving server (resets, stalls,
// truncated or oversized bodies, proxy pages, 503 storms, heavy
// concurrency) and check that no call hangs, panics, leaks a goroutine, or
// creates an object twice. It has no code of its own: raw_test.go drives
// the SDK against raw TCP servers, zchattest_test.go against zchattest's
// injected faults, outcome_test.go checks ErrOutcomeUnknown; the guarantees
// are listed in docs/RELIABILITY.md.
package faults
