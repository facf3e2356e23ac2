package sessions_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

const sessionJSON = `{"SessionId":101,"DepartmentId":1,"AgentUserId":"User:3","CustomerId":"Guest:@cust-8812","DisplayName":"Maria","BeginTime":"2026-11-24T03:52:27Z"}`

var session101 = &sessions.Session{
	SessionID: 101, DepartmentID: 1, AgentUserID: "User:3", CustomerID: "Guest:@cust-8812", DisplayName: "Maria",
	BeginTime: zchat.NewTime(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)),
}

func TestOperations(t *testing.T) {
	t.Parallel()
	saoPaulo := time.FixedZone("BRT", -3*3600)
	tests := []struct {
		name      string
		call      func(context.Context, *sessions.Client) (any, error)
		method    string
		path      string
		wantQuery url.Values
		status    int
		resp      string
		wantBody  string
		want      any
	}{
		{
			name:   "List with nil options",
			call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.List(ctx, nil) },
			method: http.MethodGet, path: "/sessions",
			status: 200, resp: `{"Items":[` + sessionJSON + `],"NextCursor":"abc"}`,
			want: &zchat.Page[sessions.Session]{Items: []sessions.Session{*session101}, NextCursor: "abc"},
		},
		{
			name: "List with zero options sends no query",
			call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.List(ctx, &sessions.ListOptions{})
			},
			method: http.MethodGet, path: "/sessions",
			status: 200, resp: `{"Items":[],"NextCursor":null}`,
			want: &zchat.Page[sessions.Session]{Items: []sessions.Session{}},
		},
		{
			name: "List with every option",
			call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.List(ctx, &sessions.ListOptions{
					Since:        time.Date(2026, 11, 24, 0, 52, 27, 500_000_000, saoPaulo),
					Until:        time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
					Status:       sessions.StatusEnded,
					DepartmentID: 2,
					AgentUserID:  zchat.UserChatID(3),
					CustomerID:   zchat.GuestChatID("cust 8812&x"),
					Email:        "maria+test@example.com",
					PageSize:     50,
					Cursor:       "c/2==",
				})
			},
			method: http.MethodGet, path: "/sessions",
			wantQuery: url.Values{
				"since":        {"2026-11-24T03:52:27.5Z"},
				"until":        {"2026-11-25T00:00:00Z"},
				"status":       {"ended"},
				"departmentId": {"2"},
				"agentUserId":  {"User:3"},
				"customerId":   {"Guest:@cust 8812&x"},
				"email":        {"maria+test@example.com"},
				"pageSize":     {"50"},
				"cursor":       {"c/2=="},
			},
			status: 200, resp: `{"items":[],"nextCursor":""}`,
			want: &zchat.Page[sessions.Session]{Items: []sessions.Session{}},
		},
		{
			name:   "Get",
			call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.Get(ctx, 101) },
			method: http.MethodGet, path: "/sessions/101",
			status: 200, resp: sessionJSON,
			want: session101,
		},
		{
			name: "Transfer to an agent",
			call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{AgentUserID: zchat.UserChatID(3)})
			},
			method: http.MethodPost, path: "/sessions/101/transfer",
			status: 200, resp: sessionJSON,
			wantBody: `{"AgentUserId":"User:3"}`,
			want:     session101,
		},
		{
			name: "Transfer to a department",
			call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{DepartmentID: 2})
			},
			method: http.MethodPost, path: "/sessions/101/transfer",
			status: 200, resp: sessionJSON,
			wantBody: `{"DepartmentId":2}`,
			want:     session101,
		},
		{
			name: "Transfer to a bot in a department",
			call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{AgentUserID: "Bot:ollama", DepartmentID: 2})
			},
			method: http.MethodPost, path: "/sessions/101/transfer",
			status: 200, resp: sessionJSON,
			wantBody: `{"AgentUserId":"Bot:ollama","DepartmentId":2}`,
			want:     session101,
		},
		{
			name:   "Close",
			call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.Close(ctx, 101) },
			method: http.MethodPost, path: "/sessions/101/close",
			status: 200, resp: sessionJSON,
			want: session101,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			rec := &recorder{}
			mt.RegisterResponder(tt.method, baseURL+tt.path, rec.reply(tt.status, tt.resp))

			got, err := tt.call(context.Background(), c)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			checkWire(t, rec.only(t), tt.method, tt.path, tt.wantQuery, tt.wantBody)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	list := func(o sessions.ListOptions) func(context.Context, *sessions.Client) error {
		return func(ctx context.Context, c *sessions.Client) error { _, err := c.List(ctx, &o); return err }
	}
	all := func(o sessions.ListOptions) func(context.Context, *sessions.Client) error {
		return func(ctx context.Context, c *sessions.Client) error {
			n := 0
			var last error
			for _, err := range c.All(ctx, &o) {
				n++
				last = err
			}
			if n != 1 {
				t.Errorf("All yielded %d times, want once (the error)", n)
			}
			return last
		}
	}
	tests := []struct {
		name string
		arg  string
		call func(context.Context, *sessions.Client) error
	}{
		{"List PageSize < 0", "PageSize", list(sessions.ListOptions{PageSize: -1})},
		{"List PageSize > 1000", "PageSize", list(sessions.ListOptions{PageSize: 1001})},
		{"List unknown Status", "Status", list(sessions.ListOptions{Status: "open"})},
		{"List Status in the wrong case", "Status", list(sessions.ListOptions{Status: "Active"})},
		{"List negative DepartmentID", "DepartmentID", list(sessions.ListOptions{DepartmentID: -1})},
		{"List Until before Since", "Until", list(sessions.ListOptions{Since: since, Until: since.Add(-time.Second)})},
		{"All PageSize > 1000", "PageSize", all(sessions.ListOptions{PageSize: 5000})},
		{"All Until before Since", "Until", all(sessions.ListOptions{Since: since, Until: since.Add(-time.Hour)})},
		{"Get id 0", "sessionID", func(ctx context.Context, c *sessions.Client) error { _, err := c.Get(ctx, 0); return err }},
		{"Close id < 0", "sessionID", func(ctx context.Context, c *sessions.Client) error { _, err := c.Close(ctx, -1); return err }},
		{"Transfer id 0", "sessionID", func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 0, sessions.Transfer{DepartmentID: 1})
			return err
		}},
		{"Transfer without a target", "Transfer", func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 1, sessions.Transfer{})
			return err
		}},
		{"Transfer to a negative department", "DepartmentID", func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 1, sessions.Transfer{DepartmentID: -2, AgentUserID: "User:3"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			err := tt.call(context.Background(), c)
			require.ErrorIs(t, err, zchat.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.arg)
			assert.Equal(t, 0, mt.GetTotalCallCount(), "no request may be sent")
		})
	}
}

func TestListOptionsBoundsAreAccepted(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, o := range []*sessions.ListOptions{
		nil,
		{PageSize: 0}, {PageSize: 1000}, {Status: sessions.StatusActive},
		{Since: at, Until: at},   // an empty range is the server's business
		{Until: at}, {Since: at}, // one side open
	} {
		assert.NoError(t, o.Check(), "%+v", o)
	}
}

func TestDecodeDotNetFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/sessions_page.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.reply(200, string(raw)))

	page, err := c.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.NextCursor, "a null NextCursor ends the list")
	require.Len(t, page.Items, 3)
	s1, s2, s3 := page.Items[0], page.Items[1], page.Items[2]

	assert.Equal(t, sessions.Session{
		SessionID: 101, DepartmentID: 1, AgentUserID: "User:3", CustomerID: "Guest:@cust-8812",
		DisplayName: "Maria Souza", Email: "maria@example.com", Question: "Do you ship to Portugal?",
		BeginTime: s1.BeginTime, ActiveTime: s1.ActiveTime, // checked below
		AgentRating: 5, Browser: "Chrome 131", Platform: "Windows 11", Culture: "pt-BR", IPAddress: "203.0.113.7",
		PageTitle: "Checkout – ZChat Demo Shop", PageURL: "https://zchatapidemo.com/shop/checkout?step=2",
		Referrer: "https://www.google.com/", ProductKey: "ZCHAT-PRO", ProductName: "ZChat Pro",
		ContextData: `{"plan":"pro","seats":12}`, SessionData: `{"cart":{"items":3,"total":"149.90"}}`,
		CustomData: "orderId=778",
	}, s1)
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC), s1.BeginTime) // no offset: UTC
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), s1.ActiveTime)        // +02:00
	id, ok := s1.AgentUserID.UserID()
	assert.True(t, ok)
	assert.Equal(t, 3, id)

	assert.Equal(t, 102, s2.SessionID)
	assert.True(t, s2.AgentUserID.IsZero(), "unassigned")
	assert.Equal(t, zchat.ChatID("Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"), s2.CustomerID)
	assert.Empty(t, s2.DisplayName+s2.Email+s2.Browser+s2.PageURL+s2.ContextData+s2.OAuthKey, "null strings")
	wantTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s2.BeginTime)  // \/Date(ms)\/
	wantTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s2.ActiveTime) // /Date(ms+0200)/: the offset is informational

	// Lower-case keys match too.
	assert.Equal(t, 103, s3.SessionID)
	assert.Equal(t, 1, s3.DepartmentID)
	assert.Equal(t, zchat.ChatID("Bot:ollama"), s3.AgentUserID)
	assert.Equal(t, "Bot", s3.AgentUserID.Kind())
	assert.Equal(t, "Li", s3.DisplayName)
	assert.Equal(t, 2, s3.AgentRating)
	assert.Equal(t, "2001:db8::1", s3.IPAddress)
	assert.Equal(t, "https://zchatapidemo.com/", s3.PageURL)
	assert.Equal(t, `{"provider":"google"}`, s3.OAuthInfo)
	assert.Equal(t, "g-12345", s3.OAuthKey)
	assert.True(t, s3.BeginTime.IsZero(), "DateTime.MinValue is no time")
	assert.True(t, s3.ActiveTime.IsZero(), "null is no time")
}

func TestGetFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/session.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/101", rec.reply(200, string(raw)))

	s, err := c.Get(context.Background(), 101)
	require.NoError(t, err)
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), s.BeginTime)
	wantTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s.ActiveTime)
	var ctxData struct{ Plan string }
	require.NoError(t, s.DecodeContextData(&ctxData))
	assert.Equal(t, "pro", ctxData.Plan)
}

func wantTime(t *testing.T, want time.Time, got zchat.Time) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "want %s, got %s", want, got.Time)
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.reply(400, `{"Code":"invalid_cursor","Message":"expired"}`))
	mt.RegisterResponder(http.MethodPost, baseURL+"/sessions/9/transfer", rec.reply(404, `{"Code":"not_found"}`))

	_, err := c.List(context.Background(), &sessions.ListOptions{Cursor: "old"})
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, zchat.CodeInvalidCursor, apiErr.Code)
	_, err = c.Transfer(context.Background(), 9, sessions.Transfer{DepartmentID: 1})
	require.ErrorIs(t, err, zchat.ErrNotFound)
}
