package zchat

import (
	"context"

	"github.com/zchat/zchat-go/internal/apispec"
)

// ServerInfo is what GET /ping answers.
type ServerInfo struct {
	Version string `json:"Version"` // the APP Server's version
	Time    Time   `json:"Time"`    // the server's clock
}

// Ping checks that the server answers and that the API key is accepted
// (a wrong key is an error that errors.Is ErrUnauthorized).
func (c *Client) Ping(ctx context.Context) (*ServerInfo, error) {
	op := apispec.Ping
	var info ServerInfo
	if _, err := c.do(ctx, &Request{Method: op.Method, Path: op.Pattern, Operation: op.ID, Pattern: op.Pattern}, &info); err != nil {
		return nil, err
	}
	return &info, nil
}
