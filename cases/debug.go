package cases

import "github.com/zchat/zchat-go/zchat"

// DebugInfo is the detailed debug information attached to a case or note:
// what an engineer needs to reproduce the visitor's problem.
type DebugInfo struct {
	UserAgent   string            `json:"UserAgent,omitempty"`
	Browser     string            `json:"Browser,omitempty"`
	Platform    string            `json:"Platform,omitempty"`
	Culture     string            `json:"Culture,omitempty"`
	IPAddress   string            `json:"IPAddress,omitempty"`
	PageURL     string            `json:"PageUrl,omitempty"`
	PageTitle   string            `json:"PageTitle,omitempty"`
	Referrer    string            `json:"Referrer,omitempty"`
	ProductName string            `json:"ProductName,omitempty"`
	ProductKey  string            `json:"ProductKey,omitempty"`
	AppVersion  string            `json:"AppVersion,omitempty"`
	Properties  map[string]string `json:"Properties,omitempty"`  // ≤ 100 entries
	Logs        []LogEntry        `json:"Logs,omitempty"`        // ≤ 1000
	StackTrace  string            `json:"StackTrace,omitempty"`  // ≤ 256 KiB
	Attachments []Attachment      `json:"Attachments,omitempty"` // ≤ 10, ≤ 8 MiB of content in all
}

// LogEntry is one log line in DebugInfo.
type LogEntry struct {
	Time    zchat.Time `json:"Time"`
	Level   string     `json:"Level"`
	Message string     `json:"Message"`
}

// Attachment is a file in DebugInfo. Content holds the raw bytes; on the wire
// it is base64, which encoding/json does for a []byte.
type Attachment struct {
	FileName    string `json:"FileName"`
	ContentType string `json:"ContentType"`
	Content     []byte `json:"Content"`
}
