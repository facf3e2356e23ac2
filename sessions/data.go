package sessions

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
)

// ErrNoData is wrapped by the Decode…Data methods when the field is empty
// (or holds the JSON null): the site put nothing there.
var ErrNoData = errors.New("no data")

// ErrNotJSON is wrapped by the Decode…Data methods when the field holds
// text that is not JSON.
var ErrNotJSON = errors.New("not JSON")

// DecodeContextData decodes the JSON text in ContextData into v (a pointer,
// as for json.Unmarshal). It fails with an error wrapping ErrNoData when
// ContextData is empty, and ErrNotJSON when it is not JSON.
func (s *Session) DecodeContextData(v any) error {
	if s == nil {
		return decodeData("ContextData", "", v)
	}
	return decodeData("ContextData", s.ContextData, v)
}

// DecodeSessionData decodes the JSON text in SessionData into v, like
// DecodeContextData.
func (s *Session) DecodeSessionData(v any) error {
	if s == nil {
		return decodeData("SessionData", "", v)
	}
	return decodeData("SessionData", s.SessionData, v)
}

// DecodeCustomData decodes the JSON text in CustomData into v, like
// DecodeContextData.
func (s *Session) DecodeCustomData(v any) error {
	if s == nil {
		return decodeData("CustomData", "", v)
	}
	return decodeData("CustomData", s.CustomData, v)
}

func decodeData(field, text string, v any) error {
	trimmed := strings.TrimSpace(text)
	if trimmed == "" || trimmed == "null" {
		return fmt.Errorf("sessions: %s: %w", field, ErrNoData)
	}
	if !json.Valid([]byte(trimmed)) {
		err := json.Unmarshal([]byte(trimmed), new(any)) // for the position and reason
		return fmt.Errorf("sessions: %s: %w (it starts %q): %w", field, ErrNotJSON, safetext.Cut(trimmed, 40), err)
	}
	if err := json.Unmarshal([]byte(trimmed), v); err != nil {
		return fmt.Errorf("sessions: decoding %s: %w", field, err)
	}
	return nil
}
