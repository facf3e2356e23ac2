package sessions_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
)

func TestDecodeData(t *testing.T) {
	t.Parallel()
	s := &sessions.Session{
		ContextData: `{"plan":"pro","seats":12}`,
		SessionData: ` {"cart":{"items":3}} `,
		CustomData:  `[1,2,3]`,
	}
	var ctxData struct {
		Plan  string
		Seats int
	}
	require.NoError(t, s.DecodeContextData(&ctxData))
	assert.Equal(t, "pro", ctxData.Plan)
	assert.Equal(t, 12, ctxData.Seats)

	var sess map[string]map[string]int
	require.NoError(t, s.DecodeSessionData(&sess))
	assert.Equal(t, 3, sess["cart"]["items"])

	var custom []int
	require.NoError(t, s.DecodeCustomData(&custom))
	assert.Equal(t, []int{1, 2, 3}, custom)
}

func TestDecodeDataErrors(t *testing.T) {
	t.Parallel()
	type decodeFn func(*sessions.Session, any) error
	ctxData := func(s *sessions.Session, v any) error { return s.DecodeContextData(v) }
	sessData := func(s *sessions.Session, v any) error { return s.DecodeSessionData(v) }
	custData := func(s *sessions.Session, v any) error { return s.DecodeCustomData(v) }
	long := "orderId=778&customer=maria&note=please-call-back-tomorrow-morning"
	tests := []struct {
		name     string
		s        *sessions.Session
		decode   decodeFn
		sentinel error
		contains []string
	}{
		{"empty ContextData", &sessions.Session{}, ctxData, sessions.ErrNoData, []string{"ContextData", "no data"}},
		{"blank SessionData", &sessions.Session{SessionData: "  \n"}, sessData, sessions.ErrNoData, []string{"SessionData"}},
		{"JSON null CustomData", &sessions.Session{CustomData: "null"}, custData, sessions.ErrNoData, []string{"CustomData"}},
		{"nil session", nil, custData, sessions.ErrNoData, []string{"CustomData"}},
		{"not JSON", &sessions.Session{CustomData: long}, custData, sessions.ErrNotJSON,
			[]string{"CustomData", "not JSON", `"orderId=778&customer=maria&note=please-c…"`}},
		{"truncated JSON", &sessions.Session{ContextData: `{"plan":`}, ctxData, sessions.ErrNotJSON, []string{"ContextData", "not JSON"}},
		{"JSON of another shape", &sessions.Session{SessionData: `"a string"`}, sessData, nil, []string{"SessionData", "cannot unmarshal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v struct{ A int }
			err := tt.decode(tt.s, &v)
			require.Error(t, err)
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			} else {
				assert.False(t, errors.Is(err, sessions.ErrNoData) || errors.Is(err, sessions.ErrNotJSON))
			}
			for _, c := range tt.contains {
				assert.Contains(t, err.Error(), c)
			}
			assert.NotContains(t, err.Error(), "back-tomorrow", "the excerpt is short")
		})
	}
}
