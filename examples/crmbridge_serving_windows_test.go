//go:build windows

package examples_test

import (
	"testing"

	"github.com/zchat/zchat-go/zchattest"
)

// runCRMBridgeServing has nothing to run on Windows, where one process
// cannot interrupt another: crm-bridge's serving mode is tested elsewhere.
func runCRMBridgeServing(*testing.T, *zchattest.Server, []string) {}
