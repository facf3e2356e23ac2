package zchat

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// attemptTransport logs every exchange with the server at debug level. It
// sits inside the retry loop, so each attempt (and each redirect) is one
// record. It logs no header but the request id: never the key.
type attemptTransport struct {
	next   http.RoundTripper
	logger *slog.Logger
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.logger == nil || !t.logger.Enabled(req.Context(), slog.LevelDebug) {
		return t.next.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attemptOf(req.Context())),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("X-Request-Id")))
	}
	t.logger.LogAttrs(req.Context(), slog.LevelDebug, "zchat request", attrs...)
	return resp, err
}

func attemptOf(ctx context.Context) int {
	if s, ok := ctx.Value(callStateKey{}).(*callState); ok {
		return s.attempts()
	}
	return 0
}
