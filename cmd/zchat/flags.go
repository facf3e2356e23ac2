package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// parseInterspersed parses fs's flags wherever they stand among args, so
// "zchat agents get 3 --json" works, and returns the other arguments in
// order. Everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail, pos []string
	for i, arg := range args {
		if arg == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, tail...), nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// flagHints explain flags zchat refuses on purpose.
var flagHints = map[string]string{
	"password": "a password is never taken as a flag value (it would end up in shell history): use --password-stdin or --password-env VAR",
}

// flagError turns a flag package error into a usage error for cmd, in the
// command line's words ("--timeout \"abc\": want a duration…", never the
// flag package's "parse error"), with a hint for a flag zchat refuses on
// purpose. The flag package never quotes the value of an undefined flag, so
// a password given as --password=… is not echoed.
func flagError(cmd *command, fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		if hint := flagHints[name]; hint != "" {
			msg += "; " + hint
		}
		return usagef(cmd, "%s", msg)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return usagef(cmd, "--%s needs a value", name)
	}
	if m := badValueRE.FindStringSubmatch(msg); m != nil {
		value, name, reason := m[1], m[2], m[3]
		if reason == "parse error" || reason == "value out of range" {
			reason = wantFor(fs.Lookup(name))
		}
		return usagef(cmd, "--%s %s: %s", name, value, reason)
	}
	return usagef(cmd, "%s", msg)
}

// badValueRE matches the flag package's error for a value it refused:
// `invalid value "abc" for flag -timeout: parse error`, and the same for a
// boolean.
var badValueRE = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([\w-]+): (.*)$`)

// wantFor says what a flag of f's type takes.
func wantFor(f *flag.Flag) string {
	var v any
	if f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			v = g.Get()
		}
	}
	switch v.(type) {
	case time.Duration:
		return "want a duration such as 30s, 10m or 1h30m"
	case bool:
		return "want true or false"
	case int, int64, uint, uint64:
		return "want a whole number"
	}
	return "not a valid value"
}

// parseIDs parses the positional arguments of cmd: every one is the
// positive integer id its name says (USER_ID, SESSION_ID…).
func parseIDs(cmd *command, args []string) ([]int, error) {
	if len(args) != len(cmd.args) {
		if len(args) < len(cmd.args) {
			return nil, usagef(cmd, "missing %s", strings.Join(cmd.args[len(args):], " "))
		}
		return nil, usagef(cmd, "unexpected argument %q", args[len(cmd.args)])
	}
	ids := make([]int, len(args))
	for i, s := range args {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return nil, usagef(cmd, "%s must be a positive integer, not %q", cmd.args[i], s)
		}
		ids[i] = n
	}
	return ids, nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// stringList is a flag that may be repeated: --attach a --attach b.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// whenFlag is a point in time given as RFC 3339, a date (midnight UTC) or a
// duration ago ("24h" means 24 hours ago).
type whenFlag struct {
	t   *time.Time
	now func() time.Time
}

func (f whenFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return zchat.FormatTime(*f.t)
}

func (f whenFlag) Set(s string) error {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		*f.t = t
		return nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		*f.t = t
		return nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		*f.t = f.now().Add(-d)
		return nil
	}
	return errors.New("want RFC 3339 (2026-11-24T03:00:00Z), a date (2026-11-24) or a duration ago (24h)")
}

// agentID reads an agent's chat id: "User:3", or the bare UserId 3.
func agentID(s string) zchat.ChatID {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return zchat.UserChatID(n)
	}
	return zchat.ChatID(s)
}

// listFlags page a streamed list.
type listFlags struct {
	pageSize int
	limit    int
}

func (l *listFlags) register(fs *flag.FlagSet) {
	pageSizeFlag(fs, &l.pageSize, "items")
	fs.Var(intRange{&l.limit, 0, math.MaxInt}, "limit", "stop after `N` items (0 = all); no page past them is fetched")
}

// pageSizeFlag defines --page-size, which takes what the server does.
func pageSizeFlag(fs *flag.FlagSet, p *int, noun string) {
	fs.Var(intRange{p, 1, zchat.MaxPageSize}, "page-size",
		fmt.Sprintf("`N` %s fetched per request, 1–%d (default the server's, 100)", noun, zchat.MaxPageSize))
}

// intRange is an int flag that takes only min…max, so that its error names
// the flag and the range its help gives.
type intRange struct {
	p        *int
	min, max int
}

func (f intRange) String() string {
	if f.p == nil || *f.p == 0 {
		return ""
	}
	return strconv.Itoa(*f.p)
}

func (f intRange) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err == nil && n >= f.min && n <= f.max {
		*f.p = n
		return nil
	}
	if f.max == math.MaxInt {
		return fmt.Errorf("want a whole number ≥ %d", f.min)
	}
	return fmt.Errorf("want a whole number from %d to %d", f.min, f.max)
}

// maxTextInput bounds what a "-" flag value reads from stdin.
const maxTextInput = 16 << 20

// text returns a flag's value, or stdin when the value is "-".
func (a *app) text(v string) (string, error) {
	if v != "-" {
		return v, nil
	}
	b, err := io.ReadAll(io.LimitReader(a.stdin, maxTextInput))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	return string(b), nil
}

// readLine reads one line of stdin, without its line ending.
func (a *app) readLine() (string, error) {
	line, err := bufio.NewReader(io.LimitReader(a.stdin, 64<<10)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
