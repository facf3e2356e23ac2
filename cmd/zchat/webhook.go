package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

func webhookCommand() *command {
	return &command{
		name:    "webhook",
		summary: "Receive, sign and verify the notifications the APP Server POSTs to ChatApiNotificationUrl.",
		long:    "They are signed with the ChatApiKey: the secret is --secret, else the API key.",
		example: "zchat webhook listen --forward http://localhost:3000/zchat/notify\n" +
			"zchat webhook sign --id evt_1 < event.json > headers.txt\n" +
			"zchat webhook verify --headers-file headers.txt < event.json",
		subs: []*command{{
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
		}, {
			name:    "sign",
			usage:   "[--id ID] [--timestamp UNIX] [--secret KEY] < body",
			summary: "Sign the body on stdin as the APP Server does, and print the three headers.",
			long:    "The headers are webhook-id, webhook-timestamp and webhook-signature. The id defaults to the body's Id.",
			example: "zchat webhook sign --id evt_1 < event.json\n" +
				"zchat webhook sign < event.json > headers.txt && zchat webhook verify --headers-file headers.txt < event.json",
			local: true,
			setup: func(fs *flag.FlagSet) action {
				secret := fs.String("secret", "", "the signing `KEY` (default the API key)")
				id := fs.String("id", "", "the webhook-id: the event `ID` (default the body's Id)")
				ts := fs.Int64("timestamp", 0, "the webhook-timestamp in `UNIX` seconds (default now)")
				return func(_ context.Context, a *app, _ []int) error {
					return sign(a, *secret, *id, *ts)
				}
			},
		}, {
			name:    "verify",
			usage:   "(--header 'NAME: VALUE'... | --headers-file FILE) [--secret KEY] [--tolerance D] < body",
			summary: "Verify a notification: the body on stdin with its headers.",
			long:    "Exits 0 when it verifies, 1 (with the reason on stderr) when it does not.",
			example: "zchat webhook verify --header 'webhook-id: evt_1' --header 'webhook-timestamp: 1764042747' \\\n" +
				"    --header 'webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' < event.json\n" +
				"zchat webhook verify --headers-file headers.txt < event.json",
			local: true,
			setup: func(fs *flag.FlagSet) action {
				var (
					vf      verifyFlags
					headers stringList
				)
				vf.register(fs)
				fs.Var(&headers, "header", "a header as `'NAME: VALUE'` (repeatable)")
				file := fs.String("headers-file", "", "read the headers from `FILE`, one 'NAME: VALUE' a line (- for stdin is not allowed: stdin is the body)")
				return func(_ context.Context, a *app, _ []int) error {
					return verify(a, &vf, headers, *file)
				}
			},
		}},
	}
}

// verifyFlags are the flags of listen and verify.
type verifyFlags struct {
	secret    string
	tolerance time.Duration
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.secret, "secret", "", "the signing `KEY` (default the API key: --api-key or ZCHAT_API_KEY)")
	fs.DurationVar(&f.tolerance, "tolerance", webhook.DefaultTolerance, "how far webhook-timestamp may be from the clock, a duration `D`")
}

// verifier checks the secret (a mistake is a usage error) and returns a
// Verifier and the options it was made with, for NewHandler.
func (f *verifyFlags) verifier(a *app, extra ...webhook.VerifyOption) (string, *webhook.Verifier, []webhook.VerifyOption, error) {
	secret, err := a.secret(f.secret)
	if err != nil {
		return "", nil, nil, err
	}
	opts := append([]webhook.VerifyOption{webhook.WithTolerance(f.tolerance)}, extra...)
	v, err := webhook.NewVerifier(secret, opts...)
	if err != nil {
		return "", nil, nil, errUsage("%v", err)
	}
	return secret, v, opts, nil
}

// secret is flagValue, else the API key.
func (a *app) secret(flagValue string) (string, error) {
	s := flagValue
	if s == "" {
		s = a.apiKey()
	}
	if s == "" {
		return "", errUsage("no secret: set --secret, or the API key (%s or --api-key), which signs notifications", envAPIKey)
	}
	if err := webhook.CheckSecret(s); err != nil {
		return "", errUsage("%v", err)
	}
	return s, nil
}

// readBody reads a notification body from stdin, as it is.
func (a *app) readBody() ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(a.stdin, maxTextInput))
	if err != nil {
		return nil, fmt.Errorf("reading the body from stdin: %w", err)
	}
	return b, nil
}

func sign(a *app, secretFlag, id string, ts int64) error {
	secret, err := a.secret(secretFlag)
	if err != nil {
		return err
	}
	body, err := a.readBody()
	if err != nil {
		return err
	}
	if id == "" {
		ev, err := webhook.Parse(body)
		if err != nil {
			return errUsage("no --id, and the body is no event to take its Id from: %v", err)
		}
		id = ev.ID
	}
	t := time.Now()
	if ts != 0 {
		t = time.Unix(ts, 0)
	}
	h := map[string]string{
		webhook.HeaderID:        id,
		webhook.HeaderTimestamp: strconv.FormatInt(t.Unix(), 10),
		webhook.HeaderSignature: webhook.Sign(secret, id, t, body),
	}
	if a.g.json {
		return writeJSON(a.stdout, h, false)
	}
	for _, k := range []string{webhook.HeaderID, webhook.HeaderTimestamp, webhook.HeaderSignature} {
		fmt.Fprintf(a.stdout, "%s: %s\n", k, safetext.Line(h[k], safetext.MaxMessage))
	}
	return nil
}

func verify(a *app, vf *verifyFlags, headers []string, file string) error {
	_, v, _, err := vf.verifier(a)
	if err != nil {
		return err
	}
	if file != "" {
		lines, err := readHeaderLines(file)
		if err != nil {
			return err
		}
		headers = append(lines, headers...)
	}
	if len(headers) == 0 {
		return errUsage("no headers: give --header 'NAME: VALUE' (repeatable) or --headers-file FILE")
	}
	h := http.Header{}
	for _, line := range headers {
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return errUsage("header %q: want 'NAME: VALUE'", line)
		}
		h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	body, err := a.readBody()
	if err != nil {
		return err
	}
	res := struct {
		Valid  bool
		Reason string `json:",omitempty"`
		ID     string `json:"Id,omitempty"`
		Type   string `json:",omitempty"`
	}{Valid: true}
	verr := v.Verify(h, body)
	if verr != nil {
		res.Valid, res.Reason = false, verr.Error()
		if errors.Is(verr, webhook.ErrTimestampTooOld) || errors.Is(verr, webhook.ErrTimestampTooNew) {
			verr = fmt.Errorf("%w (the signature matches: the request is authentic but stale, or a clock is off)", verr)
		}
		verr = &invalidError{verr}
	} else if ev, err := webhook.Parse(body); err == nil {
		res.ID, res.Type = ev.ID, ev.Type
	}
	switch {
	case a.g.json:
		err = writeJSON(a.stdout, res, false)
	case res.Valid && res.ID != "":
		a.say("valid: the signature matches (event %s, %s)", safetext.Line(res.ID, safetext.MaxToken), safetext.Line(res.Type, safetext.MaxToken))
	case res.Valid:
		a.say("valid: the signature matches")
	}
	return errors.Join(verr, err)
}

// readHeaderLines reads 'NAME: VALUE' lines from a file, skipping blank
// lines and # comments.
func readHeaderLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errUsage("--headers-file: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines, sc.Err()
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
	l.logf("zchat: %s %s from %s: answered %d: %s\n", safetext.Line(r.Method, safetext.MaxToken),
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
		fmt.Fprintf(l.a.stdout, "%s  %-20s  %s  %s\n", when(ev.Time), safetext.Line(ev.Type, safetext.MaxToken),
			safetext.Line(ev.ID, safetext.MaxToken), eventSummary(ev))
	}
	l.mu.Unlock()
	if l.forward == "" {
		return nil
	}
	return l.forwardEvent(ctx, ev, d)
}

// forwardedHeaders are the headers a forward carries, unchanged.
var forwardedHeaders = []string{"Content-Type", "User-Agent", webhook.HeaderID, webhook.HeaderTimestamp, webhook.HeaderSignature}

// forwardEvent POSTs the raw body and the signature headers, unchanged, to
// --forward, so the receiver there verifies the APP Server's signature.
func (l *listener) forwardEvent(ctx context.Context, ev *webhook.Event, d *delivery) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.forward, bytes.NewReader(d.body))
	if err != nil {
		return err
	}
	for _, k := range forwardedHeaders {
		if v := d.header.Values(k); len(v) > 0 {
			req.Header[http.CanonicalHeaderKey(k)] = v
		}
	}
	start := time.Now()
	resp, err := l.client.Do(req)
	if err != nil {
		l.logf("zchat: forwarding %s to %s failed: %s\n", safetext.Line(ev.ID, safetext.MaxToken), l.forward,
			safetext.Line(err.Error(), safetext.MaxMessage))
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	status := safetext.Line(resp.Status, safetext.MaxToken) // the receiver's words
	l.logf("zchat: forwarded %s to %s: %s (%s)\n", safetext.Line(ev.ID, safetext.MaxToken), l.forward, status,
		time.Since(start).Round(time.Millisecond))
	switch {
	case resp.StatusCode == http.StatusGone:
		// The receiver wants no more of this event: pass its 410 on, which
		// stops the APP Server's retries.
		return &webhook.StatusError{Code: http.StatusGone, Err: fmt.Errorf("zchat: %s answered %s", l.forward, status)}
	case resp.StatusCode/100 != 2:
		return fmt.Errorf("zchat: %s answered %s", l.forward, status)
	}
	return nil
}

func (l *listener) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.a.stderr, format, args...)
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

// eventSummary describes an event's Data on one line, safe to print: the
// data is the sender's.
func eventSummary(ev *webhook.Event) string {
	return safetext.Line(summarize(ev), safetext.MaxMessage)
}

func summarize(ev *webhook.Event) string {
	var (
		s   string
		err error
	)
	switch ev.Type {
	case webhook.TypeSessionStarted, webhook.TypeSessionAccepted, webhook.TypeSessionTransferred,
		webhook.TypeSessionEnded, webhook.TypeSessionRated:
		x, e := ev.Session()
		if err = e; e == nil {
			s = joinSome(", ", "session "+itoa(x.SessionID), x.DisplayName, angle(x.Email),
				prefixed("agent ", string(x.AgentUserID)), prefixed("department ", id(x.DepartmentID)),
				prefixed("rating ", id(x.AgentRating))) + prefixed(": ", clip(x.Question, 60))
		}
	case webhook.TypeMessageCreated:
		x, e := ev.Message()
		if err = e; e == nil {
			s = fmt.Sprintf("session %d, message %d, %s: %s", x.SessionID, x.MessageID, sender(*x), clip(x.PlainText(), 80))
		}
	case webhook.TypeLeadCreated:
		x, e := ev.Lead()
		if err = e; e == nil {
			s = joinSome(", ", "lead "+itoa(x.LeadID), x.Email, x.DisplayName, x.Company)
		}
	case webhook.TypeCaseCreated:
		x, e := ev.Case()
		if err = e; e == nil {
			s = fmt.Sprintf("case %d, lead %d, %s: %s", x.CaseID, x.LeadID, x.Priority, clip(x.Subject, 60))
		}
	case webhook.TypeNoteCreated:
		x, e := ev.Note()
		if err = e; e == nil {
			s = joinSome(", ", "note "+itoa(x.NoteID), "lead "+itoa(x.LeadID), prefixed("case ", id(x.CaseID))) +
				": " + clip(x.Text, 60)
		}
	case webhook.TypeAgentStatusChanged:
		x, e := ev.AgentStatus()
		if err = e; e == nil {
			s = fmt.Sprintf("agent %d is %s", x.UserID, x.Status)
		}
	default:
		err = errors.ErrUnsupported
	}
	if err != nil {
		return clip(string(ev.Data), 100)
	}
	return s
}

// joinSome joins the non-empty parts.
func joinSome(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// prefixed is prefix+s, or "" when s is "".
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// angle is "<s>", or "" when s is "".
func angle(s string) string {
	if s == "" {
		return ""
	}
	return "<" + s + ">"
}
