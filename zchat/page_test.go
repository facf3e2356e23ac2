package zchat_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// pager serves pages of ints from memory and records which cursors were asked.
type pager struct {
	pages   map[string]*zchat.Page[int]
	fail    map[string]error
	fetched []string
}

func newPager() *pager {
	return &pager{
		pages: map[string]*zchat.Page[int]{
			"":   {Items: []int{1, 2}, NextCursor: "p2"},
			"p2": {Items: []int{3, 4}, NextCursor: "p3"},
			"p3": {Items: []int{5}},
		},
		fail: map[string]error{},
	}
}

func (p *pager) fetch(_ context.Context, cursor string) (*zchat.Page[int], error) {
	p.fetched = append(p.fetched, cursor)
	if err := p.fail[cursor]; err != nil {
		return nil, err
	}
	return p.pages[cursor], nil
}

func TestIterateAll(t *testing.T) {
	t.Parallel()
	p := newPager()
	var got []int
	for v, err := range zchat.Iterate(context.Background(), "", p.fetch) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, got)
	assert.Equal(t, []string{"", "p2", "p3"}, p.fetched)
}

func TestIterateIsLazy(t *testing.T) {
	t.Parallel()
	p := newPager()
	next, stop := iterPull(zchat.Iterate(context.Background(), "", p.fetch))
	defer stop()
	assert.Empty(t, p.fetched, "nothing fetched before the first item is asked for")
	v, _ := next()
	assert.Equal(t, 1, v)
	v, _ = next()
	assert.Equal(t, 2, v)
	assert.Equal(t, []string{""}, p.fetched, "page 2 not fetched before it is reached")
	v, _ = next()
	assert.Equal(t, 3, v)
	assert.Equal(t, []string{"", "p2"}, p.fetched)
}

func TestIterateStopsOnBreak(t *testing.T) {
	t.Parallel()
	p := newPager()
	for v, err := range zchat.Iterate(context.Background(), "", p.fetch) {
		require.NoError(t, err)
		if v == 2 {
			break
		}
	}
	assert.Equal(t, []string{""}, p.fetched, "no fetch after break")
}

func TestIterateYieldsErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	p := newPager()
	boom := errors.New("page 2 failed")
	p.fail["p2"] = boom
	var got []int
	var errs []error
	for v, err := range zchat.Iterate(context.Background(), "", p.fetch) {
		if err != nil {
			errs = append(errs, err)
			assert.Zero(t, v)
			continue
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2}, got, "page 1's items come before the error")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], boom)
	assert.Equal(t, []string{"", "p2"}, p.fetched, "nothing fetched after the error")
}

func TestIterateStartsAtCursorAndDetectsLoops(t *testing.T) {
	t.Parallel()
	p := newPager()
	var got []int
	for v, err := range zchat.Iterate(context.Background(), "p2", p.fetch) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{3, 4, 5}, got)

	loop := &pager{pages: map[string]*zchat.Page[int]{"": {Items: []int{1}, NextCursor: "x"}, "x": {Items: []int{2}, NextCursor: "x"}}}
	var last error
	n := 0
	for _, err := range zchat.Iterate(context.Background(), "", loop.fetch) {
		n++
		last = err
	}
	assert.Equal(t, 3, n)
	assert.ErrorIs(t, last, zchat.ErrCursorLoop)
}

func TestListOptionsCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		size int
		ok   bool
	}{{-1, false}, {0, true}, {1, true}, {1000, true}, {1001, false}} {
		err := (&zchat.ListOptions{PageSize: tt.size}).Check()
		if tt.ok {
			assert.NoError(t, err, fmt.Sprint(tt.size))
		} else {
			assert.ErrorIs(t, err, zchat.ErrInvalidArgument, fmt.Sprint(tt.size))
			assert.Contains(t, err.Error(), "ListOptions.PageSize")
		}
	}
	assert.NoError(t, (*zchat.ListOptions)(nil).Check())
}

func TestIterateStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	p := newPager()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	for v, err := range zchat.Iterate(ctx, "", p.fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v == 2 {
			cancel()
		}
	}
	assert.Equal(t, []string{""}, p.fetched, "no request after the context ended")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

// Any cursor the server gave before in the same iteration ends it with
// ErrCursorLoop, after the pages up to the repeat and no more requests.
func TestIterateEndsOnAnyRepeatedCursor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		start       string
		pages       map[string]*zchat.Page[int]
		wantItems   []int
		wantFetched []string
	}{
		{"A→A", "", map[string]*zchat.Page[int]{"": {Items: []int{1}, NextCursor: "A"}, "A": {Items: []int{2}, NextCursor: "A"}},
			[]int{1, 2}, []string{"", "A"}},
		{"A→B→A", "", map[string]*zchat.Page[int]{"": {Items: []int{1}, NextCursor: "A"}, "A": {Items: []int{2}, NextCursor: "B"}, "B": {Items: []int{3}, NextCursor: "A"}},
			[]int{1, 2, 3}, []string{"", "A", "B"}},
		{"back to the start", "", map[string]*zchat.Page[int]{"": {Items: []int{1}, NextCursor: "A"}, "A": {Items: []int{2}, NextCursor: ""}},
			[]int{1, 2}, []string{"", "A"}}, // "" ends the list, as always
		{"back to the caller's cursor", "S", map[string]*zchat.Page[int]{"S": {Items: []int{1}, NextCursor: "A"}, "A": {Items: []int{2}, NextCursor: "S"}},
			[]int{1, 2}, []string{"S", "A"}},
		{"long cycle", "", map[string]*zchat.Page[int]{"": {NextCursor: "1"}, "1": {NextCursor: "2"}, "2": {NextCursor: "3"}, "3": {NextCursor: "4"}, "4": {NextCursor: "2"}},
			nil, []string{"", "1", "2", "3", "4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := &pager{pages: tt.pages}
			var items []int
			var errs []error
			for v, err := range zchat.Iterate(context.Background(), tt.start, p.fetch) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items = append(items, v)
			}
			assert.Equal(t, tt.wantItems, items)
			assert.Equal(t, tt.wantFetched, p.fetched)
			if tt.name == "back to the start" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], zchat.ErrCursorLoop)
		})
	}
}

// Over the wire: a server whose cursors cycle A→B→A is asked three times,
// not until the context ends.
func TestIterateCursorCycleOverTheWire(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	next := map[string]string{"": "A", "A": "B", "B": "A"}
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, `{"Items":[%d],"NextCursor":%q}`, hits.Load(), next[r.URL.Query().Get("cursor")])
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var last error
	n := 0
	for _, err := range zchat.Iterate(ctx, "", func(ctx context.Context, cursor string) (*zchat.Page[int], error) {
		var p zchat.Page[int]
		return &p, c.Get(ctx, "/things", &zchat.ListOptions{Cursor: cursor}, &p)
	}) {
		n++
		last = err
	}
	assert.ErrorIs(t, last, zchat.ErrCursorLoop)
	assert.Equal(t, 4, n, "three items, then the error")
	assert.EqualValues(t, 3, hits.Load())
}
