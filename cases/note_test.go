package cases_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

func TestSubmitNote(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/notes", http.StatusCreated, "note.json")

	note, err := c.SubmitNote(context.Background(), 42, cases.NoteInput{
		Text: "Called back, card expired.", CaseID: 7,
		Debug: &cases.DebugInfo{Culture: "en-US"},
	})
	require.NoError(t, err)
	assert.Equal(t, 5, note.NoteID)
	assert.Equal(t, 7, note.CaseID)
	assert.Equal(t, 0, note.SessionID)
	assert.True(t, note.CreatedTime.Equal(isoNoOffset), "CreatedTime = %v", note.CreatedTime)
	require.NotNil(t, note.Debug)
	require.Len(t, note.Debug.Logs, 1)
	assert.True(t, note.Debug.Logs[0].Time.Equal(dotNetDate), "log time = %v", note.Debug.Logs[0].Time)
	assert.Empty(t, note.Debug.Browser)
	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads/42/notes", nil,
		`{"Text":"Called back, card expired.","CaseId":7,"Debug":{"Culture":"en-US"}}`)
}

func TestListNotes(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42/notes", http.StatusOK, "notes_page.json")

	page, err := c.ListNotes(context.Background(), 42, &zchat.ListOptions{PageSize: 50})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "first", page.Items[0].Text)
	assert.Equal(t, 0, page.Items[1].CaseID)
	assert.Empty(t, page.NextCursor)
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42/notes", url.Values{"pageSize": {"50"}}, "")
}

func TestAllNotes(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := pager(t, mt, "/leads/42/notes", map[string]string{"": "notes_page.json"})
	opts := &zchat.ListOptions{PageSize: 10}
	var texts []string
	for note, err := range c.AllNotes(context.Background(), 42, opts) {
		require.NoError(t, err)
		texts = append(texts, note.Text)
	}
	assert.Equal(t, []string{"first", "second"}, texts)
	assert.Equal(t, zchat.ListOptions{PageSize: 10}, *opts, "opts changed")
	calls := rec.Requests()
	require.Len(t, calls, 1)
	assert.Equal(t, "10", calls[0].Query.Get("pageSize"))
}

func TestNoteArguments(t *testing.T) {
	t.Parallel()
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*cases.Client]{
		{Name: "SubmitNote lead 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.SubmitNote(ctx, 0, cases.NoteInput{Text: "x"})
			return err
		}},
		{Name: "ListNotes lead < 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListNotes(ctx, -3, nil)
			return err
		}},
		{Name: "ListNotes PageSize < 0", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListNotes(ctx, 42, &zchat.ListOptions{PageSize: -1})
			return err
		}},
		{Name: "AllNotes PageSize > max", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			return wiretest.OnlyError(c.AllNotes(ctx, 42, &zchat.ListOptions{PageSize: zchat.MaxPageSize + 1}))
		}},
	})
}
