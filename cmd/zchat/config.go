package main

import (
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// Environment variables read when the matching flag is not given.
const (
	envBaseURL = "ZCHAT_BASE_URL"
	envAPIKey  = "ZCHAT_API_KEY"
)

// rateBurst is the burst --rate allows: a few requests at once, so that
// a command's first page and its neighbours do not wait.
const rateBurst = 5

// globals are the flags every command accepts, before or after its name.
type globals struct {
	baseURL  string
	apiKey   string
	basePath string
	timeout  time.Duration
	retries  int
	rate     float64 // requests per second; 0 = no limit
	json     bool
	debug    bool
}

// globalFlagNames are the names register defines, so that help can tell
// them from a command's own flags.
var globalFlagNames = map[string]bool{
	"base-url": true, "api-key": true, "base-path": true, "timeout": true,
	"retries": true, "rate": true, "json": true, "debug": true,
}

// register defines the global flags on fs, bound to g. Every level of the
// command tree registers them, so "zchat --json agents list" and
// "zchat agents list --json" mean the same; a value given at one level is
// the default at the next.
func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.baseURL, "base-url", g.baseURL, "the APP Server's root `URL`, e.g. https://zchatdemo.com (env "+envBaseURL+")")
	fs.StringVar(&g.apiKey, "api-key", g.apiKey, "the server's ChatApiKey, the `KEY` (env "+envAPIKey+", which keeps it out of shell history)")
	fs.StringVar(&g.basePath, "base-path", g.basePath, "`PATH` the API is mounted at below the base URL (default /api/v1)")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "timeout `D` of each HTTP request attempt, e.g. 10s")
	fs.IntVar(&g.retries, "retries", g.retries, "`N` retries of a failed request (connection errors, 429, 5xx); 0 disables")
	fs.Float64Var(&g.rate, "rate", g.rate, "send at most `N` requests a second on average (bursts of up to 5), retries included; 0 = no limit")
	fs.BoolVar(&g.json, "json", g.json, "print JSON (JSON Lines for streamed lists)")
	fs.BoolVar(&g.debug, "debug", g.debug, "log each HTTP request attempt to stderr (never the key)")
}

// app is one run of zchat: its streams, environment and configuration.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string

	g        globals
	c        *zchat.Client   // set before a command that talks to the API runs
	tr       *http.Transport // the client's; its idle connections are closed at the end
	progress bool            // show progress of long listings on stderr
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{
		stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		g:        globals{timeout: zchat.DefaultTimeout, retries: zchat.DefaultRetryMax},
		progress: isTerminal(stderr) && !isTerminal(stdout),
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// apiKey is --api-key, else ZCHAT_API_KEY.
func (a *app) apiKey() string {
	if a.g.apiKey != "" {
		return a.g.apiKey
	}
	return a.getenv(envAPIKey)
}

// newClient builds the SDK client from the flags and the environment
// (flags win). cmd is whose usage a missing setting points at.
func (a *app) newClient(cmd *command) (*zchat.Client, error) {
	base := a.g.baseURL
	if base == "" {
		base = a.getenv(envBaseURL)
	}
	if base == "" {
		return nil, usagef(cmd, "no server: set --base-url or %s to the APP Server's root URL", envBaseURL)
	}
	key := a.apiKey()
	if key == "" {
		return nil, usagef(cmd, "no API key: set %s (or --api-key) to the server's ChatApiKey", envAPIKey)
	}
	a.tr = http.DefaultTransport.(*http.Transport).Clone()
	opts := []zchat.Option{
		zchat.WithAPIKey(key),
		zchat.WithHTTPClient(&http.Client{Transport: a.tr}),
		zchat.WithTimeout(a.g.timeout),
		zchat.WithRetryMax(a.g.retries),
		zchat.WithUserAgent("zchat-cli " + zchat.DefaultUserAgent()),
	}
	if a.g.basePath != "" {
		opts = append(opts, zchat.WithBasePath(a.g.basePath))
	}
	if a.g.rate != 0 {
		opts = append(opts, zchat.WithRateLimit(a.g.rate, rateBurst))
	}
	if a.g.debug {
		opts = append(opts, zchat.WithLogger(slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	return zchat.NewClient(base, opts...)
}

// close releases what the run holds.
func (a *app) close() {
	if a.tr != nil {
		a.tr.CloseIdleConnections()
	}
}
