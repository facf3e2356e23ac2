// Package examples holds small programs that show zchat-go at work, each a
// package main to run with go run from the repository root:
//
//	go run ./examples/quickstart          # a first tour: agents, departments, sessions, a transcript, a case
//	go run ./examples/crm-bridge          # the ChatApiNotificationUrl receiver of a CRM integration
//	go run ./examples/export-transcripts  # every session since a date to JSON Lines files
//	go run ./examples/submit-case         # a case with a log file and a stack trace; validation errors
//
// Each one talks to the APP Server that ZCHAT_BASE_URL and ZCHAT_API_KEY
// name. When ZCHAT_BASE_URL is not set, it starts an in-process zchattest
// server with demo data instead, says so in one line, runs its demo and
// exits: nothing to configure, nothing to wait for. The connect-or-demo
// logic is in examples/internal/demo.
//
// This package itself has no code: its tests build and run every example
// in demo mode and check what it prints (examples_test.go), and compile
// and run every code snippet of the README (readme_test.go).
package examples
