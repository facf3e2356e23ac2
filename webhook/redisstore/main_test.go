package redisstore_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running when
// they end: a client, proxy or server that leaks one shows up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
