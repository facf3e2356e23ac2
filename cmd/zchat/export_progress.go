package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// How export shows its progress on stderr.
type progressMode int

const (
	progressOff   progressMode = iota // stderr is not a terminal and --progress is not set
	progressLive                      // a terminal: one line, redrawn in place
	progressPlain                     // --progress elsewhere: a line now and then, then a last one
)

// How often the progress is drawn: a terminal's line often, plain lines
// (a log file's) seldom.
const (
	progressLiveEvery  = 200 * time.Millisecond
	progressPlainEvery = 5 * time.Second
)

// exportProgressMode picks the mode for stderr w.
func exportProgressMode(w io.Writer, plain bool) progressMode {
	switch {
	case isTerminal(w):
		return progressLive
	case plain:
		return progressPlain
	}
	return progressOff
}

// exportProgress counts what an export has done and draws it on w. The
// counters are updated by the workers without a lock; the drawing (and any
// other line written to w meanwhile, through println) holds mu, so that a
// live line is cleared before a message and redrawn after it.
type exportProgress struct {
	listed, skipped, done, failed, interrupted, messages atomic.Int64
	total                                                atomic.Int64 // -1 until the listing is over

	w     io.Writer
	mode  progressMode
	began time.Time
	every time.Duration

	mu    sync.Mutex
	width int // of the live line on screen, to clear it
	quit  chan struct{}
	ended sync.WaitGroup
}

func newExportProgress(w io.Writer, mode progressMode) *exportProgress {
	p := &exportProgress{w: w, mode: mode, began: time.Now(), every: progressPlainEvery, quit: make(chan struct{})}
	if mode == progressLive {
		p.every = progressLiveEvery
	}
	p.total.Store(-1)
	return p
}

// start draws the progress every p.every until stop.
func (p *exportProgress) start() {
	if p.mode == progressOff {
		return
	}
	p.ended.Add(1)
	go func() {
		defer p.ended.Done()
		t := time.NewTicker(p.every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.quit:
				return
			}
		}
	}()
}

// stop ends the drawing and leaves the final state as the last line.
func (p *exportProgress) stop() {
	close(p.quit)
	p.ended.Wait()
	if p.mode == progressOff {
		return
	}
	p.draw()
	if p.mode == progressLive {
		p.mu.Lock()
		fmt.Fprintln(p.w)
		p.width = 0
		p.mu.Unlock()
	}
}

// setTotal records that the listing is over: the total is known.
func (p *exportProgress) setTotal() { p.total.Store(p.listed.Load()) }

// println writes a line to w, clearing a live progress line first (the
// next tick redraws it).
func (p *exportProgress) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintln(p.w, line)
}

func (p *exportProgress) clearLocked() {
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

func (p *exportProgress) draw() {
	line := p.snapshot().String()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == progressPlain {
		fmt.Fprintln(p.w, "zchat export: "+line)
		return
	}
	// Pad to the last line's width so a shorter line leaves nothing behind.
	n := utf8.RuneCountInString(line)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(0, p.width-n)))
	p.width = max(p.width, n)
}

// exportStats is the progress at one moment.
type exportStats struct {
	listed, total, skipped, done, failed, interrupted, messages int64
	elapsed                                                     time.Duration
}

func (p *exportProgress) snapshot() exportStats {
	return exportStats{
		listed: p.listed.Load(), total: p.total.Load(), skipped: p.skipped.Load(), done: p.done.Load(),
		failed: p.failed.Load(), interrupted: p.interrupted.Load(), messages: p.messages.Load(),
		elapsed: time.Since(p.began),
	}
}

func (s exportStats) totalString() string {
	if s.total < 0 {
		return "?"
	}
	return thousands(int(s.total))
}

// String is the progress line:
//
//	sessions 120/340 (20 skipped, 1 failed) · 5,210 messages · 8.2 sessions/s · 12s left
//
// The total is "?" while the sessions are still being listed, and so is
// the time left.
func (s exportStats) String() string {
	var b strings.Builder
	finished := s.done + s.skipped + s.failed
	fmt.Fprintf(&b, "sessions %s/%s", thousands(int(finished)), s.totalString())
	if s.skipped > 0 || s.failed > 0 {
		fmt.Fprintf(&b, " (%s skipped, %s failed)", thousands(int(s.skipped)), thousands(int(s.failed)))
	}
	fmt.Fprintf(&b, " · %s messages", thousands(int(s.messages)))
	// The rate counts the sessions fetched, not those skipped: it is what
	// predicts the time left.
	rate := 0.0
	if secs := s.elapsed.Seconds(); secs > 0 {
		rate = float64(s.done+s.failed) / secs
	}
	fmt.Fprintf(&b, " · %.1f sessions/s", rate)
	switch left := s.total - finished; {
	case s.total < 0 || (left > 0 && rate == 0):
		b.WriteString(" · ? left")
	default:
		d := time.Duration(float64(left) / max(rate, 1e-9) * float64(time.Second))
		fmt.Fprintf(&b, " · %s left", d.Round(time.Second))
	}
	return b.String()
}
