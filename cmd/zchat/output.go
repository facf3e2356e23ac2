package main

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/zchat"
)

// field is one line of a key: value block.
type field struct{ key, val string }

// show prints one object: its fields as an aligned key: value block, or the
// object as indented JSON with --json. Fields with no value are left out; a
// value's lines are made safe (printable): control characters (tabs, escape
// sequences a visitor may have typed) print as spaces.
func (a *app) show(v any, fields []field) error {
	if a.g.json {
		return writeJSON(a.stdout, v, true)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 1, ' ', 0)
	for _, f := range fields {
		if f.val == "" {
			continue
		}
		key := f.key + ":"
		for line := range strings.Lines(f.val) {
			fmt.Fprintf(tw, "%s\t%s\n", key, printable(strings.TrimRight(line, "\r\n")))
			key = ""
		}
	}
	return tw.Flush()
}

// shower returns a function that shows the object a call returned, or
// passes on its error: shower(a, agentFields)(ag.Get(ctx, id)).
func shower[T any](a *app, fields func(*T) []field) func(*T, error) error {
	return func(v *T, err error) error {
		if err != nil {
			return err
		}
		return a.show(v, fields(v))
	}
}

// done confirms an action that answers nothing, unless it failed.
func (a *app) done(err error, format string, args ...any) error {
	if err == nil {
		a.say(format, args...)
	}
	return err
}

// say prints a one-line confirmation for people; --json prints nothing, the
// exit code is the answer.
func (a *app) say(format string, args ...any) {
	if !a.g.json {
		fmt.Fprintf(a.stdout, format+"\n", args...)
	}
}

// writeJSON writes v as JSON: indented, or on one line (JSON Lines).
func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// column is one column of a table: its header and how to fill a cell.
type column[T any] struct {
	head string
	cell func(T) string
}

// table writes aligned rows with text/tabwriter. Rows are written in
// batches (flush), and each column keeps the widest cell seen so far as its
// minimum width, so a table streamed page by page stays aligned.
type table struct {
	w      io.Writer
	widths []int
	rows   [][]string
}

func newTable(w io.Writer, heads []string) *table {
	t := &table{w: w, widths: make([]int, len(heads))}
	t.add(heads)
	return t
}

func (t *table) add(cells []string) {
	for i, c := range cells {
		c = printable(c)
		cells[i] = c
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
	}
	t.rows = append(t.rows, cells)
}

func (t *table) flush() error {
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', 0)
	for _, row := range t.rows {
		for i, c := range row {
			if i == len(row)-1 {
				fmt.Fprintf(tw, "%s\n", c)
			} else {
				fmt.Fprintf(tw, "%-*s\t", t.widths[i], c)
			}
		}
	}
	t.rows = t.rows[:0]
	return tw.Flush()
}

func heads[T any](cols []column[T]) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.head
	}
	return h
}

func cells[T any](cols []column[T], v T) []string {
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = c.cell(v)
	}
	return row
}

// printAll prints a small list the server answers in one piece: a table, or
// a JSON array with --json.
func printAll[T any](a *app, items []T, cols []column[T]) error {
	if a.g.json {
		if items == nil {
			items = []T{}
		}
		return writeJSON(a.stdout, items, true)
	}
	t := newTable(a.stdout, heads(cols))
	for _, v := range items {
		t.add(cells(cols, v))
	}
	return t.flush()
}

// stream prints a paged list as it arrives: table rows a page at a time, or
// JSON Lines with --json. It stops fetching after lf.limit items. On a
// terminal stderr it shows how many items it has fetched.
func stream[T any](a *app, noun string, seq iter.Seq2[T, error], cols []column[T], lf listFlags) error {
	batch := lf.pageSize
	if batch <= 0 {
		batch = 100
	}
	var t *table
	if !a.g.json {
		t = newTable(a.stdout, heads(cols))
	}
	p := a.newProgress(noun)
	defer p.clear()
	n := 0
	for v, err := range seq {
		if err != nil {
			if t != nil {
				_ = t.flush()
			}
			return err
		}
		n++
		p.set(n)
		if t == nil {
			if err := writeJSON(a.stdout, v, false); err != nil {
				return err
			}
		} else if t.add(cells(cols, v)); n%batch == 0 {
			if err := t.flush(); err != nil {
				return err
			}
		}
		if n == lf.limit {
			break
		}
	}
	if t != nil {
		return t.flush()
	}
	return nil
}

// progress shows "fetched 3,000 sessions…" on stderr, redrawn in place at
// most every 100 ms. It is nil (and does nothing) unless stderr is a
// terminal and stdout is not: on a terminal the rows themselves show
// progress.
type progress struct {
	w     io.Writer
	noun  string
	n     int
	drawn time.Time
	width int
}

func (a *app) newProgress(noun string) *progress {
	if !a.progress {
		return nil
	}
	return &progress{w: a.stderr, noun: noun}
}

func (p *progress) set(n int) {
	if p == nil {
		return
	}
	p.n = n
	if time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	s := fmt.Sprintf("\r fetched %s…", count(n, p.noun))
	p.width = max(p.width, utf8.RuneCountInString(s))
	fmt.Fprint(p.w, s)
}

// clear erases the progress line.
func (p *progress) clear() {
	if p == nil || p.width == 0 {
		return
	}
	fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	p.width = 0
}

// count writes n and a plural noun, in the singular for one: "1 session",
// "3,000 sessions".
func count(n int, plural string) string {
	if n == 1 {
		return "1 " + strings.TrimSuffix(plural, "s")
	}
	return thousands(n) + " " + plural
}

// thousands writes n with comma separators: 3,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Cell and field formatting.

func itoa(n int) string { return strconv.Itoa(n) }

// id formats an optional id: "" for 0.
func id(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// when formats a server time for people, in UTC; "" for no time.
func when(t zchat.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05Z07:00")
}

// maxLine bounds one line of an error zchat prints.
const maxLine = 64 << 10

// safeLine makes text from a server or a sender safe for a terminal as one
// bounded line (safetext.Line): control characters, escape sequences and
// line breaks become spaces, runs of spaces fold.
func safeLine(s string) string { return safetext.Line(s, maxLine) }

// printable makes text from a server or a sender safe for a terminal as
// safetext.Line does, but keeps its spacing, so that the columns of a table
// or of a value stay aligned: every character safetext.Line would not print
// (a control, an escape sequence's ESC, a line break, a bidi override)
// becomes a space.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if ' ' <= r && r < utf8.RuneSelf-1 { // printable ASCII
			return r
		}
		if safetext.Line(string(r), utf8.UTFMax) == "" {
			return ' '
		}
		return r
	}, s)
}

// clip puts free text on one safe line and cuts it to n characters.
func clip(s string, n int) string {
	s = safetext.Line(s, 4*n+4) // at least n+1 characters when cut
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
