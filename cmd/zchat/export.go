package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// Bounds of --concurrency: a small self-hosted APP Server is the usual
// peer, so the default is modest and the ceiling keeps a typo from
// opening hundreds of connections.
const (
	defaultExportConcurrency = 4
	maxExportConcurrency     = 64
)

// exportExt is the file name extension of each transcript format.
var exportExt = map[messages.TranscriptFormat]string{
	messages.FormatJSONLines: "jsonl",
	messages.FormatText:      "txt",
	messages.FormatJSON:      "json",
}

// exportTempName matches the temporary files of an export (".42.jsonl.123456.tmp"),
// so that those a crashed run left behind are removed and nothing else is.
var exportTempName = regexp.MustCompile(`^\.[0-9]+\.(jsonl|txt|json)\.[0-9]+\.tmp$`)

func exportCommand() *command {
	return &command{
		name:    "export",
		usage:   "--since DURATION|DATE --out DIR [--format jsonl|text|json] [--concurrency N] [--progress]",
		summary: "Export the transcript of every ended session since a time: one file per session, safe to re-run.",
		long: "Each session's transcript is written to DIR/<SessionId>.<jsonl|txt|json>, through a temporary\n" +
			"file renamed once complete, so a file under its final name is always whole. A second run skips\n" +
			"the files that exist and fetches only the missing ones (after a failure or an interruption).\n" +
			"Only ended sessions are exported: a live chat's transcript is not final yet.\n" +
			"TIME is RFC 3339, a date (midnight UTC) or a duration ago: --since 720h.\n" +
			"Files are readable by their owner only (0600). On a terminal, a progress line shows sessions\n" +
			"done of total, messages, rate and time left; --progress prints it as plain lines elsewhere.\n" +
			"If some sessions fail, the others' files are kept and the exit code is that of the first failure.",
		example: "zchat export --since 2026-11-01 --out transcripts/\n" +
			"zchat export --since 24h --out audit/ --format text --concurrency 2 --progress 2> export.log",
		setup: func(fs *flag.FlagSet) action {
			var (
				x      exportRun
				format string
			)
			fs.Var(whenFlag{&x.since, time.Now}, "since", "export the sessions that began at or after `TIME` (required)")
			fs.StringVar(&x.dir, "out", "", "the `DIR`ectory to write the files to; created if missing (required)")
			fs.StringVar(&format, "format", messages.FormatJSONLines.String(), "`FORMAT`: jsonl (JSON Lines), text or json (one array)")
			fs.IntVar(&x.concurrency, "concurrency", defaultExportConcurrency, "`N` sessions exported at a time, 1–"+strconv.Itoa(maxExportConcurrency))
			pageSizeFlag(fs, &x.pageSize, "sessions or messages")
			fs.BoolVar(&x.plainProgress, "progress", false, "print progress lines on stderr even when it is not a terminal")
			return func(ctx context.Context, a *app, _ []int) error {
				if err := x.check(format); err != nil {
					return err
				}
				x.a = a
				return x.run(ctx)
			}
		},
	}
}

// exportRun is one run of zchat export: its flags, then its state.
type exportRun struct {
	since         time.Time
	dir           string
	format        messages.TranscriptFormat
	concurrency   int
	pageSize      int
	plainProgress bool

	a    *app
	prog *exportProgress

	mu       sync.Mutex
	failures exportFailures
}

// check validates the flags before anything is sent.
func (x *exportRun) check(format string) error {
	switch {
	case x.since.IsZero():
		return errUsage("--since is required: the sessions that began since when? (e.g. --since 720h or --since 2026-11-01)")
	case x.dir == "":
		return errUsage("--out is required: the directory to write the transcripts to")
	case x.concurrency < 1 || x.concurrency > maxExportConcurrency:
		return errUsage("--concurrency %d: want 1–%d", x.concurrency, maxExportConcurrency)
	}
	if format == "" {
		format = messages.FormatJSONLines.String()
	}
	return parseFormat(format, &x.format)
}

// run lists the sessions and exports those whose file is missing,
// x.concurrency at a time. The listing is streamed into the workers, so
// neither the sessions nor their messages are ever held in memory.
func (x *exportRun) run(ctx context.Context) error {
	if err := x.prepareDir(); err != nil {
		return err
	}
	// Ctrl-C stops the run cleanly: files in progress are removed, the
	// summary says what was done, and a second run picks up the rest.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	if x.a.tr != nil {
		// Keep a connection per worker alive between requests.
		x.a.tr.MaxIdleConnsPerHost = max(x.a.tr.MaxIdleConnsPerHost, x.concurrency)
	}
	x.prog = newExportProgress(x.a.stderr, exportProgressMode(x.a.stderr, x.plainProgress))
	x.prog.start()

	ids := make(chan int)
	var wg sync.WaitGroup
	mc := messages.New(x.a.c)
	for range x.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				x.exportOne(ctx, mc, id)
			}
		}()
	}
	listErr := x.list(ctx, ids)
	close(ids)
	wg.Wait()
	x.prog.stop()
	syncDir(x.dir) // the renames survive a crash of the machine, not just of zchat

	st := x.prog.snapshot()
	if err := x.summary(st); err != nil {
		return err
	}
	switch {
	case ctx.Err() != nil && (listErr != nil || st.interrupted > 0):
		return fmt.Errorf("interrupted after %s of %s sessions: run the same command again to export the rest: %w",
			thousands(int(st.done+st.skipped+st.failed)), st.totalString(), ctx.Err())
	case listErr != nil:
		return fmt.Errorf("listing the sessions: %w", listErr)
	}
	err := x.failures.err(st.listed)
	var apiErr *zchat.APIError
	if errors.As(err, &apiErr) {
		// report spells out the server's answer (with its request id);
		// say first what it means for the export.
		fmt.Fprintf(x.a.stderr, "zchat: %s\n", err)
	}
	return err
}

// list sends the id of every ended session since x.since whose file is
// missing to ids, counting the others as skipped.
func (x *exportRun) list(ctx context.Context, ids chan<- int) error {
	opts := &sessions.ListOptions{Since: x.since, Status: sessions.StatusEnded, PageSize: x.pageSize}
	for s, err := range sessions.New(x.a.c).All(ctx, opts) {
		if err != nil {
			return err
		}
		x.prog.listed.Add(1)
		if fi, err := os.Stat(x.path(s.SessionID)); err == nil && fi.Mode().IsRegular() {
			x.prog.skipped.Add(1)
			continue
		}
		select {
		case ids <- s.SessionID:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	x.prog.setTotal()
	return nil
}

// prepareDir creates the output directory and removes the temporary files
// a crashed run left in it (they never got their final name, so their
// sessions are exported again).
func (x *exportRun) prepareDir() error {
	if err := os.MkdirAll(x.dir, 0o700); err != nil {
		return fmt.Errorf("creating the output directory: %w", err)
	}
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		return fmt.Errorf("reading the output directory: %w", err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() && exportTempName.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(x.dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("removing a leftover temporary file: %w", err)
			}
		}
	}
	return nil
}

// path is where the transcript of a session goes: DIR/42.jsonl.
func (x *exportRun) path(sessionID int) string {
	return filepath.Join(x.dir, strconv.Itoa(sessionID)+"."+exportExt[x.format])
}

// exportOne exports a session, counting and reporting the outcome.
func (x *exportRun) exportOne(ctx context.Context, mc *messages.Client, id int) {
	err := x.writeTranscript(ctx, mc, id)
	if err == nil {
		x.prog.done.Add(1)
		return
	}
	if ctx.Err() != nil {
		// Interrupted: not a failure of this session; the summary says so.
		x.prog.interrupted.Add(1)
		return
	}
	x.mu.Lock()
	x.failures.add(id, err)
	x.mu.Unlock()
	x.prog.failed.Add(1)
	x.prog.println(fmt.Sprintf("zchat: session %d not exported: %s", id,
		safetext.Line(strings.TrimPrefix(err.Error(), "zchat: "), safetext.MaxMessage)))
}

// writeTranscript writes the session's transcript to a temporary file in
// the output directory, syncs it, and renames it to its final name: a file
// under that name is always complete. On any error the temporary file is
// removed.
func (x *exportRun) writeTranscript(ctx context.Context, mc *messages.Client, id int) (err error) {
	final := x.path(id)
	f, err := os.CreateTemp(x.dir, "."+filepath.Base(final)+".*.tmp")
	if err != nil {
		return fmt.Errorf("creating a temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 32<<10)
	cw := &exportCounter{w: bw, p: x.prog}
	var n int
	n, err = mc.ExportTranscript(ctx, id, cw, &messages.TranscriptOptions{Format: x.format, PageSize: x.pageSize})
	if err != nil {
		x.prog.messages.Add(-int64(cw.n)) // they are not in any file
		return err
	}
	x.prog.messages.Add(int64(n - cw.n)) // the writes counted live, made exact
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", final, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", final, err)
	}
	if err = os.Rename(f.Name(), final); err != nil {
		return fmt.Errorf("renaming to %s: %w", final, err)
	}
	return nil
}

// exportCounter counts a transcript's writes (one per message) for the
// progress line as they happen.
type exportCounter struct {
	w io.Writer
	p *exportProgress
	n int
}

func (c *exportCounter) Write(b []byte) (int, error) {
	c.n++
	c.p.messages.Add(1)
	return c.w.Write(b)
}

// syncDir flushes a directory's entries (the renames) to disk. It is best
// effort: not every system can sync a directory (Windows cannot).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

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
