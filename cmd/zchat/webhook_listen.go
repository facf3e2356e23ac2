package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

// webhookListenCommand is zchat webhook listen.
func webhookListenCommand() *command {
	return &command{
		name:    "listen",
		usage:   "[--addr HOST:PORT] [--forward URL] [--secret KEY] [--max-events N] [--max-body BYTES] [--tolerance D]",
		summary: "Receive notifications: verify and print each, and forward it to --forward.",
		long: "It answers at any path. A forward carries the raw body and the signature headers unchanged,\n" +
			"and the APP Server gets 200 only when the forward got a 2xx (a 410 is passed on, which stops its\n" +
			"retries; anything else is 500, so it delivers again).\n" +
			"It listens on loopback (127.0.0.1:8080) unless --addr says otherwise: --addr :8080 listens on every\n" +
			"interface, for an APP Server on another machine. Before reading a body it refuses a request that is\n" +
			"not a POST, whose Content-Length is over --max-body, or that lacks the signature headers; it reads\n" +
			"a few bodies at a time, and a client has 10 s for its headers and a minute for its request.\n" +
			"Rejected and duplicate deliveries are reported on stderr. Runs until Ctrl-C or --max-events.",
		example: "ZCHAT_API_KEY=… zchat webhook listen\n" +
			"zchat webhook listen --addr :8080 --forward http://localhost:3000/zchat/notify --json",
		local: true,
		setup: func(fs *flag.FlagSet) action {
			var vf verifyFlags
			vf.register(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on (:8080 is every interface)")
			forward := fs.String("forward", "", "forward each verified notification to this `URL`")
			maxEvents := fs.Int64("max-events", 0, "exit after `N` events (0 = run until Ctrl-C)")
			maxBody := fs.Int64("max-body", 16<<20, "largest body accepted, in `BYTES` (cases may carry 8 MiB of attachments)")
			return func(ctx context.Context, a *app, _ []int) error {
				return listen(ctx, a, &vf, *addr, *forward, *maxEvents, *maxBody)
			}
		},
	}
}

// listener receives notifications for webhook listen: webhook.NewHandler
// verifies, dedupes and answers them; its fn prints and forwards each.
type listener struct {
	a       *app
	v       *webhook.Verifier
	h       http.Handler
	forward string
	client  *http.Client
	maxBody int64
	reading chan struct{} // a slot per body being read: bounds the memory bodies take
	max     int64
	n       atomic.Int64
	stop    context.CancelFunc // called once max events arrived
	mu      sync.Mutex         // serializes output
}

// maxReading is how many bodies webhook listen reads at once; with
// --max-body at 16 MiB, bodies take at most about 200 MiB (each is held
// twice: here, for forwarding, and by the SDK's handler).
const maxReading = 6

func listen(ctx context.Context, a *app, vf *verifyFlags, addr, forward string, maxEvents, maxBody int64) error {
	secret, v, opts, err := vf.verifier(a, webhook.WithMaxBodyBytes(maxBody))
	if err != nil {
		return err
	}
	if u, err := url.Parse(forward); forward != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return errUsage("--forward %q: want an http:// or https:// URL", forward)
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("webhook listen: %w", err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	l := &listener{a: a, v: v, forward: forward, maxBody: maxBody, max: maxEvents, stop: stop,
		reading: make(chan struct{}, maxReading),
		// The APP Server waits 10 s for an answer; the forward must end first.
		client: &http.Client{Transport: tr, Timeout: 8 * time.Second}}
	hopts := make([]webhook.HandlerOption, len(opts))
	for i, o := range opts {
		hopts[i] = o
	}
	l.h = webhook.NewHandler(secret, l.handle, hopts...)
	msg := "zchat: listening on %s for notifications (any path)"
	if forward != "" {
		msg += ", forwarding them to " + forward
	}
	fmt.Fprintf(a.stderr, msg+"; Ctrl-C stops\n", listenURL(ln.Addr()))
	return serve(ctx, stop, ln, l, defaultLimits)
}

// delivery is one request, as the listener's fn sees it through the
// context: the raw body and headers to forward.
type delivery struct {
	body    []byte
	header  http.Header
	handled bool // fn was called
}

type deliveryKey struct{}

// ServeHTTP refuses what it can tell is no notification before reading a
// byte of the body, keeps the raw body of the rest for forwarding, lets the
// SDK's handler answer, and reports a request it did not pass to fn: a
// rejected or duplicate one.
func (l *listener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if code, why := l.refuse(r); code != 0 {
		if code == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", http.MethodPost)
		}
		// Closing is what makes the server not read a body it was offered.
		w.Header().Set("Connection", "close")
		http.Error(w, http.StatusText(code), code)
		l.report(r, code, why+"; the body was not read")
		return
	}
	select {
	case l.reading <- struct{}{}:
		defer func() { <-l.reading }()
	case <-r.Context().Done():
		return
	}
	// One byte over the limit is enough for the handler to answer 413. A
	// body without a Content-Length is cut there too.
	body, err := io.ReadAll(io.LimitReader(r.Body, l.maxBody+1))
	if err != nil {
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		l.report(r, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	d := &delivery{body: body, header: r.Header}
	r = r.WithContext(context.WithValue(r.Context(), deliveryKey{}, d))
	r.Body = io.NopCloser(bytes.NewReader(body))
	sw := &statusWriter{ResponseWriter: w}
	l.h.ServeHTTP(sw, r)
	if !d.handled {
		l.report(r, sw.status, l.why(sw.status, d))
	}
}

// refuse returns the status and the reason to refuse r with before reading
// its body, or 0: a request that is not a POST, one whose Content-Length is
// over --max-body, or one without the signature headers (the SDK's own
// check, run on the headers alone).
func (l *listener) refuse(r *http.Request) (int, string) {
	switch {
	case r.Method != http.MethodPost:
		return http.StatusMethodNotAllowed, "not a POST"
	case r.ContentLength > l.maxBody:
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("Content-Length %d is over --max-body %d", r.ContentLength, l.maxBody)
	}
	if err := l.v.Verify(r.Header, nil); errors.Is(err, webhook.ErrMissingHeaders) || errors.Is(err, webhook.ErrInvalidHeaders) {
		return http.StatusUnauthorized, err.Error()
	}
	return 0, ""
}

// report says on stderr how a request was answered without reaching fn.
// The path and the reason come from the sender: they are printed safe.
func (l *listener) report(r *http.Request, status int, why string) {
	l.logf("zchat: %s %s from %s: answered %d: %s\n", safetext.Token(r.Method),
		safetext.Line(r.URL.Path, safetext.MaxMessage), r.RemoteAddr, status, safetext.Line(why, safetext.MaxMessage))
}

// why explains an answer given without calling fn, with the SDK's own
// checks.
func (l *listener) why(status int, d *delivery) string {
	switch status {
	case http.StatusOK:
		// The handler dedupes on the event's Id in the body, which need
		// not be the webhook-id header.
		if ev, err := webhook.Parse(d.body); err == nil {
			return "a duplicate of event " + ev.ID + " (the body's Id), handled already"
		}
		return "a duplicate, handled already"
	case http.StatusRequestEntityTooLarge:
		return "the body is over --max-body"
	case http.StatusServiceUnavailable:
		return "the same event is being handled right now"
	}
	if err := l.v.Verify(d.header, d.body); err != nil {
		return err.Error()
	}
	if _, err := webhook.Parse(d.body); err != nil {
		return err.Error()
	}
	return http.StatusText(status)
}

// handle prints a verified event and forwards it. An error makes the
// handler answer 500, so the APP Server delivers the event again.
func (l *listener) handle(ctx context.Context, ev *webhook.Event) error {
	d := ctx.Value(deliveryKey{}).(*delivery)
	d.handled = true
	n := l.n.Add(1)
	if l.max > 0 && n > l.max {
		return errors.New("zchat: the listener is stopping")
	}
	if l.max > 0 && n == l.max {
		defer l.stop()
	}
	l.mu.Lock()
	if l.a.g.json {
		_ = writeJSON(l.a.stdout, ev, false)
	} else {
		fmt.Fprintf(l.a.stdout, "%s  %-20s  %s  %s\n", when(ev.Time), safetext.Token(ev.Type),
			safetext.Token(ev.ID), eventSummary(ev))
	}
	l.mu.Unlock()
	if l.forward == "" {
		return nil
	}
	return l.forwardEvent(ctx, ev, d)
}

// statusWriter records the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
