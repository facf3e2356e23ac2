package agents_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
)

const password = "hunter2-very-secret"

func TestPasswordNeverPrinted(t *testing.T) {
	t.Parallel()
	a := agents.Agent{UserID: 3, LoginName: "ana", DisplayName: "Ana", Password: password}
	pa := &a
	list := []agents.Agent{a, a}
	plist := []*agents.Agent{pa}

	outputs := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		outputs[verb+" Agent"] = fmt.Sprintf(verb, a)
		outputs[verb+" *Agent"] = fmt.Sprintf(verb, pa)
		outputs[verb+" []Agent"] = fmt.Sprintf(verb, list)
		outputs[verb+" []*Agent"] = fmt.Sprintf(verb, plist)
	}
	outputs["Println"] = fmt.Sprintln(a, pa, list)
	outputs["map"] = fmt.Sprintf("%+v", map[string]agents.Agent{"ana": a})
	outputs["struct field"] = fmt.Sprintf("%+v", struct{ A agents.Agent }{a})

	for _, mk := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		l := slog.New(mk(&buf))
		l.Info("agent", "a", a, "pa", pa, "list", list, "plist", plist)
		l.Info("attr", slog.Any("a", a), slog.Any("pa", pa))
		outputs[fmt.Sprintf("slog %T", l.Handler())] = buf.String()
	}
	b, err := json.Marshal(list)
	require.NoError(t, err)
	outputs["json.Marshal"] = string(b)

	for name, out := range outputs {
		assert.NotContains(t, out, password, name)
		assert.NotContains(t, out, "hunter2", name)
		assert.Contains(t, out, "ana", name) // the rest of the Agent is there
	}
	// Where a printed form shows the field, it shows it redacted.
	assert.Equal(t, `{3 ana Ana  false false [REDACTED]}`, outputs["%v Agent"])
	assert.Equal(t, `{UserID:3 LoginName:ana DisplayName:Ana Email: IsAdmin:false Disabled:false Password:[REDACTED]}`, outputs["%+v Agent"])
	assert.Equal(t, `agents.Agent{UserID:3, LoginName:"ana", DisplayName:"Ana", Email:"", IsAdmin:false, Disabled:false, Password:"[REDACTED]"}`, outputs["%#v Agent"])
	assert.Contains(t, outputs["%v []Agent"], "[REDACTED]")
	assert.Contains(t, outputs["%+v *Agent"], "Password:[REDACTED]")
	assert.Contains(t, outputs["%v []*Agent"], "[REDACTED]")
}

func TestPrintingDoesNotChangeTheAgent(t *testing.T) {
	t.Parallel()
	a := agents.Agent{LoginName: "ana", Password: password}
	_ = fmt.Sprintf("%+v", a)
	assert.Equal(t, password, a.Password)
	// A nil *Agent prints as fmt prints any nil pointer.
	assert.Equal(t, "<nil>", fmt.Sprintf("%v", (*agents.Agent)(nil)))
	// An Agent without a password prints an empty one, not "[REDACTED]".
	assert.NotContains(t, fmt.Sprintf("%+v", agents.Agent{LoginName: "bo"}), "REDACTED")
}

func TestJSONDecodeKeepsPassword(t *testing.T) {
	t.Parallel()
	// Decoding is unchanged (a fake server reads the password from a request).
	var a agents.Agent
	require.NoError(t, json.Unmarshal([]byte(`{"LoginName":"ana","password":"p"}`), &a))
	assert.Equal(t, "p", a.Password)
	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, `{"LoginName":"ana","DisplayName":"","Email":"","IsAdmin":false,"Disabled":false}`, string(b))
}
