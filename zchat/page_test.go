package zchat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

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
