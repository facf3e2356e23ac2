package sessions_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// threePages holds sessions 1–5 in three pages chained by cursors ""→"c2"→"c3".
var threePages = wiretest.Pages{
	"":   `{"Items":[{"SessionId":1},{"SessionId":2}],"NextCursor":"c2"}`,
	"c2": `{"Items":[{"SessionId":3},{"SessionId":4}],"NextCursor":"c3"}`,
	"c3": `{"Items":[{"SessionId":5}],"NextCursor":null}`,
}

// ids returns the SessionIDs of ss.
func ids(ss []sessions.Session) []int {
	return wiretest.Map(ss, func(s sessions.Session) int { return s.SessionID })
}

func TestAllFollowsCursorsWithTheSameFilters(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFunc(mt, http.MethodGet, "/sessions", threePages.Answer)

	opts := &sessions.ListOptions{Status: sessions.StatusActive, PageSize: 2}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids(wiretest.Collect(t, c.All(context.Background(), opts))))
	assert.Equal(t, []string{"", "c2", "c3"}, rec.QueryValues("cursor"))
	for _, r := range rec.Requests() {
		assert.Equal(t, "active", r.Query.Get("status"))
		assert.Equal(t, "2", r.Query.Get("pageSize"))
	}
	assert.Equal(t, &sessions.ListOptions{Status: sessions.StatusActive, PageSize: 2}, opts, "opts must not change")
}

func TestAllIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFunc(mt, http.MethodGet, "/sessions", threePages.Answer)

	// Sessions 1 and 2 come with page 1; page 2 is fetched only when reached.
	got := wiretest.CheckLazyIteration(t, mt, c.All(context.Background(), nil), 1, 1, 2)
	assert.Equal(t, []int{1, 2, 3}, ids(got))
	assert.Equal(t, []string{"", "c2"}, rec.QueryValues("cursor"))
}

func TestAllStartsAtTheCursorAndKeepsOptsUnchanged(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFunc(mt, http.MethodGet, "/sessions", threePages.Answer)

	opts := &sessions.ListOptions{Cursor: "c2", Email: "maria@example.com"}
	assert.Equal(t, []int{3, 4, 5}, ids(wiretest.Collect(t, c.All(context.Background(), opts))))
	assert.Equal(t, []string{"c2", "c3"}, rec.QueryValues("cursor"))
	assert.Equal(t, "c2", opts.Cursor, "the caller's Cursor must not move")

	// The same options again start at the same place.
	assert.Equal(t, []int{3, 4, 5}, ids(wiretest.Collect(t, c.All(context.Background(), opts))))
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions", threePages.FailingAt(500, `{"Code":"internal","Message":"boom"}`, "c2"))

	// Ranged over by a careless consumer: the sequence must end by itself.
	got, err := wiretest.UntilError(t, c.All(context.Background(), nil))
	assert.Equal(t, []int{1, 2}, ids(got))
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestAllStopsWhenTheContextIsCancelled(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/sessions", threePages.Answer)

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
