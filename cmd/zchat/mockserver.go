package main

import (
	"context"
	"flag"
	"fmt"
	"net"

	"github.com/zchat/zchat-go/zchattest"
)

func mockServerCommand() *command {
	return &command{
		name:    "mock-server",
		usage:   "[--addr HOST:PORT] [--demo] [--api-key KEY] [--base-path PATH] [--notify-url URL] [--for DURATION]",
		summary: "Run a fake APP Server (zchattest) on an address, to test against from any language.",
		long: "It serves the whole API in memory, prints ZCHAT_BASE_URL=… and ZCHAT_API_KEY=… lines on stdout\n" +
			"and runs until Ctrl-C (or --for). Its key is --api-key, else random: never ZCHAT_API_KEY, so that\n" +
			"a real key is not taken and printed. It listens on --addr and nowhere else, with the limits of\n" +
			"webhook listen (10 s for headers of at most 64 KiB, a minute for a request). It keeps no more than\n" +
			fmt.Sprintf("the last %d requests on record, each field cut to %d bytes, however many it is sent.",
				zchattest.MaxRecordedRequests, zchattest.MaxRecordedField),
		example: "zchat mock-server --demo --api-key test-key &\n" +
			"ZCHAT_BASE_URL=http://127.0.0.1:8787 ZCHAT_API_KEY=test-key zchat agents list\n" +
			"zchat mock-server --addr 127.0.0.1:0 --demo --for 30s > server.env",
		local: true,
		setup: func(fs *flag.FlagSet) action {
			addr := fs.String("addr", "127.0.0.1:8787", "`HOST:PORT` to listen on (port 0 picks a free one)")
			demo := fs.Bool("demo", false, "seed a small demo organization: agents, departments, chats, a lead and a case")
			notify := fs.String("notify-url", "", "POST signed notifications to this `URL` (e.g. a 'zchat webhook listen')")
			dur := fs.Duration("for", 0, "stop after `DURATION` (default: until Ctrl-C)")
			return func(ctx context.Context, a *app, _ []int) error {
				opts := []zchattest.Option{zchattest.WithAPIKey(a.g.apiKey), zchattest.WithNotificationURL(*notify)}
				if *demo {
					opts = append(opts, zchattest.WithDemoData())
				}
				if a.g.basePath != "" {
					opts = append(opts, zchattest.WithBasePath(a.g.basePath))
				}
				ctx, stop := interruptible(ctx)
				defer stop()
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					return fmt.Errorf("mock-server: %w", err)
				}
				srv := zchattest.NewUnstartedServer(opts...)
				defer srv.Close()
				env := struct {
					BaseURL string `json:"ZCHAT_BASE_URL"`
					APIKey  string `json:"ZCHAT_API_KEY"`
				}{listenURL(ln.Addr()), srv.APIKey}
				if a.g.json {
					err = writeJSON(a.stdout, env, false)
				} else {
					_, err = fmt.Fprintf(a.stdout, "%s=%s\n%s=%s\n", envBaseURL, env.BaseURL, envAPIKey, env.APIKey)
				}
				if err != nil {
					_ = ln.Close()
					return err
				}
				fmt.Fprintf(a.stderr, "zchat: mock APP Server %s serving the API at %s%s (demo data: %s); Ctrl-C stops it\n",
					zchattest.Version, env.BaseURL, srv.BasePath(), yesNo(*demo))
				if *dur > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, *dur)
					defer cancel()
				}
				return serve(ctx, stop, ln, srv, defaultLimits)
			}
		},
	}
}
