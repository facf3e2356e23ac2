package cases

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/zchat/zchat-go/internal/check"
)

// AttachBytes adds an attachment with a copy of b. An empty contentType is
// found from the name's extension, else sniffed from b. It fails, leaving d
// unchanged, when name is blank, d already holds MaxAttachments
// attachments, or b does not fit in what is left of MaxAttachmentBytes.
func (d *DebugInfo) AttachBytes(name, contentType string, b []byte) error {
	if err := d.canAttach(name); err != nil {
		return err
	}
	if left := d.attachmentBudget(); len(b) > left {
		return overBudget(name, left)
	}
	d.attach(name, contentType, append([]byte{}, b...))
	return nil
}

// AttachReader adds an attachment with the content of r. An empty
// contentType is found from the name's extension (mime.TypeByExtension),
// else sniffed from the content (http.DetectContentType). It reads at most
// one byte more than what is left of MaxAttachmentBytes, so a huge reader
// is refused without being read to its end. On any error d is unchanged.
func (d *DebugInfo) AttachReader(name, contentType string, r io.Reader) error {
	if r == nil {
		return check.Invalid("r", "is nil")
	}
	if err := d.canAttach(name); err != nil {
		return err
	}
	left := d.attachmentBudget()
	b, err := io.ReadAll(io.LimitReader(r, int64(left)+1))
	if err != nil {
		return fmt.Errorf("cases: reading attachment %q: %w", name, err)
	}
	if len(b) > left {
		return overBudget(name, left)
	}
	d.attach(name, contentType, b)
	return nil
}

// AttachFile adds the file at path as an attachment named after its base
// name, its content type found as AttachReader finds it. A regular file
// larger than what is left of MaxAttachmentBytes is refused before reading.
// On any error d is unchanged.
func (d *DebugInfo) AttachFile(path string) error {
	name := filepath.Base(path)
	if err := d.canAttach(name); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cases: attaching file: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > int64(d.attachmentBudget()) {
		return overBudget(name, d.attachmentBudget())
	}
	return d.AttachReader(name, "", f)
}

// canAttach checks what can be checked before reading any content.
func (d *DebugInfo) canAttach(name string) error {
	if strings.TrimSpace(name) == "" {
		return check.Invalid("DebugInfo.Attachments.FileName", "is required")
	}
	if len(d.Attachments) >= MaxAttachments {
		return check.Invalid("DebugInfo.Attachments", "already holds the most attachments, %d", MaxAttachments)
	}
	return nil
}

// attachmentBudget is how many bytes of content may still be attached.
func (d *DebugInfo) attachmentBudget() int { return max(MaxAttachmentBytes-d.attachmentBytes(), 0) }

func overBudget(name string, left int) error {
	return check.Invalid("DebugInfo.Attachments", "%q is too large: %d of the %d bytes allowed for all attachments together are left", name, left, MaxAttachmentBytes)
}

func (d *DebugInfo) attach(name, contentType string, b []byte) {
	if contentType == "" {
		contentType = detectContentType(name, b)
	}
	d.Attachments = append(d.Attachments, Attachment{FileName: name, ContentType: contentType, Content: b})
}

// detectContentType finds a content type from the name's extension, else
// from the content.
func detectContentType(name string, b []byte) string {
	if ext := filepath.Ext(name); ext != "" {
		if ct := mime.TypeByExtension(ext); ct != "" {
			return ct
		}
	}
	return http.DetectContentType(b)
}
