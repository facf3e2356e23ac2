// Package zchat is the core of zchat-go, the Go SDK for the ZChat APP
// Server: the Client and its options, the one request pipeline every
// resource package uses, errors, and the wire types shared by all of them.
//
// Make one Client and share it; wrap it with the resource packages:
//
//	c, err := zchat.NewClient("https://zchatdemo.com", zchat.WithAPIKey(os.Getenv("ZCHAT_API_KEY")))
//	if err != nil { … }
//	info, err := c.Ping(ctx)          // checks the server and the key
//	list, err := agents.New(c).List(ctx)
//
// The resource packages are agents, departments, sessions, messages and
// cases (leads, cases, notes); webhook receives the server's notifications.
// In tests, zchattest.NewServer starts a fake APP Server whose Client method
// returns a Client for it. The repository's README and its examples folder
// ("go run ./examples/quickstart") show them at work.
//
// # The pipeline
//
// Every call goes through Client.Do: the base URL and base path (default
// "/api/v1", WithBasePath), escaped path segments (Path), query structs
// encoded with go-querystring (times as RFC 3339 UTC), a JSON body, and the
// headers Authorization (Bearer key), Accept, User-Agent and, on a body,
// Content-Type. Each POST carries an Idempotency-Key — random per call, or
// the caller's through WithIdempotencyKey — and every retry of that call
// re-sends the same key and the same bytes, so the server acts at most once.
//
// Retries (WithRetryMax, default 4; 0 disables) cover connection errors,
// 429, and 5xx except 501; never other 4xx. Waits grow exponentially with
// jitter between the WithRetryWait bounds, except that a Retry-After header
// (delta-seconds or an HTTP-date) is honored as sent, up to
// WithRetryAfterMax (default 1 minute): when the server asks for longer, the
// call returns the 429 or 503 *APIError with RetryAfter set instead of
// sleeping; a Retry-After too large to represent counts as "very long",
// not as absent. A cancelled context stops a wait at once, and the error
// satisfies errors.Is with the context's error and still holds the last
// attempt's *APIError or connection error. Each attempt has its own timeout
// (WithTimeout, default 30s).
//
// # Writes that may have taken effect
//
// A POST, PUT or DELETE that was sent and got no complete answer (the
// connection dropped, an attempt timed out, the context ended after
// sending) returns an error matching ErrOutcomeUnknown; errors.As gives the
// *OutcomeUnknownError with the Idempotency-Key it carried, to resend with
// WithIdempotencyKey. A failure before anything was written is not one.
// Redirects never turn such a request into a GET (301/302/303) nor take it
// to another origin (307/308): the call ends with a *RedirectError naming
// the status and the Location. docs/RELIABILITY.md lists the exact cases.
//
// # Pacing
//
// A CRM looping over many sessions can overwhelm a small self-hosted APP
// Server. WithRateLimit(perSecond, burst) makes every request of the Client,
// each attempt and retry included, wait for a token of one shared limiter.
// And when an answer is a 429 or 503 with a Retry-After the Client honors,
// the whole Client pauses until that time has passed: calls started
// meanwhile wait too, instead of collecting 429s of their own. Both waits end
// with the caller's context, and then nothing is sent.
//
// # Observing calls
//
// WithObserver installs an Observer that sees every call and attempt, with
// low-cardinality names (the operation and its path template): the hook the
// zchatotel module's tracing and metrics are built on. WithCaptureResponse
// makes a typed call report its status, headers, request id and attempts.
//
// Responses are read up to WithMaxResponseBytes (default 32 MiB); a larger
// body fails with ErrResponseTooLarge. A non-2xx answer is an *APIError
// whose Is method matches ErrUnauthorized, ErrForbidden, ErrNotFound,
// ErrConflict, ErrValidation or ErrRateLimited; an HTML page from a proxy
// (IIS or Nginx answering 502, 503, 504) becomes an *APIError whose Message
// is a one-line excerpt, not a JSON parse error, with or without a
// Content-Type. Text from the server in an error is bounded and stripped of
// control characters. A 2xx null where an object is expected is an error;
// JSON after a UTF-8 byte-order mark decodes. Arguments refused before
// sending wrap ErrInvalidArgument and name the argument; so does a path
// with an empty, "." or ".." segment, which is never sent.
//
// The API key, the Authorization header and passwords are never written to
// logs (WithLogger: one debug record per attempt, naming the call's
// operation and path template rather than its raw path), errors, or the
// printed form of a Client.
//
// # Endpoints the SDK does not wrap
//
// Client.Do (and its short forms Get, Post, Put, Delete) calls any endpoint
// below the base path with the whole pipeline; build the path with Path so
// its segments are escaped, and name the call with Request.Operation and
// Request.Pattern to see it in logs and telemetry as the resource packages'
// calls are.
//
// # Wire types
//
// Time decodes every form the .NET server writes (RFC 3339, ISO 8601
// without offset, "/Date(ms)/", null, "", DateTime.MinValue). ChatID is a
// participant in chats ("User:3", "Guest:@key", "Bot:ollama"). Page and
// ListOptions page lists; Iterate turns a page fetcher into a lazy iterator,
// which ends with ErrCursorLoop when the server repeats a cursor.
package zchat
