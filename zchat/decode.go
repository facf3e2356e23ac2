package zchat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// readSuccess decodes a 2xx body into out (or discards it when out is nil)
// and reads what is left, bounded, so the connection can be reused. It runs
// inside the retry loop: an error from the connection itself (a reset, a
// body cut short, an attempt timeout) is returned, and the request is sent
// again, with the same Idempotency-Key. Any other problem (bad JSON, a body
// over the cap) will not heal by retrying; it is kept in state for Do.
func readSuccess(resp *http.Response) error {
	// A plain function, not a closure over the call: it finds the call's
	// state in the request's context, and the call pays no allocation.
	state := callStateOf(resp.Request.Context())
	if state == nil {
		return errors.New("zchat: internal error: a response without its call")
	}
	c, out := state.client, state.out
	state.decodeErr = nil
	if !success(resp.StatusCode) {
		return nil // Do reads error bodies
	}
	// The reader lives in the call's state: one allocation fewer per call.
	state.body = capReader{r: resp.Body, remaining: c.maxResponseBytes, limit: c.maxResponseBytes}
	body := &state.body
	var err error
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if state.attempts() > 1 {
			resetValue(out) // an earlier attempt may have half-filled it
		}
		err = decodeBody(body, resp.Header.Get("Content-Type"), out)
	}
	if err == nil {
		// A connection error here shows in body.readErr; a body going on
		// past the cap after a whole value is left unread.
		_, _ = io.Copy(io.Discard, body)
	}
	if body.readErr != nil {
		return body.readErr
	}
	state.decodeErr = err
	return nil
}

// resetValue sets what out points to back to its zero value.
func resetValue(out any) {
	if v := reflect.ValueOf(out); v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().CanSet() {
		v.Elem().SetZero()
	}
}

// utf8BOM is the byte-order mark some Windows servers put before JSON.
var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// decodeBody decodes one JSON value from body into out, with errors that say
// what was wrong: an empty body, an HTML page, null where an object was
// expected, or JSON of the wrong shape. A UTF-8 byte-order mark before the
// JSON is skipped.
func decodeBody(body *capReader, contentType string, out any) error {
	first, err := body.start()
	switch {
	case err != nil && errors.Is(err, io.EOF):
		return errors.New("empty response body where JSON was expected")
	case err != nil:
		return err
	case first == '<' || isHTML(contentType):
		// A login page or a proxy's page with a 2xx, labelled or not: say
		// what it is.
		raw, _ := io.ReadAll(io.LimitReader(body, 4<<10))
		what := mediaType(contentType)
		if !isHTML(contentType) {
			what = "an HTML page"
		}
		return fmt.Errorf("response is %s, not JSON: %q", what, plainExcerpt(raw, "text/html"))
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(out); err != nil {
		switch {
		case errors.Is(err, ErrResponseTooLarge):
			return err
		case errors.Is(err, io.EOF):
			return errors.New("empty response body where JSON was expected")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("truncated JSON in response: %w", err)
		case !isJSON(contentType):
			return fmt.Errorf("response is %s, not JSON: %w", mediaType(contentType), err)
		}
		return fmt.Errorf("decoding response: %w", err)
	}
	if first == 'n' && !nullable(out) {
		return errors.New("response is null where a JSON object was expected")
	}
	return nil
}

// nullable reports whether JSON null is a fair answer for out: a list (nil
// is an empty list), a map, or an interface. For an object, null would
// leave a zero value that looks like success.
func nullable(out any) bool {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return true
	}
	switch v.Elem().Kind() {
	case reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func mediaType(contentType string) string {
	if contentType == "application/json" || contentType == "application/json; charset=utf-8" {
		return "application/json" // what mime.ParseMediaType says, without its map
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		return "an unknown content type"
	}
	return mt
}

func isHTML(contentType string) bool {
	mt := mediaType(contentType)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func isJSON(contentType string) bool {
	if contentType == "" {
		return true // many proxies drop it; try JSON anyway
	}
	mt := mediaType(contentType)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// capReader reads at most remaining bytes and then fails with
// ErrResponseTooLarge if the body goes on; a body of exactly the limit reads
// fine. It keeps the first error the connection itself returned (anything
// but io.EOF), which tells a body cut short from truncated JSON.
type capReader struct {
	r         io.Reader
	remaining int64
	limit     int64
	readErr   error
	head      [3]byte // bytes read ahead by start, returned again by Read
	pending   []byte  // the part of head not yet returned
}

func (c *capReader) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		return c.read(p)
	}
	// What start read ahead, and more in the same call: a reader that gets
	// one byte at first would grow its buffer once more.
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	if n == len(p) || len(c.pending) > 0 {
		return n, nil
	}
	m, err := c.read(p[n:])
	return n + m, err
}

func (c *capReader) read(p []byte) (int, error) {
	if c.remaining <= 0 {
		var one [1]byte
		n, err := io.ReadFull(c.r, one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.limit)
		}
		return 0, c.keep(err)
	}
	if int64(len(p)) > c.remaining {
		p = p[:c.remaining]
	}
	n, err := c.r.Read(p)
	c.remaining -= int64(n)
	return n, c.keep(err)
}

// start skips a UTF-8 byte-order mark and JSON white space at the start of
// the body and returns the first byte of what follows, which the next Read
// returns again.
func (c *capReader) start() (byte, error) {
	atStart := true
	for {
		n, err := io.ReadFull(c, c.head[:1])
		if n == 0 {
			return 0, err
		}
		b := c.head[0]
		if atStart && b == utf8BOM[0] {
			atStart = false
			m, _ := io.ReadFull(c, c.head[1:3])
			if m == 2 && bytes.Equal(c.head[:3], utf8BOM) {
				continue
			}
			c.pending = c.head[:1+m] // not a BOM: let the decoder say what it is
			return b, nil
		}
		atStart = false
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		c.pending = c.head[:1]
		return b, nil
	}
}

func (c *capReader) keep(err error) error {
	if err != nil && err != io.EOF && c.readErr == nil {
		c.readErr = err
	}
	return err
}
