package zchat

import "runtime"

// Version is the version of zchat-go, sent in the User-Agent.
const Version = "0.1.0"

// DefaultUserAgent returns the User-Agent sent unless WithUserAgent replaces
// it: "zchat-go/<version> (<go version>; <os>/<arch>)".
func DefaultUserAgent() string {
	return "zchat-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}
