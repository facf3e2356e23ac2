package zchat

import (
	"context"
	"net/http"

	"github.com/zchat/zchat-go/internal/safetext"
)

// Response tells what came back, beyond the decoded body.
type Response struct {
	StatusCode int
	Header     http.Header
	RequestID  string // X-Request-Id, bounded and cleaned (Header keeps it raw)
	Attempts   int    // how many times the request was sent
}

// Get sends a GET and decodes the answer into out. It, Post, Put and
// Delete are Do for a Request with only a method and a path (and a query or
// a body): the short form of the escape hatch.
func (c *Client) Get(ctx context.Context, path string, query, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodGet, Path: path, Query: query}, out)
	return err
}

// Post sends a POST with body in (with an Idempotency-Key) and decodes the
// answer into out.
func (c *Client) Post(ctx context.Context, path string, in, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodPost, Path: path, Body: in}, out)
	return err
}

// Put sends a PUT with body in and decodes the answer into out.
func (c *Client) Put(ctx context.Context, path string, in, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodPut, Path: path, Body: in}, out)
	return err
}

// Delete sends a DELETE.
func (c *Client) Delete(ctx context.Context, path string) error {
	_, err := c.do(ctx, &Request{Method: http.MethodDelete, Path: path}, nil)
	return err
}

// Do is the request pipeline every call goes through: it builds the request
// (URL, query, JSON body, auth, idempotency key), sends it with retries,
// turns a non-2xx answer into *APIError and decodes a 2xx body into out (a
// pointer, or nil to discard the body). Reads are bounded by
// WithMaxResponseBytes.
//
// Every method of the resource packages is a call to Do. Call it yourself
// for an endpoint the SDK does not wrap yet: you get the same key handling,
// retries, idempotency and errors. The Response is nil when no answer came
// back.
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	info, err := c.do(ctx, r, out)
	if info.StatusCode == 0 {
		return nil, err // no answer came back
	}
	return &info, err
}

// do is Do with the Response returned by value, which the helpers that
// discard it (Get, Post, Ping…) do not pay an allocation for
// (BenchmarkGet).
func (c *Client) do(ctx context.Context, r *Request, out any) (Response, error) {
	if ctx == nil {
		return Response{}, invalidArgument("ctx", "is nil")
	}
	if r == nil {
		return Response{}, invalidArgument("request", "is nil")
	}
	state := &callState{Context: ctx, method: r.Method, path: r.Path, operation: r.Operation, pattern: r.Pattern}
	var end func(Response, error)
	if len(c.observers) > 0 {
		state.Context, end = c.observeCall(state, r)
	}
	info, err := c.send(state, r, out)
	if end != nil {
		end(info, err)
	}
	capture(ctx, info)
	return info, err
}

// send builds, sends and reads one call.
func (c *Client) send(state *callState, r *Request, out any) (Response, error) {
	req, err := c.newRequest(state, r)
	if err != nil {
		return Response{}, err
	}
	// The 2xx body is read inside the retry loop, so that a connection lost
	// in the middle of it is retried like one lost before the answer.
	state.client, state.out = c, out
	req.SetResponseHandler(readSuccess)
	resp, err := c.rc.Do(req)
	if err != nil {
		return Response{Attempts: state.attempts()}, c.transportError(r, state, err)
	}
	defer resp.Body.Close()
	info := Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  safetext.Token(resp.Header.Get("X-Request-Id")),
		Attempts:   state.attempts(),
	}
	if !success(resp.StatusCode) {
		body := &capReader{r: resp.Body, remaining: c.maxResponseBytes, limit: c.maxResponseBytes}
		err := c.apiError(r, resp, body, &info)
		if state.unanswered && retryableStatus(resp.StatusCode) || proxyLostAnswer(r.Method, resp.StatusCode) {
			// An earlier attempt was sent and got no answer, or a proxy
			// says it got none from the server: this answer does not say
			// whether the write took effect.
			err = state.outcomeUnknown(err)
		}
		return info, err
	}
	if state.decodeErr != nil {
		return info, c.callError(r, &info, state.decodeErr)
	}
	return info, nil
}

func success(status int) bool { return status >= 200 && status <= 299 }

// proxyLostAnswer reports a write answered 502 Bad Gateway or 504 Gateway
// Timeout: the proxy in front (IIS, Nginx) got no valid answer from the APP
// Server, which may have acted all the same.
func proxyLostAnswer(method string, status int) bool {
	return changesState(method) && (status == http.StatusBadGateway || status == http.StatusGatewayTimeout)
}
