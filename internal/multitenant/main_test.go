package multitenant_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running when
// they end: an idle connection of a shared pool that is never closed shows
// up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
