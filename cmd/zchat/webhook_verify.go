package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

// webhookVerifyCommand is zchat webhook verify.
func webhookVerifyCommand() *command {
	return &command{
		name:    "verify",
		usage:   "(--header 'NAME: VALUE'... | --headers-file FILE) [--secret KEY] [--tolerance D] < body",
		summary: "Verify a notification: the body on stdin with its headers.",
		long:    "Exits 0 when it verifies, 1 (with the reason on stderr) when it does not.",
		example: "zchat webhook verify --header 'webhook-id: evt_1' --header 'webhook-timestamp: 1764042747' \\\n" +
			"    --header 'webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' < event.json\n" +
			"zchat webhook verify --headers-file headers.txt < event.json",
		local: true,
		setup: func(fs *flag.FlagSet) action {
			var (
				vf      verifyFlags
				headers stringList
			)
			vf.register(fs)
			fs.Var(&headers, "header", "a header as `'NAME: VALUE'` (repeatable)")
			file := fs.String("headers-file", "", "read the headers from `FILE`, one 'NAME: VALUE' a line (- for stdin is not allowed: stdin is the body)")
			return func(_ context.Context, a *app, _ []int) error {
				return verify(a, &vf, headers, *file)
			}
		},
	}
}

func verify(a *app, vf *verifyFlags, headers []string, file string) error {
	_, v, _, err := vf.verifier(a)
	if err != nil {
		return err
	}
	if file != "" {
		lines, err := readHeaderLines(file)
		if err != nil {
			return err
		}
		headers = append(lines, headers...)
	}
	if len(headers) == 0 {
		return errUsage("no headers: give --header 'NAME: VALUE' (repeatable) or --headers-file FILE")
	}
	h := http.Header{}
	for _, line := range headers {
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return errUsage("header %q: want 'NAME: VALUE'", line)
		}
		h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	body, err := a.readBody()
	if err != nil {
		return err
	}
	res := struct {
		Valid  bool
		Reason string `json:",omitempty"`
		ID     string `json:"Id,omitempty"`
		Type   string `json:",omitempty"`
	}{Valid: true}
	verr := v.Verify(h, body)
	if verr != nil {
		res.Valid, res.Reason = false, verr.Error()
		if errors.Is(verr, webhook.ErrTimestampTooOld) || errors.Is(verr, webhook.ErrTimestampTooNew) {
			verr = fmt.Errorf("%w (the signature matches: the request is authentic but stale, or a clock is off)", verr)
		}
		verr = &invalidError{verr}
	} else if ev, err := webhook.Parse(body); err == nil {
		res.ID, res.Type = ev.ID, ev.Type
	}
	switch {
	case a.g.json:
		err = writeJSON(a.stdout, res, false)
	case res.Valid && res.ID != "":
		a.say("valid: the signature matches (event %s, %s)", safetext.Token(res.ID), safetext.Token(res.Type))
	case res.Valid:
		a.say("valid: the signature matches")
	}
	return errors.Join(verr, err)
}

// readHeaderLines reads 'NAME: VALUE' lines from a file, skipping blank
// lines and # comments.
func readHeaderLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errUsage("--headers-file: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines, sc.Err()
}
