//go:build !race && linux

// The memory of zchat export; Linux only, for /proc/self/status.

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchattest"
)

// exportChildEnv marks the test binary run as the export process of
// TestPerfExportMemory: its memory is then the export's alone, not the
// fake server's.
const exportChildEnv = "ZCHAT_EXPORT_MEMORY_CHILD"

// TestExportMemoryChild is the child process of TestPerfExportMemory: it
// runs zchat export (its arguments in exportChildEnv, tab-separated) while
// sampling the heap, prints the peak and exits with zchat's code.
func TestExportMemoryChild(t *testing.T) {
	args := os.Getenv(exportChildEnv)
	if args == "" {
		t.Skip("the child process of TestPerfExportMemory; runs only as that")
	}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-tick.C:
			case <-done:
				return
			}
		}
	}()
	code := run(context.Background(), strings.Split(args, "\t"), strings.NewReader(""), io.Discard, os.Stderr, os.Getenv)
	done <- struct{}{}
	<-done
	fmt.Printf("peak-heap %d\n", peak)
	// The peak resident set of this process image: rusage's ru_maxrss would
	// also count the parent's, inherited across fork and exec.
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				fmt.Printf("peak-rss-kib %s\n", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			}
		}
	}
	os.Exit(code)
}

// exportMemory exports sessions ended sessions of 3 messages each in a
// child process and returns its peak heap (live objects and garbage not
// yet collected) and peak resident set size.
func exportMemory(t *testing.T, sessions int) (heap, rss uint64) {
	srv := zchattest.NewServer()
	defer srv.Close()
	seedEnded(t, srv, sessions, 3)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envBaseURL+"="+srv.URL, envAPIKey+"="+srv.APIKey,
		exportChildEnv+"="+strings.Join([]string{"export", "--since", "24h", "--out", dir}, "\t"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, sessions)
	for line := range strings.Lines(stdout.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "peak-heap "); ok {
			heap, err = strconv.ParseUint(v, 10, 64)
			require.NoError(t, err)
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "peak-rss-kib "); ok {
			rss, err = strconv.ParseUint(v, 10, 64)
			require.NoError(t, err)
			rss <<= 10
		}
	}
	require.NotZero(t, heap, stdout.String())
	require.NotZero(t, rss, stdout.String())
	return heap, rss
}

// The export's memory is flat in the number of sessions: ten times the
// sessions need about the same heap and resident set.
func TestPerfExportMemory(t *testing.T) {
	wiretest.RequirePerf(t)
	heap1k, rss1k := exportMemory(t, 1_000)
	heap10k, rss10k := exportMemory(t, 10_000)
	t.Logf("peak heap: 1,000 sessions %d KiB, 10,000 sessions %d KiB (ratio %.2f)",
		heap1k>>10, heap10k>>10, float64(heap10k)/float64(heap1k))
	t.Logf("peak RSS:  1,000 sessions %d KiB, 10,000 sessions %d KiB (ratio %.2f)",
		rss1k>>10, rss10k>>10, float64(rss10k)/float64(rss1k))
	assert.Less(t, heap10k, 2*heap1k+(1<<20), "the heap grew with the sessions")
	assert.Less(t, rss10k, rss1k+rss1k/2, "the resident set grew with the sessions")
	assert.Less(t, heap10k, uint64(32<<20), "heap, 10,000 sessions")
}
