package messages_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// threePages holds messages 1–5 of session 7 in three pages chained by
// cursors ""→"c2"→"c3".
var threePages = wiretest.Pages{
	"":   `{"Items":[{"MessageId":1,"Text":"one"},{"MessageId":2,"Text":"two"}],"NextCursor":"c2"}`,
	"c2": `{"Items":[{"MessageId":3,"Text":"three"},{"MessageId":4,"Text":"four"}],"NextCursor":"c3"}`,
	"c3": `{"Items":[{"MessageId":5,"Text":"five"}],"NextCursor":""}`,
}

// failingAt serves threePages, answering 503 for the cursors listed.
func failingAt(cursors ...string) func(*http.Request) (int, string) {
	return threePages.FailingAt(503, `{"Code":"unavailable","Message":"try later"}`, cursors...)
}

// ids returns the MessageIDs of ms.
func ids(ms []messages.Message) []int {
	return wiretest.Map(ms, func(m messages.Message) int { return m.MessageID })
}

func TestAllFollowsCursors(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", threePages.Answer)

	opts := &messages.ListOptions{AfterMessageID: 0, PageSize: 2}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids(wiretest.Collect(t, c.All(context.Background(), 7, opts))))
	assert.Equal(t, []string{"", "c2", "c3"}, rec.QueryValues("cursor"))
	for _, r := range rec.Requests() {
		assert.Equal(t, "2", r.Query.Get("pageSize"))
	}
	assert.Equal(t, &messages.ListOptions{PageSize: 2}, opts, "opts must not change")
}

func TestAllIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", threePages.Answer)

	// Messages 1 and 2 are page 1: page 2 is not fetched after a break there.
	got := wiretest.CheckLazyIteration(t, mt, c.All(context.Background(), 7, nil), 1, 1)
	assert.Equal(t, []int{1, 2}, ids(got))
}

func TestAllStartsAtTheCursorAndKeepsOptsUnchanged(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", threePages.Answer)

	opts := &messages.ListOptions{Cursor: "c3", AfterMessageID: 4}
	assert.Equal(t, []int{5}, ids(wiretest.Collect(t, c.All(context.Background(), 7, opts))))
	r := rec.Only(t)
	assert.Equal(t, "c3", r.Query.Get("cursor"))
	assert.Equal(t, "4", r.Query.Get("afterMessageId"))
	assert.Equal(t, &messages.ListOptions{Cursor: "c3", AfterMessageID: 4}, opts)
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions/7/messages", failingAt("c2"))

	got, err := wiretest.UntilError(t, c.All(context.Background(), 7, nil))
	assert.Equal(t, []int{1, 2}, ids(got))
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
