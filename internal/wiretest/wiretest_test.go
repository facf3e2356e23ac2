package wiretest_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

// fakeT is a testing.TB that records whether a check failed; FailNow ends
// the goroutine, as the real one does.
type fakeT struct {
	testing.TB // nil: calling anything else panics
	mu         sync.Mutex
	failed     bool
}

func (f *fakeT) Helper()                   {}
func (f *fakeT) Name() string              { return "fake" }
func (f *fakeT) Errorf(string, ...any)     { f.mu.Lock(); f.failed = true; f.mu.Unlock() }
func (f *fakeT) FailNow()                  { f.Errorf(""); runtime.Goexit() }
func (f *fakeT) Fatalf(s string, a ...any) { f.Errorf(s, a...); runtime.Goexit() }

// fails reports whether check fails the test it is given.
func fails(check func(t testing.TB)) bool {
	f := &fakeT{}
	done := make(chan struct{})
	go func() { defer close(done); check(f) }()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

var pages = wiretest.Pages{
	"":   `{"Items":[1,2],"NextCursor":"c2"}`,
	"c2": `{"Items":[3],"NextCursor":""}`,
}

// numbers lists the paged numbers at /numbers through zc.
func numbers(zc *zchat.Client) iter.Seq2[int, error] {
	return zchat.Iterate(context.Background(), "", func(ctx context.Context, cursor string) (*zchat.Page[int], error) {
		var p zchat.Page[int]
		return &p, zc.Get(ctx, "/numbers", &zchat.ListOptions{Cursor: cursor}, &p)
	})
}

func TestNewClientCountsUnmatchedRequests(t *testing.T) {
	t.Parallel()
	zc, mt := wiretest.NewClient(t)
	assert.Equal(t, wiretest.BaseURL, zc.BaseURL())
	err := zc.Get(context.Background(), "/nowhere", nil, nil)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 599, apiErr.StatusCode)
	wiretest.RequireCalls(t, mt, 1)
	assert.True(t, fails(func(t testing.TB) { wiretest.RequireCalls(t, mt, 0) }))
}

func TestRecorderAndCheckWire(t *testing.T) {
	t.Parallel()
	zc, mt := wiretest.NewClient(t)
	post := wiretest.Respond(mt, http.MethodPost, "/things", 201, `{"Id":7}`)
	var out struct {
		ID int `json:"Id"`
	}
	require.NoError(t, zc.Post(context.Background(), "/things", map[string]int{"A": 1}, &out))
	assert.Equal(t, 7, out.ID)
	got := post.Only(t)
	wiretest.CheckWire(t, got, http.MethodPost, "/things", nil, `{"A":1}`)
	for name, check := range map[string]func(t testing.TB){
		"method": func(t testing.TB) { wiretest.CheckWire(t, got, http.MethodPut, "/things", nil, `{"A":1}`) },
		"path":   func(t testing.TB) { wiretest.CheckWire(t, got, http.MethodPost, "/thing", nil, `{"A":1}`) },
		"query": func(t testing.TB) {
			wiretest.CheckWire(t, got, http.MethodPost, "/things", url.Values{"a": {"1"}}, `{"A":1}`)
		},
		"body": func(t testing.TB) { wiretest.CheckWire(t, got, http.MethodPost, "/things", nil, `{"A":2}`) },
		"none": func(t testing.TB) { wiretest.CheckWire(t, got, http.MethodPost, "/things", nil, "") },
	} {
		assert.True(t, fails(check), "CheckWire accepts the wrong %s", name)
	}

	list := wiretest.RespondFunc(mt, http.MethodGet, "/numbers", pages.Answer)
	for range numbers(zc) {
	}
	assert.Equal(t, []string{"", "c2"}, list.QueryValues("cursor"))
	assert.Len(t, list.Requests(), 2)
	wiretest.CheckWire(t, list.Requests()[1], http.MethodGet, "/numbers", url.Values{"cursor": {"c2"}}, "")
	assert.True(t, fails(func(t testing.TB) { list.Only(t) }), "Only with two requests")
}

func TestPages(t *testing.T) {
	t.Parallel()
	req := func(cursor string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/x?"+url.Values{"cursor": {cursor}}.Encode(), nil)
	}
	status, body := pages.Answer(req("c2"))
	assert.Equal(t, 200, status)
	assert.Equal(t, pages["c2"], body)
	status, _ = pages.Answer(req("c9"))
	assert.Equal(t, 400, status)
	failing := pages.FailingAt(503, `{"Code":"unavailable"}`, "c2")
	status, body = failing(req("c2"))
	assert.Equal(t, 503, status)
	assert.Equal(t, `{"Code":"unavailable"}`, body)
	status, body = failing(req(""))
	assert.Equal(t, 200, status)
	assert.Equal(t, pages[""], body)
}

func TestIteratorHelpers(t *testing.T) {
	t.Parallel()
	zc, mt := wiretest.NewClient(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/numbers", pages.Answer)
	assert.Equal(t, []int{1, 2, 3}, wiretest.CheckLazyIteration(t, mt, numbers(zc), 1, 1, 2))

	zc, mt = wiretest.NewClient(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/numbers", pages.Answer)
	assert.True(t, fails(func(t testing.TB) { wiretest.CheckLazyIteration(t, mt, numbers(zc), 1, 2) }), "page 2 is not needed for item 2")

	zc, mt = wiretest.NewClient(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/numbers", pages.Answer)
	assert.Equal(t, []int{1, 2, 3}, wiretest.Collect(t, numbers(zc)))
	assert.Equal(t, []string{"1", "2"}, wiretest.Map([]int{1, 2}, strconv.Itoa))
	assert.Equal(t, []string{}, wiretest.Map(nil, strconv.Itoa))

	zc, mt = wiretest.NewClient(t)
	wiretest.RespondFunc(mt, http.MethodGet, "/numbers", pages.FailingAt(500, `{"Code":"internal"}`, "c2"))
	items, err := wiretest.UntilError(t, numbers(zc))
	assert.Equal(t, []int{1, 2}, items)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)

	boom := errors.New("boom")
	yields := func(errs ...error) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			for _, err := range errs {
				if !yield(0, err) {
					return
				}
			}
		}
	}
	assert.True(t, fails(func(t testing.TB) { wiretest.UntilError(t, yields(boom, nil)) }), "an item after the error")
	assert.True(t, fails(func(t testing.TB) { wiretest.Collect(t, yields(nil, boom)) }), "Collect of an error")
	assert.True(t, fails(func(t testing.TB) { wiretest.UntilError(t, yields(nil)) }), "no error")
	assert.Equal(t, boom, wiretest.OnlyError(yields(boom)))
	assert.Error(t, wiretest.OnlyError(yields(boom, boom)))
	assert.Error(t, wiretest.OnlyError(yields()))
	assert.NoError(t, wiretest.OnlyError(yields(nil)))
}

func TestTables(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (*zchat.Client, *httpmock.MockTransport) {
		return wiretest.Setup(t, func(zc *zchat.Client) *zchat.Client { return zc })
	}
	wiretest.CheckOps(t, setup, []wiretest.Op[*zchat.Client]{{
		Name: "Put",
		Call: func(ctx context.Context, zc *zchat.Client) (any, error) {
			return nil, zc.Put(ctx, "/things/1", map[string]int{"A": 1}, nil)
		},
		Method: http.MethodPut, Path: "/things/1", WantBody: `{"A":1}`,
		Status: 204,
	}})
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*zchat.Client]{{
		Name: "Post with an empty key", Field: "Idempotency-Key",
		Call: func(ctx context.Context, zc *zchat.Client) error {
			return zc.Post(zchat.WithIdempotencyKey(ctx, ""), "/things", nil, nil)
		},
	}})
}

func TestRequireInvalid(t *testing.T) {
	t.Parallel()
	err := check.ID("userID", 0)
	wiretest.RequireInvalid(t, err, "userID")
	assert.True(t, fails(func(t testing.TB) { wiretest.RequireInvalid(t, err, "user") }), "a part of the name")
	assert.True(t, fails(func(t testing.TB) { wiretest.RequireInvalid(t, errors.New("userID"), "userID") }), "not an InvalidArgumentError")
	assert.True(t, fails(func(t testing.TB) { wiretest.RequireInvalid(t, nil, "userID") }), "no error")
}

// TestBuffer: writers on several goroutines and a reader at once (the race
// detector checks the locking), and nothing written is lost.
func TestBuffer(t *testing.T) {
	t.Parallel()
	var b wiretest.Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_, _ = b.Write([]byte("x"))
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, strings.Repeat("x", 800), b.String())
}
