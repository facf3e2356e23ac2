package webhook

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refWebhook returns the Standard Webhooks reference verifier for secret.
// The reference library base64-decodes every secret (with or without
// "whsec_", padded only), so a plain ChatApiKey goes in through
// NewWebhookRaw as its UTF-8 bytes, and an unpadded "whsec_" secret is
// padded first.
func refWebhook(t *testing.T, secret string) *standardwebhooks.Webhook {
	t.Helper()
	rest, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		wh, err := standardwebhooks.NewWebhookRaw([]byte(secret))
		require.NoError(t, err)
		return wh
	}
	if n := len(rest) % 4; n != 0 {
		rest += strings.Repeat("=", 4-n)
	}
	wh, err := standardwebhooks.NewWebhook(SecretPrefix + rest)
	require.NoError(t, err)
	return wh
}

var referenceCases = []struct {
	name   string
	secret string
	body   []byte
}{
	{"plain key", plainKey, testBody},
	{"plain non-ASCII key", "clé-✓-ключ", testBody},
	{"whsec padded", whsecPadded, testBody},
	{"whsec unpadded", whsecRaw, testBody},
	{"whsec from the reference suite", whsecRef, testBody},
	{"empty body", plainKey, []byte{}},
	{"binary body", whsecRef, []byte{0, 0xff, '.', '\n', 0x80, 'v', '1', ','}},
	{"2 KiB body", plainKey, []byte(strings.Repeat(`{"Text":"héllo"} `, 120))},
}

// What Sign makes, the reference library verifies.
func TestReferenceVerifiesOurSignature(t *testing.T) {
	t.Parallel()
	for _, tt := range referenceCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			h := signedHeader(tt.secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", now, tt.body)
			require.NoError(t, refWebhook(t, tt.secret).Verify(tt.body, h))

			// and refuses it for another body or key, as we do
			assert.Error(t, refWebhook(t, tt.secret).Verify(append([]byte("x"), tt.body...), h))
			assert.Error(t, refWebhook(t, otherKey).Verify(tt.body, h))
		})
	}
}

// What the reference library signs, Verify accepts, including among several
// signatures and with lower-case header names.
func TestWeVerifyReferenceSignature(t *testing.T) {
	t.Parallel()
	for _, tt := range referenceCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			const id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
			sig, err := refWebhook(t, tt.secret).Sign(id, now, tt.body)
			require.NoError(t, err)
			assert.Equal(t, sig, Sign(tt.secret, id, now, tt.body), "same signature byte for byte")

			h := http.Header{}
			h.Set(standardwebhooks.HeaderWebhookID, id)
			h.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
			h.Set(standardwebhooks.HeaderWebhookSignature, sig)
			require.NoError(t, Verify(tt.secret, h, tt.body))

			lower := map[string][]string{
				"webhook-id":        {id},
				"webhook-timestamp": {strconv.FormatInt(now.Unix(), 10)},
				"webhook-signature": {"v1,bm90IHRoaXMgb25l v1a," + base64.StdEncoding.EncodeToString([]byte("x")) + " " + sig},
			}
			require.NoError(t, Verify(tt.secret, lower, tt.body))

			assert.ErrorIs(t, Verify(otherKey, h, tt.body), ErrInvalidSignature)
		})
	}
}

// Both libraries judge the timestamp the same way at the 5-minute edges.
func TestReferenceTimestampAgreement(t *testing.T) {
	t.Parallel()
	wh := refWebhook(t, whsecRef)
	for _, tt := range []struct {
		name    string
		age     time.Duration
		wantErr error
	}{
		{"fresh", 0, nil},
		{"4 min old", 4 * time.Minute, nil},
		{"6 min old", 6 * time.Minute, ErrTimestampTooOld},
		{"4 min ahead", -4 * time.Minute, nil},
		{"6 min ahead", -6 * time.Minute, ErrTimestampTooNew},
	} {
		ts := time.Now().Add(-tt.age)
		h := signedHeader(whsecRef, "evt_t", ts, testBody)
		ours := Verify(whsecRef, h, testBody)
		theirs := wh.Verify(testBody, h)
		if tt.wantErr == nil {
			assert.NoError(t, ours, tt.name)
			assert.NoError(t, theirs, tt.name)
			continue
		}
		assert.ErrorIs(t, ours, tt.wantErr, tt.name)
		assert.Error(t, theirs, tt.name)
	}
}
