package messages_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
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
	wiretest.CheckOps(t, setup, []wiretest.Op[*messages.Client]{
		{
			Name:   "List with nil options",
			Call:   func(ctx context.Context, c *messages.Client) (any, error) { return c.List(ctx, 101, nil) },
			Method: http.MethodGet, Path: "/sessions/101/messages",
			Status: 200, Resp: `{"Items":[` + messageJSON + `],"NextCursor":"n2"}`,
			Want: &zchat.Page[messages.Message]{Items: []messages.Message{*message501}, NextCursor: "n2"},
		},
		{
			Name: "List with every option",
			Call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.List(ctx, 101, &messages.ListOptions{AfterMessageID: 500, PageSize: 1000, Cursor: "a b/c"})
			},
			Method: http.MethodGet, Path: "/sessions/101/messages",
			Query:  url.Values{"afterMessageId": {"500"}, "pageSize": {"1000"}, "cursor": {"a b/c"}},
			Status: 200, Resp: `{"Items":[]}`,
			Want: &zchat.Page[messages.Message]{Items: []messages.Message{}},
		},
		{
			Name: "Send text",
			Call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{Text: "hello"})
			},
			Method: http.MethodPost, Path: "/sessions/101/messages",
			Status: 201, Resp: messageJSON,
			WantBody: `{"Text":"hello"}`,
			Want:     message501,
		},
		{
			Name: "Send HTML as a named agent",
			Call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{Text: "hello", HTML: "<p>hello</p>", SenderID: zchat.UserChatID(3), Sender: "Ana"})
			},
			Method: http.MethodPost, Path: "/sessions/101/messages",
			Status: 201, Resp: messageJSON,
			WantBody: `{"Text":"hello","Html":"<p>hello</p>","SenderId":"User:3","Sender":"Ana"}`,
			Want:     message501,
		},
		{
			Name: "Send HTML only",
			Call: func(ctx context.Context, c *messages.Client) (any, error) {
				return c.Send(ctx, 101, messages.NewMessage{HTML: "<b>hi</b>", SenderID: "Bot:ollama"})
			},
			Method: http.MethodPost, Path: "/sessions/101/messages",
			Status: 201, Resp: messageJSON,
			WantBody: `{"Text":"","Html":"<b>hi</b>","SenderId":"Bot:ollama"}`,
			Want:     message501,
		},
	})
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	var discard nopWriter
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*messages.Client]{
		{Name: "List session 0", Field: "sessionID", Call: func(ctx context.Context, c *messages.Client) error { _, err := c.List(ctx, 0, nil); return err }},
		{Name: "List PageSize < 0", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{PageSize: -1})
			return err
		}},
		{Name: "List PageSize > 1000", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{PageSize: 1001})
			return err
		}},
		{Name: "List negative AfterMessageID", Field: "ListOptions.AfterMessageID", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.List(ctx, 1, &messages.ListOptions{AfterMessageID: -1})
			return err
		}},
		{Name: "All session < 0", Field: "sessionID", Call: func(ctx context.Context, c *messages.Client) error { return wiretest.OnlyError(c.All(ctx, -1, nil)) }},
		{Name: "All PageSize > 1000", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *messages.Client) error {
			return wiretest.OnlyError(c.All(ctx, 1, &messages.ListOptions{PageSize: 2000}))
		}},
		{Name: "Send session 0", Field: "sessionID", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 0, messages.NewMessage{Text: "x"})
			return err
		}},
		{Name: "Send without Text or HTML", Field: "NewMessage.Text", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 1, messages.NewMessage{SenderID: "User:3", Sender: "Ana"})
			return err
		}},
		{Name: "Send blank Text and HTML", Field: "NewMessage.Text", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.Send(ctx, 1, messages.NewMessage{Text: " ", HTML: "\n"})
			return err
		}},
		{Name: "ExportTranscript session 0", Field: "sessionID", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 0, discard, nil)
			return err
		}},
		{Name: "ExportTranscript nil writer", Field: "w", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, nil, nil)
			return err
		}},
		{Name: "ExportTranscript unknown format", Field: "TranscriptOptions.Format", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, discard, &messages.TranscriptOptions{Format: 9})
			return err
		}},
		{Name: "ExportTranscript PageSize > 1000", Field: "TranscriptOptions.PageSize", Call: func(ctx context.Context, c *messages.Client) error {
			_, err := c.ExportTranscript(ctx, 1, discard, &messages.TranscriptOptions{PageSize: 1001})
			return err
		}},
	})
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

func TestDecodeDotNetFixture(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/sessions/101/messages", 200, "messages_page.json")

	page, err := c.List(context.Background(), 101, nil)
	require.NoError(t, err)
	assert.Empty(t, page.NextCursor)
	require.Len(t, page.Items, 6)
	m := page.Items

	assert.Equal(t, messages.Message{MessageID: 501, SessionID: 101, Sender: "Maria Souza", SenderID: "Guest:@cust-8812",
		Text: "Do you ship to Portugal?", Time: m[0].Time}, m[0])
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC), m[0].Time) // no offset: UTC
	key, ok := m[0].SenderID.GuestKey()
	assert.True(t, ok)
	assert.Equal(t, "cust-8812", key)

	assert.Empty(t, m[1].Text)
	assert.Contains(t, m[1].HTML, "<br>")
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), m[1].Time) // +02:00

	assert.Empty(t, m[2].Sender, "null")
	assert.Equal(t, "Bot", m[2].SenderID.Kind())
	wiretest.CheckTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), m[2].Time) // \/Date(ms)\/

	// lower-case keys
	assert.Equal(t, messages.Message{MessageID: 504, SessionID: 101, Sender: "Maria Souza", SenderID: "Guest:@cust-8812",
		Text: "No, thanks.\r\nBye!", Time: m[3].Time}, m[3])
	wiretest.CheckTime(t, time.Date(2025, 11, 25, 3, 52, 27, 0, time.UTC), m[3].Time) // /Date(ms+0200)/

	assert.True(t, m[4].Time.IsZero(), "DateTime.MinValue")
	assert.Empty(t, m[4].Text+m[4].HTML, "null strings")
	assert.True(t, m[5].Time.IsZero(), "null time")
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.Respond(mt, http.MethodPost, "/sessions/9/messages", 404, `{"Code":"not_found","Message":"no session 9"}`)

	_, err := c.Send(context.Background(), 9, messages.NewMessage{Text: "hi"})
	require.ErrorIs(t, err, zchat.ErrNotFound)
}

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, want string
	}{
		{"br in a paragraph", "<p>Yes, we do!<br>Shipping takes 3&ndash;5 days &amp; is free over &euro;50.</p>", "Yes, we do!\nShipping takes 3–5 days & is free over €50."},
		{"br forms", "a<br/>b<BR />c<br>", "a\nb\nc"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\ntwo"},
		{"paragraphs with source line breaks", "<p>one</p>\n\n  <p>two\nstill two</p>\n", "one\ntwo still two"},
		{"blank line kept once", "<div>x</div><div><br></div><div><br></div><div>y</div>", "x\n\ny"},
		{"list", "<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"inline tags are not word breaks", "<b>bold</b> and <i>it</i>alic", "bold and italic"},
		{"entities decoded after tags are removed", "&lt;b&gt;not bold&lt;/b&gt; &quot;q&quot; &#39;s&#39;", `<b>not bold</b> "q" 's'`},
		{"nbsp collapses", "a&nbsp;&nbsp; b", "a b"},
		{"spaces around inline tags collapse", "a <b> b</b> &nbsp;<i>c</i>", "a b c"},
		{"non-ASCII before a script", "İİİ<SCRIPT>x</ScRiPt>ok", "İİİok"},
		{"lone angle brackets are text", "x < y and y > z", "x < y and y > z"},
		{"quoted > in an attribute", `<a href="https://x.test/?a=1&amp;b=2" title="a>b">link</a> here`, "link here"},
		{"script and style dropped", "<script>alert('<b>')</script>hi<STYLE>p{color:red}</STYLE>!", "hi!"},
		{"comment dropped", "<!-- a <b> comment -->visible", "visible"},
		{"unterminated tag kept as text", "a <b", "a <b"},
		{"only white space", " <p> </p> ", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, messages.Message{HTML: tt.html}.PlainText())
		})
	}
}

func TestPlainTextPrefersText(t *testing.T) {
	t.Parallel()
	m := messages.Message{Text: "plain", HTML: "<p>rich</p>"}
	assert.Equal(t, "plain", m.PlainText())
}
