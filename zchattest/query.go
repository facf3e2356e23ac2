package zchattest

import (
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// query reads a request's query parameters, names matched
// case-insensitively (as ASP.NET binds them), and collects what is
// malformed. An empty value counts as absent; unknown parameters are
// ignored.
type query struct {
	v    map[string]string
	errs fieldErrs
}

func (c *call) query() *query {
	q := &query{v: map[string]string{}}
	for k, vs := range c.r.URL.Query() {
		if len(vs) > 0 {
			q.v[strings.ToLower(k)] = vs[0]
		}
	}
	return q
}

func (q *query) get(name string) string { return q.v[strings.ToLower(name)] }

// int reads an integer in [min, max]; ok is false when absent or malformed.
func (q *query) int(name string, min, max int) (int, bool) {
	s := q.get(name)
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		q.errs.add(name, "is %q; want an integer from %d to %d", s, min, max)
		return 0, false
	}
	return n, true
}

// time reads an RFC 3339 time, any offset.
func (q *query) time(name string) time.Time {
	s := q.get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		q.errs.add(name, "is %q; want an RFC 3339 time such as 2026-11-24T03:52:27Z", s)
	}
	return t
}

// chatID reads a chat id, "Kind:rest".
func (q *query) chatID(name string) zchat.ChatID {
	s := q.get(name)
	if s != "" && !validChatID(s) {
		q.errs.add(name, "is %q; want a chat id such as User:3 or Guest:@cust-8812", s)
		return ""
	}
	return zchat.ChatID(s)
}

// enum reads one of the allowed values.
func (q *query) enum(name string, allowed ...string) string {
	s := q.get(name)
	if s == "" {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	q.errs.add(name, "is %q; want one of %s", s, strings.Join(allowed, ", "))
	return ""
}

func (q *query) err() error { return q.errs.badQuery() }

// validChatID reports whether s is "Kind:rest": a letter, then letters,
// digits, '_' or '-', a colon and at least one more character.
func validChatID(s string) bool {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || kind == "" || rest == "" {
		return false
	}
	for i, r := range kind {
		letter := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '_' || r == '-')) {
			return false
		}
	}
	return true
}
