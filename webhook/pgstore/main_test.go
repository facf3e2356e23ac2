package pgstore

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running when
// they end: a pool, server or proxy a test forgets to close shows up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
