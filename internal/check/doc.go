// Package check holds the argument checks the resource packages run before
// sending anything. Each refusal is a *zchat.InvalidArgumentError, which
// wraps zchat.ErrInvalidArgument and names the argument:
//
//	if err := check.ID("userID", userID); err != nil {
//		return nil, err
//	}
package check
