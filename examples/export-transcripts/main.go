// Export-transcripts writes the transcript of every chat session since a
// date to a folder, one JSON Lines file per session (session-<id>.jsonl, a
// message per line), streaming: neither the session list nor a transcript
// is ever held in memory whole.
//
//	go run ./examples/export-transcripts [-since 2026-11-01] [-out transcripts]
//
// With ZCHAT_BASE_URL and ZCHAT_API_KEY set it exports from that APP
// Server; without them it starts an in-process zchattest server with demo
// data. It writes to the -out folder, or, without -out, to a new temporary
// folder (never into the current one), and says which.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
)

var (
	sinceFlag = flag.String("since", "", "export sessions that began at or after this time, RFC 3339 or YYYY-MM-DD (default: 30 days ago)")
	outFlag   = flag.String("out", "", "the folder to write to, created if missing (default: a new temporary folder, named at the end)")
)

func main() { demo.Main("export-transcripts", 0, run) }

func run(ctx context.Context) error {
	conn, err := demo.Connect()
	if err != nil {
		return err
	}
	defer conn.Close()

	since := conn.Since(30 * 24 * time.Hour)
	if *sinceFlag != "" {
		if since, err = parseSince(*sinceFlag); err != nil {
			return err
		}
	}
	dir, err := outputDir(*outFlag)
	if err != nil {
		return err
	}

	ss := sessions.New(conn.Client)
	ms := messages.New(conn.Client)
	progress := "%s, %s exported\n"
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		progress = "\r%s, %s exported " // a terminal: one line, rewritten
	}
	var nSessions, nMessages int
	var nBytes int64
	for s, err := range ss.All(ctx, &sessions.ListOptions{Since: since, PageSize: 1000}) {
		if err != nil {
			return err
		}
		n, size, err := export(ctx, ms, s.SessionID, filepath.Join(dir, "session-"+strconv.Itoa(s.SessionID)+".jsonl"))
		if err != nil {
			return err
		}
		nSessions, nMessages, nBytes = nSessions+1, nMessages+n, nBytes+size
		fmt.Fprintf(os.Stderr, progress, count(nSessions, "session"), count(nMessages, "message"))
	}
	if progress[0] == '\r' && nSessions > 0 {
		fmt.Fprintln(os.Stderr)
	}
	fmt.Printf("Exported sessions since %s\n", since.UTC().Format(time.RFC3339))
	fmt.Printf("  sessions: %d\n  messages: %d\n  bytes:    %d\n  folder:   %s\n", nSessions, nMessages, nBytes, dir)
	return nil
}

// export writes the transcript of one session to the file at path, as JSON
// Lines, and returns how many messages and bytes it wrote. A file left
// incomplete by an error is removed.
func export(ctx context.Context, ms *messages.Client, sessionID int, path string) (n int, size int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	cw := &countingWriter{w: f}
	bw := bufio.NewWriter(cw)
	n, err = ms.ExportTranscript(ctx, sessionID, bw, &messages.TranscriptOptions{Format: messages.FormatJSONLines, PageSize: 1000})
	if err != nil {
		return n, cw.n, err
	}
	err = bw.Flush()
	return n, cw.n, err
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// parseSince reads an RFC 3339 time or a date (midnight UTC).
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("-since %q: want RFC 3339 (2026-11-24T03:00:00Z) or a date (2026-11-24)", s)
}

// outputDir returns the folder to export to, creating it: out when set,
// else a new temporary folder, so that a run never writes into whatever
// folder it was started in.
func outputDir(out string) (string, error) {
	if out == "" {
		return os.MkdirTemp("", "zchat-transcripts-")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("-out: %w", err)
	}
	return out, nil
}

// count is "1 session", "2 sessions".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
