package zchattest_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestDemoData(t *testing.T) {
	t.Parallel()
	now := func() time.Time { return time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC) }
	s := newServer(t, zchattest.WithDemoData(), zchattest.WithClock(now))
	ctx := ctxT(t)
	c := s.Client()

	as, err := agents.New(c).List(ctx)
	require.NoError(t, err)
	require.Len(t, as, 3)
	assert.True(t, as[0].IsAdmin)
	ds, err := departments.New(c).List(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	for _, d := range ds {
		assert.NotEmpty(t, d.Agents, d.Name)
	}
	page, err := sessions.New(c).List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 3, "three chats")
	for _, x := range page.Items {
		assert.NotEmpty(t, x.Browser)
		assert.NotEmpty(t, x.Platform)
		assert.NotEmpty(t, x.Culture)
		assert.NotEmpty(t, x.IPAddress)
		assert.NotEmpty(t, x.PageURL)
		assert.NotEmpty(t, x.PageTitle)
		assert.NotEmpty(t, x.Referrer)
		assert.NotEmpty(t, x.ProductName)
		var ctxData map[string]any
		assert.NoError(t, x.DecodeContextData(&ctxData), "ContextData is JSON text")
		assert.False(t, x.BeginTime.Before(s.DemoStart()))
		msgs, err := messages.New(c).List(ctx, x.SessionID, nil)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(msgs.Items), 4)
		assert.LessOrEqual(t, len(msgs.Items), 8)
	}
	leads, err := cases.New(c).ListLeads(ctx, nil)
	require.NoError(t, err)
	require.Len(t, leads.Items, 1)
	cs, err := cases.New(c).ListCases(ctx, leads.Items[0].LeadID, nil)
	require.NoError(t, err)
	assert.Len(t, cs.Items, 1)
	assert.Empty(t, s.Events(), "seeding sends nothing")
	assert.Empty(t, s.Stats().Created, "seeded objects are not counted as created")
	assert.Equal(t, 15, s.Count(zchattest.KindMessages))

	// Deterministic with a fixed clock: another server answers the same
	// bytes.
	other := newServer(t, zchattest.WithDemoData(), zchattest.WithClock(now))
	for _, path := range []string{"/agents", "/departments", "/sessions", "/sessions/2/messages", "/leads", "/leads/1/cases"} {
		assert.Equal(t, string(call(t, s, http.MethodGet, path, nil).Body), string(call(t, other, http.MethodGet, path, nil).Body), path)
	}
}

// TestDemoDataIsRecent checks that the demo data is laid out from the
// server's start: everything is in the last 24 hours and not in the
// future, and one chat is active, so the README's CLI lines (sessions list
// --since 24h, messages send, sessions transfer) work on it.
func TestDemoDataIsRecent(t *testing.T) {
	t.Parallel()
	before := time.Now()
	s := newServer(t, zchattest.WithDemoData())
	ctx := ctxT(t)
	c := s.Client()
	start := s.DemoStart().Add(zchattest.DemoAge)
	assert.False(t, start.Before(before.Truncate(time.Millisecond)), "DemoStart is DemoAge before the server's start")

	sc := sessions.New(c)
	recent := sessionIDs(t, sc, &sessions.ListOptions{Since: time.Now().Add(-24 * time.Hour)})
	assert.Equal(t, []int{1, 2, 3}, recent, "every demo chat began in the last 24 hours")
	for x, err := range sc.All(ctx, nil) {
		require.NoError(t, err)
		assert.False(t, x.ActiveTime.After(start), "session %d is not in the future", x.SessionID)
	}
	active := sessionIDs(t, sc, &sessions.ListOptions{Status: sessions.StatusActive})
	require.Equal(t, []int{3}, active, "one active chat")
	x, err := sc.Get(ctx, 3)
	require.NoError(t, err)
	assert.Less(t, start.Sub(x.BeginTime.Time), 15*time.Minute, "it began minutes before the start")

	_, err = messages.New(c).Send(ctx, 3, messages.NewMessage{Text: "Still there?"})
	require.NoError(t, err, "messages send works on the active chat")
	moved, err := sc.Transfer(ctx, 3, sessions.Transfer{DepartmentID: 1})
	require.NoError(t, err, "sessions transfer works on the active chat")
	assert.Equal(t, 1, moved.DepartmentID)

	l, err := cases.New(c).GetLead(ctx, 1)
	require.NoError(t, err)
	assert.True(t, l.CreatedTime.After(s.DemoStart()) && l.CreatedTime.Before(start))
}

func TestLogger(t *testing.T) {
	t.Parallel()
	var buf wiretest.Buffer
	rcv := receiver(t, func(w http.ResponseWriter, r *http.Request) {})
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newServer(t, zchattest.WithLogger(logger), zchattest.WithNotificationURL(rcv.URL), zchattest.WithAPIKey("never-logged"))
	_, err := s.Client().Ping(ctxT(t))
	require.NoError(t, err)
	s.Emit("logged.event", nil)
	require.NoError(t, s.WaitDeliveries(ctxT(t), 1))
	out := buf.String()
	assert.Contains(t, out, `msg="zchattest: request" method=GET path=/ping status=200`)
	assert.Contains(t, out, `msg="zchattest: delivery"`)
	assert.Contains(t, out, "type=logged.event")
	assert.NotContains(t, out, "never-logged")
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	ctx := ctxT(t)
	c := s.Client()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conflicts, created int
	_, err := s.StartSession(zchattest.Visitor{DisplayName: "Busy"}) // session 4
	require.NoError(t, err)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := agents.New(c).Create(ctx, agents.Agent{LoginName: "same", Password: "p"})
			_, leadErr := cases.New(c).UpsertLead(ctx, cases.LeadInput{Email: "Race@Example.com"})
			_, msgErr := s.VisitorSays(4, fmt.Sprint("message ", i))
			mu.Lock()
			defer mu.Unlock()
			assert.NoError(t, leadErr)
			assert.NoError(t, msgErr)
			switch {
			case err == nil:
				created++
			case strings.Contains(err.Error(), "409"):
				assert.ErrorIs(t, err, zchat.ErrConflict)
				conflicts++
			default:
				t.Errorf("create: %v", err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, created, "one agent with the LoginName")
	assert.Equal(t, 15, conflicts)
	assert.Equal(t, 2, s.Count(zchattest.KindLeads))
	assert.Equal(t, 15+16, s.Count(zchattest.KindMessages))
}
