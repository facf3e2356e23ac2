package zchat

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of the options below.
const (
	DefaultBasePath         = "/api/v1"
	DefaultRetryMax         = 4
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 10 * time.Second
	DefaultRetryAfterMax    = time.Minute
	DefaultTimeout          = 30 * time.Second
	DefaultMaxResponseBytes = 32 << 20
)

// Option configures a Client in NewClient.
type Option func(*config) error

// config collects the options; NewClient turns it into a Client.
type config struct {
	apiKey           string
	httpClient       *http.Client
	basePath         string
	retryMax         int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	retryAfterMax    time.Duration
	timeout          time.Duration
	timeoutSet       bool
	userAgent        string
	logger           *slog.Logger
	maxResponseBytes int64
	observers        []Observer
	rateLimit        *rate.Limiter
}

func defaultConfig() config {
	return config{
		basePath:         DefaultBasePath,
		retryMax:         DefaultRetryMax,
		retryWaitMin:     DefaultRetryWaitMin,
		retryWaitMax:     DefaultRetryWaitMax,
		retryAfterMax:    DefaultRetryAfterMax,
		timeout:          DefaultTimeout,
		userAgent:        DefaultUserAgent(),
		maxResponseBytes: DefaultMaxResponseBytes,
	}
}

// WithAPIKey sets the ChatApiKey sent as "Authorization: Bearer <key>".
// The key never appears in logs, errors or the printed Client.
func WithAPIKey(key string) Option {
	return func(c *config) error {
		if key == "" {
			return invalidArgument("WithAPIKey", "key is empty")
		}
		c.apiKey = key
		return nil
	}
}

// WithHTTPClient sets the *http.Client whose Transport, Jar and
// CheckRedirect the Client uses; CheckRedirect decides about the redirects
// the Client allows (see RedirectError). The Client works on a copy: hc is
// never changed. Its Timeout, when set, is the per-attempt timeout unless
// WithTimeout says otherwise.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return invalidArgument("WithHTTPClient", "client is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithBasePath sets the path the API is mounted at below the base URL
// (default "/api/v1"); some installs mount it elsewhere behind a proxy.
func WithBasePath(p string) Option {
	return func(c *config) error {
		c.basePath = p
		return nil
	}
}

// WithRetryMax sets how many times a failed request is sent again (default
// 4, so at most 5 attempts); 0 disables retries.
func WithRetryMax(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return invalidArgument("WithRetryMax", "must be ≥ 0, got %d", n)
		}
		c.retryMax = n
		return nil
	}
}

// WithRetryWait sets the bounds of the exponential backoff between attempts
// (default 500ms to 10s). A Retry-After from the server is honored instead,
// independent of these bounds, up to WithRetryAfterMax.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) error {
		if min < 0 || max < min {
			return invalidArgument("WithRetryWait", "need 0 ≤ min ≤ max, got %s and %s", min, max)
		}
		c.retryWaitMin, c.retryWaitMax = min, max
		return nil
	}
}

// WithRetryAfterMax sets the longest Retry-After the Client waits for
// (default 1 minute). When the server asks for a longer wait, the call
// returns the 429 or 503 *APIError with RetryAfter set instead of sleeping.
func WithRetryAfterMax(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalidArgument("WithRetryAfterMax", "must be ≥ 0, got %s", d)
		}
		c.retryAfterMax = d
		return nil
	}
}

// WithTimeout sets the timeout of each attempt, from dialing to the end of
// the response body (default 30s); 0 means none. The context passed to a
// call bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalidArgument("WithTimeout", "must be ≥ 0, got %s", d)
		}
		c.timeout, c.timeoutSet = d, true
		return nil
	}
}

// WithUserAgent replaces the User-Agent header
// (default "zchat-go/<version> (<go version>; <os>/<arch>)").
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		c.userAgent = ua
		return nil
	}
}

// WithLogger logs one debug record per attempt (method, operation and path
// template such as "/agents/{userId}" — or the path, for a call that names
// no template — status, attempt, duration, request id) to l. Secrets are
// never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes caps how much of a response body is read (default
// 32 MiB). A larger body fails the call with ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return invalidArgument("WithMaxResponseBytes", "must be > 0, got %d", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}
