package doccheck_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is two levels up from this package.
const repoRoot = "../.."

// testFuncs returns the names of every Test and Fuzz function in the
// repository's _test.go files.
func testFuncs(t *testing.T) map[string]bool {
	t.Helper()
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)[A-Za-z0-9_]+)\(`)
	names := map[string]bool{}
	err := filepath.WalkDir(repoRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range decl.FindAllSubmatch(b, -1) {
			names[string(m[1])] = true
		}
		return nil
	})
	require.NoError(t, err)
	return names
}

// Every `TestX` or `FuzzX` a document cites as proof must exist, so a
// renamed or deleted test cannot leave a guarantee without its proof.
func TestDocsCiteExistingTests(t *testing.T) {
	t.Parallel()
	have := testFuncs(t)
	cited := regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9_]+)`")
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	total := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range cited.FindAllSubmatch(b, -1) {
			total++
			assert.True(t, have[string(m[1])], "%s cites %s, which no test file declares", filepath.Base(doc), m[1])
		}
	}
	assert.Greater(t, total, 20, "the documents cite their proofs")
}

// The README gives a newcomer the two commands, in this order.
func TestReadmeShowsTheTwoCommands(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	readme := string(b)
	test := strings.Index(readme, "go test ./...")
	require.GreaterOrEqual(t, test, 0, "README lacks go test ./...")
	run := strings.Index(readme, "go run ./examples/quickstart")
	require.GreaterOrEqual(t, run, 0, "README lacks go run ./examples/quickstart")
	assert.Less(t, run, test, "the quick start comes first")
}
