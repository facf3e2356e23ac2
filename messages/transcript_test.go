package messages_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// exportFixture exports session 101, served from the .NET fixture, with
// opts. It checks that the 6 messages were exported from one request, and
// returns the transcript and the request.
func exportFixture(t *testing.T, opts *messages.TranscriptOptions) (string, wiretest.Request) {
	t.Helper()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/sessions/101/messages", 200, "messages_page.json")
	var buf bytes.Buffer
	n, err := c.ExportTranscript(context.Background(), 101, &buf, opts)
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	return buf.String(), rec.Only(t)
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
	out, req := exportFixture(t, nil)
	assert.Equal(t, fixtureText, out)
	wiretest.CheckWire(t, req, http.MethodGet, "/sessions/101/messages", nil, "")
}

func TestExportTranscriptTextInALocation(t *testing.T) {
	t.Parallel()
	out, req := exportFixture(t, &messages.TranscriptOptions{
		Location: time.FixedZone("BRT", -3*3600),
		PageSize: 500,
	})
	lines := strings.Split(out, "\n")
	assert.Equal(t, "[2026-11-24 00:52:27-03:00] Maria Souza: Do you ship to Portugal?", lines[0])
	assert.Equal(t, "[2025-11-25 00:52:27-03:00] Bot:ollama: Anything else?", lines[3])
	assert.Equal(t, "500", req.Query.Get("pageSize"))
}

func TestExportTranscriptJSONLines(t *testing.T) {
	t.Parallel()
	out, _ := exportFixture(t, &messages.TranscriptOptions{Format: messages.FormatJSONLines})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
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
	out, _ := exportFixture(t, &messages.TranscriptOptions{Format: messages.FormatJSON})
	assert.True(t, strings.HasPrefix(out, "[\n{\"MessageId\":501,"), out)
	assert.True(t, strings.HasSuffix(out, "}\n]\n"), out)
	var got []messages.Message
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 6)
	assert.Equal(t, "Ana", got[1].Sender)
	wiretest.CheckTime(t, time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC), got[1].Time)
}

func TestExportTranscriptEmptySession(t *testing.T) {
	t.Parallel()
	for _, f := range []messages.TranscriptFormat{messages.FormatText, messages.FormatJSONLines, messages.FormatJSON} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			wiretest.Respond(mt, http.MethodGet, "/sessions/5/messages", 200, `{"Items":[],"NextCursor":null}`)
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
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", func(r *http.Request) (int, string) {
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
	})

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
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", threePages.Answer)

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
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", failingAt("c2"))

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
