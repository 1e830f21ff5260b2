package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"renda"
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

// workflowFiles are the prefixes of files other workflows own: their strings
// belong in their own i18n/*.tsv, and their tests check them.
var workflowFiles = []string{"suggestion", "opinion", "station", "hotline", "vote", "project", "filing", "review", "consultation"}

// isFoundationFile reports whether a file (template or Go) belongs to the foundation.
func isFoundationFile(path string) bool {
	base := filepath.Base(path)
	for _, p := range workflowFiles {
		if strings.HasPrefix(base, p) {
			return false
		}
	}
	return !strings.HasSuffix(base, "_test.go")
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// source says where to look for Chinese strings that reach templates in the
// Go code of one package: the keys of composite literals and, by the name of
// the function called, the index of the argument that holds the text.
type source struct {
	dir   string
	keys  []string
	calls map[string]int
}

// sources are the foundation's packages whose text reaches the pages: this
// package (labels, titles, help, buttons, options, page titles, flash and
// error messages) and the messages of the domain, store, imports and uploads,
// which forms, flashes and error pages show through t.
var sources = []source{
	{".", []string{"Label", "Title", "Text", "Help", "Note", "Submit", "Message", "What"},
		map[string]int{"base": 1, "newForm": 2, "redirect": 3, "Errorf": 1, "intValue": 3, "dateValue": 3, "Add": 1}},
	{"../..", []string{"Message"}, map[string]int{"Errorf": 1, "Add": 1, "Line": 1, "Text": 1, "OneOf": 1, "bad": 0}},
	{"../store", []string{"Message"}, map[string]int{"Errorf": 1, "Add": 1, "Line": 1, "Text": 1, "OneOf": 1, "notFound": 1, "bad": 1, "NotifyRoles": 1}},
	{"../xlsx", []string{"Message"}, map[string]int{"Errorf": 1, "Sprintf": 0}},
	{"../attach", []string{"Message"}, map[string]int{"Errorf": 1}},
}

// goStrings finds the Chinese strings the foundation's Go code hands to
// templates, where they go through t (see sources). A message built from
// pieces ("已保存 "+name) or a format ("您的角色（%s）…") becomes a pattern
// with %s for each piece, as the dictionary writes it. It returns them with
// where they were found.
func goStrings(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, src := range sources {
		files, err := filepath.Glob(filepath.Join(src.dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", src.dir)
		}
		for _, name := range files {
			if !isFoundationFile(name) {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			goFileStrings(fset, f, src, out)
		}
	}
	return out
}

func goFileStrings(fset *token.FileSet, f *ast.File, src source, out map[string]string) {
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		// assigned collects what each local variable is set to, for
		// s.base(r, title), newForm(r, action, submit, …), redirect(…, msg).
		assigned := map[string][]ast.Expr{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						assigned[id.Name] = append(assigned[id.Name], as.Rhs[i])
					}
				}
			}
			return true
		})
		add := func(e ast.Expr, how string) {
			pos := fset.Position(e.Pos())
			where := filepath.ToSlash(filepath.Clean(pos.Filename)) + ":" + strconv.Itoa(pos.Line) + " (" + how + ")"
			var visit func(e ast.Expr, depth int)
			visit = func(e ast.Expr, depth int) {
				switch e := e.(type) {
				case *ast.Ident:
					if depth < 3 {
						for _, rhs := range assigned[e.Name] {
							visit(rhs, depth+1)
						}
					}
				case *ast.IndexExpr: // map[int]string{…}[status]
					visit(e.X, depth)
				case *ast.CompositeLit:
					for _, el := range e.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							visit(kv.Value, depth)
						}
					}
				default:
					if s, ok := pattern(e); ok && hasHan(s) {
						out[s] = where
					}
				}
			}
			visit(e, 0)
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && slices.Contains(src.keys, id.Name) {
					add(n.Value, id.Name)
				}
			case *ast.CompositeLit:
				// Workbooks (xlsx.Sheet) are files, not pages.
				if se, ok := n.Type.(*ast.SelectorExpr); ok {
					if x, ok := se.X.(*ast.Ident); ok && x.Name == "xlsx" && se.Sel.Name == "Sheet" {
						return false
					}
				}
				// Option{value, label}, also as elements of []Option{…}.
				isOption := func(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == "Option" }
				var opts []*ast.CompositeLit
				if isOption(n.Type) {
					opts = append(opts, n)
				} else if at, ok := n.Type.(*ast.ArrayType); ok && isOption(at.Elt) {
					for _, el := range n.Elts {
						if cl, ok := el.(*ast.CompositeLit); ok {
							opts = append(opts, cl)
						}
					}
				}
				for _, o := range opts {
					if len(o.Elts) == 2 {
						if _, kv := o.Elts[1].(*ast.KeyValueExpr); !kv {
							add(o.Elts[1], "Option")
						}
					}
				}
			case *ast.CallExpr:
				name := ""
				switch fun := n.Fun.(type) {
				case *ast.Ident:
					name = fun.Name
				case *ast.SelectorExpr:
					name = fun.Sel.Name
				}
				if arg, ok := src.calls[name]; ok && len(n.Args) > arg {
					add(n.Args[arg], name)
				}
			}
			return true
		})
	}
}

// pattern returns the string an expression makes, with %s for every part
// not known until it runs: "已保存 "+o.Name and "已保存 %s" both give "已保存 %s".
func pattern(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		if err != nil {
			return "", false
		}
		return verb.ReplaceAllString(s, "%s"), true
	case *ast.ParenExpr:
		return pattern(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, aok := pattern(e.X)
		b, bok := pattern(e.Y)
		if !aok && !bok {
			return "", false
		}
		if !aok {
			a = "%s"
		}
		if !bok {
			b = "%s"
		}
		return a + b, true
	}
	return "", false
}

// sourceStrings returns the Chinese strings in the initializer of a
// package-level variable of a file of package renda (the repository root).
func sourceStrings(t *testing.T, file, variable string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", file), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	found := false
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != variable || i >= len(vs.Values) {
					continue
				}
				found = true
				ast.Inspect(vs.Values[i], func(n ast.Node) bool {
					if bl, ok := n.(*ast.BasicLit); ok {
						if s, ok := pattern(bl); ok && hasHan(s) {
							out = append(out, s)
						}
					}
					return true
				})
			}
		}
	}
	if !found {
		t.Fatalf("%s: no variable %s", file, variable)
	}
	return out
}

// domainStrings lists the Chinese labels the domain gives templates.
func domainStrings(t *testing.T) map[string]string {
	out := map[string]string{}
	add := func(where string, ss ...string) {
		for _, s := range ss {
			if hasHan(s) {
				out[s] = where
			}
		}
	}
	for _, r := range renda.Roles {
		add("Role.Label", r.Label())
	}
	for _, l := range renda.Levels {
		add("Level.Label", l.Label(), l.DeputyLabel())
	}
	for _, k := range renda.OrgKinds {
		add("OrgKind.Label", k.Label())
	}
	for _, s := range []renda.DeputyStatus{renda.DeputyActive, renda.DeputySuspended, renda.DeputyTerminated} {
		add("DeputyStatus.Label", s.Label())
	}
	for _, l := range renda.RegionLevels {
		add("RegionLevel.Label", l.Label())
	}
	add("Genders", renda.Genders...)
	add("Parties", renda.Parties...)
	add("Sectors", renda.Sectors...)
	for _, d := range renda.ChinaHolidays() {
		add("ChinaHolidays", d.Name)
	}
	// The foundation's audit vocabulary: entities and generic actions.
	add("audit.go entityLabels", sourceStrings(t, "audit.go", "entityLabels")...)
	add("audit.go genericActions", sourceStrings(t, "audit.go", "genericActions")...)
	// The foundation's settings: those declared in settings.go.
	keys := map[string]bool{}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", "settings.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Key" {
				if bl, ok := kv.Value.(*ast.BasicLit); ok {
					k, _ := strconv.Unquote(bl.Value)
					keys[k] = true
				}
			}
		}
		return true
	})
	n := 0
	for _, d := range renda.AllSettings() {
		if keys[d.Key] {
			add("setting "+d.Key, d.Group, d.Label, d.Help)
			n++
		}
	}
	if n == 0 || n != len(keys) {
		t.Errorf("found %d of the %d settings settings.go declares in renda.AllSettings()", n, len(keys))
	}
	return out
}

// TestEnglishGoStrings checks that every Chinese label the foundation's Go
// code (this package and the domain) hands to templates has an English
// entry, and that what the templates build with printf translates.
func TestEnglishGoStrings(t *testing.T) {
	dict, err := loadDictionary()
	if err != nil {
		t.Fatal(err)
	}
	tr := newTranslator(dict)
	var missing []string
	check := func(found map[string]string) {
		for s, where := range found {
			if _, ok := dict[s]; ok {
				continue
			}
			// Numbered names and messages around a known piece translate without an entry of their own.
			if !strings.Contains(s, "%s") && !hasHan(tr(s)) {
				continue
			}
			missing = append(missing, where+": "+strconv.Quote(s))
		}
	}
	goside := goStrings(t)
	if len(goside) < 100 {
		t.Fatalf("found only %d strings in the Go code: is goStrings still looking in the right places?", len(goside))
	}
	check(goside)
	check(domainStrings(t))

	// printf in templates: fill each verb with a number and translate.
	printfT := regexp.MustCompile(`\{\{-?\s*t\s+\(printf\s+"([^"]+)"`)
	err = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isFoundationFile(path) {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range printfT.FindAllSubmatch(b, -1) {
			sample := verb.ReplaceAllString(string(m[1]), "18")
			if en := tr(sample); hasHan(en) {
				missing = append(missing, path+": printf "+strconv.Quote(string(m[1]))+" gives "+strconv.Quote(en))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	missing = slices.Compact(missing)
	if len(missing) > 0 {
		t.Errorf("%d strings have no English in i18n/*.tsv:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// TestTranslator checks the patterns and generated names.
func TestTranslator(t *testing.T) {
	tr := newTranslator(map[string]string{
		"已保存 %s": "Saved %s", "请填写%s": "%s is required", "输入有误：%s": "Please check: %s", "姓名": "Name", "百分之%s": "%s%%",
		"%s：%s": "%s: %s",
	})
	for in, want := range map[string]string{
		"已保存 王建国":         "Saved 王建国",
		"输入有误：请填写姓名":      "Please check: Name is required",
		"第十八届":            "18th term",
		"第1届":             "1st term",
		"第十八届第四次会议":       "4th session of the 18th term",
		"常宁市人民代表大会 第二十二届": "常宁市人民代表大会 22nd term",
		"常宁市人民代表大会第十八届第十三次会议": "常宁市人民代表大会 13th session of the 18th term",
		"王建国":       "王建国",
		"第届":        "第届",
		"百分之%s":     "%s%%",
		"已保存 %s":    "Saved %s",
		"已保存 100%":  "Saved 100%",
		"届":         "届",
		"第一百届":      "第一百届",
		"姓名：王建国":    "Name: 王建国",
		"建议已交办：王建国": "建议已交办：王建国",
	} {
		if got := tr(in); got != want {
			t.Errorf("tr(%q) = %q, want %q", in, got, want)
		}
	}
}
