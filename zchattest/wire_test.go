package zchattest_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// TestTimeFormats reads the demo data from servers writing each time form
// and checks that the SDK decodes the same instants from all of them.
func TestTimeFormats(t *testing.T) {
	t.Parallel()
	begin := zchattest.DemoBaseTime.Add(20 * time.Minute) // session 2
	tests := []struct {
		format  zchattest.TimeFormat
		literal string // BeginTime of session 2 as written
		zero    string // a zero time as written
	}{
		{zchattest.TimeRFC3339, `"BeginTime":"2026-11-24T03:20:00Z"`, `"Time":null`},
		{zchattest.TimeRFC3339Offset, `"BeginTime":"2026-11-24T05:20:00+02:00"`, `"Time":null`},
		{zchattest.TimeDotNet, `"BeginTime":"2026-11-24T03:20:00"`, `"Time":"0001-01-01T00:00:00"`},
		{zchattest.TimeDotNetLegacy, `"BeginTime":"\/Date(1795490400000)\/"`, `"Time":"\/Date(-62135596800000)\/"`},
	}
	for _, tt := range tests {
		t.Run(tt.format.String(), func(t *testing.T) {
			t.Parallel()
			// The demo data is laid out from DemoAge before the start;
			// then the clock moves on, to stamp what the test creates.
			clock := newFakeClock(zchattest.DemoBaseTime.Add(zchattest.DemoAge))
			s := newServer(t, zchattest.WithDemoData(), zchattest.WithTimeFormat(tt.format), zchattest.WithClock(clock.Now))
			require.True(t, s.DemoStart().Equal(zchattest.DemoBaseTime))
			clock.Add(4*time.Hour + 30*time.Minute + 15250*time.Millisecond) // 09:30:15.25
			ctx := ctxT(t)
			c := s.Client()

			raw := call(t, s, http.MethodGet, "/sessions/2", nil)
			assert.Contains(t, string(raw.Body), tt.literal)

			x, err := sessions.New(c).Get(ctx, 2)
			require.NoError(t, err)
			assert.True(t, x.BeginTime.Equal(begin), "BeginTime %v", x.BeginTime)
			assert.True(t, x.ActiveTime.Equal(begin.Add(290*time.Second)), "ActiveTime %v", x.ActiveTime)

			page, err := messages.New(c).List(ctx, 2, nil)
			require.NoError(t, err)
			assert.True(t, page.Items[0].Time.Equal(begin.Add(10*time.Second)), "message Time %v", page.Items[0].Time)

			cs, err := cases.New(c).GetCase(ctx, 1)
			require.NoError(t, err)
			assert.True(t, cs.CreatedTime.Equal(zchattest.DemoBaseTime.Add(31*time.Minute)))
			assert.True(t, cs.Debug.Logs[0].Time.Equal(begin.Add(2*time.Second)), "log Time %v", cs.Debug.Logs[0].Time)

			info, err := c.Ping(ctx)
			require.NoError(t, err)
			assert.True(t, info.Time.Equal(clock.Now()), "ping Time %v, fractions kept", info.Time)

			// A zero time (a log line without one) is written as the format
			// writes "no time", and read back as zero.
			created := call(t, s, http.MethodPost, "/leads/1/cases", `{"Subject":"s","Debug":{"Logs":[{"Message":"m"}]}}`)
			require.Equal(t, http.StatusCreated, created.Status)
			assert.Contains(t, string(created.Body), tt.zero)
			var back cases.Case
			require.NoError(t, json.Unmarshal(created.Body, &back))
			assert.True(t, back.Debug.Logs[0].Time.IsZero())
			assert.True(t, back.CreatedTime.Equal(clock.Now()))

			// Events carry the same form.
			ev := s.Events()[0]
			assert.Equal(t, "case.created", ev.Type)
			got, err := ev.Case()
			require.NoError(t, err)
			assert.True(t, got.CreatedTime.Equal(clock.Now()))
		})
	}
}

func TestTimeFormatFormat(t *testing.T) {
	t.Parallel()
	tm := time.Date(2026, 11, 24, 3, 52, 27, 123_456_700, time.UTC)
	for f, want := range map[zchattest.TimeFormat]string{
		zchattest.TimeRFC3339:       "2026-11-24T03:52:27.1234567Z",
		zchattest.TimeRFC3339Offset: "2026-11-24T05:52:27.1234567+02:00",
		zchattest.TimeDotNet:        "2026-11-24T03:52:27.1234567",
		zchattest.TimeDotNetLegacy:  "/Date(1795492347123)/",
	} {
		assert.Equal(t, want, f.Format(tm), f.String())
		back, err := zchat.ParseTime(want)
		require.NoError(t, err)
		assert.True(t, back.Equal(tm.Truncate(time.Millisecond)) || back.Equal(tm), f.String())
	}
	assert.Equal(t, "TimeFormat(9)", zchattest.TimeFormat(9).String())
}
