// Command zchat is the command-line tool for the ZChat APP Server API, for
// operators and for debugging webhooks. It is built only on the zchat-go SDK:
// every API call goes through the SDK's resource clients (agents,
// departments, sessions, messages, cases), webhooks through package webhook,
// and the mock server is package zchattest.
//
// Install:
//
//	go install github.com/zchat/zchat-go/cmd/zchat@latest
//
// Point it at an APP Server with the environment (or --base-url and
// --api-key; flags win). The environment keeps the key out of shell history:
//
//	export ZCHAT_BASE_URL=https://zchatdemo.com ZCHAT_API_KEY=…
//	zchat ping
//
// Operators:
//
//	zchat agents list
//	printf '%s\n' "$PW" | zchat agents create --login ana --name 'Ana Lima' --password-stdin
//	zchat departments add-agent 2 3
//	zchat sessions list --since 24h --status ended --json > sessions.jsonl
//	zchat sessions transfer 42 --agent User:3
//	zchat transcript 42 --tz Europe/Lisbon
//	zchat export --since 720h --out transcripts/ --concurrency 4
//	zchat leads upsert --email maria.garcia@example.com --name 'Maria Garcia'
//	zchat cases submit 1 --subject 'Checkout fails' --debug-from-session 42 --transcript --attach console.log
//
// Webhooks (notifications are signed with the ChatApiKey):
//
//	zchat webhook listen --forward http://localhost:3000/zchat/notify   # on 127.0.0.1:8080
//	zchat webhook listen --addr :8080   # every interface: for an APP Server on another machine
//	zchat webhook sign < event.json > headers.txt
//	zchat webhook verify --headers-file headers.txt < event.json
//
// A fake APP Server to test against from any language:
//
//	zchat mock-server --demo --addr 127.0.0.1:8787 > server.env &
//
// Output is for people by default: aligned tables for lists, "Key: value"
// blocks for one object. --json prints JSON, and JSON Lines for the lists
// that are streamed page by page (sessions, messages, leads, cases, notes).
// When stderr is a terminal and stdout is not, long listings show how many
// items they have fetched.
//
// Exit codes:
//
//	0  done
//	1  webhook verify: the notification does not verify
//	2  usage: a bad flag or argument, or an argument the SDK refused before sending
//	3  the server answered an error (status, code, message and request id on stderr)
//	4  anything else: the network, a file, the listen address
//
// Every command and subcommand has --help (or -h) with a usage line and an
// example; "zchat help" lists the commands.
package main
