package zchat

import (
	"context"
	"io"
	"sync"
	"time"
)

// attemptCtx is one attempt's context: the call's, ended by the per-attempt
// timeout (WithTimeout), by the call's own context, or when the attempt's
// body is closed. It is the performance trick that replaces
// context.WithTimeoutCause per attempt — a timer, a context with a map of
// children and a body wrapper, about 7 allocations and timer-heap work per
// request, which made a GET 1.3–1.4× bare net/http on a machine whose cores
// were busy (BenchmarkGet, TestPerfGetOverhead, docs/PERFORMANCE.md). Here
// the deadline is kept by the Client's one attemptTimer, the first attempt's
// context lives in the call's state, and the children net/http derives from
// it register through AfterFunc without a map.
type attemptCtx struct {
	context.Context // the request's: the call's
	timer           *attemptTimer
	deadline        time.Time
	stopParent      func() bool // set when the call's context can end

	prev, next *attemptCtx // in timer's list of running attempts; guarded by timer.mu
	listed     bool        // guarded by timer.mu

	mu    sync.Mutex
	done  chan struct{} // made by the first Done; closed when the attempt ends
	err   error         // nil while the attempt runs
	funcs [2]func()     // what AfterFunc registered: net/http's one child, usually
	more  []func()

	body attemptBody // the response body, whose Close ends the attempt
}

// start begins the attempt under parent and puts it in t's list.
func (a *attemptCtx) start(parent context.Context, t *attemptTimer) {
	a.Context, a.timer = parent, t
	if parent.Done() != nil {
		if err := parent.Err(); err != nil {
			// Already done: end now. context.AfterFunc would end it from a
			// goroutine, after net/http had checked Done and sent the request.
			a.end(err)
		} else {
			a.stopParent = context.AfterFunc(parent, a.parentDone)
		}
	}
	t.add(a)
}

func (a *attemptCtx) parentDone() { a.end(a.Context.Err()) }

// finish ends an attempt that is over: its body was closed or no answer came.
func (a *attemptCtx) finish() {
	a.timer.remove(a)
	if a.stopParent != nil {
		a.stopParent()
	}
	a.end(context.Canceled)
}

// end records why the attempt ended (the first reason wins), closes Done and
// runs what AfterFunc registered.
func (a *attemptCtx) end(err error) {
	a.mu.Lock()
	if a.err != nil {
		a.mu.Unlock()
		return
	}
	a.err = err
	if a.done == nil {
		a.done = closedChan
	} else {
		close(a.done)
	}
	funcs, more := a.funcs, a.more
	a.funcs, a.more = [2]func(){}, nil
	a.mu.Unlock()
	for _, f := range funcs {
		if f != nil {
			f()
		}
	}
	for _, f := range more {
		f()
	}
}

// timedOut reports whether the per-attempt timeout ended the attempt.
func (a *attemptCtx) timedOut() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err != nil && a.err == a.timer.expired
}

// closedChan is the Done of an attempt that ended before anyone asked.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Deadline is the attempt's deadline, or the call's when that comes first.
func (a *attemptCtx) Deadline() (time.Time, bool) {
	if d, ok := a.Context.Deadline(); ok && d.Before(a.deadline) {
		return d, true
	}
	return a.deadline, true
}

// Done is closed when the attempt ends.
func (a *attemptCtx) Done() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done == nil {
		a.done = make(chan struct{})
	}
	return a.done
}

// Err is nil while the attempt runs (Done is open: the context contract);
// then the *AttemptTimeoutError of the timeout (which matches
// context.DeadlineExceeded), the call's context's error, or
// context.Canceled once the attempt is over. Contexts derived from an
// attempt get it as their cause, so net/http's errors say which.
func (a *attemptCtx) Err() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// AfterFunc is how the context package ties a context derived from the
// attempt (net/http derives one per request) to it: f runs when the attempt
// ends, without the map of children and the locking of a standard context.
// The returned stop does nothing and reports false: its only caller, the
// context package, ignores the result, and a func left registered runs once
// when the attempt ends, on a derived context that is already done.
func (a *attemptCtx) AfterFunc(f func()) (stop func() bool) {
	a.mu.Lock()
	if a.err != nil {
		a.mu.Unlock()
		go f() // as context.AfterFunc does for a context already done
		return noStop
	}
	switch {
	case a.funcs[0] == nil:
		a.funcs[0] = f
	case a.funcs[1] == nil:
		a.funcs[1] = f
	default:
		a.more = append(a.more, f)
	}
	a.mu.Unlock()
	return noStop
}

func noStop() bool { return false }

// attemptBody is an attempt's response body: closing it ends the attempt.
type attemptBody struct {
	io.ReadCloser
	a *attemptCtx
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.a.finish()
	return err
}

// attemptTimer ends the attempts of one Client that outlive the per-attempt
// timeout, with one time.Timer for all of them instead of one per attempt.
// Every attempt gets the same timeout, so the running attempts, kept in the
// order they started, are also in the order of their deadlines: the timer
// only ever waits for the first. It is armed when an attempt starts and it
// is not, and re-armed when it fires, so a Client making requests back to
// back touches it about once per timeout, not once per request.
type attemptTimer struct {
	timeout time.Duration
	expired error // the *AttemptTimeoutError every timed-out attempt ends with

	mu         sync.Mutex
	head, tail *attemptCtx // the running attempts, earliest deadline first
	t          *time.Timer
	armed      bool
}

func (t *attemptTimer) add(a *attemptCtx) {
	t.mu.Lock()
	a.deadline = time.Now().Add(t.timeout) // under mu: deadlines grow along the list
	a.prev, a.next, a.listed = t.tail, nil, true
	if t.tail != nil {
		t.tail.next = a
	} else {
		t.head = a
	}
	t.tail = a
	if !t.armed {
		t.arm(t.timeout)
	}
	t.mu.Unlock()
}

func (t *attemptTimer) remove(a *attemptCtx) {
	t.mu.Lock()
	t.unlink(a)
	t.mu.Unlock()
}

// arm sets the timer to fire in d; t.mu is held.
func (t *attemptTimer) arm(d time.Duration) {
	t.armed = true
	if t.t == nil {
		t.t = time.AfterFunc(d, t.fire)
		return
	}
	t.t.Reset(d)
}

// unlink takes a out of the list, if it is in it; t.mu is held.
func (t *attemptTimer) unlink(a *attemptCtx) {
	if !a.listed {
		return
	}
	if a.prev != nil {
		a.prev.next = a.next
	} else {
		t.head = a.next
	}
	if a.next != nil {
		a.next.prev = a.prev
	} else {
		t.tail = a.prev
	}
	a.prev, a.next, a.listed = nil, nil, false
}

// fire ends the attempts whose deadline has passed and waits for the next.
func (t *attemptTimer) fire() {
	var expired []*attemptCtx
	t.mu.Lock()
	now := time.Now()
	for t.head != nil && !t.head.deadline.After(now) {
		a := t.head
		t.unlink(a)
		expired = append(expired, a)
	}
	t.armed = false
	if t.head != nil {
		t.arm(t.head.deadline.Sub(now))
	}
	t.mu.Unlock()
	for _, a := range expired {
		a.end(t.expired)
	}
}
