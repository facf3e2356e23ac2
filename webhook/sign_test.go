package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refSign is the contract's signing written out plainly, to check Sign by.
func refSign(key []byte, signed string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(signed))
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestSign(t *testing.T) {
	t.Parallel()
	ts := time.Unix(1795492347, 999_000_000) // fractions of a second are dropped
	tests := []struct {
		name   string
		secret string
		key    []byte
	}{
		{"plain key is its UTF-8 bytes", plainKey, []byte(plainKey)},
		{"non-ASCII plain key", "clé-secrète-✓", []byte("clé-secrète-✓")},
		{"whsec padded is the decoded remainder", whsecPadded, []byte("zchat-rotation-key-2")},
		{"whsec unpadded is the same key", whsecRaw, []byte("zchat-rotation-key-2")},
		{"a plain key that only contains whsec_", "key-whsec_abc", []byte("key-whsec_abc")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Sign(tt.secret, "evt_1", ts, testBody)
			assert.Equal(t, refSign(tt.key, "evt_1.1795492347."+string(testBody)), got)
			assert.Len(t, got, len("v1,")+encLen)
		})
	}
}

func TestSignBadSecret(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{"", "whsec_", "whsec_!!!not base64", "whsec_a", "whsec_===="} {
		assert.Empty(t, Sign(secret, "evt_1", t0, testBody), "secret %q", secret)
		err := CheckSecret(secret)
		require.Error(t, err, "secret %q", secret)
		assert.True(t, errors.Is(err, ErrInvalidSecret))
		if len(secret) > len(SecretPrefix)+3 {
			assert.NotContains(t, err.Error(), secret[len(SecretPrefix):], "the error must not show the secret")
		}
	}
	assert.NoError(t, CheckSecret(plainKey))
	assert.NoError(t, CheckSecret(whsecPadded))
	assert.NoError(t, CheckSecret(whsecRaw))
}

// Many distinct secrets each sign with their own key.
func TestSignManySecrets(t *testing.T) {
	t.Parallel()
	for i := range 200 {
		secret := "secret-" + string(rune('A'+i%26)) + string(rune('a'+i/26))
		assert.Equal(t, refSign([]byte(secret), "id.1795492347.body"), Sign(secret, "id", t0, []byte("body")))
	}
}
