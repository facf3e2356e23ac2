package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	const id = "evt_1"
	ts := strconv.FormatInt(t0.Unix(), 10)
	good := Sign(plainKey, id, t0, testBody)
	goodB64 := strings.TrimPrefix(good, "v1,")
	junk := "v1," + strings.Repeat("A", 43) + "="
	hdr := func(kv ...string) http.Header { // raw map, no canonicalization
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h[kv[i]] = append(h[kv[i]], kv[i+1])
		}
		return h
	}
	std := func(sig string) http.Header {
		return hdr("Webhook-Id", id, "Webhook-Timestamp", ts, "Webhook-Signature", sig)
	}
	many := func(n int, last string) string {
		sigs := make([]string, n)
		for i := range sigs {
			sigs[i] = junk
		}
		sigs[n-1] = last
		return strings.Join(sigs, " ")
	}

	tests := []struct {
		name    string
		secret  string
		h       http.Header
		body    []byte
		opts    []VerifyOption
		wantErr error // nil: accepted
	}{
		// Accepted.
		{name: "plain key", secret: plainKey, h: std(good)},
		{name: "whsec padded", secret: whsecPadded, h: std(Sign(whsecPadded, id, t0, testBody))},
		{name: "whsec unpadded secret, padded signer", secret: whsecRaw, h: std(Sign(whsecPadded, id, t0, testBody))},
		{name: "whsec padded secret, unpadded signer", secret: whsecPadded, h: std(Sign(whsecRaw, id, t0, testBody))},
		{name: "valid signature after others", secret: plainKey, h: std(junk + " v1,short " + good)},
		{name: "other versions ignored", secret: plainKey, h: std("v2," + goodB64 + " v1a,x " + good)},
		{name: "extra spaces", secret: plainKey, h: std("  " + junk + "   " + good + " ")},
		{name: "signature over two header lines", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", ts, "Webhook-Signature", junk, "Webhook-Signature", good)},
		{name: "lower-case names (Lambda)", secret: plainKey, h: hdr("webhook-id", id, "webhook-timestamp", ts, "webhook-signature", good)},
		{name: "odd-case names", secret: plainKey, h: hdr("WEBHOOK-ID", id, "webhook-Timestamp", ts, "WebHook-SIGNATURE", good)},
		{name: "same id under two spellings", secret: plainKey, h: hdr("webhook-id", id, "Webhook-Id", id, "webhook-timestamp", ts, "webhook-signature", good)},
		{name: "signatures under two spellings", secret: plainKey, h: hdr("webhook-id", id, "webhook-timestamp", ts, "webhook-signature", junk, "Webhook-Signature", good)},
		{name: "optional whitespace around id and timestamp", secret: plainKey, h: hdr("webhook-id", " "+id+"\t", "webhook-timestamp", " "+ts, "webhook-signature", good)},
		{name: "exactly MaxSignatures", secret: plainKey, h: std(many(MaxSignatures, good))},
		{name: "5 min old", secret: plainKey, h: std(good), opts: []VerifyOption{clockAt(t0.Add(5 * time.Minute))}},
		{name: "5 min ahead", secret: plainKey, h: std(good), opts: []VerifyOption{clockAt(t0.Add(-5 * time.Minute))}},
		{name: "wider tolerance", secret: plainKey, h: std(good), opts: []VerifyOption{WithTolerance(time.Hour), clockAt(t0.Add(59 * time.Minute))}},
		{name: "tolerance ≤ 0 keeps the default", secret: plainKey, h: std(good), opts: []VerifyOption{WithTolerance(0), clockAt(t0.Add(4 * time.Minute))}},
		{name: "rotation: signed with the old key", secret: otherKey, h: std(good), opts: []VerifyOption{WithSecrets(plainKey)}},
		{name: "rotation: signed with the new key", secret: plainKey, h: std(good), opts: []VerifyOption{WithSecrets(otherKey, whsecRaw)}},
		{name: "rotation: two WithSecrets add up", secret: otherKey, h: std(good), opts: []VerifyOption{WithSecrets(whsecRaw), WithSecrets(plainKey)}},
		{name: "empty body", secret: plainKey, h: std(Sign(plainKey, id, t0, nil)), body: []byte{}},
		{name: "body at the limit", secret: plainKey, h: std(Sign(plainKey, id, t0, testBody)), opts: []VerifyOption{WithMaxBodyBytes(int64(len(testBody)))}},
		{name: "nil option ignored", secret: plainKey, h: std(good), opts: []VerifyOption{nil}},

		// Refused: secrets.
		{name: "empty secret", secret: "", h: std(Sign("", id, t0, testBody)), wantErr: ErrInvalidSecret},
		{name: "whsec not base64", secret: "whsec_***", h: std(good), wantErr: ErrInvalidSecret},
		{name: "whsec empty key", secret: "whsec_", h: std(good), wantErr: ErrInvalidSecret},
		{name: "empty rotation secret", secret: plainKey, h: std(good), opts: []VerifyOption{WithSecrets("")}, wantErr: ErrInvalidSecret},

		// Refused: headers.
		{name: "no headers", secret: plainKey, h: http.Header{}, wantErr: ErrMissingHeaders},
		{name: "nil header", secret: plainKey, h: nil, wantErr: ErrMissingHeaders},
		{name: "no id", secret: plainKey, h: hdr("Webhook-Timestamp", ts, "Webhook-Signature", good), wantErr: ErrMissingHeaders},
		{name: "empty id", secret: plainKey, h: hdr("Webhook-Id", " ", "Webhook-Timestamp", ts, "Webhook-Signature", good), wantErr: ErrMissingHeaders},
		{name: "no timestamp", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Signature", good), wantErr: ErrMissingHeaders},
		{name: "no signature", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", ts), wantErr: ErrMissingHeaders},
		{name: "blank signature", secret: plainKey, h: std("   "), wantErr: ErrMissingHeaders},
		{name: "timestamp not a number", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "yesterday", "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "timestamp with sign", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "+"+ts, "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "timestamp negative", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "-"+ts, "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "timestamp fractional", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", ts+".5", "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "timestamp in milliseconds overflows", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "9999999999999999999", "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "two different ids", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Id", "evt_2", "Webhook-Timestamp", ts, "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "two different ids under two spellings", secret: plainKey, h: hdr("webhook-id", id, "WEBHOOK-ID", "evt_2", "Webhook-Timestamp", ts, "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "two different timestamps", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", ts, "webhook-timestamp", "1", "Webhook-Signature", good), wantErr: ErrInvalidHeaders},
		{name: "more than MaxSignatures", secret: plainKey, h: std(many(MaxSignatures+1, good)), wantErr: ErrInvalidHeaders},
		{name: "more than MaxSignatures, valid one first", secret: plainKey, h: std(good + " " + many(MaxSignatures, junk)), wantErr: ErrInvalidHeaders},

		// Refused: signature.
		{name: "wrong key", secret: otherKey, h: std(good), wantErr: ErrInvalidSignature},
		{name: "wrong whsec key", secret: whsecRef, h: std(Sign(whsecPadded, id, t0, testBody)), wantErr: ErrInvalidSignature},
		{name: "key without whsec_ is not base64-decoded", secret: whsecPadded[len(SecretPrefix):], h: std(Sign(whsecPadded, id, t0, testBody)), wantErr: ErrInvalidSignature},
		{name: "body changed", secret: plainKey, h: std(good), body: []byte(strings.Replace(string(testBody), "hi", "ho", 1)), wantErr: ErrInvalidSignature},
		{name: "body re-encoded (trailing newline)", secret: plainKey, h: std(good), body: append(append([]byte{}, testBody...), '\n'), wantErr: ErrInvalidSignature},
		{name: "id changed", secret: plainKey, h: hdr("Webhook-Id", "evt_2", "Webhook-Timestamp", ts, "Webhook-Signature", good), wantErr: ErrInvalidSignature},
		{name: "timestamp changed", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", strconv.FormatInt(t0.Unix()+1, 10), "Webhook-Signature", good), wantErr: ErrInvalidSignature},
		{name: "only other versions", secret: plainKey, h: std("v2," + goodB64 + " V1," + goodB64), wantErr: ErrInvalidSignature},
		{name: "no comma", secret: plainKey, h: std("v1" + goodB64), wantErr: ErrInvalidSignature},
		{name: "empty v1", secret: plainKey, h: std("v1,"), wantErr: ErrInvalidSignature},
		{name: "unpadded signature", secret: plainKey, h: std(strings.TrimRight(good, "=")), wantErr: ErrInvalidSignature},
		{name: "raw MAC bytes", secret: plainKey, h: std("v1," + string(make([]byte, 32))), wantErr: ErrInvalidSignature},
		{name: "signature truncated", secret: plainKey, h: std(good[:len(good)-2]), wantErr: ErrInvalidSignature},
		{name: "signature of another body", secret: plainKey, h: std(Sign(plainKey, id, t0, []byte("{}"))), wantErr: ErrInvalidSignature},
		{name: "bad signature and stale: signature first", secret: plainKey, h: std(junk), opts: []VerifyOption{clockAt(t0.Add(time.Hour))}, wantErr: ErrInvalidSignature},
		{name: "rotation: neither key", secret: otherKey, h: std(good), opts: []VerifyOption{WithSecrets(whsecRaw)}, wantErr: ErrInvalidSignature},

		// Refused: time.
		{name: "5 min 1 s old", secret: plainKey, h: std(good), opts: []VerifyOption{clockAt(t0.Add(5*time.Minute + time.Second))}, wantErr: ErrTimestampTooOld},
		{name: "5 min 1 s ahead", secret: plainKey, h: std(good), opts: []VerifyOption{clockAt(t0.Add(-5*time.Minute - time.Second))}, wantErr: ErrTimestampTooNew},
		{name: "narrower tolerance", secret: plainKey, h: std(good), opts: []VerifyOption{WithTolerance(time.Second), clockAt(t0.Add(2 * time.Second))}, wantErr: ErrTimestampTooOld},
		{name: "signed at the epoch", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "0", "Webhook-Signature", Sign(plainKey, id, time.Unix(0, 0), testBody)), wantErr: ErrTimestampTooOld},
		{name: "signed far in the future", secret: plainKey, h: hdr("Webhook-Id", id, "Webhook-Timestamp", "999999999999999999", "Webhook-Signature", Sign(plainKey, id, time.Unix(999999999999999999, 0), testBody)), wantErr: ErrTimestampTooNew},
		{name: "default clock is now", secret: plainKey, h: std(good), opts: []VerifyOption{WithTolerance(time.Minute)}, wantErr: ErrTimestampTooOld},

		// Refused: size.
		{name: "over WithMaxBodyBytes", secret: plainKey, h: std(good), opts: []VerifyOption{WithMaxBodyBytes(int64(len(testBody)) - 1)}, wantErr: ErrPayloadTooLarge},
		{name: "over the default limit", secret: plainKey, h: std(good), body: make([]byte, DefaultMaxBodyBytes+1), wantErr: ErrPayloadTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := tt.body
			if body == nil {
				body = testBody
			}
			opts := tt.opts
			if !hasClock(opts) && tt.name != "default clock is now" {
				opts = append([]VerifyOption{clockAt(t0)}, opts...)
			}
			err := Verify(tt.secret, tt.h, body, opts...)
			if tt.wantErr == nil {
				require.NoError(t, err)
				ev, err := ConstructEvent(tt.secret, tt.h, body, opts...)
				if len(body) > 0 {
					require.NoError(t, err)
					assert.Equal(t, "evt_1", ev.ID)
				}
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.wantErr)
			for _, other := range []error{ErrInvalidSecret, ErrMissingHeaders, ErrInvalidHeaders, ErrInvalidSignature, ErrTimestampTooOld, ErrTimestampTooNew, ErrPayloadTooLarge} {
				if other != tt.wantErr {
					assert.NotErrorIs(t, err, other)
				}
			}
			msg := err.Error()
			assert.Equal(t, strings.ToLower(msg[:1]), msg[:1], "errors start lower-case")
			assert.NotContains(t, msg, goodB64[:12], "the error must not reveal the expected signature")
			for _, secret := range []string{plainKey, otherKey, whsecPadded[len(SecretPrefix):]} {
				assert.NotContains(t, msg, secret, "the error must not reveal a secret")
			}
			_, cerr := ConstructEvent(tt.secret, tt.h, body, opts...)
			assert.ErrorIs(t, cerr, tt.wantErr)
		})
	}
}

// hasClock reports whether opts set a clock.
func hasClock(opts []VerifyOption) bool {
	for _, o := range opts {
		if o != nil && newVerifyConfig([]VerifyOption{o}).now != nil {
			return true
		}
	}
	return false
}

// Verify reads a header the way a plain map of lower-case names holds it, as
// AWS Lambda and API Gateway hand it over.
func TestVerifyLambdaHeaders(t *testing.T) {
	t.Parallel()
	sig := Sign(whsecPadded, "evt_9", t0, testBody)
	lambda := map[string][]string{
		"content-type":      {"application/json"},
		"webhook-id":        {"evt_9"},
		"webhook-timestamp": {strconv.FormatInt(t0.Unix(), 10)},
		"webhook-signature": {sig},
	}
	require.NoError(t, Verify(whsecPadded, lambda, testBody, clockAt(t0)))
	assert.Empty(t, http.Header(lambda).Get(HeaderID), "a canonicalizing lookup would miss it")
}

func TestVerifyConcurrent(t *testing.T) {
	t.Parallel()
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for j := range 50 {
				id := "evt_" + strconv.Itoa(i) + "_" + strconv.Itoa(j)
				body := []byte(id)
				secret := []string{plainKey, whsecRaw}[j%2]
				if e := Verify(secret, signedHeader(secret, id, t0, body), body, clockAt(t0)); e != nil {
					err = e
				}
				if e := Verify(secret, signedHeader(otherKey, id, t0, body), body, clockAt(t0)); !errors.Is(e, ErrInvalidSignature) {
					err = errors.Join(err, e, errors.New("forged signature accepted"))
				}
			}
			done <- err
		}()
	}
	for range 8 {
		assert.NoError(t, <-done)
	}
}
