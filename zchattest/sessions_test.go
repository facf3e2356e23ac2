package zchattest_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// sessionServer is the demo organization (ended sessions 1–3, beginning at
// base, base+20m, base+45m) and two active chats: 4 at base+2h in Sales,
// served by agent 3, and 5 at base+3h, unassigned.
func sessionServer(t *testing.T) (*zchattest.Server, *fakeClock) {
	t.Helper()
	clock := newFakeClock(time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC)) // the demo data from 03:00
	s := newServer(t, zchattest.WithDemoData(), zchattest.WithClock(clock.Now))
	s4, err := s.StartSession(zchattest.Visitor{DisplayName: "Zoe", Email: "Zoe@Example.com", DepartmentID: 1, CustomerID: "Guest:@cust-1"})
	require.NoError(t, err)
	_, err = s.Accept(s4.SessionID, 3)
	require.NoError(t, err)
	clock.Add(time.Hour)
	_, err = s.StartSession(zchattest.Visitor{Question: "anyone there?"})
	require.NoError(t, err)
	return s, clock
}

// sessionIDs lists every session the options select, following cursors.
func sessionIDs(t *testing.T, sc *sessions.Client, opts *sessions.ListOptions) []int {
	t.Helper()
	ids := []int{}
	for x, err := range sc.All(ctxT(t), opts) {
		require.NoError(t, err)
		ids = append(ids, x.SessionID)
	}
	return ids
}

func TestSessionFilters(t *testing.T) {
	t.Parallel()
	s, _ := sessionServer(t)
	sc := sessions.New(s.Client())
	base := zchattest.DemoBaseTime
	tests := []struct {
		name string
		opts sessions.ListOptions
		want []int
	}{
		{"none", sessions.ListOptions{}, []int{1, 2, 3, 4, 5}},
		{"since is inclusive", sessions.ListOptions{Since: base.Add(20 * time.Minute)}, []int{2, 3, 4, 5}},
		{"until is exclusive", sessions.ListOptions{Until: base.Add(45 * time.Minute)}, []int{1, 2}},
		{"since and until, any offset", sessions.ListOptions{Since: base.Add(time.Minute).In(time.FixedZone("", 3600)), Until: base.Add(2 * time.Hour)}, []int{2, 3}},
		{"empty range", sessions.ListOptions{Since: base.Add(20 * time.Minute), Until: base.Add(20 * time.Minute)}, []int{}},
		{"active", sessions.ListOptions{Status: sessions.StatusActive}, []int{3, 4, 5}}, // 3: the demo's active chat
		{"ended", sessions.ListOptions{Status: sessions.StatusEnded}, []int{1, 2}},
		{"department", sessions.ListOptions{DepartmentID: 2}, []int{2, 3}},
		{"unknown department", sessions.ListOptions{DepartmentID: 99}, []int{}},
		{"agent", sessions.ListOptions{AgentUserID: zchat.UserChatID(2)}, []int{1, 3}},
		{"unknown agent", sessions.ListOptions{AgentUserID: zchat.UserChatID(99)}, []int{}},
		{"customer", sessions.ListOptions{CustomerID: "Guest:@cust-8812"}, []int{1}},
		{"unknown customer", sessions.ListOptions{CustomerID: "Guest:@nobody"}, []int{}},
		{"email, any case", sessions.ListOptions{Email: "zoe@EXAMPLE.com"}, []int{4}},
		{"unknown email", sessions.ListOptions{Email: "nobody@example.com"}, []int{}},
		{"combined", sessions.ListOptions{Status: sessions.StatusActive, DepartmentID: 2, AgentUserID: "User:2"}, []int{3}},
		{"paged by 2", sessions.ListOptions{PageSize: 2}, []int{1, 2, 3, 4, 5}},
		{"paged by 1, filtered", sessions.ListOptions{PageSize: 1, Status: sessions.StatusActive}, []int{3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, sessionIDs(t, sc, &tt.opts))
		})
	}
}

func TestSessionQueryMalformed(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	tests := []struct{ query, field string }{
		{"since=yesterday", "since"},
		{"until=2026-11-24", "until"},
		{"status=open", "status"},
		{"departmentId=abc", "departmentId"},
		{"departmentId=0", "departmentId"},
		{"agentUserId=3", "agentUserId"},
		{"customerId=:x", "customerId"},
		{"pageSize=0", "pageSize"},
		{"pageSize=1001", "pageSize"},
		{"pageSize=ten", "pageSize"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			r := call(t, s, http.MethodGet, "/sessions?"+tt.query, nil)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			e := r.apiBody(t)
			assert.Equal(t, zchat.CodeInvalidRequest, e.Code)
			assert.Equal(t, []string{tt.field}, fieldNames(e.Fields))
		})
	}
	for _, q := range []string{"pageSize=1", "pageSize=1000", "PAGESIZE=3&Status=ended", "cursor=", "unknown=1", "email="} {
		r := call(t, s, http.MethodGet, "/sessions?"+q, nil)
		assert.Equal(t, http.StatusOK, r.Status, "%s: %s", q, r.Body)
	}
}

func TestSessionPagination(t *testing.T) {
	t.Parallel()
	s, clock := sessionServer(t)
	ctx := ctxT(t)
	sc := sessions.New(s.Client())

	p1, err := sc.List(ctx, &sessions.ListOptions{PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, ids(p1.Items))
	require.NotEmpty(t, p1.NextCursor)
	p2, err := sc.List(ctx, &sessions.ListOptions{PageSize: 2, Cursor: p1.NextCursor})
	require.NoError(t, err)
	assert.Equal(t, []int{3, 4}, ids(p2.Items))
	p3, err := sc.List(ctx, &sessions.ListOptions{PageSize: 2, Cursor: p2.NextCursor})
	require.NoError(t, err)
	assert.Equal(t, []int{5}, ids(p3.Items))
	assert.Empty(t, p3.NextCursor)
	raw := call(t, s, http.MethodGet, "/sessions?pageSize=2&cursor="+url.QueryEscape(p2.NextCursor), nil)
	assert.Contains(t, string(raw.Body), `"NextCursor":null`, "the last page's NextCursor is null")

	// The cursor carries the filter; the query's filters are then ignored,
	// and pageSize may change.
	e1, err := sc.List(ctx, &sessions.ListOptions{PageSize: 1, Status: sessions.StatusEnded})
	require.NoError(t, err)
	e2, err := sc.List(ctx, &sessions.ListOptions{PageSize: 5, Status: sessions.StatusActive, Cursor: e1.NextCursor})
	require.NoError(t, err)
	assert.Equal(t, []int{2}, ids(e2.Items))

	// Bad cursors: garbage, tampered, of another listing, expired.
	tampered := []byte(p1.NextCursor)
	tampered[3] ^= 1
	msgs, err := messages.New(s.Client()).List(ctx, 1, &messages.ListOptions{PageSize: 2})
	require.NoError(t, err)
	for name, cur := range map[string]string{
		"garbage":          "garbage",
		"tampered":         string(tampered),
		"another listing":  msgs.NextCursor,
		"no signature":     p1.NextCursor[:len(p1.NextCursor)-23],
		"signature only":   "." + p1.NextCursor,
		"base64 but other": "eyJrIjoic2Vzc2lvbnMifQ.AAAAAAAAAAAAAAAAAAAAAA",
	} {
		_, err := sc.List(ctx, &sessions.ListOptions{Cursor: cur})
		ae := asAPIError(t, err)
		assert.Equal(t, http.StatusBadRequest, ae.StatusCode, name)
		assert.Equal(t, zchat.CodeInvalidCursor, ae.Code, name)
	}
	clock.Add(24 * time.Hour)
	_, err = sc.List(ctx, &sessions.ListOptions{Cursor: p1.NextCursor})
	assert.Equal(t, zchat.CodeInvalidCursor, asAPIError(t, err).Code, "a cursor lives 24 h")
}

func ids(xs []sessions.Session) []int {
	out := []int{}
	for _, x := range xs {
		out = append(out, x.SessionID)
	}
	return out
}

func TestSessionGetTransferClose(t *testing.T) {
	t.Parallel()
	s, _ := sessionServer(t)
	ctx := ctxT(t)
	sc := sessions.New(s.Client())

	x, err := sc.Get(ctx, 4)
	require.NoError(t, err)
	assert.Equal(t, zchat.ChatID("User:3"), x.AgentUserID)
	assert.Equal(t, "Zoe", x.DisplayName)
	_, err = sc.Get(ctx, 99)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	x, err = sc.Transfer(ctx, 4, sessions.Transfer{AgentUserID: "User:2"})
	require.NoError(t, err)
	assert.Equal(t, zchat.ChatID("User:2"), x.AgentUserID)
	assert.Equal(t, 1, x.DepartmentID)

	x, err = sc.Transfer(ctx, 4, sessions.Transfer{DepartmentID: 2})
	require.NoError(t, err)
	assert.Equal(t, 2, x.DepartmentID)
	assert.Empty(t, x.AgentUserID, "a department alone puts the chat in its queue")

	x, err = sc.Transfer(ctx, 4, sessions.Transfer{AgentUserID: "User:1", DepartmentID: 1})
	require.NoError(t, err)
	assert.Equal(t, zchat.ChatID("User:1"), x.AgentUserID)
	assert.Equal(t, 1, x.DepartmentID)

	bad := []struct {
		name   string
		id     int
		body   string
		status int
		fields []string
	}{
		{"neither", 4, `{}`, 422, []string{"AgentUserId"}},
		{"zero and empty", 4, `{"AgentUserId":"","DepartmentId":0}`, 422, []string{"AgentUserId"}},
		{"unknown agent", 4, `{"AgentUserId":"User:99"}`, 422, []string{"AgentUserId"}},
		{"not an agent", 4, `{"AgentUserId":"Bot:ollama"}`, 422, []string{"AgentUserId"}},
		{"unknown department", 4, `{"DepartmentId":99}`, 422, []string{"DepartmentId"}},
		{"negative department", 4, `{"DepartmentId":-1}`, 422, []string{"DepartmentId"}},
		{"ended session", 1, `{"AgentUserId":"User:1"}`, 409, nil},
		{"unknown session", 99, `{"AgentUserId":"User:1"}`, 404, nil},
		{"bad session id", 0, `{"AgentUserId":"User:1"}`, 404, nil},
	}
	for _, tt := range bad {
		r := call(t, s, http.MethodPost, "/sessions/"+strconv.Itoa(tt.id)+"/transfer", tt.body)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		assert.Equal(t, tt.fields, nilIfEmpty(fieldNames(r.apiBody(t).Fields)), tt.name)
	}

	x, err = sc.Close(ctx, 4)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 4}, sessionIDs(t, sc, &sessions.ListOptions{Status: sessions.StatusEnded}), "3 is the demo's active chat")
	again, err := sc.Close(ctx, 4)
	require.NoError(t, err, "closing an ended session is a no-op 200")
	assert.Equal(t, x, again)
	_, err = sc.Close(ctx, 99)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	var types []string
	for _, ev := range s.Events() {
		types = append(types, ev.Type)
	}
	assert.Equal(t, []string{"session.started", "session.accepted", "session.started",
		"session.transferred", "session.transferred", "session.transferred", "session.ended"}, types,
		"failed transfers and the second close send nothing")
}

func TestMessages(t *testing.T) {
	t.Parallel()
	s, _ := sessionServer(t)
	ctx := ctxT(t)
	mc := messages.New(s.Client())

	var all []int
	for m, err := range mc.All(ctx, 1, &messages.ListOptions{PageSize: 2}) {
		require.NoError(t, err)
		assert.Equal(t, 1, m.SessionID)
		all = append(all, m.MessageID)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, all)
	p, err := mc.List(ctx, 2, &messages.ListOptions{AfterMessageID: 8})
	require.NoError(t, err)
	assert.Equal(t, []int{9, 10, 11}, msgIDs(p.Items), "afterMessageId is exclusive and per session")
	_, err = mc.List(ctx, 99, nil)
	assert.ErrorIs(t, err, zchat.ErrNotFound)
	r := call(t, s, http.MethodGet, "/sessions/1/messages?afterMessageId=-1", nil)
	assert.Equal(t, http.StatusBadRequest, r.Status)

	m, err := mc.Send(ctx, 4, messages.NewMessage{Text: "Hello <Zoe> & co\nsecond line"})
	require.NoError(t, err)
	assert.Equal(t, zchattest.BotID, m.SenderID, "SenderId defaults to the API's bot")
	assert.Equal(t, zchattest.BotName, m.Sender)
	assert.Equal(t, "Hello &lt;Zoe&gt; &amp; co<br>second line", m.HTML, "Html from Text, escaped")
	assert.Equal(t, 4, m.SessionID)
	assert.Equal(t, s.Now(), m.Time.Time)

	m, err = mc.Send(ctx, 4, messages.NewMessage{HTML: "<p>Done &amp; <b>dusted</b></p>", SenderID: "User:1"})
	require.NoError(t, err)
	assert.Equal(t, "Done & dusted", m.Text, "Text from Html, stripped")
	assert.Equal(t, "Anna Schmidt", m.Sender)

	m, err = mc.Send(ctx, 4, messages.NewMessage{Text: "beep", SenderID: "Bot:ollama", Sender: "Llama"})
	require.NoError(t, err)
	assert.Equal(t, "Llama", m.Sender)

	raw := call(t, s, http.MethodPost, "/sessions/4/messages", `{"Text":"hi"}`)
	assert.Equal(t, http.StatusCreated, raw.Status)
	bad := []struct {
		name, path, body string
		status           int
	}{
		{"no text", "/sessions/4/messages", `{"Text":" "}`, 422},
		{"a guest", "/sessions/4/messages", `{"Text":"x","SenderId":"Guest:@cust-1"}`, 422},
		{"unknown agent", "/sessions/4/messages", `{"Text":"x","SenderId":"User:99"}`, 422},
		{"no kind", "/sessions/4/messages", `{"Text":"x","SenderId":"bob"}`, 422},
		{"ended session", "/sessions/1/messages", `{"Text":"x"}`, 409},
		{"unknown session", "/sessions/99/messages", `{"Text":"x"}`, 404},
	}
	for _, tt := range bad {
		r := call(t, s, http.MethodPost, tt.path, tt.body)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
	}
	assert.Equal(t, 15+4, s.Count(zchattest.KindMessages))
}

func msgIDs(ms []messages.Message) []int {
	out := []int{}
	for _, m := range ms {
		out = append(out, m.MessageID)
	}
	return out
}

// TestMessageTextFromHTML: the Text the server derives from a message sent
// with only Html is what the SDK's PlainText makes of it — one
// implementation (internal/htmltext), block elements ending lines.
func TestMessageTextFromHTML(t *testing.T) {
	t.Parallel()
	s, _ := sessionServer(t)
	mc := messages.New(s.Client())
	block := "<div>One</div><div>two &amp;&nbsp;three</div><ul><li>four</li></ul>"
	m, err := mc.Send(ctxT(t), 4, messages.NewMessage{HTML: block, SenderID: "User:1"})
	require.NoError(t, err)
	assert.Equal(t, "One\ntwo & three\nfour", m.Text)
	assert.Equal(t, messages.Message{HTML: block}.PlainText(), m.Text)
}
