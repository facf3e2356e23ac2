package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/zchat/zchat-go/webhook"
)

// webhookCommand is the tree of zchat webhook: listen, sign and verify, one
// file each; the flags and input they share are below.
func webhookCommand() *command {
	return &command{
		name:    "webhook",
		summary: "Receive, sign and verify the notifications the APP Server POSTs to ChatApiNotificationUrl.",
		long:    "They are signed with the ChatApiKey: the secret is --secret, else the API key.",
		example: "zchat webhook listen --forward http://localhost:3000/zchat/notify\n" +
			"zchat webhook sign --id evt_1 < event.json > headers.txt\n" +
			"zchat webhook verify --headers-file headers.txt < event.json",
		subs: []*command{webhookListenCommand(), webhookSignCommand(), webhookVerifyCommand()},
	}
}

// verifyFlags are the flags of listen and verify.
type verifyFlags struct {
	secret    string
	tolerance time.Duration
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.secret, "secret", "", "the signing `KEY` (default the API key: --api-key or ZCHAT_API_KEY)")
	fs.DurationVar(&f.tolerance, "tolerance", webhook.DefaultTolerance, "how far webhook-timestamp may be from the clock, a duration `D`")
}

// verifier checks the secret (a mistake is a usage error) and returns a
// Verifier and the options it was made with, for NewHandler.
func (f *verifyFlags) verifier(a *app, extra ...webhook.VerifyOption) (string, *webhook.Verifier, []webhook.VerifyOption, error) {
	secret, err := a.secret(f.secret)
	if err != nil {
		return "", nil, nil, err
	}
	opts := append([]webhook.VerifyOption{webhook.WithTolerance(f.tolerance)}, extra...)
	v, err := webhook.NewVerifier(secret, opts...)
	if err != nil {
		return "", nil, nil, errUsage("%v", err)
	}
	return secret, v, opts, nil
}

// secret is flagValue, else the API key.
func (a *app) secret(flagValue string) (string, error) {
	s := flagValue
	if s == "" {
		s = a.apiKey()
	}
	if s == "" {
		return "", errUsage("no secret: set --secret, or the API key (%s or --api-key), which signs notifications", envAPIKey)
	}
	if err := webhook.CheckSecret(s); err != nil {
		return "", errUsage("%v", err)
	}
	return s, nil
}

// readBody reads a notification body from stdin, as it is.
func (a *app) readBody() ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(a.stdin, maxTextInput))
	if err != nil {
		return nil, fmt.Errorf("reading the body from stdin: %w", err)
	}
	return b, nil
}
