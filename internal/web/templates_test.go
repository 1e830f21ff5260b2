package web

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"renda"
)

// samples holds, for every page template, a filled page struct of the type
// its handler renders with. Each workflow's test file adds its own pages in
// an init function. TestTemplatesExecute renders every template with its
// sample in both languages, so a field renamed in Go but not in a template
// (or the reverse) fails here and not in front of a user.
var samples = map[string]any{}

func sampleBase() Base {
	return Base{Title: "示例", User: &renda.User{ID: "01jexampleuser0000000000", Username: "staff", DisplayName: "工作人员", Role: renda.RoleStaff},
		Lang: "zh", CSRF: "token", Nav: []NavItem{{Label: "工作台", Href: "/", Active: true}}, Demo: true, Path: "/", Query: url.Values{},
		BaseURL: "http://example.org", Version: "test", Now: time.Date(2024, 5, 6, 7, 8, 9, 0, renda.CST), Unread: 2}
}

func sampleForm() *Form {
	f := &Form{CSRF: "token", Action: "/x", Submit: "保存", Cancel: "/", Error: "输入有误", Multipart: true, Hidden: map[string]string{"next": "/"}}
	for _, typ := range []string{"text", "textarea", "select", "checkbox", "file", "date", "password"} {
		f.Fields = append(f.Fields, &Field{Name: "f" + typ, Label: "字段", Type: typ, Value: "v", Options: options("a", "b"), Error: "错误", Help: "说明"})
	}
	f.Fields = append(f.Fields, &Field{Name: "multi", Label: "多选", Type: "select", Multiple: true, Values: []string{"a"}, Options: options("a", "b")})
	f.Fields = append(f.Fields, &Field{Name: "people", Label: "代表", Type: "picker", Values: []string{"p1"},
		Options: []Option{{Value: "p1", Label: "张三", Group: "柏坊镇代表团", Detail: "柏坊镇 · 农民"}, {Value: "p2", Label: "张三", Group: "宜阳街道代表团", Detail: "宜阳街道 · 教师"}}})
	return f
}

func sampleDeputy() *renda.Deputy {
	return &renda.Deputy{ID: "01jexampledeputy00000000", Code: "dabc123", Name: "王建国", Gender: "男", Ethnicity: "汉族", BirthYear: 1970,
		Level: renda.LevelCounty, Status: renda.DeputyActive, CongressName: "常宁市人民代表大会", TermNumber: 18, DelegationName: "柏坊镇代表团", Phone: "138****5678"}
}

func sampleHistory() []renda.AuditRecord {
	return []renda.AuditRecord{{Seq: 1, At: time.Now(), ActorName: "工作人员", Action: "create", Entity: "deputy", EntityID: "x", Note: "备注",
		After: []byte(`{"name":"王建国"}`), From: "a", To: "b"}}
}

func init() {
	b := sampleBase()
	pager := Pager{Total: 120, Limit: 30, Offset: 30, Query: url.Values{"q": {"王"}}}
	org := &renda.Organization{ID: "01jexampleorg00000000000", Code: "zjj", Name: "常宁市住房和城乡建设局", Kind: renda.OrgDepartment, HandlingUnit: true, Active: true}
	region := &renda.Region{ID: "01jexampleregion000000000", Code: "430482", Name: "常宁市", Level: renda.RegionCounty, ValidFrom: renda.NewDate(2023, 1, 1), Children: 3}
	term := renda.Term{ID: "01jexampleterm00000000000", Number: 18, StartDate: renda.NewDate(2021, 9, 27),
		Sessions: []renda.Session{{ID: "01jexamplesession00000000", Number: 4, TermNumber: 18, StartDate: renda.NewDate(2024, 1, 22), EndDate: renda.NewDate(2024, 1, 25)}}}
	congress := &renda.Congress{ID: "01jexamplecongress0000000", Name: "常宁市人民代表大会", Level: renda.LevelCounty, Terms: []renda.Term{term}}
	for name, v := range map[string]any{
		"error":           &ErrorPage{Base: b, Status: 404, Message: "找不到", Login: true},
		"login":           &LoginPage{Base: b, Form: sampleForm(), Next: "/"},
		"account":         &AccountPage{Base: b, Form: sampleForm(), PhoneForm: sampleForm(), Phone: "138****0001"},
		"password_forgot": &RecoveryPage{Base: b, Ask: sampleForm(), Reset: sampleForm(), DemoCode: "123456", Minutes: 10},
		"notifications":   &NotificationsPage{Base: b, Items: []renda.Notification{{ID: "n1", Title: "提醒", Body: "内容", Link: "/x", CreatedAt: time.Now()}}, Pager: pager, Unread: 1},
		"home": &HomePage{Base: b, Greeting: "你好", Widgets: []Widget{{Label: "待办", Value: 3, Href: "/", Tone: "red", Note: "说明"}},
			Links: []Tile{{Title: "代表", Text: "名册", Href: "/deputies"}}, Deputy: sampleDeputy(), Org: org},
		"public_home":   &PublicHome{Base: b, Tiles: []Tile{{Title: "码上找代表", Text: "扫码", Href: "/s"}}, Deputies: map[string]int{"county": 250}},
		"deputies":      &DeputiesPage{Base: b, Items: []*renda.Deputy{sampleDeputy()}, Pager: pager, Congresses: []*renda.Congress{congress}, Delegations: []renda.Delegation{{ID: "g", Name: "团"}}, Groups: []renda.Group{{ID: "g", Name: "组"}}, CanEdit: true},
		"deputy":        &DeputyPage{Base: b, Deputy: sampleDeputy(), History: sampleHistory(), CanEdit: true, PhotoForm: sampleForm()},
		"deputy_form":   &DeputyFormPage{Base: b, Form: sampleForm(), Deputy: sampleDeputy()},
		"import":        &ImportPage{Base: b, Form: sampleForm(), What: "代表", Template: "/t.xlsx", Back: "/deputies", Problems: nil},
		"organizations": &OrgsPage{Base: b, Items: []*renda.Organization{org}, Pager: pager, Kinds: renda.OrgKinds, CanEdit: true},
		"organization":  &OrgPage{Base: b, Org: org, History: sampleHistory(), CanEdit: true},
		"org_form":      &OrgFormPage{Base: b, Form: sampleForm()},
		"regions":       &RegionsPage{Base: b, Items: []*renda.Region{region}, Ancestors: []*renda.Region{region}, Pager: pager, Q: "", CanEdit: true, Parent: region.ID},
		"region_form":   &RegionFormPage{Base: b, Form: sampleForm(), History: sampleHistory()},
		"congresses":    &CongressesPage{Base: b, Items: []*renda.Congress{congress}},
		"congress": &CongressPage{Base: b, Congress: congress, Delegations: map[string][]renda.Delegation{term.ID: {{ID: "g", Name: "团", Members: 3}}},
			TermForm: sampleForm(), SessionForm: map[string]*Form{term.ID: sampleForm()}, DelegForm: map[string]*Form{term.ID: sampleForm()}, CanEdit: true, History: sampleHistory()},
		"session_form": &SessionFormPage{Base: b, Session: term.Sessions[0], Form: sampleForm(), History: sampleHistory()},
		"groups":       &GroupsPage{Base: b, Items: []renda.Group{{ID: "g", Name: "医疗卫生专业小组", Members: 5}}, Form: sampleForm(), CanEdit: true},
		"calendar":     &CalendarPage{Base: b, Year: 2024, Days: renda.ChinaHolidays()[:3], Form: sampleForm(), CanEdit: true},
		"users":        &UsersPage{Base: b, Items: []*renda.User{b.User}, Pager: pager, Roles: renda.Roles, Role: "staff"},
		"user":         &UserPage{Base: b, Account: b.User, Form: sampleForm(), PassForm: sampleForm(), History: sampleHistory()},
		"user_form":    &UserFormPage{Base: b, Form: sampleForm()},
		"audit":        &AuditPage{Base: b, Items: sampleHistory(), Pager: pager, Entities: []Option{{Value: "deputy", Label: "代表"}}, Error: "x"},
		"settings": &SettingsPage{Base: b, Groups: []SettingGroup{{Name: "登录", Items: []SettingItem{
			{Def: renda.SettingDef{Key: "a", Label: "甲", Kind: renda.KindInt}, Value: "5", Error: "错"},
			{Def: renda.SettingDef{Key: "b", Label: "乙", Kind: renda.KindBool}, Value: "true"},
			{Def: renda.SettingDef{Key: "c", Label: "丙", Kind: renda.KindStrings}, Value: "A\nB"},
			{Def: renda.SettingDef{Key: "d", Label: "丁", Kind: renda.KindPeriod}, Value: "3 months"}}}}},
		"outbox": &OutboxPage{Base: b, Items: []renda.Message{{Channel: "sms", Recipient: "13812345678", Subject: "提醒", Body: "x", Status: "pending", LastError: "超时"}}, Pager: pager},
	} {
		samples[name] = v
	}
}

func TestTemplatesExecute(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		for name := range s.tmpl.files {
			data, ok := samples[name]
			if !ok {
				t.Errorf("template %s has no sample page struct: add one to samples (in the workflow's _test.go)", name)
				continue
			}
			tmpl, err := s.tmpl.get(lang, name)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := tmpl.ExecuteTemplate(&buf, "layout", data); err != nil {
				t.Errorf("%s/%s: %v", lang, name, err)
				continue
			}
			if !bytes.Contains(buf.Bytes(), []byte("</html>")) {
				t.Errorf("%s/%s: page incomplete", lang, name)
			}
		}
	}
	for name := range samples {
		if !s.tmpl.has(name) {
			t.Errorf("sample %s has no template", name)
		}
	}
}

// TestPageTemplatesBounded checks that rendering every page in every
// language keeps at most maxParsedPages parsed, and that a page let go is
// parsed again when rendered.
func TestPageTemplatesBounded(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	if n := s.tmpl.size(); n != 0 {
		t.Fatalf("%d pages kept parsed after the start, want none until rendered", n)
	}
	if len(s.tmpl.files)*len(Languages) <= maxParsedPages {
		t.Fatalf("only %d pages: the bound is never reached", len(s.tmpl.files)*len(Languages))
	}
	first, err := s.tmpl.get("zh", "login")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.tmpl.get("zh", "login"); again != first {
		t.Error("a kept page was parsed again")
	}
	for _, lang := range Languages {
		for name := range s.tmpl.files {
			if _, err := s.tmpl.get(lang, name); err != nil {
				t.Fatal(err)
			}
			if n := s.tmpl.size(); n > maxParsedPages {
				t.Fatalf("%d pages kept parsed, bound %d", n, maxParsedPages)
			}
		}
	}
	if n := s.tmpl.size(); n != maxParsedPages {
		t.Errorf("%d pages kept parsed after rendering all, want %d", n, maxParsedPages)
	}
	var buf bytes.Buffer
	tmpl, err := s.tmpl.get("zh", "login")
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.ExecuteTemplate(&buf, "layout", samples["login"]); err != nil || !bytes.Contains(buf.Bytes(), []byte("</html>")) {
		t.Errorf("login rendered again: %v", err)
	}
	if _, err := s.tmpl.get("zh", "no-such-page"); err == nil {
		t.Error("an unknown page: no error")
	}
}

// TestEnglishDictionary checks that every string the templates translate has
// an English entry, so the English pages are English.
func TestEnglishDictionary(t *testing.T) {
	dict, err := loadDictionary()
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, s := range templateStrings(t) {
		if _, ok := dict[s]; !ok {
			missing[s] = true
		}
	}
	if len(missing) > 0 {
		var list []string
		for s := range missing {
			list = append(list, s)
		}
		t.Errorf("%d strings have no English in i18n/*.tsv, e.g. %q", len(list), list[:min(len(list), 20)])
	}
}

// TestNoInlineStyleAttributes: the site's CSP blocks style attributes, so
// a layout written in one is silently lost (issue 9, point 23).
func TestNoInlineStyleAttributes(t *testing.T) {
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		if i := bytes.Index(b, []byte(` style="`)); i >= 0 {
			t.Errorf("%s: a style attribute: %s", path, b[i:min(len(b), i+60)])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
