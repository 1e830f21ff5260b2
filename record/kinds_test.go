package record_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"renda/record"
)

// TestEveryCreditedKindIsKnown: every kind a workflow credits has a label
// and a points setting, so a deputy's card never meets a kind it cannot
// score.
func TestEveryCreditedKindIsKnown(t *testing.T) {
	known := map[string]bool{}
	for _, k := range record.Kinds {
		known[k.Key] = true
	}
	credit := regexp.MustCompile(`Credit\{[^}]*Kind: "([a-z_]+)"`)
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range credit.FindAllStringSubmatch(string(src), -1) {
			found++
			if !known[m[1]] {
				t.Errorf("%s credits kind %q, which record.Kinds does not know", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 5 {
		t.Fatalf("found only %d credits in the source; the pattern no longer matches", found)
	}
}
