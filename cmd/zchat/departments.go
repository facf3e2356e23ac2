package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/departments"
)

func departmentsCommand() *command {
	return &command{
		name:    "departments",
		summary: "List, show, create, update and delete departments, and change their members.",
		example: "zchat departments list\nzchat departments add-agent 2 3",
		subs: []*command{
			listCommand("List every department with its agents.", "zchat departments list",
				departments.New, (*departments.Client).List, departmentColumns),
			getCommand("get", "DEPARTMENT_ID", "Show one department and its agents.", "zchat departments get 2",
				departments.New, (*departments.Client).Get, departmentFields),
			{
				name:    "create",
				usage:   "--name NAME [--description TEXT]",
				summary: "Create a department.",
				example: "zchat departments create --name Billing --description 'Invoices and refunds'",
				setup: func(fs *flag.FlagSet) action {
					d := departmentFlags(fs)
					return func(ctx context.Context, a *app, _ []int) error {
						return shower(a, departmentFields)(departments.New(a.c).Create(ctx, *d))
					}
				},
			}, {
				name:    "update",
				args:    []string{"DEPARTMENT_ID"},
				usage:   "[--name NAME] [--description TEXT]",
				summary: "Rename a department or change its description: only the flags given change.",
				example: "zchat departments update 2 --description 'Technical help, 24/7'",
				setup: updateSetup(departments.New, (*departments.Client).Get, (*departments.Client).Update, departmentFields,
					func(fs *flag.FlagSet) changer[departments.Department] {
						d := departmentFlags(fs)
						return func(_ *app, set map[string]bool) (func(*departments.Department), error) {
							if !set["name"] && !set["description"] {
								return nil, errUsage("nothing to change: give --name or --description")
							}
							return func(cur *departments.Department) {
								if set["name"] {
									cur.Name = d.Name
								}
								if set["description"] {
									cur.Description = d.Description
								}
							}, nil
						}
					}),
			},
			deleteCommand("department", "DEPARTMENT_ID", departments.New, (*departments.Client).Delete),
			membershipCommand("add-agent", "Make an agent a member of a department (adding a member twice is fine).",
				(*departments.Client).AddAgent, "Agent %d is a member of department %d."),
			membershipCommand("remove-agent", "Take an agent out of a department.",
				(*departments.Client).RemoveAgent, "Agent %d is no longer a member of department %d."),
		},
	}
}

// membershipCommand is add-agent or remove-agent.
func membershipCommand(name, summary string, change func(*departments.Client, context.Context, int, int) error, done string) *command {
	return &command{
		name:    name,
		args:    []string{"DEPARTMENT_ID", "USER_ID"},
		summary: summary,
		example: "zchat departments " + name + " 2 3",
		run: func(ctx context.Context, a *app, ids []int) error {
			return a.done(change(departments.New(a.c), ctx, ids[0], ids[1]), done, ids[1], ids[0])
		},
	}
}

// departmentFlags defines --name and --description.
func departmentFlags(fs *flag.FlagSet) *departments.Department {
	d := &departments.Department{}
	fs.StringVar(&d.Name, "name", "", "the department's `NAME` (unique)")
	fs.StringVar(&d.Description, "description", "", "what the department is for, as `TEXT`")
	return d
}

// memberNames lists a department's agents by login name.
func memberNames(list []agents.Agent) string {
	names := make([]string, len(list))
	for i, m := range list {
		names[i] = m.LoginName
	}
	return strings.Join(names, ", ")
}

var departmentColumns = []column[departments.Department]{
	{"ID", func(x departments.Department) string { return itoa(x.DepartmentID) }},
	{"NAME", func(x departments.Department) string { return x.Name }},
	{"AGENTS", func(x departments.Department) string { return memberNames(x.Agents) }},
	{"DESCRIPTION", func(x departments.Department) string { return clip(x.Description, 60) }},
}

func departmentFields(x *departments.Department) []field {
	// One line per member: the server's names on one safe line each.
	width := 0
	for _, m := range x.Agents {
		width = max(width, len(safeLine(m.LoginName)))
	}
	var members strings.Builder
	for _, m := range x.Agents {
		fmt.Fprintf(&members, "%-4d %-*s  %s\n", m.UserID, width, safeLine(m.LoginName), safeLine(m.DisplayName))
	}
	return []field{
		{"DepartmentId", itoa(x.DepartmentID)}, {"Name", x.Name}, {"Description", x.Description},
		{"Agents", members.String()},
	}
}
