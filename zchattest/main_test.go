package zchattest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: every
// Server is closed by its test, and Close must end all it started.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
