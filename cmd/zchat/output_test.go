package main

import (
	"bytes"
	"context"
	"flag"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchattest"
)

func TestNetworkAndServerFailures(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())
	runCases(t, []cmdCase{
		{name: "unreachable server", args: []string{"ping", "--base-url", closed, "--retries", "0"}, code: exitFailure, errOut: []string{"zchat: ", "/ping"}},
		{name: "attempt timeout", args: []string{"ping", "--timeout", "50ms", "--retries", "0"}, code: exitFailure,
			prep: func(t *testing.T, srv *zchattest.Server) []string {
				srv.InjectFaults(zchattest.Fault{Delay: 5 * time.Second})
				return nil
			}},
		{name: "proxy page", args: []string{"agents", "list", "--retries", "0"}, code: exitAPI, errOut: []string{"502 Bad Gateway", "message:"},
			prep: func(t *testing.T, srv *zchattest.Server) []string {
				srv.InjectFaults(zchattest.Fault{Status: http.StatusBadGateway, HTML: true})
				return nil
			}},
		{name: "retried and then fine", args: []string{"agents", "list"}, out: []string{"anna"},
			prep: func(t *testing.T, srv *zchattest.Server) []string {
				srv.InjectFaults(zchattest.Fault{Status: http.StatusServiceUnavailable, Count: 2, RetryAfter: "0"})
				return nil
			}},
		{name: "debug log never shows the key", args: []string{"ping", "--debug"}, errOut: []string{"/ping"},
			check: func(t *testing.T, srv *zchattest.Server, r result) { assert.NotContains(t, r.stderr, srv.APIKey) }},
		{name: "a streamed list fails midway", args: []string{"sessions", "list", "--page-size", "1", "--retries", "0"}, code: exitAPI,
			out: []string{"1   2026-11-24 03:00:00Z"}, errOut: []string{"500"},
			prep: func(t *testing.T, srv *zchattest.Server) []string {
				n := 0
				srv.InjectFaults(zchattest.Fault{Status: http.StatusInternalServerError, Match: func(*http.Request) bool { n++; return n == 2 }})
				return nil
			}},
	})
}

// TestProgress runs a listing as on a terminal: the count is drawn on
// stderr and erased at the end.
func TestProgress(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var out, errOut bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errOut, env(serverEnv(srv)))
	require.False(t, a.progress, "no progress when stderr is no terminal")
	a.progress = true
	err := a.dispatch(context.Background(), rootCommand(), []string{"sessions", "list", "--json"})
	a.close()
	require.NoError(t, err)
	assert.Len(t, jsonLines(t, out.String()), 3)
	assert.True(t, strings.HasPrefix(errOut.String(), "\r fetched 1 session…"), "%q", errOut.String())
	assert.True(t, strings.HasSuffix(errOut.String(), "\r"+strings.Repeat(" ", len([]rune("\r fetched 1 session…")))+"\r"), "erased: %q", errOut.String())
}

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	assert.False(t, isTerminal(&bytes.Buffer{}))
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "a pipe")
	if runtime.GOOS != "windows" {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		require.NoError(t, err)
		defer null.Close()
		assert.True(t, isTerminal(null), "a character device")
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	tb := newTable(&b, []string{"ID", "NAME", "NOTE"})
	tb.add([]string{"1", "Ann", "tab\there"})
	require.NoError(t, tb.flush())
	tb.add([]string{"22", "Bo", "x"})
	tb.add([]string{"3", "Christina", "y"})
	require.NoError(t, tb.flush())
	assert.Equal(t, ""+
		"ID  NAME  NOTE\n"+
		"1   Ann   tab here\n"+
		"22  Bo         x\n"+
		"3   Christina  y\n", b.String())
}

func TestFormatting(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 3000: "3,000", 1234567: "1,234,567", -4200: "-4,200"} {
		assert.Equal(t, want, thousands(n))
	}
	assert.Equal(t, "a b c", clip("a\n b\tc", 10))
	assert.Equal(t, "Chloé M…", clip("Chloé Martin", 8))
	assert.Equal(t, "[31mred", clip("\x1b[31mred", 10), "no escape sequence reaches the terminal")
}

func TestWhenFlag(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "2026-11-24T03:00:00Z", want: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)},
		{in: "2026-11-24T05:00:00+02:00", want: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)},
		{in: "2026-11-24", want: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
		{in: "90m", want: now.Add(-90 * time.Minute)},
		{in: "-1h", bad: true},
		{in: "yesterday", bad: true},
	}
	for _, tc := range tests {
		var got time.Time
		err := whenFlag{&got, func() time.Time { return now }}.Set(tc.in)
		if tc.bad {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.True(t, tc.want.Equal(got), "%s: %v", tc.in, got)
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	n := fs.Int("n", 0, "")
	args, err := parseInterspersed(fs, []string{"1", "--json", "2", "-n", "5", "--", "--not-a-flag"})
	require.NoError(t, err)
	assert.Equal(t, []string{"1", "2", "--not-a-flag"}, args)
	assert.True(t, *j)
	assert.Equal(t, 5, *n)
}
