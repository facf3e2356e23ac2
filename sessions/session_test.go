package sessions_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
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
	wiretest.CheckOps(t, setup, []wiretest.Op[*sessions.Client]{
		{
			Name:   "List with nil options",
			Call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.List(ctx, nil) },
			Method: http.MethodGet, Path: "/sessions",
			Status: 200, Resp: `{"Items":[` + sessionJSON + `],"NextCursor":"abc"}`,
			Want: &zchat.Page[sessions.Session]{Items: []sessions.Session{*session101}, NextCursor: "abc"},
		},
		{
			Name: "List with zero options sends no query",
			Call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.List(ctx, &sessions.ListOptions{})
			},
			Method: http.MethodGet, Path: "/sessions",
			Status: 200, Resp: `{"Items":[],"NextCursor":null}`,
			Want: &zchat.Page[sessions.Session]{Items: []sessions.Session{}},
		},
		{
			Name: "List with every option",
			Call: func(ctx context.Context, c *sessions.Client) (any, error) {
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
			Method: http.MethodGet, Path: "/sessions",
			Query: url.Values{
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
			Status: 200, Resp: `{"items":[],"nextCursor":""}`,
			Want: &zchat.Page[sessions.Session]{Items: []sessions.Session{}},
		},
		{
			Name:   "Get",
			Call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.Get(ctx, 101) },
			Method: http.MethodGet, Path: "/sessions/101",
			Status: 200, Resp: sessionJSON,
			Want: session101,
		},
		{
			Name: "Transfer to an agent",
			Call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{AgentUserID: zchat.UserChatID(3)})
			},
			Method: http.MethodPost, Path: "/sessions/101/transfer",
			Status: 200, Resp: sessionJSON,
			WantBody: `{"AgentUserId":"User:3"}`,
			Want:     session101,
		},
		{
			Name: "Transfer to a department",
			Call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{DepartmentID: 2})
			},
			Method: http.MethodPost, Path: "/sessions/101/transfer",
			Status: 200, Resp: sessionJSON,
			WantBody: `{"DepartmentId":2}`,
			Want:     session101,
		},
		{
			Name: "Transfer to a bot in a department",
			Call: func(ctx context.Context, c *sessions.Client) (any, error) {
				return c.Transfer(ctx, 101, sessions.Transfer{AgentUserID: "Bot:ollama", DepartmentID: 2})
			},
			Method: http.MethodPost, Path: "/sessions/101/transfer",
			Status: 200, Resp: sessionJSON,
			WantBody: `{"AgentUserId":"Bot:ollama","DepartmentId":2}`,
			Want:     session101,
		},
		{
			Name:   "Close",
			Call:   func(ctx context.Context, c *sessions.Client) (any, error) { return c.Close(ctx, 101) },
			Method: http.MethodPost, Path: "/sessions/101/close",
			Status: 200, Resp: sessionJSON,
			Want: session101,
		},
	})
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	list := func(o sessions.ListOptions) func(context.Context, *sessions.Client) error {
		return func(ctx context.Context, c *sessions.Client) error { _, err := c.List(ctx, &o); return err }
	}
	all := func(o sessions.ListOptions) func(context.Context, *sessions.Client) error {
		return func(ctx context.Context, c *sessions.Client) error { return wiretest.OnlyError(c.All(ctx, &o)) }
	}
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*sessions.Client]{
		{Name: "List PageSize < 0", Field: "ListOptions.PageSize", Call: list(sessions.ListOptions{PageSize: -1})},
		{Name: "List PageSize > 1000", Field: "ListOptions.PageSize", Call: list(sessions.ListOptions{PageSize: 1001})},
		{Name: "List unknown Status", Field: "ListOptions.Status", Call: list(sessions.ListOptions{Status: "open"})},
		{Name: "List Status in the wrong case", Field: "ListOptions.Status", Call: list(sessions.ListOptions{Status: "Active"})},
		{Name: "List negative DepartmentID", Field: "ListOptions.DepartmentID", Call: list(sessions.ListOptions{DepartmentID: -1})},
		{Name: "List Until before Since", Field: "ListOptions.Until", Call: list(sessions.ListOptions{Since: since, Until: since.Add(-time.Second)})},
		{Name: "All PageSize > 1000", Field: "ListOptions.PageSize", Call: all(sessions.ListOptions{PageSize: 5000})},
		{Name: "All Until before Since", Field: "ListOptions.Until", Call: all(sessions.ListOptions{Since: since, Until: since.Add(-time.Hour)})},
		{Name: "Get id 0", Field: "sessionID", Call: func(ctx context.Context, c *sessions.Client) error { _, err := c.Get(ctx, 0); return err }},
		{Name: "Close id < 0", Field: "sessionID", Call: func(ctx context.Context, c *sessions.Client) error { _, err := c.Close(ctx, -1); return err }},
		{Name: "Transfer id 0", Field: "sessionID", Call: func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 0, sessions.Transfer{DepartmentID: 1})
			return err
		}},
		{Name: "Transfer without a target", Field: "Transfer", Call: func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 1, sessions.Transfer{})
			return err
		}},
		{Name: "Transfer to a negative department", Field: "Transfer.DepartmentID", Call: func(ctx context.Context, c *sessions.Client) error {
			_, err := c.Transfer(ctx, 1, sessions.Transfer{DepartmentID: -2, AgentUserID: "User:3"})
			return err
		}},
	})
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
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/sessions", 200, "sessions_page.json")

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
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC), s1.BeginTime) // no offset: UTC
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), s1.ActiveTime)        // +02:00
	id, ok := s1.AgentUserID.UserID()
	assert.True(t, ok)
	assert.Equal(t, 3, id)

	assert.Equal(t, 102, s2.SessionID)
	assert.True(t, s2.AgentUserID.IsZero(), "unassigned")
	assert.Equal(t, zchat.ChatID("Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"), s2.CustomerID)
	assert.Empty(t, s2.DisplayName+s2.Email+s2.Browser+s2.PageURL+s2.ContextData+s2.OAuthKey, "null strings")
	wiretest.CheckTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s2.BeginTime)  // \/Date(ms)\/
	wiretest.CheckTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s2.ActiveTime) // /Date(ms+0200)/: the offset is informational

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
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/sessions/101", 200, "session.json")

	s, err := c.Get(context.Background(), 101)
	require.NoError(t, err)
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), s.BeginTime)
	wiretest.CheckTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), s.ActiveTime)
	var ctxData struct{ Plan string }
	require.NoError(t, s.DecodeContextData(&ctxData))
	assert.Equal(t, "pro", ctxData.Plan)
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.Respond(mt, http.MethodGet, "/sessions", 400, `{"Code":"invalid_cursor","Message":"expired"}`)
	wiretest.Respond(mt, http.MethodPost, "/sessions/9/transfer", 404, `{"Code":"not_found"}`)

	_, err := c.List(context.Background(), &sessions.ListOptions{Cursor: "old"})
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, zchat.CodeInvalidCursor, apiErr.Code)
	_, err = c.Transfer(context.Background(), 9, sessions.Transfer{DepartmentID: 1})
	require.ErrorIs(t, err, zchat.ErrNotFound)
}
