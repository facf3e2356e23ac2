package zchattest_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchattest"
)

// TestRequestRecordBounded sends more requests than the record keeps, some
// with huge unauthenticated URLs (as a scanner on mock-server's port
// would): the record keeps the last MaxRecordedRequests, each field cut to
// MaxRecordedField bytes, while Stats still counts every request.
func TestRequestRecordBounded(t *testing.T) {
	t.Parallel()
	s := zchattest.NewUnstartedServer() // a Handler: no port needed
	t.Cleanup(s.Close)
	serve := func(target string) int {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		return w.Code
	}
	huge := strings.Repeat("x", 768<<10)
	const total = zchattest.MaxRecordedRequests + 150
	for i := range total {
		target := "/api/v1/agents/" + strconv.Itoa(i)
		if i%100 == 0 {
			target += "/" + huge + "?q=" + huge // 1.5 MiB of URL
		}
		require.Equal(t, http.StatusUnauthorized, serve(target))
	}

	recs := s.Requests()
	require.Len(t, recs, zchattest.MaxRecordedRequests, "only the last requests are kept")
	assert.Equal(t, total, s.Stats().Requests, "every request is counted")
	assert.Equal(t, "/agents/150", recs[0].Path, "the oldest are dropped first")
	assert.Equal(t, "/agents/"+strconv.Itoa(total-1), recs[len(recs)-1].Path)
	cut := 0
	for _, r := range recs {
		assert.LessOrEqual(t, len(r.Path), zchattest.MaxRecordedField)
		assert.LessOrEqual(t, len(r.Query), zchattest.MaxRecordedField)
		if strings.HasPrefix(r.Path, "/agents/200/") {
			cut++
			assert.True(t, strings.HasSuffix(r.Path, "…"), "a cut field is marked")
			assert.True(t, strings.HasSuffix(r.Query, "…"))
		}
	}
	assert.Equal(t, 1, cut)
}

// TestUnstartedServerOpensNoPort checks that a Server used as a Handler
// (never started, as zchat mock-server uses it) holds no listening socket,
// and that Start opens exactly one.
func TestUnstartedServerOpensNoPort(t *testing.T) { // not parallel: it counts the process's sockets
	if runtime.GOOS != "linux" {
		t.Skip("counts listening sockets through /proc, which only Linux has")
	}
	before := listeningSockets(t)
	s := zchattest.NewUnstartedServer(zchattest.WithDemoData())
	assert.Equal(t, before, listeningSockets(t), "an unstarted Server opened a port")
	s.Start()
	assert.Equal(t, before+1, listeningSockets(t), "Start opens one port")
	s.Close()
	assert.Equal(t, before, listeningSockets(t), "Close closes it")

	u := zchattest.NewUnstartedServer()
	u.Close() // closing a never-started Server is fine
	assert.Panics(t, func() { s2 := zchattest.NewServer(); defer s2.Close(); s2.Start() })
}

// listeningSockets counts the TCP sockets of this process in the LISTEN
// state: its socket inodes (/proc/self/fd) found in /proc/net/tcp{,6} with
// state 0A.
func listeningSockets(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(link, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	n := 0
	for _, name := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(name)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) > 9 && fields[3] == "0A" && inodes[fields[9]] {
				n++
			}
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
	}
	return n
}

// TestRequestRecordMemory checks that the record does not keep a huge
// request alive: 64 unauthenticated requests with 768 KiB URLs (48 MiB in
// all) leave the heap almost where it was. A record that kept a substring
// of the request line (the Method is one) kept the whole line.
func TestRequestRecordMemory(t *testing.T) { // not parallel: it measures the heap
	s := zchattest.NewUnstartedServer()
	t.Cleanup(s.Close)
	target := "/api/v1/agents/" + strings.Repeat("x", 768<<10)
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	for range 64 {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	grown := int64(m.HeapAlloc) - int64(before)
	assert.Less(t, grown, int64(16<<20), "the heap grew by %d MiB for 64 recorded requests", grown>>20)
	assert.Len(t, s.Requests(), 64)
}
