package zchattest

import (
	"strconv"
	"strings"
	"sync/atomic"
)

// MaxRecordedRequests is how many requests Requests keeps: the most recent
// ones. A server that runs long (zchat mock-server) or is sent many
// requests, authenticated or not, holds a bounded record.
const MaxRecordedRequests = 1000

// MaxRecordedField is how many bytes of each text field of a RequestRecord
// (Path, Query, IdempotencyKey) are kept; a longer one is cut and ends in
// "…". The server still answers the whole request: only the record is cut.
const MaxRecordedField = 1024

// recorder is the server's request recorder: the last requests answered
// and the counters of all of them (guarded by Server.mu), and the request
// ids it hands out.
type recorder struct {
	ring      requestLog
	n         int // requests answered
	replayed  int // of which answered from an Idempotency-Key
	ridPrefix string
	ridSeq    atomic.Uint64
}

// add records an answered request. The caller holds Server.mu.
func (r *recorder) add(rec RequestRecord) {
	r.ring.add(rec)
	r.n++
	if rec.Replayed {
		r.replayed++
	}
}

// newID makes a request id in Kestrel's style: a connection-like prefix,
// unique to the server, and a sequence number. It needs no lock.
func (r *recorder) newID() string {
	n := strconv.FormatUint(r.ridSeq.Add(1), 16)
	return r.ridPrefix + ":" + strings.Repeat("0", max(0, 8-len(n))) + strings.ToUpper(n)
}

// requestLog keeps the last MaxRecordedRequests records in a ring. It is
// guarded by Server.mu.
type requestLog struct {
	buf  []RequestRecord
	next int // where the next record goes once buf is full
}

func (l *requestLog) add(rec RequestRecord) {
	// Every string is cut or copied: a substring of the request line (the
	// Method is one) would keep the whole line, however long, alive.
	rec.Method = cutField(rec.Method)
	rec.Path = cutField(rec.Path)
	rec.Query = cutField(rec.Query)
	rec.IdempotencyKey = cutField(rec.IdempotencyKey)
	if len(l.buf) < MaxRecordedRequests {
		l.buf = append(l.buf, rec)
		return
	}
	l.buf[l.next] = rec
	l.next = (l.next + 1) % MaxRecordedRequests
}

// all returns the records, oldest first.
func (l *requestLog) all() []RequestRecord {
	out := make([]RequestRecord, 0, len(l.buf))
	out = append(out, l.buf[l.next:]...)
	return append(out, l.buf[:l.next]...)
}

// cutField returns a copy of at most MaxRecordedField bytes of s, cut on a
// rune boundary, so that a record never pins a huge request's memory.
func cutField(s string) string {
	if len(s) <= MaxRecordedField {
		return strings.Clone(s)
	}
	const mark = "…"
	cut := MaxRecordedField - len(mark)
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not in the middle of a rune
		cut--
	}
	return string([]byte(s[:cut])) + mark
}
