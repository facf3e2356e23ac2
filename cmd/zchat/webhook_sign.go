package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

// webhookSignCommand is zchat webhook sign.
func webhookSignCommand() *command {
	return &command{
		name:    "sign",
		usage:   "[--id ID] [--timestamp UNIX] [--secret KEY] < body",
		summary: "Sign the body on stdin as the APP Server does, and print the three headers.",
		long:    "The headers are webhook-id, webhook-timestamp and webhook-signature. The id defaults to the body's Id.",
		example: "zchat webhook sign --id evt_1 < event.json\n" +
			"zchat webhook sign < event.json > headers.txt && zchat webhook verify --headers-file headers.txt < event.json",
		local: true,
		setup: func(fs *flag.FlagSet) action {
			secret := fs.String("secret", "", "the signing `KEY` (default the API key)")
			id := fs.String("id", "", "the webhook-id: the event `ID` (default the body's Id)")
			ts := fs.Int64("timestamp", 0, "the webhook-timestamp in `UNIX` seconds (default now)")
			return func(_ context.Context, a *app, _ []int) error {
				return sign(a, *secret, *id, *ts)
			}
		},
	}
}

func sign(a *app, secretFlag, id string, ts int64) error {
	secret, err := a.secret(secretFlag)
	if err != nil {
		return err
	}
	body, err := a.readBody()
	if err != nil {
		return err
	}
	if id == "" {
		ev, err := webhook.Parse(body)
		if err != nil {
			return errUsage("no --id, and the body is no event to take its Id from: %v", err)
		}
		id = ev.ID
	}
	t := time.Now()
	if ts != 0 {
		t = time.Unix(ts, 0)
	}
	h := map[string]string{
		webhook.HeaderID:        id,
		webhook.HeaderTimestamp: strconv.FormatInt(t.Unix(), 10),
		webhook.HeaderSignature: webhook.Sign(secret, id, t, body),
	}
	if a.g.json {
		return writeJSON(a.stdout, h, false)
	}
	for _, k := range []string{webhook.HeaderID, webhook.HeaderTimestamp, webhook.HeaderSignature} {
		fmt.Fprintf(a.stdout, "%s: %s\n", k, safetext.Line(h[k], safetext.MaxMessage))
	}
	return nil
}
