package main

import (
	"context"
	"flag"

	"github.com/zchat/zchat-go/agents"
)

func agentsCommand() *command {
	return &command{
		name:    "agents",
		summary: "List, show, create, update and delete the agents of the organization.",
		example: "zchat agents list\nzchat agents get 3 --json",
		subs: []*command{
			listCommand("List every agent.", "zchat agents list", agents.New, (*agents.Client).List, agentColumns),
			getCommand("get", "USER_ID", "Show one agent.", "zchat agents get 3", agents.New, (*agents.Client).Get, agentFields),
			{
				name:    "create",
				usage:   "--login LOGIN (--password-stdin | --password-env VAR) [--name NAME] [--email EMAIL] [--admin]",
				summary: "Create an agent. The password is read from stdin or an environment variable, never from a flag.",
				example: "printf '%s\\n' \"$NEW_PASSWORD\" | zchat agents create --login ana --name 'Ana Lima' --email ana@example.com --password-stdin\n" +
					"AGENT_PW=… zchat agents create --login ana --password-env AGENT_PW --admin",
				setup: func(fs *flag.FlagSet) action {
					f := newAgentFlags(fs)
					return func(ctx context.Context, a *app, _ []int) error {
						pw, err := f.password(a)
						if err != nil {
							return err
						}
						if pw == "" {
							return errUsage("a new agent needs a password: --password-stdin or --password-env VAR")
						}
						in := f.agent
						in.Password = pw
						return shower(a, agentFields)(agents.New(a.c).Create(ctx, in))
					}
				},
			}, {
				name:    "update",
				args:    []string{"USER_ID"},
				usage:   "[--login LOGIN] [--name NAME] [--email EMAIL] [--admin=true|false] [--disabled=true|false] [--password-stdin | --password-env VAR]",
				summary: "Change an agent: only the flags given change, the rest stays as it is.",
				example: "zchat agents update 3 --name 'Chloé Martin-Dubois' --admin=false\nzchat agents update 3 --disabled",
				setup: updateSetup(agents.New, (*agents.Client).Get, (*agents.Client).Update, agentFields,
					func(fs *flag.FlagSet) changer[agents.Agent] {
						f := newAgentFlags(fs)
						return func(a *app, set map[string]bool) (func(*agents.Agent), error) {
							pw, err := f.password(a)
							if err != nil {
								return nil, err
							}
							if !f.changes(set) && pw == "" {
								return nil, errUsage("nothing to change: give at least one of --login, --name, --email, --admin, --disabled, a password")
							}
							return func(cur *agents.Agent) { f.apply(set, cur); cur.Password = pw }, nil
						}
					}),
			},
			deleteCommand("agent", "USER_ID", agents.New, (*agents.Client).Delete),
		},
	}
}

// agentFlags are the flags of agents create and update.
type agentFlags struct {
	agent   agents.Agent
	pwStdin bool
	pwEnv   string
}

func newAgentFlags(fs *flag.FlagSet) *agentFlags {
	f := &agentFlags{}
	fs.StringVar(&f.agent.LoginName, "login", "", "login `NAME` (unique)")
	fs.StringVar(&f.agent.DisplayName, "name", "", "display `NAME`")
	fs.StringVar(&f.agent.Email, "email", "", "e-mail `ADDRESS`")
	fs.BoolVar(&f.agent.IsAdmin, "admin", false, "member of the Administrators group")
	fs.BoolVar(&f.agent.Disabled, "disabled", false, "account disabled")
	fs.BoolVar(&f.pwStdin, "password-stdin", false, "read the password from the first line of stdin")
	fs.StringVar(&f.pwEnv, "password-env", "", "read the password from the environment variable `VAR`")
	return f
}

// password reads the password from stdin or the environment; "" when
// neither flag is given. It is never printed.
func (f *agentFlags) password(a *app) (string, error) {
	switch {
	case f.pwStdin && f.pwEnv != "":
		return "", errUsage("give --password-stdin or --password-env, not both")
	case f.pwStdin:
		pw, err := a.readLine()
		if err == nil && pw == "" {
			err = errUsage("--password-stdin: stdin holds no password")
		}
		return pw, err
	case f.pwEnv != "":
		pw := a.getenv(f.pwEnv)
		if pw == "" {
			return "", errUsage("--password-env: %s is empty or not set", f.pwEnv)
		}
		return pw, nil
	}
	return "", nil
}

// changes reports whether a field flag was given.
func (f *agentFlags) changes(set map[string]bool) bool {
	return set["login"] || set["name"] || set["email"] || set["admin"] || set["disabled"]
}

// apply copies the field flags given onto dst.
func (f *agentFlags) apply(set map[string]bool, dst *agents.Agent) {
	if set["login"] {
		dst.LoginName = f.agent.LoginName
	}
	if set["name"] {
		dst.DisplayName = f.agent.DisplayName
	}
	if set["email"] {
		dst.Email = f.agent.Email
	}
	if set["admin"] {
		dst.IsAdmin = f.agent.IsAdmin
	}
	if set["disabled"] {
		dst.Disabled = f.agent.Disabled
	}
}

var agentColumns = []column[agents.Agent]{
	{"ID", func(x agents.Agent) string { return itoa(x.UserID) }},
	{"LOGIN", func(x agents.Agent) string { return x.LoginName }},
	{"NAME", func(x agents.Agent) string { return x.DisplayName }},
	{"EMAIL", func(x agents.Agent) string { return x.Email }},
	{"ADMIN", func(x agents.Agent) string { return yesNo(x.IsAdmin) }},
	{"DISABLED", func(x agents.Agent) string { return yesNo(x.Disabled) }},
}

func agentFields(x *agents.Agent) []field {
	return []field{
		{"UserId", itoa(x.UserID)}, {"LoginName", x.LoginName}, {"DisplayName", x.DisplayName},
		{"Email", x.Email}, {"IsAdmin", yesNo(x.IsAdmin)}, {"Disabled", yesNo(x.Disabled)},
	}
}
