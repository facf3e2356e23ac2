package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/messages"
)

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
