package zchat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/zchat/zchat-go/internal/htmltext"
	"github.com/zchat/zchat-go/internal/safetext"
)

// apiError turns a non-2xx answer into *APIError. The server's JSON error
// body is used when there is one; otherwise (an IIS or Nginx page) Message
// is a short plain-text excerpt of the body.
func (c *Client) apiError(r *Request, resp *http.Response, body io.Reader, info *Response) error {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     r.Method,
		Path:       r.Path,
		Attempts:   info.Attempts,
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok {
		e.RetryAfter = d
	}
	raw, err := io.ReadAll(io.LimitReader(body, maxErrorBody))
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		e.Message = "reading error body: " + err.Error()
	}
	if len(raw) > 0 && !decodeErrorBody(raw, e) {
		e.Message = plainExcerpt(raw, resp.Header.Get("Content-Type"))
		if looksHTML(raw, resp.Header.Get("Content-Type")) {
			e.Message = strings.TrimSuffix("proxy answered with an HTML page: "+e.Message, ": ")
		}
	}
	if e.RequestID == "" {
		e.RequestID = info.RequestID
	}
	return e
}

// maxErrorBody is how much of an error body is read: one worth reading is
// small.
const maxErrorBody = 64 << 10

// maxFields is how many of an error body's Fields are kept.
const maxFields = 50

// decodeErrorBody fills e from the server's JSON error body. It goes by
// the body, not the Content-Type, which proxies and some installs get wrong;
// a JSON value that is not an error object does not count.
func decodeErrorBody(raw []byte, e *APIError) bool {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(raw, utf8BOM))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var body APIError
	if json.Unmarshal(trimmed, &body) != nil || (body.Code == "" && body.Message == "") {
		return false
	}
	e.Code = safetext.Token(body.Code)
	e.Message = safetext.Line(body.Message, safetext.MaxMessage)
	e.RequestID = safetext.Token(body.RequestID)
	if len(body.Fields) > 0 {
		e.Fields = make([]FieldError, min(len(body.Fields), maxFields))
		for i := range e.Fields {
			e.Fields[i] = FieldError{Field: safetext.Token(body.Fields[i].Field), Message: safetext.Line(body.Fields[i].Message, safetext.MaxMessage)}
		}
	}
	return true
}

// callError wraps an error that happened after an answer came back.
func (c *Client) callError(r *Request, info *Response, err error) error {
	msg := "zchat: " + r.Method + " " + r.Path
	if info.RequestID != "" {
		msg += " (request id " + info.RequestID + ")"
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// plainExcerpt makes a short, single-line text from a body that is not the
// server's JSON: the <title> of an HTML page (else its text without tags),
// or the text itself.
func plainExcerpt(raw []byte, contentType string) string {
	text := string(raw)
	if looksHTML(raw, contentType) {
		if t := htmltext.Title(text); t != "" {
			text = t
		} else {
			text = htmltext.ToText(text)
		}
	}
	return safetext.Line(text, maxExcerpt)
}

// maxExcerpt bounds the excerpt of a body that is not the server's JSON.
const maxExcerpt = 200

// looksHTML reports whether a body is an HTML page, by its type or its
// first byte (proxies do not always label their pages).
func looksHTML(raw []byte, contentType string) bool {
	return isHTML(contentType) || bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(raw, utf8BOM)), []byte("<"))
}
