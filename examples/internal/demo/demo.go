// Package demo connects the examples to an APP Server: the real one that
// ZCHAT_BASE_URL and ZCHAT_API_KEY name, or, when ZCHAT_BASE_URL is not set,
// an in-process zchattest server seeded with demo data, so that every
// example runs with nothing configured.
//
// It is the only code the examples share: Main is each example's main, and
// each example's run reads like the README:
//
//	conn, err := demo.Connect()
//	if err != nil {
//		return err
//	}
//	defer conn.Close()
//	list, err := agents.New(conn.Client).List(ctx)
package demo

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// The environment variables that name a real APP Server.
const (
	EnvBaseURL = "ZCHAT_BASE_URL" // the APP Server's root, e.g. https://zchatdemo.com
	EnvAPIKey  = "ZCHAT_API_KEY"  // its ChatApiKey
)

// Notice is the one line Connect prints (to stderr) in demo mode.
const Notice = EnvBaseURL + " is not set: using an in-process zchattest server with demo data"

// Conn is a connection to an APP Server.
type Conn struct {
	// Client sends requests to the server.
	Client *zchat.Client
	// APIKey is the server's ChatApiKey: the secret its notifications are
	// signed with, which a webhook receiver verifies them with.
	APIKey string
	// Server is the in-process demo server; nil against a real APP Server.
	Server *zchattest.Server
}

// Demo reports whether c is connected to the in-process demo server.
func (c *Conn) Demo() bool { return c.Server != nil }

// Close stops the demo server, if any. It is safe to call more than once.
func (c *Conn) Close() {
	if c.Server != nil {
		c.Server.Close()
	}
}

// Since returns the time d ago. In demo mode it returns the start of the
// demo data instead when that is earlier, so that "the last d" always
// includes every demo session, however short d.
func (c *Conn) Since(d time.Duration) time.Time {
	since := time.Now().Add(-d).UTC()
	if c.Demo() && c.Server.DemoStart().Before(since) {
		return c.Server.DemoStart()
	}
	return since
}

// Stderr is where Connect prints Notice; tests may replace it.
var Stderr io.Writer = os.Stderr

// Connect connects to the APP Server at $ZCHAT_BASE_URL with the key in
// $ZCHAT_API_KEY. When ZCHAT_BASE_URL is not set it starts an in-process
// zchattest server with demo data (zchattest.WithDemoData, then opts) and
// prints Notice. Call Close when done.
func Connect(opts ...zchattest.Option) (*Conn, error) {
	base, key := os.Getenv(EnvBaseURL), os.Getenv(EnvAPIKey)
	if base == "" {
		fmt.Fprintln(Stderr, Notice)
		srv := zchattest.NewServer(append([]zchattest.Option{zchattest.WithDemoData()}, opts...)...)
		return &Conn{Client: srv.Client(), APIKey: srv.APIKey, Server: srv}, nil
	}
	if key == "" {
		return nil, errors.New(EnvBaseURL + " is set but " + EnvAPIKey + " is not: set it to the APP Server's ChatApiKey")
	}
	c, err := zchat.NewClient(base, zchat.WithAPIKey(key))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvBaseURL, err)
	}
	return &Conn{Client: c, APIKey: key}, nil
}

// Main is an example's main: it parses the flags and calls run with a
// context that ends after timeout, or, when timeout is 0 (a server that
// runs until stopped), on Ctrl-C or SIGTERM. When run fails it prints
// "name: error" to stderr and exits with status 1.
func Main(name string, timeout time.Duration, run func(ctx context.Context) error) {
	flag.Parse()
	var (
		ctx  context.Context
		stop context.CancelFunc
	)
	if timeout > 0 {
		ctx, stop = context.WithTimeout(context.Background(), timeout)
	} else {
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	}
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
