package sessions_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// threePages serves sessions 1–5 in three pages chained by cursors ""→"c2"→"c3".
// A cursor listed in fail is answered with a 500 instead.
func threePages(rec *recorder, fail ...string) func(*http.Request) (int, string) {
	pages := map[string]string{
		"":   `{"Items":[{"SessionId":1},{"SessionId":2}],"NextCursor":"c2"}`,
		"c2": `{"Items":[{"SessionId":3},{"SessionId":4}],"NextCursor":"c3"}`,
		"c3": `{"Items":[{"SessionId":5}],"NextCursor":null}`,
	}
	return func(r *http.Request) (int, string) {
		cursor := r.URL.Query().Get("cursor")
		for _, f := range fail {
			if f == cursor {
				return 500, `{"Code":"internal","Message":"boom"}`
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

func TestAllFollowsCursorsWithTheSameFilters(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.serve(threePages(rec)))

	opts := &sessions.ListOptions{Status: sessions.StatusActive, PageSize: 2}
	var ids []int
	for s, err := range c.All(context.Background(), opts) {
		require.NoError(t, err)
		ids = append(ids, s.SessionID)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids)
	reqs := rec.requests()
	assert.Equal(t, []string{"", "c2", "c3"}, cursors(reqs))
	for _, r := range reqs {
		assert.Equal(t, "active", r.Query.Get("status"))
		assert.Equal(t, "2", r.Query.Get("pageSize"))
	}
	assert.Equal(t, &sessions.ListOptions{Status: sessions.StatusActive, PageSize: 2}, opts, "opts must not change")
}

func TestAllIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.serve(threePages(rec)))

	seq := c.All(context.Background(), nil)
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing is fetched before the loop starts")
	fetchedAt := map[int]int{}
	for s, err := range seq {
		require.NoError(t, err)
		fetchedAt[s.SessionID] = mt.GetTotalCallCount()
		if s.SessionID == 3 {
			break
		}
	}
	assert.Equal(t, map[int]int{1: 1, 2: 1, 3: 2}, fetchedAt, "page 2 is fetched only when reached")
	assert.Equal(t, 2, mt.GetTotalCallCount(), "nothing is fetched after break")
	assert.Equal(t, []string{"", "c2"}, cursors(rec.requests()))
}

func TestAllStartsAtTheCursorAndKeepsOptsUnchanged(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.serve(threePages(rec)))

	opts := &sessions.ListOptions{Cursor: "c2", Email: "maria@example.com"}
	var ids []int
	for s, err := range c.All(context.Background(), opts) {
		require.NoError(t, err)
		ids = append(ids, s.SessionID)
	}
	assert.Equal(t, []int{3, 4, 5}, ids)
	assert.Equal(t, []string{"c2", "c3"}, cursors(rec.requests()))
	assert.Equal(t, "c2", opts.Cursor, "the caller's Cursor must not move")

	// The same options again start at the same place.
	ids = ids[:0]
	for s, err := range c.All(context.Background(), opts) {
		require.NoError(t, err)
		ids = append(ids, s.SessionID)
	}
	assert.Equal(t, []int{3, 4, 5}, ids)
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.serve(threePages(rec, "c2")))

	var got []string
	for s, err := range c.All(context.Background(), nil) {
		if err != nil {
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 500, apiErr.StatusCode)
			got = append(got, "error")
			continue // a careless consumer: the sequence must end by itself
		}
		got = append(got, fmt.Sprint(s.SessionID))
	}
	assert.Equal(t, []string{"1", "2", "error"}, got)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestAllStopsWhenTheContextIsCancelled(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/sessions", rec.serve(threePages(rec)))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	n := 0
	for _, err := range c.All(ctx, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		if n == 2 {
			cancel()
		}
	}
	assert.Equal(t, 2, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.LessOrEqual(t, mt.GetTotalCallCount(), 2, "no page after the cancelled one")
}
