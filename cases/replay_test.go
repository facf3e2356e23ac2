package cases_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

func TestReplayed(t *testing.T) {
	t.Parallel()
	with := func(v ...string) *zchat.Response {
		h := http.Header{}
		for _, s := range v {
			h.Add(cases.HeaderIdempotentReplayed, s)
		}
		return &zchat.Response{StatusCode: http.StatusCreated, Header: h}
	}
	assert.Equal(t, "Idempotent-Replayed", cases.HeaderIdempotentReplayed)
	assert.True(t, cases.Replayed(with("true")))
	assert.True(t, cases.Replayed(with("True")))
	assert.True(t, cases.Replayed(with(" true ")))
	assert.False(t, cases.Replayed(with("false")))
	assert.False(t, cases.Replayed(with()), "a server that does not say")
	assert.False(t, cases.Replayed(&zchat.Response{}), "no header at all")
	assert.False(t, cases.Replayed(nil))
}
