package zchatotel_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchatotel"
)

const receiverKey = "zk_live_receiver_secret_42"

// post delivers an event signed with secret to url, with header's extra
// fields, and returns the status.
func post(t *testing.T, url, secret, id, typ string, header http.Header) int {
	t.Helper()
	body := fmt.Appendf(nil, `{"Id":%q,"Type":%q,"Time":"2026-11-24T03:52:27Z","Data":{"SessionId":3}}`, id, typ)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	now := time.Now()
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set(webhook.HeaderID, id)
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, id, now, body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// receivers are NewHandler and NewTenantHandler (tenant "acme" at
// /notify/acme), traced by Receiver, with fn starting a span of its own.
func receivers(tel *telemetry, fnErr error) []struct {
	name, path, tenant string
	handler            http.Handler
} {
	fn := func(ctx context.Context, ev *webhook.Event) error {
		_, span := tel.tp.Tracer("crm").Start(ctx, "crm.update")
		span.End()
		return fnErr
	}
	lookup := func(r *http.Request) (string, []string, error) {
		if t := r.PathValue("tenant"); t == "acme" {
			return t, []string{receiverKey}, nil
		}
		return "", nil, webhook.ErrUnknownTenant
	}
	mux := http.NewServeMux()
	mux.Handle("POST /notify/{tenant}", webhook.NewTenantHandler(lookup, fn, zchatotel.Receiver(tel.options()...)))
	return []struct {
		name, path, tenant string
		handler            http.Handler
	}{
		{"NewHandler", "/notify", "", webhook.NewHandler(receiverKey, fn, zchatotel.Receiver(tel.options()...))},
		{"NewTenantHandler", "/notify/acme", "acme", mux},
	}
}

// A span per notification, with the event's Id, Type, tenant and outcome,
// fn's spans below it; a second delivery of the same Id is a duplicate.
func TestReceiverSpans(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	for _, rc := range receivers(tel, nil) {
		t.Run(rc.name, func(t *testing.T) {
			srv := httptest.NewServer(rc.handler)
			defer srv.Close()
			tel.spans.Reset()
			require.Equal(t, 200, post(t, srv.URL+rc.path, receiverKey, "evt_1", webhook.TypeSessionEnded, nil))
			require.Equal(t, 200, post(t, srv.URL+rc.path, receiverKey, "evt_1", webhook.TypeSessionEnded, nil))
			require.Equal(t, 401, post(t, srv.URL+rc.path, "zk_wrong", "evt_2", webhook.TypeSessionEnded, nil))

			spans := tel.ended(t, "zchat.notification session.ended")
			require.Len(t, spans, 2)
			for i, outcome := range []string{"handled", "duplicate"} {
				s := spans[i]
				assert.Equal(t, trace.SpanKindServer, s.SpanKind())
				want := map[string]any{
					"zchat.event.id":            "evt_1",
					"zchat.event.type":          "session.ended",
					"zchat.outcome":             outcome,
					"http.response.status_code": int64(200),
				}
				if rc.tenant != "" {
					want["zchat.tenant"] = rc.tenant
				}
				assert.Equal(t, want, attrs(s.Attributes()))
				assert.Equal(t, codes.Unset, s.Status().Code)
			}
			crm := tel.ended(t, "crm.update")
			require.Len(t, crm, 1, "fn ran once")
			assert.Equal(t, spans[0].SpanContext().SpanID(), crm[0].Parent().SpanID(), "fn's span is the notification's child")

			refused := tel.ended(t, "zchat.notification")
			require.Len(t, refused, 1)
			a := attrs(refused[0].Attributes())
			assert.Equal(t, "refused", a["zchat.outcome"])
			assert.Equal(t, "401", a["error.type"])
			assert.NotContains(t, a, "zchat.event.id", "an unverified request names no event")
			assert.Equal(t, codes.Unset, refused[0].Status().Code, "the sender's fault, as a 4xx of a server span")
			for _, s := range tel.spans.Ended() {
				for _, kv := range s.Attributes() {
					assert.NotContains(t, kv.Value.String(), receiverKey)
				}
			}
		})
	}
}

// fn's failure is an error span with the status as error.type and no text.
func TestReceiverFailedSpan(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	for _, rc := range receivers(tel, errors.New("crm down: customer ann@example.com")) {
		t.Run(rc.name, func(t *testing.T) {
			srv := httptest.NewServer(rc.handler)
			defer srv.Close()
			tel.spans.Reset()
			require.Equal(t, 500, post(t, srv.URL+rc.path, receiverKey, "evt_3", webhook.TypeMessageCreated, nil))
			s := tel.ended(t, "zchat.notification message.created")
			require.Len(t, s, 1)
			a := attrs(s[0].Attributes())
			assert.Equal(t, "failed", a["zchat.outcome"])
			assert.Equal(t, "500", a["error.type"])
			assert.Equal(t, codes.Error, s[0].Status().Code)
			assert.Empty(t, s[0].Status().Description, "fn's error text stays out")
		})
	}
}

// The span continues the trace the request carries; inside otelhttp's
// server span it is that span's Internal child instead.
func TestReceiverTraceContext(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	rc := receivers(tel, nil)[0]

	srv := httptest.NewServer(rc.handler)
	defer srv.Close()
	sender, senderSpan := tel.tp.Tracer("app-server").Start(context.Background(), "deliver")
	h := http.Header{}
	propagation.TraceContext{}.Inject(sender, propagation.HeaderCarrier(h))
	senderSpan.End()
	require.Equal(t, 200, post(t, srv.URL+rc.path, receiverKey, "evt_4", webhook.TypeLeadCreated, h))
	s := tel.ended(t, "zchat.notification lead.created")
	require.Len(t, s, 1)
	assert.Equal(t, senderSpan.SpanContext().TraceID(), s[0].SpanContext().TraceID())
	assert.Equal(t, senderSpan.SpanContext().SpanID(), s[0].Parent().SpanID())
	assert.True(t, s[0].Parent().IsRemote())

	wrapped := httptest.NewServer(otelhttp.NewHandler(rc.handler, "notify", otelhttp.WithTracerProvider(tel.tp), otelhttp.WithPropagators(propagation.TraceContext{})))
	defer wrapped.Close()
	require.Equal(t, 200, post(t, wrapped.URL+rc.path, receiverKey, "evt_5", webhook.TypeCaseCreated, h))
	s = tel.ended(t, "zchat.notification case.created")
	require.Len(t, s, 1)
	server := tel.ended(t, "POST")
	require.Len(t, server, 1)
	assert.Equal(t, trace.SpanKindInternal, s[0].SpanKind())
	assert.Equal(t, server[0].SpanContext().SpanID(), s[0].Parent().SpanID())
	assert.Equal(t, senderSpan.SpanContext().SpanID(), server[0].Parent().SpanID())
}
