package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
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

// flagError turns a flag package error into a usage error for cmd, with a
// hint for a flag zchat refuses on purpose. The flag package never quotes
// the value of an undefined flag, so a password given as --password=… is
// not echoed.
func flagError(cmd *command, err error) error {
	const undefined = "flag provided but not defined: -"
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, undefined); ok {
		msg = "unknown flag --" + name
		if hint := flagHints[name]; hint != "" {
			msg += "; " + hint
		}
	}
	return usagef(cmd, "%s", msg)
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
	fs.IntVar(&l.pageSize, "page-size", 0, "`N` items fetched per request, 1–1000 (default the server's, 100)")
	fs.IntVar(&l.limit, "limit", 0, "stop after `N` items (0 = all); no page past them is fetched")
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
