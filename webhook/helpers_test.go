package webhook

import (
	"net/http"
	"strconv"
	"time"
)

// Secrets in both forms. whsecPadded and whsecRaw are the same 20-byte key,
// "zchat-rotation-key-2", with and without base64 padding; whsecRef is the
// Standard Webhooks test suite's secret (24 bytes, no padding needed).
const (
	plainKey    = "zk_live_7f3a9c2e41b84d0f"
	whsecPadded = "whsec_emNoYXQtcm90YXRpb24ta2V5LTI="
	whsecRaw    = "whsec_emNoYXQtcm90YXRpb24ta2V5LTI"
	whsecRef    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	otherKey    = "zk_live_00000000000000000"
)

// t0 is the signing time of the fixtures; clockAt(t0) verifies them.
var t0 = time.Unix(1795492347, 0) // 2026-11-24T03:52:27Z

var testBody = []byte(`{"Id":"evt_1","Type":"message.created","Time":"2026-11-24T03:52:27Z","Data":{"MessageId":7,"SessionId":3,"Text":"hi"}}`)

func clockAt(t time.Time) VerifyOption { return WithClock(func() time.Time { return t }) }

// signedHeader returns the three headers for body signed with secret.
func signedHeader(secret, id string, ts time.Time, body []byte) http.Header {
	h := http.Header{}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, Sign(secret, id, ts, body))
	return h
}
