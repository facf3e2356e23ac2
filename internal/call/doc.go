// Package call is how a resource package calls the APP Server: typed calls
// and lazy iteration built on the public zchat.Client.Do, each naming its
// operation from the contract's table (internal/apispec), so the request
// carries the operationId and path template that logs, traces and metrics
// use.
//
// A resource method checks its arguments, then makes one call:
//
//	func (c *Client) Get(ctx context.Context, userID int) (*Agent, error) {
//		if err := check.ID("userID", userID); err != nil {
//			return nil, err
//		}
//		return call.Get[Agent](ctx, c.c, apispec.GetAgent, nil, userID)
//	}
//
// The path is the operation's template with each {parameter} replaced by
// the next argument, escaped as zchat.Path escapes a segment.
package call
