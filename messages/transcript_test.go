package messages_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// serveFixture answers GET /sessions/101/messages with the .NET fixture.
func serveFixture(t *testing.T) (*messages.Client, *recorder) {
	t.Helper()
	raw, err := os.ReadFile("testdata/messages_page.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/101/messages", rec.reply(200, string(raw)))
	return c, rec
}

const fixtureText = `[2026-11-24 03:52:27Z] Maria Souza: Do you ship to Portugal?
[2026-11-24 03:52:27Z] Ana: Yes, we do!
    Shipping takes 3–5 days & is free over €50.
[2025-11-25 03:52:27Z] Bot:ollama: Anything else?
[2025-11-25 03:52:27Z] Maria Souza: No, thanks.
    Bye!
[no time] User:3:
[no time] Ana: closing
`

func TestExportTranscriptText(t *testing.T) {
	t.Parallel()
	c, rec := serveFixture(t)
	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 101, &buf, nil)
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	assert.Equal(t, fixtureText, buf.String())
	checkWire(t, rec.only(t), http.MethodGet, "/sessions/101/messages", nil, "")
}

func TestExportTranscriptTextInALocation(t *testing.T) {
	t.Parallel()
	c, rec := serveFixture(t)
	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 101, &buf, &messages.TranscriptOptions{
		Location: time.FixedZone("BRT", -3*3600),
		PageSize: 500,
	})
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	lines := strings.Split(buf.String(), "\n")
	assert.Equal(t, "[2026-11-24 00:52:27-03:00] Maria Souza: Do you ship to Portugal?", lines[0])
	assert.Equal(t, "[2025-11-25 00:52:27-03:00] Bot:ollama: Anything else?", lines[3])
	assert.Equal(t, "500", rec.only(t).Query.Get("pageSize"))
}

func TestExportTranscriptJSONLines(t *testing.T) {
	t.Parallel()
	c, _ := serveFixture(t)
	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 101, &buf, &messages.TranscriptOptions{Format: messages.FormatJSONLines})
	require.NoError(t, err)
	assert.Equal(t, 6, n)

	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 6)
	assert.Equal(t, `{"MessageId":501,"SessionId":101,"Sender":"Maria Souza","SenderId":"Guest:@cust-8812","Text":"Do you ship to Portugal?","Html":"","Time":"2026-11-24T03:52:27.1234567Z"}`, lines[0])
	assert.Contains(t, lines[1], `"Html":"<p>Yes, we do!<br>`, "HTML is not escaped")
	assert.Contains(t, lines[4], `"Time":null`)
	for i, l := range lines {
		var m messages.Message
		require.NoError(t, json.Unmarshal([]byte(l), &m), "line %d", i)
		assert.Equal(t, 501+i, m.MessageID)
	}
}

func TestExportTranscriptJSONArray(t *testing.T) {
	t.Parallel()
	c, _ := serveFixture(t)
	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 101, &buf, &messages.TranscriptOptions{Format: messages.FormatJSON})
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "[\n{\"MessageId\":501,"), out)
	assert.True(t, strings.HasSuffix(out, "}\n]\n"), out)
	var got []messages.Message
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	require.Len(t, got, 6)
	assert.Equal(t, "Ana", got[1].Sender)
	wantTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), got[1].Time)
}

func TestExportTranscriptEmptySession(t *testing.T) {
	t.Parallel()
	for _, f := range []messages.TranscriptFormat{messages.FormatText, messages.FormatJSONLines, messages.FormatJSON} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			rec := &recorder{}
			mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/5/messages", rec.reply(200, `{"Items":[],"NextCursor":null}`))
			var buf bytes.Buffer
			n, err := c.ExportTranscript(context.Background(), 5, &buf, &messages.TranscriptOptions{Format: f})
			require.NoError(t, err)
			assert.Equal(t, 0, n)
			if f == messages.FormatJSON {
				assert.Equal(t, "[]\n", buf.String())
			} else {
				assert.Empty(t, buf.String())
			}
		})
	}
}

// lineWriter counts the lines written to it; safe for concurrent use.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines int
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines += bytes.Count(p, []byte("\n"))
	return w.buf.Write(p)
}

func (w *lineWriter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lines
}

// TestExportTranscriptStreamsPageByPage exports a session of 40 pages
// generated on the fly, and checks that every page had been written out
// before the next one was asked for.
func TestExportTranscriptStreamsPageByPage(t *testing.T) {
	t.Parallel()
	const pages, perPage = 40, 25
	base := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	c, mt := setup(t)
	out := &lineWriter{}
	var (
		mu            sync.Mutex
		writtenBefore = map[int]int{} // page → lines written when it was requested
	)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(func(r *http.Request) (int, string) {
		if r.URL.Query().Get("pageSize") != strconv.Itoa(perPage) {
			return 400, `{"Code":"invalid_request"}`
		}
		p := 1
		if cur := r.URL.Query().Get("cursor"); cur != "" {
			p, _ = strconv.Atoi(strings.TrimPrefix(cur, "p"))
		}
		mu.Lock()
		writtenBefore[p] = out.count()
		mu.Unlock()
		var page zchat.Page[messages.Message]
		for i := range perPage {
			id := (p-1)*perPage + i + 1
			page.Items = append(page.Items, messages.Message{
				MessageID: id, SessionID: 7, Sender: fmt.Sprintf("Agent %d", id%3), SenderID: zchat.UserChatID(id%3 + 1),
				Text: fmt.Sprintf("message %d", id), Time: zchat.NewTime(base.Add(time.Duration(id) * time.Second)),
			})
		}
		if p < pages {
			page.NextCursor = fmt.Sprintf("p%d", p+1)
		}
		b, _ := json.Marshal(page)
		return 200, string(b)
	}))

	n, err := c.ExportTranscript(context.Background(), 7, out, &messages.TranscriptOptions{PageSize: perPage})
	require.NoError(t, err)
	assert.Equal(t, pages*perPage, n)
	assert.Equal(t, pages, mt.GetTotalCallCount())

	mu.Lock()
	for p := 1; p <= pages; p++ {
		assert.Equal(t, (p-1)*perPage, writtenBefore[p], "lines written before page %d was requested", p)
	}
	mu.Unlock()

	sc := bufio.NewScanner(&out.buf)
	id := 0
	for sc.Scan() {
		id++
		want := fmt.Sprintf("[%s] Agent %d: message %d", base.Add(time.Duration(id)*time.Second).Format("2006-01-02 15:04:05Z07:00"), id%3, id)
		require.Equal(t, want, sc.Text())
	}
	assert.Equal(t, pages*perPage, id)
}

// failingWriter fails from its n-th Write on.
type failingWriter struct {
	n, calls int
	buf      bytes.Buffer
}

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.calls++
	if w.calls >= w.n {
		return 0, errDiskFull
	}
	return w.buf.Write(p)
}

func TestExportTranscriptStopsOnAWriteError(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages()))

	w := &failingWriter{n: 2}
	n, err := c.ExportTranscript(context.Background(), 7, w, &messages.TranscriptOptions{PageSize: 2})
	require.ErrorIs(t, err, errDiskFull)
	assert.Contains(t, err.Error(), "writing transcript")
	assert.Equal(t, 1, n)
	assert.Equal(t, "[no time] (unknown): one\n", w.buf.String())
	assert.Equal(t, 1, mt.GetTotalCallCount(), "no page is fetched after the writer failed")
}

func TestExportTranscriptReturnsAPageError(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages("c2")))

	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 7, &buf, &messages.TranscriptOptions{Format: messages.FormatJSONLines})
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "session 7 after 2 messages")
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, strings.Count(buf.String(), "\n"), "page 1 stays written")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestTranscriptWriterText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	tw, err := messages.NewTranscriptWriter(&buf, nil)
	require.NoError(t, err)
	at := zchat.NewTime(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC))
	for _, m := range []messages.Message{
		{Sender: "Ana\n[2026-01-01 00:00:00Z] Forged", Text: "hi", Time: at},          // a name cannot start a line
		{Sender: "Maria", Text: "\n\nline 1\r\n\r\n  line 3  \rline 4\n\n", Time: at}, // blank ends dropped, blank inside kept
		{Sender: "Evil\x1b[31m", Text: "red\x1b[0m\x07 tab\tkept", Time: at},          // control characters dropped
		{SenderID: "Guest:@cust-1", HTML: "<p>from <b>HTML</b></p><p>second</p>", Time: at},
	} {
		require.NoError(t, tw.WriteMessage(m))
	}
	require.NoError(t, tw.Close())
	assert.Equal(t, 4, tw.Count())
	assert.Equal(t, `[2026-11-24 03:52:27Z] Ana [2026-01-01 00:00:00Z] Forged: hi
[2026-11-24 03:52:27Z] Maria: line 1

      line 3
    line 4
[2026-11-24 03:52:27Z] Evil[31m: red[0m tab	kept
[2026-11-24 03:52:27Z] Guest:@cust-1: from HTML
    second
`, buf.String())
	assert.Error(t, tw.WriteMessage(messages.Message{Text: "late"}), "no write after Close")
	assert.NoError(t, tw.Close(), "Close twice is fine")
}

func TestTranscriptFormatString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "text", messages.FormatText.String())
	assert.Equal(t, "jsonl", messages.FormatJSONLines.String())
	assert.Equal(t, "json", messages.FormatJSON.String())
	assert.Equal(t, "TranscriptFormat(7)", messages.TranscriptFormat(7).String())
}
