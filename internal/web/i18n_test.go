package web

import (
	"io/fs"
	"regexp"
	"testing"
)

var tLiteral = regexp.MustCompile(`\{\{-?\s*t\s+"([^"]+)"`)

// templateStrings lists the string literals the templates pass to t.
func templateStrings(t *testing.T) []string {
	var out []string
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tLiteral.FindAllSubmatch(b, -1) {
			out = append(out, string(m[1]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
