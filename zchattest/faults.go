package zchattest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault makes requests fail the way networks, proxies and busy servers
// make them fail. InjectFaults queues faults; each request takes the first
// queued fault that matches it (Method, Path and Match all agree), which
// then applies to Count requests in all before it is used up.
//
// What a fault does, in order: wait Delay (ending early, with no answer,
// when the client gives up or the server closes); then DropConnection closes
// the connection without an answer; otherwise Status answers with that
// status (the contract's JSON error body, or an Nginx-style HTML page without
// X-Request-Id when HTML is set, with Retry-After when set); DropMidBody sends
// the headers and half of the body of that answer (of a 500 when Status is
// not set; of the server's own answer with After and no Status), then closes
// the connection. A fault with only a Delay just slows the request down.
//
// A fault applies before the server does anything (auth, idempotency,
// routing), so the request is not acted on; with After it applies once the
// server has handled the request, so the request is acted on (and its
// answer stored under its Idempotency-Key) but the answer is lost, delayed
// or replaced: what a proxy timing out after the server did its work looks
// like to a client.
type Fault struct {
	Count int // requests the fault applies to; 0 means 1

	// Which requests: Method ("" = any), Path, a prefix of the path below
	// the base path ("/leads" matches /leads and /leads/3/cases; "" = any),
	// and Match (nil = any). Match runs with the server's lock held: it must
	// not call the Server's methods.
	Method string
	Path   string
	Match  func(*http.Request) bool

	Status         int           // answer with this status (an error code for it in the body)
	RetryAfter     string        // Retry-After header of that answer, e.g. "120" or an HTTP-date; a 429 always has one ("0" unless set)
	HTML           bool          // the answer is a proxy's HTML page, not JSON
	Delay          time.Duration // wait before anything else
	DropConnection bool          // close the connection without an answer
	DropMidBody    bool          // send the headers and half the body, then close
	After          bool          // apply after the server has handled the request
}

// faultQueue is the fault injector's queue: the faults InjectFaults
// queued, in order, each claimed by the requests it matches until its Count
// is spent. It is guarded by Server.mu.
type faultQueue struct{ queued []*Fault }

func (q *faultQueue) add(faults []Fault) {
	for _, f := range faults {
		if f.Count <= 0 {
			f.Count = 1
		}
		q.queued = append(q.queued, &f)
	}
}

// pending is the Counts left, added up.
func (q *faultQueue) pending() int {
	n := 0
	for _, f := range q.queued {
		n += f.Count
	}
	return n
}

// take claims the first queued fault matching r, if any.
func (q *faultQueue) take(r *http.Request, rel string) *Fault {
	for i, f := range q.queued {
		if !f.matches(r, rel) {
			continue
		}
		f.Count--
		if f.Count == 0 {
			q.queued = append(q.queued[:i], q.queued[i+1:]...)
		}
		c := *f
		return &c
	}
	return nil
}

// InjectFaults queues faults, in order.
func (s *Server) InjectFaults(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.add(faults)
}

// PendingFaults is how many faulty requests are still queued (the Counts
// left, added up).
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.pending()
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = faultQueue{}
}

// takeFault claims the first queued fault matching r, if any.
func (s *Server) takeFault(r *http.Request, rel string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.take(r, rel)
}

func (f *Fault) matches(r *http.Request, rel string) bool {
	return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
		strings.HasPrefix(rel, f.Path) &&
		(f.Match == nil || f.Match(r))
}

// faultBefore applies a fault before the server handles the request; true
// when the request is answered (or dropped).
func (s *Server) faultBefore(w http.ResponseWriter, r *http.Request, f *Fault, rec *RequestRecord) bool {
	if !s.wait(r, f.Delay) {
		s.drop(w, rec)
		return true
	}
	return s.breakAnswer(w, f, nil, rec)
}

// breakAnswer drops, replaces or cuts the answer as f says; real is the
// server's own answer (nil before it handled the request). True when the
// request is answered (or dropped).
func (s *Server) breakAnswer(w http.ResponseWriter, f *Fault, real *reply, rec *RequestRecord) bool {
	if f.DropConnection {
		s.drop(w, rec)
		return true
	}
	rp := real
	if f.Status != 0 || rp == nil {
		rp = s.faultReply(f, rec.RequestID)
	}
	switch {
	case f.DropMidBody:
		s.writeHead(w, rp, rec, len(rp.body))
		_, _ = w.Write(rp.body[:len(rp.body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		s.drop(w, rec)
	case f.Status != 0:
		s.write(w, rp, rec)
	default:
		return false
	}
	return true
}

// faultReply is the answer of a fault: the contract's JSON error for its
// status (500 when none), or an Nginx-style page.
func (s *Server) faultReply(f *Fault, rid string) *reply {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	var rp *reply
	if f.HTML {
		rp = &reply{status: status, proxy: true, header: http.Header{"Content-Type": {"text/html"}}, body: []byte(nginxPage(status))}
	} else {
		rp = s.errorReply(rid, errorf(status, codeFor(status), "injected fault: %s", http.StatusText(status)))
	}
	switch {
	case f.RetryAfter != "":
		rp.header.Set("Retry-After", f.RetryAfter)
	case status == http.StatusTooManyRequests:
		rp.header.Set("Retry-After", "0") // the contract requires it on 429
	}
	return rp
}

// nginxPage is the page Nginx writes for an error status.
func nginxPage(status int) string {
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	return fmt.Sprintf("<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n", title, title)
}

// wait sleeps for d; false when the client gave up or the server is
// closing first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.ctx.Done():
	}
	return false
}

// drop closes the connection without (the rest of) an answer.
func (s *Server) drop(w http.ResponseWriter, rec *RequestRecord) {
	rec.Dropped = true
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http closes the connection, quietly
}
