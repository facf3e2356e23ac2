package wiretest

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeMirror is a block of a test file that mirrors a README snippet.
var readmeMirror = regexp.MustCompile(`(?s)// README:\n(.*?)\n\s*// end README`)

// ReadmeSnippets checks that every snippet of the README at readmePath
// fenced as ```lang is in one of the test files at srcPaths (which compile
// and run them), line for line (leading and repeated blanks aside), between
// a "// README:" and a "// end README" comment, and that they mirror as many
// blocks as there are snippets. It
// returns how many snippets there are. The root module's README snippets
// are ```go (examples/readme_test.go); those of a nested module, which the
// root module cannot import, are fenced otherwise (```golang for zchatotel)
// and mirrored in that module.
func ReadmeSnippets(t testing.TB, readmePath, lang string, srcPaths ...string) int {
	t.Helper()
	readme, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	var src []byte
	for _, p := range srcPaths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		src = append(src, b...)
	}
	snippets := regexp.MustCompile("(?s)```"+regexp.QuoteMeta(lang)+"\n(.*?)```").FindAllSubmatch(readme, -1)
	mirrors := readmeMirror.FindAllSubmatch(src, -1)
	require.Len(t, mirrors, len(snippets), "a mirror per ```%s snippet in the README", lang)
	var have []string
	for _, m := range mirrors {
		have = append(have, normalizeSnippet(m[1]))
	}
	for _, s := range snippets {
		assert.Contains(t, have, normalizeSnippet(s[1]), "README snippet not mirrored:\n%s", s[1])
	}
	return len(snippets)
}

// normalizeSnippet trims each line, collapses runs of blanks and drops empty
// lines, so that indentation and gofmt's alignment do not count.
func normalizeSnippet(b []byte) string {
	var out []string
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return strings.Join(out, "\n")
}
