package webhook

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds Verify arbitrary secrets, headers and bodies. It must never
// panic, must refuse what it cannot check, and must accept what Sign signed.
// Seeds: testdata/fuzz/FuzzVerify.
func FuzzVerify(f *testing.F) {
	f.Add(plainKey, "evt_1", "1795492347", Sign(plainKey, "evt_1", t0, testBody), testBody)
	f.Add(whsecRaw, "evt_1", "1795492347", "v1,AAAA v2,BBBB", []byte("{}"))
	f.Fuzz(func(t *testing.T, secret, id, ts, sigs string, body []byte) {
		h := map[string][]string{
			"webhook-id":        {id},
			"Webhook-Timestamp": {ts},
			"WEBHOOK-SIGNATURE": strings.Split(sigs, "\n"),
		}
		err := Verify(secret, h, body, clockAt(t0), WithSecrets(plainKey))
		if err == nil {
			return // a fuzzer that forges HMAC-SHA256 has bigger news
		}
		known := []error{ErrInvalidSecret, ErrMissingHeaders, ErrInvalidHeaders, ErrInvalidSignature, ErrTimestampTooOld, ErrTimestampTooNew, ErrPayloadTooLarge}
		matched := false
		for _, k := range known {
			matched = matched || errors.Is(err, k)
		}
		if !matched {
			t.Fatalf("error wraps no sentinel: %v", err)
		}

		// What Sign signs, Verify accepts.
		sig := Sign(secret, id, t0, body)
		if CheckSecret(secret) != nil {
			if sig != "" {
				t.Fatalf("Sign signed with an unusable secret")
			}
			return
		}
		trimmed := strings.Trim(id, " \t")
		if trimmed != id || id == "" || len(body) > DefaultMaxBodyBytes {
			return
		}
		h = map[string][]string{"webhook-id": {id}, "webhook-timestamp": {"1795492347"}, "webhook-signature": {sigs + " " + sig}}
		if strings.Count(sigs, " ") >= MaxSignatures-1 {
			h["webhook-signature"] = []string{sig}
		}
		if err := Verify(secret, h, body, clockAt(t0.Add(time.Second))); err != nil {
			t.Fatalf("Verify refused what Sign signed: %v", err)
		}
	})
}

// FuzzParse feeds Parse arbitrary bodies. It must never panic; an event it
// returns has an Id and a Type, and every accessor and a Mux can take it.
// Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for typ, data := range sampleData {
		f.Add(eventBody("evt_"+typ, typ, data))
	}
	var got []string
	var values []any
	mux := recordingMux(&got, &values)
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("error does not wrap ErrInvalidEvent: %v", err)
			}
			if e != nil {
				t.Fatalf("event and error")
			}
			return
		}
		if e.ID == "" || e.Type == "" {
			t.Fatalf("event without Id or Type: %+v", e)
		}
		for _, what := range []string{"session", "message", "lead", "case", "note", "agent"} {
			v, err := decodeAs(e, what)
			if err == nil && v == nil {
				t.Fatalf("%s: no value and no error", what)
			}
			if err != nil && !errors.Is(err, ErrWrongType) && !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("%s: unexpected error %v", what, err)
			}
		}
		got, values = got[:0], values[:0]
		_ = mux.Handle(context.Background(), e)
		// http.Header is a map; make sure Verify never panics on what Parse saw either.
		_ = Verify(plainKey, http.Header{"Webhook-Id": {e.ID}}, body)
	})
}
