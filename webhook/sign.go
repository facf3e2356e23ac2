package webhook

import (
	"strconv"
	"time"
)

// The headers that carry a notification's signature (Standard Webhooks).
// Verify matches their names case-insensitively.
const (
	// HeaderID names the header that carries the event Id.
	HeaderID = "webhook-id"
	// HeaderTimestamp names the header that carries the signing time, in
	// Unix seconds.
	HeaderTimestamp = "webhook-timestamp"
	// HeaderSignature names the header that carries one or more
	// space-separated "v1,<base64>" signatures.
	HeaderSignature = "webhook-signature"
)

// Sign returns the webhook-signature header value for a notification: "v1,"
// followed by the base64 HMAC-SHA256 of "{id}.{ts as Unix seconds}.{body}",
// keyed with secret (a plain ChatApiKey's UTF-8 bytes, or the decoded
// remainder of a "whsec_<base64>" secret). It is what the APP Server sends,
// for tests and for programs that forward notifications.
//
// Sign returns "" when secret is not usable (see CheckSecret); a request
// carrying "" never verifies.
func Sign(secret, id string, ts time.Time, body []byte) string {
	k, err := keyFor(secret)
	if err != nil {
		return ""
	}
	var tsBuf [20]byte
	st := k.mac(id, string(strconv.AppendInt(tsBuf[:0], ts.Unix(), 10)), body)
	sig := "v1," + string(st.enc[:])
	k.put(st)
	return sig
}
