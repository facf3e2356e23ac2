package cases_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

func TestSubmitNote(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := respond(t, mt, http.MethodPost, "/leads/42/notes", http.StatusCreated, "note.json")

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
	got := rec.only(t)
	if got.Method != http.MethodPost || got.Path != "/api/v1/leads/42/notes" || got.Header.Get("Idempotency-Key") == "" {
		t.Errorf("request = %s %s %v", got.Method, got.Path, got.Header)
	}
	want := map[string]any{"Text": "Called back, card expired.", "CaseId": 7.0, "Debug": map[string]any{"Culture": "en-US"}}
	if body := jsonObject(t, got.Body); !reflect.DeepEqual(body, want) {
		t.Errorf("body = %v, want %v", body, want)
	}
}

func TestListNotes(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := respond(t, mt, http.MethodGet, "/leads/42/notes", http.StatusOK, "notes_page.json")

	page, err := c.ListNotes(context.Background(), 42, &zchat.ListOptions{PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].Text != "first" || page.Items[1].CaseID != 0 || page.NextCursor != "" {
		t.Errorf("page = %+v", page)
	}
	got := rec.only(t)
	if want := map[string][]string{"pageSize": {"50"}}; got.Path != "/api/v1/leads/42/notes" || !reflect.DeepEqual(map[string][]string(got.Query), want) {
		t.Errorf("request = %s?%v", got.Path, got.Query)
	}
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
	if calls := rec.all(); len(calls) != 1 || calls[0].Query.Get("pageSize") != "10" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestNoteArguments(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	ctx := context.Background()
	_, err := c.SubmitNote(ctx, 0, cases.NoteInput{Text: "x"})
	wantInvalid(t, err, "leadID")
	_, err = c.ListNotes(ctx, -3, nil)
	wantInvalid(t, err, "leadID")
	_, err = c.ListNotes(ctx, 42, &zchat.ListOptions{PageSize: -1})
	wantInvalid(t, err, "ListOptions.PageSize")
	for _, err := range c.AllNotes(ctx, 42, &zchat.ListOptions{PageSize: zchat.MaxPageSize + 1}) {
		wantInvalid(t, err, "ListOptions.PageSize")
	}
	wantCalls(t, mt, 0)
}
