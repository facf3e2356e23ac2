package faults_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the suite if any test leaves a goroutine behind: a stalled
// call, a dropped connection or a closed server must not.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
