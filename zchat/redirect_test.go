package zchat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/zchat"
)

// hit is one request a test server saw.
type hit struct {
	method, path, key, auth string
	body                    []byte
}

// hitLog records what a test server saw.
type hitLog struct {
	mu   sync.Mutex
	hits []hit
}

func (l *hitLog) add(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits = append(l.hits, hit{r.Method, r.URL.Path, r.Header.Get("Idempotency-Key"), r.Header.Get("Authorization"), body})
}

func (l *hitLog) all() []hit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]hit(nil), l.hits...)
}

// A request that changes something, answered 301/302/303, would be re-sent
// by net/http as a GET without its body, and the GET's answer decoded as if
// the POST had worked: the call ends instead with a *RedirectError naming
// the status and the Location, and the target is never asked.
func TestRedirectNeverTurnsAWriteIntoAGet(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303} {
		for _, method := range []string{"POST", "PUT", "DELETE"} {
			t.Run(fmt.Sprint(method, " ", status), func(t *testing.T) {
				t.Parallel()
				log := &hitLog{}
				c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
					log.add(r)
					if r.URL.Path == "/api/v1/leads" {
						w.Header().Set("Location", "/api/v1/leads/") // a trailing-slash redirect
						w.WriteHeader(status)
						return
					}
					fmt.Fprint(w, `{"LeadId":0}`)
				}, zchat.WithRetryMax(2))
				var out struct{ LeadID int }
				_, err := c.Do(context.Background(), &zchat.Request{Method: method, Path: "/leads", Body: map[string]string{"Email": "a@b.c"}}, &out)
				var re *zchat.RedirectError
				require.ErrorAs(t, err, &re, "never a silent success")
				assert.Equal(t, status, re.StatusCode)
				assert.Equal(t, method, re.Method)
				assert.Equal(t, "/leads", re.Path)
				assert.Contains(t, re.Location, "/api/v1/leads/")
				assert.Contains(t, err.Error(), fmt.Sprint(status))
				assert.Contains(t, err.Error(), "/api/v1/leads/")
				assert.Contains(t, err.Error(), "as a GET")
				assert.NotErrorIs(t, err, zchat.ErrOutcomeUnknown, "the server answered: nothing was done")
				hits := log.all()
				require.Len(t, hits, 1, "not retried, and the redirect's target never asked")
				assert.Equal(t, method, hits[0].method)
			})
		}
	}
	t.Run("GET follows as before", func(t *testing.T) {
		t.Parallel()
		c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/ping" {
				http.Redirect(w, r, "/api/v1/ping/", http.StatusMovedPermanently)
				return
			}
			fmt.Fprint(w, `{"Version":"moved"}`)
		})
		info, err := c.Ping(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "moved", info.Version)
	})
}

// The Location in a refused redirect's error is the server's text: it is
// bounded and has no control characters.
func TestRedirectErrorLocationIsBounded(t *testing.T) {
	t.Parallel()
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/x?"+strings.Repeat("%1b%5b2J", 4000))
		w.WriteHeader(http.StatusFound)
	})
	err := c.Post(context.Background(), "/leads", map[string]string{}, nil)
	var re *zchat.RedirectError
	require.ErrorAs(t, err, &re)
	assert.LessOrEqual(t, len(re.Location), safetext.MaxMessage+len("…"))
	assert.Less(t, len(err.Error()), 1000, "the *url.Error around it, which repeats the raw Location, is gone")
}

// A 307/308 keeps the method and body; for a request that changes
// something it is followed only within the same origin (scheme, host,
// port), carrying the exact body and the same Idempotency-Key. To another
// origin it ends the call: the body (a password, the key) is not re-sent
// there.
func TestRedirectWithBodyStaysOnOrigin(t *testing.T) {
	t.Parallel()
	for _, status := range []int{307, 308} {
		t.Run(fmt.Sprint(status, " same origin"), func(t *testing.T) {
			t.Parallel()
			log := &hitLog{}
			c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
				log.add(r)
				if r.URL.Path == "/api/v1/agents" {
					w.Header().Set("Location", "/api/v1/agents/")
					w.WriteHeader(status)
					return
				}
				w.WriteHeader(201)
				fmt.Fprint(w, `{"UserId":9}`)
			})
			body := map[string]string{"LoginName": "ana", "Password": "pl41n-s3cret"}
			var out struct{ UserID int }
			require.NoError(t, c.Post(context.Background(), "/agents", body, &out))
			assert.Equal(t, 9, out.UserID)
			hits := log.all()
			require.Len(t, hits, 2)
			assert.Equal(t, "/api/v1/agents/", hits[1].path)
			assert.Equal(t, "POST", hits[1].method)
			assert.Equal(t, hits[0].body, hits[1].body, "the exact body")
			assert.NotEmpty(t, hits[0].key)
			assert.Equal(t, hits[0].key, hits[1].key, "the same Idempotency-Key")
			assert.Equal(t, "Bearer "+testKey, hits[1].auth)
		})
		t.Run(fmt.Sprint(status, " other origin"), func(t *testing.T) {
			t.Parallel()
			var otherHits atomic.Int32
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				otherHits.Add(1)
				w.WriteHeader(201)
				fmt.Fprint(w, `{"UserId":666}`)
			}))
			t.Cleanup(other.Close)
			c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
				// Same host name, another port: another origin.
				w.Header().Set("Location", other.URL+"/collect")
				w.WriteHeader(status)
			}, zchat.WithRetryMax(2))
			err := c.Post(context.Background(), "/agents", map[string]string{"Password": "pl41n-s3cret"}, nil)
			var re *zchat.RedirectError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, status, re.StatusCode)
			assert.Contains(t, err.Error(), other.URL+"/collect")
			assert.Contains(t, err.Error(), "another origin")
			assert.Zero(t, otherHits.Load(), "nothing sent to the other origin")
		})
	}
}

// The caller's own CheckRedirect (WithHTTPClient) still decides about the
// redirects the Client allows, and cannot make it follow one it refuses.
func TestRedirectCallerPolicyAppliesToAllowedOnly(t *testing.T) {
	t.Parallel()
	var targetHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/a":
			http.Redirect(w, r, "/api/v1/target", http.StatusTemporaryRedirect)
		case "/api/v1/b":
			http.Redirect(w, r, "/api/v1/target", http.StatusFound)
		default:
			targetHits.Add(1)
			fmt.Fprint(w, `{}`)
		}
	}))
	t.Cleanup(srv.Close)
	stop := errors.New("caller says no")
	refuse, err := zchat.NewClient(srv.URL, zchat.WithRetryMax(0), zchat.WithHTTPClient(&http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return stop },
	}))
	require.NoError(t, err)
	assert.ErrorIs(t, refuse.Post(context.Background(), "/a", map[string]int{}, nil), stop)

	allowAll, err := zchat.NewClient(srv.URL, zchat.WithRetryMax(0), zchat.WithHTTPClient(&http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return nil },
	}))
	require.NoError(t, err)
	require.NoError(t, allowAll.Post(context.Background(), "/a", map[string]int{}, nil))
	assert.EqualValues(t, 1, targetHits.Load())
	var re *zchat.RedirectError
	require.ErrorAs(t, allowAll.Post(context.Background(), "/b", map[string]int{}, nil), &re)
	assert.EqualValues(t, 1, targetHits.Load(), "a 302 of a POST is refused whatever the caller's policy")
}
