package messages_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

const messageJSON = `{"MessageId":501,"SessionId":101,"Sender":"Ana","SenderId":"User:3","Text":"hello","Html":"<p>hello</p>","Time":"2026-11-24T03:52:27Z"}`

var message501 = &messages.Message{
	MessageID: 501, SessionID: 101, Sender: "Ana", SenderID: "User:3", Text: "hello", HTML: "<p>hello</p>",
	Time: zchat.NewTime(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)),
}

func TestOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(context.Context, *messages.Client) (any, error)
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
			call:   func(ctx context.Context, c *messages.Client) (any, error) { return c.List(ctx, 101, nil) },
			method: http.MethodGet, path: "/sessions/101/messages",
			status: 200, resp: `{"Items":[` + messageJSON + `],"NextCursor":"n2"}`,
			want: &zchat.Page[messages.Message]{Items: []messages.Message{*message501}, NextCursor: "n2"},
		},
		{
			name: "List with every option",
			call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.List(ctx, 101, &messages.ListOptions{AfterMessageID: 500, PageSize: 1000, Cursor: "a b/c"})
			},
			method: http.MethodGet, path: "/sessions/101/messages",
			wantQuery: url.Values{"afterMessageId": {"500"}, "pageSize": {"1000"}, "cursor": {"a b/c"}},
			status:    200, resp: `{"Items":[]}`,
			want: &zchat.Page[messages.Message]{Items: []messages.Message{}},
		},
		{
			name: "Send text",
			call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{Text: "hello"})
			},
			method: http.MethodPost, path: "/sessions/101/messages",
			status: 201, resp: messageJSON,
			wantBody: `{"Text":"hello"}`,
			want:     message501,
		},
		{
			name: "Send HTML as a named agent",
			call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{Text: "hello", HTML: "<p>hello</p>", SenderID: zchat.UserChatID(3), Sender: "Ana"})
			},
			method: http.MethodPost, path: "/sessions/101/messages",
			status: 201, resp: messageJSON,
			wantBody: `{"Text":"hello","Html":"<p>hello</p>","SenderId":"User:3","Sender":"Ana"}`,
			want:     message501,
		},
		{
			name: "Send HTML only",
			call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{HTML: "<b>hi</b>", SenderID: "Bot:ollama"})
			},
			method: http.MethodPost, path: "/sessions/101/messages",
			status: 201, resp: messageJSON,
			wantBody: `{"Text":"","Html":"<b>hi</b>","SenderId":"Bot:ollama"}`,
			want:     message501,
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
	var discard nopWriter
	tests := []struct {
		name string
		arg  string
		call func(context.Context, *messages.Client) error
	}{
		{"List session 0", "sessionID", func(ctx context.Context, c *messages.Client) error { _, err := c.List(ctx, 0, nil); return err }},
		{"List PageSize < 0", "PageSize", func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{PageSize: -1})
			return err
		}},
		{"List PageSize > 1000", "PageSize", func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{PageSize: 1001})
			return err
		}},
		{"List negative AfterMessageID", "AfterMessageID", func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{AfterMessageID: -1})
			return err
		}},
		{"All session < 0", "sessionID", func(ctx context.Context, c *messages.Client) error { return onlyError(t, c.All(ctx, -1, nil)) }},
		{"All PageSize > 1000", "PageSize", func(ctx context.Context, c *messages.Client) error {
			return onlyError(t, c.All(ctx, 1, &messages.ListOptions{PageSize: 2000}))
		}},
		{"Send session 0", "sessionID", func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 0, messages.NewMessage{Text: "x"})
			return err
		}},
		{"Send without Text or HTML", "Text", func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 1, messages.NewMessage{SenderID: "User:3", Sender: "Ana"})
			return err
		}},
		{"Send blank Text and HTML", "Text", func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 1, messages.NewMessage{Text: " ", HTML: "\n"})
			return err
		}},
		{"ExportTranscript session 0", "sessionID", func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 0, discard, nil)
			return err
		}},
		{"ExportTranscript nil writer", "w", func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, nil, nil)
			return err
		}},
		{"ExportTranscript unknown format", "Format", func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, discard, &messages.TranscriptOptions{Format: 9})
			return err
		}},
		{"ExportTranscript PageSize > 1000", "PageSize", func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, discard, &messages.TranscriptOptions{PageSize: 1001})
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

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

func TestDecodeDotNetFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/messages_page.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/101/messages", rec.reply(200, string(raw)))

	page, err := c.List(context.Background(), 101, nil)
	require.NoError(t, err)
	assert.Empty(t, page.NextCursor)
	require.Len(t, page.Items, 6)
	m := page.Items

	assert.Equal(t, messages.Message{MessageID: 501, SessionID: 101, Sender: "Maria Souza", SenderID: "Guest:@cust-8812",
		Text: "Do you ship to Portugal?", Time: m[0].Time}, m[0])
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC), m[0].Time) // no offset: UTC
	key, ok := m[0].SenderID.GuestKey()
	assert.True(t, ok)
	assert.Equal(t, "cust-8812", key)

	assert.Empty(t, m[1].Text)
	assert.Contains(t, m[1].HTML, "<br>")
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), m[1].Time) // +02:00

	assert.Empty(t, m[2].Sender, "null")
	assert.Equal(t, "Bot", m[2].SenderID.Kind())
	wantTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), m[2].Time) // \/Date(ms)\/

	// lower-case keys
	assert.Equal(t, messages.Message{MessageID: 504, SessionID: 101, Sender: "Maria Souza", SenderID: "Guest:@cust-8812",
		Text: "No, thanks.\r\nBye!", Time: m[3].Time}, m[3])
	wantTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), m[3].Time) // /Date(ms+0200)/

	assert.True(t, m[4].Time.IsZero(), "DateTime.MinValue")
	assert.Empty(t, m[4].Text+m[4].HTML, "null strings")
	assert.True(t, m[5].Time.IsZero(), "null time")
}

func wantTime(t *testing.T, want time.Time, got zchat.Time) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "want %s, got %s", want, got.Time)
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodPost, baseURL+"/sessions/9/messages", rec.reply(404, `{"Code":"not_found","Message":"no session 9"}`))

	_, err := c.Send(context.Background(), 9, messages.NewMessage{Text: "hi"})
	require.ErrorIs(t, err, zchat.ErrNotFound)
}
