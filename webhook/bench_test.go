package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// benchInput is a 2 KiB delivery signed now with the reference suite's
// secret, as both libraries read it.
type benchInput struct {
	id, ts string
	body   []byte
	h      http.Header
	sig    []byte // the decoded MAC, for the bare baseline
	key    []byte
}

func newBenchInput(tb testing.TB) benchInput {
	tb.Helper()
	body := []byte(strings.Repeat(`{"Text":"hello, world"} `, 86))[:2048]
	now := time.Now()
	in := benchInput{id: "msg_p5jXN8AQM9LWM0D4loKWxJek", ts: strconv.FormatInt(now.Unix(), 10), body: body}
	in.h = signedHeader(whsecRef, in.id, now, body)
	key, err := decodeSecret(whsecRef)
	if err != nil {
		tb.Fatal(err)
	}
	in.key = key
	in.sig, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(in.h.Get(HeaderSignature), "v1,"))
	if err != nil {
		tb.Fatal(err)
	}
	return in
}

// benchZchat measures a Verifier made once, as NewHandler does; the
// reference library's Webhook is likewise made once.
func benchZchat(in benchInput) func(*testing.B) {
	return func(b *testing.B) {
		v, err := NewVerifier(whsecRef)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(in.body)))
		for b.Loop() {
			if err := v.Verify(in.h, in.body); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchZchatOneShot measures the package-level Verify, which decodes the
// secret on every call: the like of the bare baseline.
func benchZchatOneShot(in benchInput) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in.body)))
		for b.Loop() {
			if err := Verify(whsecRef, in.h, in.body); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchReference(in benchInput) func(*testing.B) {
	return func(b *testing.B) {
		wh, err := standardwebhooks.NewWebhook(whsecRef)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(in.body)))
		for b.Loop() {
			if err := wh.Verify(in.body, in.h); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchBare is the floor for a verifier that sets up its HMAC per call: a
// fresh crypto/hmac over the signed content, compared with the already
// decoded signature. No header parsing, no timestamp check.
func benchBare(in benchInput) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in.body)))
		prefix := []byte(in.id + "." + in.ts + ".")
		for b.Loop() {
			m := hmac.New(sha256.New, in.key)
			m.Write(prefix)
			m.Write(in.body)
			if !hmac.Equal(m.Sum(nil), in.sig) {
				b.Fatal("no match")
			}
		}
	}
}

// BenchmarkVerify compares Verify on a 2 KiB body with the Standard Webhooks
// reference library and with a bare crypto/hmac baseline.
func BenchmarkVerify(b *testing.B) {
	in := newBenchInput(b)
	b.Run("zchat", benchZchat(in))
	b.Run("zchat-oneshot", benchZchatOneShot(in))
	b.Run("standardwebhooks", benchReference(in))
	b.Run("bare-hmac", benchBare(in))
}

// BenchmarkTenantHandler compares a delivery through NewHandler with one
// through NewTenantHandler, whose keys are decoded once per tenant, and with
// a tenant handler that must decode them on every request (its lookup
// alternates between two secret lists, so its cache never hits): what the
// per-handler cache saves. In process, no network.
func BenchmarkTenantHandler(b *testing.B) {
	ok := func(context.Context, *Event) error { return nil }
	var flip atomic.Bool
	handlers := []struct {
		name string
		h    http.Handler
	}{
		{"NewHandler", NewHandler(plainKey, ok, WithReplayStore(nil))},
		{"NewTenantHandler", NewTenantHandler(func(*http.Request) (string, []string, error) {
			return "acme", []string{plainKey}, nil
		}, ok, WithReplayStore(nil))},
		{"NewTenantHandler-keys-per-request", NewTenantHandler(func(*http.Request) (string, []string, error) {
			if flip.Swap(!flip.Load()) {
				return "acme", []string{plainKey, otherKey}, nil
			}
			return "acme", []string{plainKey}, nil
		}, ok, WithReplayStore(nil))},
	}
	body := eventBody("evt_bench", TypeMessageCreated, sampleData[TypeMessageCreated])
	h := signedHeader(plainKey, "evt_bench", time.Now(), body)
	for _, hc := range handlers {
		b.Run(hc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/notify/acme", bytes.NewReader(body))
				r.Header = h
				w := httptest.NewRecorder()
				hc.h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
