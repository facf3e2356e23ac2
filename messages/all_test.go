package messages_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// onlyError ranges over seq, which must yield exactly one error and nothing
// else, and returns that error.
func onlyError[T any](t *testing.T, seq iter.Seq2[T, error]) error {
	t.Helper()
	var errs []error
	for _, err := range seq {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	return errs[0]
}

// threePages serves messages 1–5 of session 7 in three pages chained by
// cursors ""→"c2"→"c3". A cursor listed in fail is answered with a 503.
func threePages(fail ...string) func(*http.Request) (int, string) {
	pages := map[string]string{
		"":   `{"Items":[{"MessageId":1,"Text":"one"},{"MessageId":2,"Text":"two"}],"NextCursor":"c2"}`,
		"c2": `{"Items":[{"MessageId":3,"Text":"three"},{"MessageId":4,"Text":"four"}],"NextCursor":"c3"}`,
		"c3": `{"Items":[{"MessageId":5,"Text":"five"}],"NextCursor":""}`,
	}
	return func(r *http.Request) (int, string) {
		cursor := r.URL.Query().Get("cursor")
		for _, f := range fail {
			if f == cursor {
				return 503, `{"Code":"unavailable","Message":"try later"}`
			}
		}
		body, ok := pages[cursor]
		if !ok {
			return 400, `{"Code":"invalid_cursor"}`
		}
		return 200, body
	}
}

func cursors(reqs []request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Query.Get("cursor"))
	}
	return out
}

func TestAllFollowsCursors(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages()))

	opts := &messages.ListOptions{AfterMessageID: 0, PageSize: 2}
	var ids []int
	for m, err := range c.All(context.Background(), 7, opts) {
		require.NoError(t, err)
		ids = append(ids, m.MessageID)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids)
	reqs := rec.requests()
	assert.Equal(t, []string{"", "c2", "c3"}, cursors(reqs))
	for _, r := range reqs {
		assert.Equal(t, "2", r.Query.Get("pageSize"))
	}
	assert.Equal(t, &messages.ListOptions{PageSize: 2}, opts, "opts must not change")
}

func TestAllIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages()))

	seq := c.All(context.Background(), 7, nil)
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing is fetched before the loop starts")
	fetchedAt := map[int]int{}
	for m, err := range seq {
		require.NoError(t, err)
		fetchedAt[m.MessageID] = mt.GetTotalCallCount()
		if m.MessageID == 2 {
			break
		}
	}
	assert.Equal(t, map[int]int{1: 1, 2: 1}, fetchedAt)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "page 2 is not fetched after break")
}

func TestAllStartsAtTheCursorAndKeepsOptsUnchanged(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages()))

	opts := &messages.ListOptions{Cursor: "c3", AfterMessageID: 4}
	var ids []int
	for m, err := range c.All(context.Background(), 7, opts) {
		require.NoError(t, err)
		ids = append(ids, m.MessageID)
	}
	assert.Equal(t, []int{5}, ids)
	r := rec.only(t)
	assert.Equal(t, "c3", r.Query.Get("cursor"))
	assert.Equal(t, "4", r.Query.Get("afterMessageId"))
	assert.Equal(t, &messages.ListOptions{Cursor: "c3", AfterMessageID: 4}, opts)
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions/7/messages", rec.serve(threePages("c2")))

	var got []string
	for m, err := range c.All(context.Background(), 7, nil) {
		if err != nil {
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 503, apiErr.StatusCode)
			got = append(got, "error")
			continue
		}
		got = append(got, fmt.Sprint(m.MessageID))
	}
	assert.Equal(t, []string{"1", "2", "error"}, got)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
