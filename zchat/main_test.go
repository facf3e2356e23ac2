package zchat_test

import (
	"io"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running when
// they end: a request, iterator, server or handler that leaks one shows up
// here. Run with spinEnv set, the test binary is instead one of the busy
// processes TestPerfGetOverheadUnderLoad starts (see spin).
func TestMain(m *testing.M) {
	if os.Getenv(spinEnv) == "1" {
		spin()
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// spinEnv makes the test binary a busy process (see TestMain).
const spinEnv = "ZCHAT_TEST_SPIN"

// spin keeps one core busy until stdin closes (the parent stopped it or
// died), or for five minutes at most.
func spin() {
	var done atomic.Bool
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		done.Store(true)
	}()
	deadline := time.Now().Add(5 * time.Minute)
	for n := 0; !done.Load(); n++ {
		if n%(1<<20) == 0 && time.Now().After(deadline) {
			return
		}
	}
}
