package zchattest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
)

// cursorTTL is how long a cursor lives.
const cursorTTL = 24 * time.Hour

// cursorData is what a cursor carries: the listing it belongs to (kind and
// scope, e.g. the lead of a list of cases), its filter, the last id listed,
// and when it expires. A cursor is its JSON in base64url, a dot, and a
// truncated HMAC-SHA256 of it under a key of the server's, so a cursor cannot
// be forged or altered.
type cursorData struct {
	Kind   string          `json:"k"`
	Scope  int             `json:"s,omitempty"`
	After  int             `json:"a"`
	Exp    int64           `json:"e"`
	Filter json.RawMessage `json:"f,omitempty"`
}

var b64 = base64.RawURLEncoding

func (s *Server) cursorMAC(payload []byte) []byte {
	m := hmac.New(sha256.New, s.st.cursorKey)
	m.Write(payload)
	return m.Sum(nil)[:16]
}

func (s *Server) makeCursor(d cursorData) string {
	payload, _ := json.Marshal(d) // strings, ints and JSON: cannot fail
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(s.cursorMAC(payload))
}

// readCursor checks a cursor: → 400 invalid_cursor when it is not one this
// server made, belongs to another listing, or has expired.
func (s *Server) readCursor(raw, kind string, scope int) (cursorData, error) {
	var d cursorData
	p, sig, _ := strings.Cut(raw, ".")
	payload, err1 := b64.DecodeString(p)
	mac, err2 := b64.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.cursorMAC(payload)) || json.Unmarshal(payload, &d) != nil {
		return d, invalidCursor("the cursor is not one this server made; start the listing again")
	}
	if d.Kind != kind || d.Scope != scope {
		return d, invalidCursor("the cursor belongs to another listing; start the listing again")
	}
	if s.now().Unix() >= d.Exp {
		return d, invalidCursor("the cursor has expired (cursors live 24 h); start the listing again")
	}
	return d, nil
}

// listing is what a list operation pages: the kind and scope (the id of the
// object it lists in, or 0) of its cursors, its filter (a pointer to the
// filter struct, or nil) and parse (nil, or what reads the filter's query
// parameters and returns the id to list after).
type listing struct {
	kind   string
	scope  int
	filter any
	parse  func(*query) int
}

// pager is where a listing is: its page size and the last id already
// listed; its filter is from the query, or from the cursor.
type pager struct {
	listing
	size  int
	after int
}

// newPager reads pageSize and cursor. With a cursor, the listing's filter is
// decoded from it into l.filter and the other parameters are ignored;
// without one, l.parse (when not nil) reads them and returns the id to list
// after.
func (s *Server) newPager(c *call, l listing) (*pager, error) {
	q := c.query()
	p := &pager{listing: l, size: apispec.DefaultPageSize}
	if n, ok := q.int("pageSize", apispec.MinPageSize, apispec.MaxPageSize); ok {
		p.size = n
	}
	raw := q.get("cursor")
	if raw == "" {
		if l.parse != nil {
			p.after = l.parse(q)
		}
		return p, q.err()
	}
	if err := q.err(); err != nil {
		return nil, err
	}
	d, err := s.readCursor(raw, l.kind, l.scope)
	if err != nil {
		return nil, err
	}
	if l.filter != nil && len(d.Filter) > 0 && json.Unmarshal(d.Filter, l.filter) != nil {
		return nil, invalidCursor("the cursor's filter is damaged; start the listing again")
	}
	p.after = d.After
	return p, nil
}

// page answers the page of items (in ascending id order) the query or its
// cursor asks for (newPager): those after p.after that keep accepts (nil
// keeps all), at most p.size of them, with a NextCursor when more follow.
func page[T, W any](s *Server, c *call, l listing, items []T, id func(T) int, keep func(T) bool, conv func(T) W) (any, error) {
	p, err := s.newPager(c, l)
	if err != nil {
		return nil, err
	}
	out := pageWire[W]{Items: []W{}}
	last := p.after
	for _, it := range items {
		if id(it) <= p.after || (keep != nil && !keep(it)) {
			continue
		}
		if len(out.Items) == p.size {
			d := cursorData{Kind: p.kind, Scope: p.scope, After: last, Exp: s.now().Add(cursorTTL).Unix()}
			if p.filter != nil {
				d.Filter, _ = json.Marshal(p.filter)
			}
			next := s.makeCursor(d)
			out.NextCursor = &next
			break
		}
		out.Items = append(out.Items, conv(it))
		last = id(it)
	}
	return out, nil
}
