// Package wiretest is the shared wire-level test kit for the resource
// packages (agents, departments, sessions, messages, cases).
//
// It gives their tests a zchat.Client on an httpmock transport that counts
// every request it is sent (an unmatched one is answered 599), a Recorder
// that keeps what went over the wire, CheckWire to assert what a request
// looked like, and table runners for the checks every resource package
// makes: each operation's exchange (CheckOps), arguments refused before
// sending (CheckInvalid), and lazy, cursor-following iterators
// (CheckLazyIteration, UntilError, OnlyError, Pages); Calls, an
// observer that records the operation each call names; and Buffer, a
// bytes.Buffer a command or server writes to while the test reads it (for
// every package's tests, not only the resource packages').
//
// It is imported only by _test.go files.
package wiretest
