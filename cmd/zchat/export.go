package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

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
