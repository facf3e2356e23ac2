package cases_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"testing"

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
	if err != nil {
		t.Fatal(err)
	}
	if note.NoteID != 5 || note.CaseID != 7 || note.SessionID != 0 || !note.CreatedTime.Equal(isoNoOffset) {
		t.Errorf("note = %+v", note)
	}
	if note.Debug == nil || len(note.Debug.Logs) != 1 || !note.Debug.Logs[0].Time.Equal(dotNetDate) || note.Debug.Browser != "" {
		t.Errorf("debug = %+v", note.Debug)
	}
	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads/42/notes", nil,
		`{"Text":"Called back, card expired.","CaseId":7,"Debug":{"Culture":"en-US"}}`)
}

func TestListNotes(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42/notes", http.StatusOK, "notes_page.json")

	page, err := c.ListNotes(context.Background(), 42, &zchat.ListOptions{PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].Text != "first" || page.Items[1].CaseID != 0 || page.NextCursor != "" {
		t.Errorf("page = %+v", page)
	}
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42/notes", url.Values{"pageSize": {"50"}}, "")
}

func TestAllNotes(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := pager(t, mt, "/leads/42/notes", map[string]string{"": "notes_page.json"})
	opts := &zchat.ListOptions{PageSize: 10}
	var texts []string
	for note, err := range c.AllNotes(context.Background(), 42, opts) {
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, note.Text)
	}
	if !reflect.DeepEqual(texts, []string{"first", "second"}) {
		t.Errorf("texts = %v", texts)
	}
	if *opts != (zchat.ListOptions{PageSize: 10}) {
		t.Errorf("opts changed to %+v", *opts)
	}
	if calls := rec.Requests(); len(calls) != 1 || calls[0].Query.Get("pageSize") != "10" {
		t.Errorf("calls = %+v", calls)
	}
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
