package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// shutdownTimeout bounds how long a graceful shutdown waits for the
// requests in progress.
const shutdownTimeout = 10 * time.Second

// serverLimits bound what one client can cost a server zchat runs (webhook
// listen, mock-server): how long it may take to send its headers and its
// request, how long the answer may take, how long an idle connection stays
// open, and how large the headers may be.
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
}

// defaultLimits admit a 16 MiB body sent at 2.5 Mbit/s, and an answer that
// waits for webhook listen's forward (8 s); headers are a few hundred bytes
// from the APP Server and the SDK.
var defaultLimits = serverLimits{
	readHeader:     10 * time.Second,
	read:           time.Minute,
	write:          time.Minute,
	idle:           2 * time.Minute,
	maxHeaderBytes: 64 << 10,
}

// newHTTPServer is an http.Server for h with the limits l.
func newHTTPServer(h http.Handler, l serverLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// interruptible returns a context that ends when SIGINT or SIGTERM
// arrives, and the function that stops catching them. Call it before saying
// that a server is ready, so a signal sent as soon as it is ready is caught.
func interruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// serve serves h on ln, within the limits l, until ctx (from interruptible) ends, then shuts down
// gracefully: it stops accepting, and waits for the requests in progress.
// It calls stop first, so a second signal ends the process at once.
func serve(ctx context.Context, stop context.CancelFunc, ln net.Listener, h http.Handler, l serverLimits) error {
	srv := newHTTPServer(h, l)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// listenURL is the http URL of a listener, with the loopback address for
// one that listens on every address (":8080").
func listenURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
