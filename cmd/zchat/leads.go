package main

import (
	"context"
	"flag"
	"iter"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

func leadsCommand() *command {
	return &command{
		name:    "leads",
		summary: "Find or create leads (people, found by e-mail), show and list them.",
		example: "zchat leads upsert --email maria.garcia@example.com --name 'Maria Garcia'\nzchat leads list --email maria.garcia@example.com",
		subs: []*command{{
			name:    "upsert",
			usage:   "--email EMAIL [--name NAME] [--phone PHONE] [--company COMPANY] [--customer CHAT_ID]",
			summary: "Create the lead with this e-mail, or update the non-empty fields given of the one that exists.",
			example: "zchat leads upsert --email oliver@shop.example.org --company 'Example Shop Ltd' --customer Guest:@cust-8812",
			setup: func(fs *flag.FlagSet) action {
				var in cases.LeadInput
				fs.StringVar(&in.Email, "email", "", "the lead's e-mail `ADDRESS` (required; finds an existing lead)")
				fs.StringVar(&in.DisplayName, "name", "", "display `NAME`")
				fs.StringVar(&in.Phone, "phone", "", "`PHONE` number")
				fs.StringVar(&in.Company, "company", "", "`COMPANY` name")
				fs.Func("customer", "the visitor's chat `ID`, e.g. Guest:@cust-8812",
					func(s string) error { in.CustomerID = zchat.ChatID(s); return nil })
				return func(ctx context.Context, a *app, _ []int) error {
					lead, created, err := cases.New(a.c).UpsertLeadCreated(ctx, in)
					if err != nil {
						return err
					}
					if created {
						a.say("Created lead %d.", lead.LeadID)
					} else {
						a.say("Found lead %d (its given fields updated).", lead.LeadID)
					}
					return a.show(lead, leadFields(lead))
				}
			},
		},
			getCommand("get", "LEAD_ID", "Show one lead.", "zchat leads get 1", cases.New, (*cases.Client).GetLead, leadFields),
			{
				name:    "list",
				usage:   "[--email EMAIL] [--page-size N] [--limit N]",
				summary: "List the leads, oldest first, following every page as it goes.",
				example: "zchat leads list\nzchat leads list --email oliver@shop.example.org --json",
				setup: pagedList("leads", leadColumns, func(fs *flag.FlagSet) lister[cases.Lead] {
					var opts cases.LeadListOptions
					fs.StringVar(&opts.Email, "email", "", "only the lead with this e-mail `ADDRESS`")
					return func(ctx context.Context, a *app, _ []int, pageSize int) (iter.Seq2[cases.Lead, error], error) {
						opts.PageSize = pageSize
						return cases.New(a.c).AllLeads(ctx, &opts), nil
					}
				}),
			}},
	}
}

var leadColumns = []column[cases.Lead]{
	{"ID", func(x cases.Lead) string { return itoa(x.LeadID) }},
	{"EMAIL", func(x cases.Lead) string { return x.Email }},
	{"NAME", func(x cases.Lead) string { return clip(x.DisplayName, 24) }},
	{"COMPANY", func(x cases.Lead) string { return clip(x.Company, 24) }},
	{"PHONE", func(x cases.Lead) string { return x.Phone }},
	{"CUSTOMER", func(x cases.Lead) string { return string(x.CustomerID) }},
}

func leadFields(x *cases.Lead) []field {
	return []field{
		{"LeadId", itoa(x.LeadID)}, {"Email", x.Email}, {"DisplayName", x.DisplayName}, {"Phone", x.Phone},
		{"Company", x.Company}, {"CustomerId", string(x.CustomerID)},
		{"CreatedTime", when(x.CreatedTime)}, {"UpdatedTime", when(x.UpdatedTime)},
	}
}
