package zchat_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestTypedHelpers(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	type thing struct {
		ID   int    `json:"Id"`
		Name string `json:"Name"`
	}
	for _, method := range []string{"GET", "POST", "PUT"} {
		mt.RegisterResponder(method, mockBase+"/api/v1/things/7", func(r *http.Request) (*http.Response, error) {
			return httpmock.NewStringResponse(200, `{"Id":7,"Name":"`+r.Method+`"}`), nil
		})
	}
	ctx := context.Background()
	got, err := zchat.GetAs[thing](ctx, c, zchat.Path("things", 7), nil)
	require.NoError(t, err)
	assert.Equal(t, &thing{7, "GET"}, got)
	got, err = zchat.PostAs[thing](ctx, c, zchat.Path("things", 7), thing{Name: "x"})
	require.NoError(t, err)
	assert.Equal(t, "POST", got.Name)
	got, err = zchat.PutAs[thing](ctx, c, zchat.Path("things", 7), thing{Name: "x"})
	require.NoError(t, err)
	assert.Equal(t, "PUT", got.Name)

	got, err = zchat.GetAs[thing](ctx, c, zchat.Path("missing"), nil)
	assert.Nil(t, got, "no half-decoded value on error")
	assert.Error(t, err)
}

func TestIterateListCopiesOptions(t *testing.T) {
	t.Parallel()
	p := newPager()
	opts := &zchat.ListOptions{PageSize: 2, Cursor: "p2"}
	var sizes []int
	list := func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[int], error) {
		sizes = append(sizes, o.PageSize)
		return p.fetch(ctx, o.Cursor)
	}
	cursor := func(o *zchat.ListOptions) *string { return &o.Cursor }
	var got []int
	for v, err := range zchat.IterateList(context.Background(), opts, cursor, list) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{3, 4, 5}, got, "started at opts.Cursor")
	assert.Equal(t, []string{"p2", "p3"}, p.fetched)
	assert.Equal(t, []int{2, 2}, sizes, "every page keeps the other options")
	assert.Equal(t, &zchat.ListOptions{PageSize: 2, Cursor: "p2"}, opts, "the caller's options are unchanged")

	q := newPager()
	n := 0
	for range zchat.IterateList(context.Background(), nil, cursor, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[int], error) {
		return q.fetch(ctx, o.Cursor)
	}) {
		n++
	}
	assert.Equal(t, 5, n, "nil options start at the first page")
}
