package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// action runs a command with its positional ids, already parsed.
type action func(ctx context.Context, a *app, ids []int) error

// command is a node of the command tree: a group with subs, or a leaf that
// runs. Every positional argument of every leaf is an id, named in args.
type command struct {
	name    string
	args    []string // the positional ids, e.g. "DEPARTMENT_ID", "USER_ID"
	usage   string   // the flags part of the usage line; "[flags]" when empty and the command has flags
	summary string   // one line, for the command lists
	long    string   // more, for the command's own help
	example string
	local   bool                          // needs no API client (webhook, mock-server, version)
	run     action                        // a leaf without flags of its own
	setup   func(fs *flag.FlagSet) action // a leaf with flags: defines them on fs and returns the action
	subs    []*command

	path string // "zchat agents get"
}

// run is zchat, testable in-process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := newApp(stdin, stdout, stderr, getenv)
	defer a.close()
	return report(stderr, a.dispatch(ctx, rootCommand(), args))
}

func rootCommand() *command {
	root := &command{
		name:    "zchat",
		summary: "zchat is the command-line tool for the ZChat APP Server API.",
		long: "It manages agents and departments, reads and steers chat sessions and their messages,\n" +
			"submits leads, cases and notes, and receives, signs and verifies webhook notifications.",
		example: "export ZCHAT_BASE_URL=https://zchatdemo.com ZCHAT_API_KEY=…\n" +
			"zchat ping\n" +
			"zchat sessions list --since 24h --status ended\n" +
			"zchat transcript 42 --tz Europe/Lisbon\n" +
			"zchat webhook listen --forward http://localhost:3000/zchat/notify",
		subs: []*command{
			pingCommand(), versionCommand(),
			agentsCommand(), departmentsCommand(), sessionsCommand(), messagesCommand(), transcriptCommand(), exportCommand(),
			leadsCommand(), casesCommand(), notesCommand(),
			webhookCommand(), mockServerCommand(),
		},
	}
	root.link("")
	return root
}

// link sets the paths of c and its subcommands.
func (c *command) link(parent string) {
	c.path = strings.TrimSpace(parent + " " + c.name)
	for _, s := range c.subs {
		s.link(c.path)
	}
}

func (c *command) find(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (c *command) usageLine() string {
	parts := append([]string{c.path}, c.args...)
	switch {
	case c.subs != nil:
		parts = append(parts, "<command> [flags] [args]")
	case c.usage != "":
		parts = append(parts, c.usage)
	case c.setup != nil:
		parts = append(parts, "[flags]")
	}
	return strings.Join(parts, " ")
}

// flags returns the flag set of cmd (the global flags and its own) and the
// action bound to it.
func (a *app) flags(cmd *command) (*flag.FlagSet, action) {
	fs := flag.NewFlagSet(cmd.path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	a.g.register(fs)
	if cmd.setup != nil {
		return fs, cmd.setup(fs)
	}
	return fs, cmd.run
}

// dispatch parses args for cmd and runs it, or the subcommand they name.
func (a *app) dispatch(ctx context.Context, cmd *command, args []string) error {
	fs, act := a.flags(cmd)
	var (
		rest []string
		err  error
	)
	if cmd.subs != nil {
		// A group parses only the flags before the subcommand's name;
		// the rest, flags included, belong to the subcommand.
		err = fs.Parse(args)
		rest = fs.Args()
	} else {
		rest, err = parseInterspersed(fs, args)
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return a.help(cmd, fs)
	case err != nil:
		return flagError(cmd, fs, err)
	}
	if cmd.subs != nil {
		switch {
		case len(rest) == 0:
			return usagef(cmd, "missing command")
		case rest[0] == "help":
			return a.helpFor(cmd, rest[1:])
		}
		sub := cmd.find(rest[0])
		if sub == nil {
			return usagef(cmd, "unknown command %q", rest[0])
		}
		return a.dispatch(ctx, sub, rest[1:])
	}
	ids, err := parseIDs(cmd, rest)
	if err == nil && !cmd.local {
		a.c, err = a.newClient(cmd)
	}
	if err == nil {
		err = act(ctx, a, ids)
	}
	return pointAt(cmd, err)
}

// pointAt makes a usage error, or an argument the SDK refused before
// sending, point at cmd's usage.
func pointAt(cmd *command, err error) error {
	var usage *usageError
	switch {
	case errors.As(err, &usage):
		if usage.cmd == nil {
			usage.cmd = cmd
		}
	case errors.Is(err, zchat.ErrInvalidArgument):
		msg, ok := argMessage(err)
		if !ok {
			msg = strings.TrimPrefix(err.Error(), "zchat: ")
		}
		return &usageError{cmd: cmd, msg: msg, err: err}
	}
	return err
}

// helpFor prints the help of the command names lead to from cmd:
// "zchat help agents create".
func (a *app) helpFor(cmd *command, names []string) error {
	for _, name := range names {
		sub := cmd.find(name)
		if sub == nil {
			return usagef(cmd, "unknown command %q", name)
		}
		cmd = sub
	}
	fs, _ := a.flags(cmd)
	return a.help(cmd, fs)
}

// help prints cmd's usage line, summary, commands, flags and example.
func (a *app) help(cmd *command, fs *flag.FlagSet) error {
	w := a.stdout
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", cmd.usageLine(), cmd.summary)
	if cmd.long != "" {
		fmt.Fprintln(w, cmd.long)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if cmd.subs != nil {
		fmt.Fprintln(tw, "\nCommands:")
		for _, s := range cmd.subs {
			fmt.Fprintf(tw, "  %s\t%s\n", s.name, s.summary)
		}
		fmt.Fprintf(tw, "  help\tshow the help of a command: %s help <command>\n", cmd.path)
	}
	own := func(f *flag.Flag) bool { return !globalFlagNames[f.Name] }
	if writeFlags(tw, fs, "\nFlags:", own) == 0 && cmd.subs == nil {
		fmt.Fprintln(tw, "\nFlags: none of its own")
	}
	if cmd.path == "zchat" {
		writeFlags(tw, fs, "\nGlobal flags (before or after any command; flags win over the environment):",
			func(f *flag.Flag) bool { return globalFlagNames[f.Name] })
	} else {
		fmt.Fprintln(tw, "\nGlobal flags: --base-url, --api-key, --base-path, --timeout, --retries, --rate, --json, --debug (see 'zchat --help')")
	}
	fmt.Fprintln(tw, "\nExample:")
	for line := range strings.Lines(cmd.example) {
		fmt.Fprintf(tw, "  %s", strings.TrimSuffix(line, "\n")+"\n")
	}
	if cmd.path == "zchat" {
		fmt.Fprintln(tw, "\nExit codes: 0 ok, 1 webhook verify: invalid, 2 usage error, 3 API error (the server answered an error),\n4 network or other error.")
	}
	if cmd.subs != nil {
		fmt.Fprintf(tw, "\nRun '%s <command> --help' for the flags and an example of a command.\n", cmd.path)
	}
	return tw.Flush()
}

// writeFlags writes the flags of fs that keep selects, under title, and
// returns how many it wrote.
func writeFlags(w io.Writer, fs *flag.FlagSet, title string, keep func(*flag.Flag) bool) int {
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		if !keep(f) {
			return
		}
		if n == 0 {
			fmt.Fprintln(w, title)
		}
		n++
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			name = " " + name
		}
		switch f.DefValue {
		case "", "0", "false", "0s", "[]":
		default:
			usage += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "  --%s%s\t%s\n", f.Name, name, usage)
	})
	return n
}

func pingCommand() *command {
	return &command{
		name:    "ping",
		summary: "Check that the server answers and accepts the API key.",
		example: "ZCHAT_BASE_URL=https://zchatdemo.com ZCHAT_API_KEY=… zchat ping",
		run: func(ctx context.Context, a *app, _ []int) error {
			start := time.Now()
			info, err := a.c.Ping(ctx)
			if err != nil {
				return err
			}
			return a.show(info, []field{
				{"Server", a.c.BaseURL()}, {"Version", info.Version}, {"Time", when(info.Time)},
				{"RoundTrip", time.Since(start).Round(time.Millisecond).String()},
			})
		},
	}
}

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "Print the versions of zchat, of zchat-go and of Go.",
		example: "zchat version",
		local:   true,
		run: func(_ context.Context, a *app, _ []int) error {
			v := struct{ Version, SDKVersion, GoVersion, Platform string }{
				"(devel)", zchat.Version, runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH}
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v.Version = bi.Main.Version
			}
			return a.show(v, []field{{"zchat", v.Version}, {"zchat-go", v.SDKVersion}, {"Go", v.GoVersion + " " + v.Platform}})
		},
	}
}
