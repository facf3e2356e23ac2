// Package faults holds zchat-go's fault suite: tests that put the SDK
// between real TCP connections and a misbehaving server (resets, stalls,
// truncated or oversized bodies, proxy pages, 503 storms, heavy
// concurrency) and check that no call hangs, panics, leaks a goroutine, or
// creates an object twice. It has no code of its own; see faults_test.go
// and docs/RELIABILITY.md.
package faults
