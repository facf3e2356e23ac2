package check

import (
	"fmt"

	"github.com/zchat/zchat-go/zchat"
)

// Invalid returns a *zchat.InvalidArgumentError for the named argument or
// field ("userID", "CaseInput.Subject"), its reason formatted from format
// and args.
func Invalid(name, format string, args ...any) error {
	return &zchat.InvalidArgumentError{Name: name, Reason: fmt.Sprintf(format, args...)}
}

// ID refuses an id that is not positive.
func ID(name string, id int) error {
	if id <= 0 {
		return Invalid(name, "must be > 0, got %d", id)
	}
	return nil
}

// NotNegative refuses a negative number, such as an optional id (0 = none).
func NotNegative(name string, n int) error {
	if n < 0 {
		return Invalid(name, "must be ≥ 0, got %d", n)
	}
	return nil
}

// PageSize refuses a page size outside 0–zchat.MaxPageSize (0 means the
// server's default, 100).
func PageSize(name string, n int) error {
	if n < 0 || n > zchat.MaxPageSize {
		return Invalid(name, "must be between 0 and %d, got %d", zchat.MaxPageSize, n)
	}
	return nil
}

// First returns the first of the results of a list of checks that is not
// nil: a value's rules, checked in order, the first broken one refused.
func First(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
