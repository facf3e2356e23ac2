package call_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

type thing struct {
	ID   int    `json:"Id"`
	Name string `json:"Name"`
}

// Operations of a made-up contract, so these tests do not depend on the
// real table.
var (
	getThing     = apispec.Operation{ID: "getThing", Method: http.MethodGet, Pattern: "/things/{thingId}"}
	listThings   = apispec.Operation{ID: "listThings", Method: http.MethodGet, Pattern: "/things"}
	postThing    = apispec.Operation{ID: "postThing", Method: http.MethodPost, Pattern: "/things/{thingId}"}
	putThing     = apispec.Operation{ID: "putThing", Method: http.MethodPut, Pattern: "/things/{thingId}"}
	deleteMember = apispec.Operation{ID: "deleteMember", Method: http.MethodDelete, Pattern: "/things/{thingId}/members/{memberId}"}
)

func TestTypedCalls(t *testing.T) {
	t.Parallel()
	c, mt := wiretest.NewClient(t)
	var rec wiretest.Recorder
	for _, method := range []string{"GET", "POST", "PUT"} {
		mt.RegisterResponder(method, wiretest.BaseURL+"/things/7", rec.Serve(func(r *http.Request) (int, string) {
			return 200, `{"Id":7,"Name":"` + r.Method + `"}`
		}))
	}
	mt.RegisterResponder("GET", wiretest.BaseURL+"/things", rec.Reply(200, `[{"Id":1},{"Id":2}]`))
	var escaped string
	mt.RegisterResponder("DELETE", wiretest.BaseURL+"/things/7/members/a%2Fb", rec.Serve(func(r *http.Request) (int, string) {
		escaped = r.URL.EscapedPath()
		return 204, ""
	}))
	ctx := context.Background()

	got, err := call.Get[thing](ctx, c, getThing, struct {
		Q string `url:"q"`
	}{"x"}, 7)
	require.NoError(t, err)
	assert.Equal(t, &thing{7, "GET"}, got)
	got, err = call.Post[thing](ctx, c, postThing, thing{Name: "x"}, 7)
	require.NoError(t, err)
	assert.Equal(t, "POST", got.Name)
	got, err = call.Put[thing](ctx, c, putThing, thing{Name: "x"}, 7)
	require.NoError(t, err)
	assert.Equal(t, "PUT", got.Name)
	list, err := call.List[thing](ctx, c, listThings)
	require.NoError(t, err)
	assert.Equal(t, []thing{{ID: 1}, {ID: 2}}, list)
	require.NoError(t, call.NoContent(ctx, c, deleteMember, 7, "a/b"))

	reqs := rec.Requests()
	require.Len(t, reqs, 5)
	wiretest.CheckWire(t, reqs[0], "GET", "/things/7", map[string][]string{"q": {"x"}}, "")
	wiretest.CheckWire(t, reqs[1], "POST", "/things/7", nil, `{"Id":0,"Name":"x"}`)
	wiretest.CheckWire(t, reqs[2], "PUT", "/things/7", nil, `{"Id":0,"Name":"x"}`)
	wiretest.CheckWire(t, reqs[4], "DELETE", "/things/7/members/a/b", nil, "")
	assert.Equal(t, "/api/v1/things/7/members/a%2Fb", escaped, "an argument is one escaped segment")

	got, err = call.Get[thing](ctx, c, getThing, nil, 8)
	assert.Nil(t, got, "no half-decoded value on error")
	assert.Error(t, err)
	list, err = call.List[thing](ctx, c, apispec.Operation{ID: "x", Method: "GET", Pattern: "/missing"})
	assert.Nil(t, list)
	assert.Error(t, err)
}

// TestByID: GetByID and DeleteByID send the one call with the id, and
// refuse an id that is not positive, naming it, with nothing sent.
func TestByID(t *testing.T) {
	t.Parallel()
	c, mt := wiretest.NewClient(t)
	var rec wiretest.Recorder
	mt.RegisterResponder("GET", wiretest.BaseURL+"/things/7", rec.Reply(200, `{"Id":7,"Name":"seven"}`))
	mt.RegisterResponder("DELETE", wiretest.BaseURL+"/things/7", rec.Reply(204, ""))
	ctx := context.Background()
	deleteThing := apispec.Operation{ID: "deleteThing", Method: http.MethodDelete, Pattern: "/things/{thingId}"}

	got, err := call.GetByID[thing](ctx, c, getThing, "thingID", 7)
	require.NoError(t, err)
	assert.Equal(t, &thing{7, "seven"}, got)
	require.NoError(t, call.DeleteByID(ctx, c, deleteThing, "thingID", 7))
	assert.Equal(t, 2, mt.GetTotalCallCount())

	_, err = call.GetByID[thing](ctx, c, getThing, "thingID", 0)
	wiretest.RequireInvalid(t, err, "thingID")
	wiretest.RequireInvalid(t, call.DeleteByID(ctx, c, deleteThing, "thingID", -1), "thingID")
	assert.Equal(t, 2, mt.GetTotalCallCount(), "a refused id sends nothing")
}

func TestPostResponse(t *testing.T) {
	t.Parallel()
	c, mt := wiretest.NewClient(t)
	wiretest.Respond(mt, "POST", "/things/3", 201, `{"Id":3}`)
	got, resp, err := call.PostResponse[thing](context.Background(), c, postThing, thing{}, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, got.ID)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
}

func TestCallsNameTheirOperation(t *testing.T) {
	t.Parallel()
	obs := &wiretest.Calls{}
	c, mt := wiretest.NewClient(t, zchat.WithObserver(obs))
	wiretest.Respond(mt, "DELETE", "/things/7/members/9", 204, ``)
	require.NoError(t, call.NoContent(context.Background(), c, deleteMember, 7, 9))
	calls := obs.All()
	require.Len(t, calls, 1)
	assert.Equal(t, "deleteMember", calls[0].Operation)
	assert.Equal(t, "/things/{thingId}/members/{memberId}", calls[0].Pattern)
	assert.Equal(t, "DELETE", calls[0].Method)
}

// A mistake in an SDK method (the wrong helper for an operation, a missing
// or extra path argument) is an error, and nothing is sent.
func TestMisuseSendsNothing(t *testing.T) {
	t.Parallel()
	c, mt := wiretest.NewClient(t)
	ctx := context.Background()
	for name, f := range map[string]func() error{
		"Get of a POST":       func() error { _, err := call.Get[thing](ctx, c, postThing, nil, 1); return err },
		"Post of a GET":       func() error { _, err := call.Post[thing](ctx, c, getThing, nil, 1); return err },
		"Put of a GET":        func() error { _, err := call.Put[thing](ctx, c, getThing, nil, 1); return err },
		"List of a POST":      func() error { _, err := call.List[thing](ctx, c, postThing, 1); return err },
		"a missing argument":  func() error { return call.NoContent(ctx, c, deleteMember, 1) },
		"an extra argument":   func() error { _, err := call.Get[thing](ctx, c, getThing, nil, 1, 2); return err },
		"arguments for none":  func() error { _, err := call.List[thing](ctx, c, listThings, 1); return err },
		"no argument for one": func() error { _, err := call.Get[thing](ctx, c, getThing, nil); return err },
	} {
		assert.Error(t, f(), name)
	}
	wiretest.RequireCalls(t, mt, 0)
}

func TestAllCopiesOptions(t *testing.T) {
	t.Parallel()
	pages := map[string]*zchat.Page[int]{
		"":   {Items: []int{1, 2}, NextCursor: "p2"},
		"p2": {Items: []int{3, 4}, NextCursor: "p3"},
		"p3": {Items: []int{5}},
	}
	var fetched []string
	var sizes []int
	list := func(_ context.Context, o *zchat.ListOptions) (*zchat.Page[int], error) {
		fetched = append(fetched, o.Cursor)
		sizes = append(sizes, o.PageSize)
		return pages[o.Cursor], nil
	}
	cursor := func(o *zchat.ListOptions) *string { return &o.Cursor }
	opts := &zchat.ListOptions{PageSize: 2, Cursor: "p2"}
	var got []int
	for v, err := range call.All(context.Background(), opts, cursor, list) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{3, 4, 5}, got, "started at opts.Cursor")
	assert.Equal(t, []string{"p2", "p3"}, fetched)
	assert.Equal(t, []int{2, 2}, sizes, "every page keeps the other options")
	assert.Equal(t, &zchat.ListOptions{PageSize: 2, Cursor: "p2"}, opts, "the caller's options are unchanged")

	fetched = nil
	n := 0
	for range call.All(context.Background(), nil, cursor, list) {
		n++
	}
	assert.Equal(t, 5, n, "nil options start at the first page")
	assert.Equal(t, []string{"", "p2", "p3"}, fetched)
}
