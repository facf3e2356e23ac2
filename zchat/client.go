package zchat

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Client talks to one APP Server. It is safe for concurrent use; make one and
// share it. The resource packages (agents, departments, sessions, messages,
// cases) wrap a Client: agents.New(client).
type Client struct {
	apiURL           string      // base URL + base path, no trailing slash
	host             string      // the base URL's host, for the redirect policy
	auth             secret      // "Bearer <key>"; empty when no key was set
	authHeader       sharedValue // the Authorization header's value
	userAgentHeader  sharedValue // the User-Agent header's value
	logger           *slog.Logger
	maxResponseBytes int64
	retryAfterMax    time.Duration
	retryMax         int
	rc               *retryablehttp.Client
	now              func() time.Time
	observers        []Observer // see WithObserver
	serverAddress    string     // the base URL's host name, for observers
	serverPort       int        // and its port
}

// secret holds a credential. Every printed form of it is redacted, so a
// Client or a config cannot leak its key through fmt or slog.
type secret string

const redacted = "[REDACTED]"

func (s secret) String() string             { return redacted }
func (s secret) GoString() string           { return `"` + redacted + `"` }
func (s secret) LogValue() slog.Value       { return slog.StringValue(redacted) }
func (s secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// NewClient returns a Client for the APP Server at baseURL, its root such as
// "https://zchatdemo.com"; the API is below the base path ("/api/v1" unless
// WithBasePath says otherwise). baseURL must be an absolute http or https URL
// with a host and no query or fragment.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	basePath := "/" + strings.Trim(cfg.basePath, "/")
	if basePath == "/" {
		basePath = ""
	}
	c := &Client{
		apiURL:           strings.TrimSuffix(u.String(), "/") + basePath,
		host:             u.Host,
		logger:           cfg.logger,
		maxResponseBytes: cfg.maxResponseBytes,
		retryAfterMax:    cfg.retryAfterMax,
		retryMax:         cfg.retryMax,
		now:              time.Now,
		observers:        cfg.observers,
		serverAddress:    u.Hostname(),
		serverPort:       portOf(u),
	}
	if cfg.apiKey != "" {
		c.auth = secret("Bearer " + cfg.apiKey)
		c.authHeader = sharedValue{string(c.auth)}
	}
	if cfg.userAgent != "" {
		c.userAgentHeader = sharedValue{cfg.userAgent}
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:     c.newHTTPClient(cfg),
		RetryWaitMin:   cfg.retryWaitMin,
		RetryWaitMax:   cfg.retryWaitMax,
		RetryMax:       cfg.retryMax,
		CheckRetry:     c.checkRetry,
		Backoff:        c.backoff,
		ErrorHandler:   giveUp,
		RequestLogHook: countAttempt,
	}
	return c, nil
}

// portOf is a URL's port, explicit or its scheme's default (see port).
func portOf(u *url.URL) int {
	p, _ := strconv.Atoi(port(u))
	return p
}

// parseBaseURL explains what is wrong with a base URL, for the errors people
// actually make: an empty string, a host without a scheme, another scheme.
func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, invalidArgument("baseURL", "is empty; want the APP Server's root, e.g. https://zchatdemo.com")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, invalidArgument("baseURL", "%q is not a URL: %v", raw, errors.Unwrap(err))
	}
	switch {
	case u.Scheme == "" || u.Opaque != "":
		return nil, invalidArgument("baseURL", "%q is not absolute; want http:// or https:// and a host", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, invalidArgument("baseURL", "scheme %q is not supported; want http or https", u.Scheme)
	case u.Host == "":
		return nil, invalidArgument("baseURL", "%q has no host", raw)
	case u.User != nil:
		return nil, invalidArgument("baseURL", "must not carry credentials; use WithAPIKey")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, invalidArgument("baseURL", "must not have a query or fragment")
	}
	return u, nil
}

// newHTTPClient copies the caller's *http.Client (never changing it) and adds
// what the pipeline needs: the per-attempt timeout, attempt logging in the
// transport, and a redirect policy that keeps the key on the API's host.
func (c *Client) newHTTPClient(cfg config) *http.Client {
	var hc http.Client
	if cfg.httpClient != nil {
		hc = *cfg.httpClient
	}
	timeout := cfg.timeout
	if !cfg.timeoutSet && cfg.httpClient != nil && hc.Timeout != 0 {
		timeout = hc.Timeout
	}
	// The per-attempt timeout lives in the transport, not in
	// http.Client.Timeout, which costs some 18 allocations per request.
	hc.Timeout = 0
	next := hc.Transport
	if next == nil {
		next = newTransport()
	}
	_, traced := next.(*http.Transport)
	hc.Transport = &attemptTransport{
		next: next, logger: cfg.logger, timeout: timeout,
		timer:        attemptTimer{timeout: timeout, expired: &AttemptTimeoutError{After: timeout}},
		pacer:        &pacer{limiter: cfg.rateLimit, pauseMax: cfg.retryAfterMax, now: time.Now},
		tracesWrites: traced,
	}
	hc.CheckRedirect = c.redirectPolicy(hc.CheckRedirect)
	return &hc
}

// newTransport is http.DefaultTransport with an idle pool large enough that
// many goroutines sharing one Client reuse their connections.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	return t
}

// BaseURL returns the URL requests are sent below: the base URL and the
// base path, without a trailing slash.
func (c *Client) BaseURL() string { return c.apiURL }

// String describes the Client without its key. It and the methods below
// have value receivers so that printing a Client value, not only a pointer,
// goes through them too.
func (c Client) String() string {
	key := "none"
	if c.auth != "" {
		key = redacted
	}
	return "zchat.Client{BaseURL: " + c.apiURL + ", APIKey: " + key + "}"
}

// GoString is String, so %#v cannot print the key either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb, so no verb reaches the key.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue logs the Client without its key.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }
