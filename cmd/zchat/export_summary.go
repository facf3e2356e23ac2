package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
)

// exportSummary is what export prints on stdout at the end (with --json,
// as one object).
type exportSummary struct {
	Dir       string
	Format    string
	Sessions  int   // ended sessions listed since --since
	Written   int   // files written by this run
	Skipped   int   // files already there
	Failed    int   // sessions whose file was not written
	FailedIDs []int // the first of them (at most maxFailedIDs)
	Messages  int64 // messages written by this run
	Seconds   float64
}

func (x *exportRun) summary(st exportStats) error {
	s := exportSummary{
		Dir: x.dir, Format: x.format.String(), Sessions: int(st.listed), Written: int(st.done),
		Skipped: int(st.skipped), Failed: x.failures.n, FailedIDs: x.failures.ids, Messages: st.messages,
		Seconds: st.elapsed.Round(time.Millisecond).Seconds(),
	}
	if s.FailedIDs == nil {
		s.FailedIDs = []int{}
	}
	if x.a.g.json {
		return writeJSON(x.a.stdout, s, false)
	}
	_, err := fmt.Fprintf(x.a.stdout, "Exported %s sessions to %s in %s: %s written (%s messages), %s already there, %s failed.\n",
		thousands(s.Sessions), s.Dir, st.elapsed.Round(100*time.Millisecond), thousands(s.Written),
		thousands(int(s.Messages)), thousands(s.Skipped), thousands(s.Failed))
	return err
}

// maxFailedIDs bounds the ids of failed sessions kept for the summary, so
// that memory stays flat even when every session fails.
const maxFailedIDs = 20

// exportFailures are the sessions that could not be exported.
type exportFailures struct {
	n     int
	ids   []int
	first error
}

func (f *exportFailures) add(id int, err error) {
	if f.n == 0 {
		f.first = fmt.Errorf("session %d: %w", id, err)
	}
	f.n++
	if len(f.ids) < maxFailedIDs {
		f.ids = append(f.ids, id)
	}
}

// err is the error of a run with failures, nil without. It unwraps to the
// first failure, so the exit code says what went wrong (3 for an error
// answer of the server, 4 for the network or a file).
func (f *exportFailures) err(listed int64) error {
	if f.n == 0 {
		return nil
	}
	return &exportError{failures: *f, listed: listed}
}

// exportError reports a partial export: some sessions failed, the others'
// files are written.
type exportError struct {
	failures exportFailures
	listed   int64
}

func (e *exportError) Error() string {
	ids := make([]string, len(e.failures.ids))
	for i, id := range e.failures.ids {
		ids[i] = strconv.Itoa(id)
	}
	more := ""
	if e.failures.n > len(ids) {
		more = ", …"
	}
	return fmt.Sprintf("%d of %d sessions not exported (%s%s); the others' files are written: run the same command again to fetch only the missing ones; the first failure: %s",
		e.failures.n, e.listed, strings.Join(ids, ", "), more,
		safetext.Line(strings.TrimPrefix(e.failures.first.Error(), "zchat: "), safetext.MaxMessage))
}

func (e *exportError) Unwrap() error { return e.failures.first }
