package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

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
		l.logf("zchat: forwarding %s to %s failed: %s\n", safetext.Token(ev.ID), l.forward,
			safetext.Line(err.Error(), safetext.MaxMessage))
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	status := safetext.Token(resp.Status) // the receiver's words
	l.logf("zchat: forwarded %s to %s: %s (%s)\n", safetext.Token(ev.ID), l.forward, status,
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
