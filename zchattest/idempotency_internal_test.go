package zchattest

import (
	"crypto/sha256"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdemStoreBoundedAndExpiring(t *testing.T) {
	t.Parallel()
	st := idemStore{m: map[string]*idemEntry{}}
	fp := sha256.Sum256([]byte("POST /leads\n{}"))
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	for i := range MaxIdempotencyKeys + 10 {
		key := strconv.Itoa(i)
		e, state := st.begin(key, fp, now)
		require.Equal(t, idemNew, state)
		st.finish(key, e, &reply{status: 201})
	}
	assert.Len(t, st.m, MaxIdempotencyKeys, "bounded")
	assert.Len(t, st.order, MaxIdempotencyKeys)
	assert.NotContains(t, st.m, "9", "the oldest keys are forgotten first")
	assert.Contains(t, st.m, "10")
	_, state := st.begin(strconv.Itoa(MaxIdempotencyKeys+9), fp, now)
	assert.Equal(t, idemReplay, state)
	_, state = st.begin("10", sha256.Sum256([]byte("other")), now)
	assert.Equal(t, idemMismatch, state)

	// A 5xx or 429 answer is not stored: the key is free again.
	for _, status := range []int{500, 503, 429} {
		e, state := st.begin("flaky", fp, now)
		require.Equal(t, idemNew, state)
		_, state = st.begin("flaky", fp, now)
		require.Equal(t, idemBusy, state, "in progress")
		st.finish("flaky", e, &reply{status: status})
	}

	// After 24 h every key is forgotten.
	_, state = st.begin("late", fp, now.Add(IdempotencyTTL))
	assert.Equal(t, idemNew, state)
	assert.Len(t, st.m, 1)
	assert.Len(t, st.order, 1)
}
