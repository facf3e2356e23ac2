package zchattest

import (
	"context"
	"crypto/rand"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zchat/zchat-go/webhook"
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

	mu          sync.Mutex // guards everything below
	st          *state
	idem        idemStore
	faults      []*Fault
	requests    requestLog
	nRequests   int
	nReplayed   int
	events      []webhook.Event
	evState     map[string]*eventState // by event id
	pending     int                    // deliveries in progress (attempting or waiting to retry)
	deliveries  []Delivery
	delivered   int
	deliveredCh chan struct{} // closed and replaced on each change of delivery state
	notifyURL   string
	closed      bool

	demoStart time.Time // when the demo data begins; zero without it

	cursorKey []byte
	ridPrefix string
	ridSeq    atomic.Uint64

	ctx             context.Context // ends when the server closes
	cancel          context.CancelFunc
	wg              sync.WaitGroup // delivery goroutines
	clientTransport *http.Transport
	notifyTransport *http.Transport
	notifyClient    *http.Client
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
		APIKey:      cfg.apiKey,
		cfg:         cfg,
		tf:          cfg.timeFormat,
		basePath:    "/" + strings.Trim(cfg.basePath, "/"),
		log:         cfg.logger,
		st:          newState(),
		idem:        idemStore{m: map[string]*idemEntry{}},
		deliveredCh: make(chan struct{}),
		evState:     map[string]*eventState{},
		notifyURL:   cfg.notifyURL,
		cursorKey:   make([]byte, 32),
		ridPrefix:   "0HN" + strings.ToUpper(randomToken(10)),
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
	_, _ = rand.Read(s.cursorKey)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.clientTransport = newTransport()
	s.notifyTransport = newTransport()
	s.notifyClient = &http.Client{
		Transport: s.notifyTransport,
		// A redirect is an answer that is not 2xx: a failed attempt.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
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
		s.wg.Wait()
		s.clientTransport.CloseIdleConnections()
		s.notifyTransport.CloseIdleConnections()
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

// newRequestID makes a request id in Kestrel's style: a connection-like
// prefix, unique to the server, and a sequence number.
func (s *Server) newRequestID() string {
	n := strconv.FormatUint(s.ridSeq.Add(1), 16)
	return s.ridPrefix + ":" + strings.Repeat("0", max(0, 8-len(n))) + strings.ToUpper(n)
}

// record logs a request once it is answered.
func (s *Server) record(rec RequestRecord, took time.Duration) {
	s.mu.Lock()
	s.requests.add(rec)
	s.nRequests++
	if rec.Replayed {
		s.nReplayed++
	}
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
	return s.requests.all()
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		Requests:  s.nRequests,
		Replayed:  s.nReplayed,
		Created:   maps.Clone(s.st.created),
		Events:    len(s.events),
		Delivered: s.delivered,
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
