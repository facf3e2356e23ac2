package zchat

import "context"

// ServerInfo is what GET /ping answers.
type ServerInfo struct {
	Version string `json:"Version"` // the APP Server's version
	Time    Time   `json:"Time"`    // the server's clock
}

// Ping checks that the server answers and that the API key is accepted
// (a wrong key is an error that errors.Is ErrUnauthorized).
func (c *Client) Ping(ctx context.Context) (*ServerInfo, error) {
	var info ServerInfo
	if err := c.Get(ctx, "/ping", nil, &info); err != nil {
		return nil, err
	}
	return &info, nil
}
