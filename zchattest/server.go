package zchattest

import (
	"context"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// Server is a fake APP Server: the whole ZChat API, in memory, on an
// httptest.Server, with signed notifications, a chat simulation and fault
// injection. It is safe for concurrent use. Close it when done.
type Server struct {
	// URL is the server's root, e.g. "http://127.0.0.1:50123"; the API is
	// below the base path ("/api/v1"). Empty until the server starts.
	URL string
	// APIKey is the ChatApiKey: the bearer key requests must carry, and the
	// secret notifications are signed with. Set it with WithAPIKey, not by
	// assigning it.
	APIKey string

	cfg      config
	tf       TimeFormat
	basePath string
	log      *slog.Logger
	table    []route
	ts       *httptest.Server

	// The server's four parts, each with its methods in its file. One
	// mutex guards them all (but what their comments exempt), so that a
	// handler changes the store and emits the event for it in one step.
	mu       sync.Mutex
	st       *state     // the store: objects, idempotency answers (store.go)
	recorder recorder   // the requests received (requestlog.go)
	notifier notifier   // events and their deliveries (notify.go)
	faults   faultQueue // the fault injector's queue (faults.go)
	closed   bool       // guarded by mu

	ctx             context.Context // ends when the server closes
	cancel          context.CancelFunc
	clientTransport *http.Transport // the transport of Client's clients
	closeOnce       sync.Once
}

// RequestRecord is one request the server received, as Requests lists them.
type RequestRecord struct {
	Method         string
	Path           string // below the base path, e.g. "/leads/3/cases" (the whole path when outside it)
	Query          string // the raw query
	IdempotencyKey string
	RequestID      string    // the X-Request-Id it was given
	Status         int       // the status answered; 0 when no answer was sent
	Replayed       bool      // answered with the stored answer of its Idempotency-Key
	Fault          bool      // an injected Fault applied to it
	Dropped        bool      // the connection was closed without (all of) an answer
	Time           time.Time // by the server's clock
}

// Stats counts what the server did.
type Stats struct {
	Requests  int            // requests received
	Replayed  int            // answered from an Idempotency-Key
	Created   map[string]int // objects created since the start, by kind (KindCases…), not counting seeded ones
	Events    int            // events emitted
	Delivered int            // events delivered (answered 2xx)
}

// NewServer starts a Server; see the options. Close it when done.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a Server that is not listening yet: call Start
// (or mount it, an http.Handler, in a server of one's own; it then opens no
// port of its own). Close it when done.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		APIKey:   cfg.apiKey,
		cfg:      cfg,
		tf:       cfg.timeFormat,
		basePath: "/" + strings.Trim(cfg.basePath, "/"),
		log:      cfg.logger,
		st:       newState(),
		recorder: recorder{ridPrefix: "0HN" + strings.ToUpper(randomToken(10))},
		notifier: newNotifier(cfg.notifyURL),
	}
	if s.APIKey == "" {
		s.APIKey = "zct_" + randomToken(32)
	}
	if s.basePath == "/" {
		s.basePath = ""
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.clientTransport = newTransport()
	s.table = s.routes()
	if cfg.demo {
		s.seed()
	}
	return s
}

// newTransport is a transport of the server's own (not a clone of
// http.DefaultTransport, which a test may have replaced), so Close can close
// its idle connections.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment, // never used for loopback addresses
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 32,
		IdleConnTimeout:     90 * time.Second,
	}
}

// Start starts listening on a loopback port, as httptest.Server.Start
// does, and sets URL. Until then the Server holds no socket: mounted as an
// http.Handler in a server of one's own (as zchat mock-server does), it
// never opens one. It panics when called twice.
func (s *Server) Start() {
	if s.ts != nil {
		panic("zchattest: Server already started")
	}
	s.ts = httptest.NewUnstartedServer(s)
	s.ts.Start()
	s.URL = s.ts.URL
}

// Close shuts the server down: it stops pending notification deliveries
// and injected delays, waits for requests in progress and delivery
// goroutines to end, and closes idle connections, so no goroutine of the
// Server is left. Close may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		if s.ts != nil {
			s.ts.Close()
		}
		s.notifier.wg.Wait()
		s.clientTransport.CloseIdleConnections()
		s.notifier.transport.CloseIdleConnections()
	})
}

// Client returns a client for this server: its URL, base path and API key,
// retry waits of 1–10 ms so that retries are fast, and a transport whose
// connections Close cleans up. opts are applied after these, so they win.
// It panics when the server is not started or an option is invalid.
func (s *Server) Client(opts ...zchat.Option) *zchat.Client {
	base := []zchat.Option{
		zchat.WithAPIKey(s.APIKey),
		zchat.WithBasePath(s.basePath + "/"),
		zchat.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		zchat.WithHTTPClient(&http.Client{Transport: s.clientTransport}),
	}
	c, err := zchat.NewClient(s.URL, append(base, opts...)...)
	if err != nil {
		panic("zchattest: Server.Client: " + err.Error())
	}
	return c
}

// BasePath is the path the API is served below ("/api/v1"; "" for the root).
func (s *Server) BasePath() string { return s.basePath }

// now is the server's clock, to the millisecond.
func (s *Server) now() time.Time { return s.cfg.clock().UTC().Truncate(time.Millisecond) }

// Now returns the server's clock, as it stamps what it creates.
func (s *Server) Now() time.Time { return s.now() }

// record logs a request once it is answered.
func (s *Server) record(rec RequestRecord, took time.Duration) {
	s.mu.Lock()
	s.recorder.add(rec)
	s.mu.Unlock()
	s.log.LogAttrs(context.Background(), slog.LevelDebug, "zchattest: request",
		slog.String("method", rec.Method), slog.String("path", rec.Path), slog.Int("status", rec.Status),
		slog.String("request_id", rec.RequestID), slog.Bool("replayed", rec.Replayed),
		slog.Bool("fault", rec.Fault), slog.Bool("dropped", rec.Dropped), slog.Duration("took", took))
}

// Requests returns the requests received so far, in the order answered:
// the last MaxRecordedRequests of them, each text field cut to
// MaxRecordedField bytes. Stats counts them all.
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recorder.ring.all()
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		Requests:  s.recorder.n,
		Replayed:  s.recorder.replayed,
		Created:   maps.Clone(s.st.created),
		Events:    len(s.notifier.events),
		Delivered: s.notifier.delivered,
	}
}

// Count is how many objects of a kind (KindAgents, KindDepartments,
// KindSessions, KindMessages, KindLeads, KindCases, KindNotes) the server
// holds now, seeded ones included.
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.count(kind)
}
