package web_test

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/xlsx"
)

func TestPagesRenderForEveryRole(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	w := a.World
	pages := map[string][]string{
		"admin":  {"/", "/deputies", "/deputies/" + w.Deputy1.DeputyID, "/organizations", "/regions", "/congresses", "/congresses/" + w.CountyCongress.ID, "/groups", "/calendar", "/users", "/users/" + w.Staff.ID, "/audit", "/settings", "/outbox", "/account", "/notifications"},
		"staff":  {"/", "/deputies?level=county&page=2", "/deputies/new", "/deputies/" + w.Deputy2.DeputyID + "/edit", "/organizations/new", "/organizations/" + w.Orgs["zjj"].ID, "/regions?parent=" + w.County.ID, "/regions/new", "/deputies/import", "/audit"},
		"leader": {"/", "/deputies", "/congresses"},
		"deputy": {"/", "/deputies", "/deputies/" + w.Deputy1.DeputyID},
		"unit":   {"/", "/organizations", "/deputies"},
		"":       {"/", "/login", "/password/forgot"},
	}
	for user, paths := range pages {
		b := a.Browser(user)
		for _, p := range paths {
			resp := b.Get(p)
			if resp.Status != 200 {
				t.Errorf("%s %s: %d", user, p, resp.Status)
				continue
			}
			body := string(resp.Body)
			if !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, "演示数据") {
				t.Errorf("%s %s: not a zh-CN demo page", user, p)
			}
		}
	}
	// English on request.
	en := a.Browser("staff").Get("/deputies?lang=en")
	if !strings.Contains(string(en.Body), `<html lang="en">`) {
		t.Error("?lang=en does not give an English page")
	}
}

func TestDeputyFormRejectsBadInputAndKeepsIt(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := a.World
		b := a.Browser("staff")
		b.Get("/deputies/new")
		before, _ := a.DB.VerifyAudit(ctx)
		form := url.Values{"name": {"  "}, "gender": {"男"}, "ethnicity": {"汉族"}, "birth_year": {"一九八〇"}, "congress_id": {w.CountyCongress.ID},
			"term_id": {w.CountyTerm.ID}, "phone": {"12345"}, "status": {"active"}, "occupation": {"坚持写下的单位"}}
		resp := b.Post("/deputies", form)
		body := string(resp.Body)
		if resp.Status != 422 {
			t.Fatalf("bad form: %d", resp.Status)
		}
		for _, want := range []string{"出生年份应为整数", "坚持写下的单位", "field-error"} {
			if !strings.Contains(body, want) {
				t.Errorf("the re-rendered form lacks %q", want)
			}
		}
		form.Set("birth_year", "1980")
		resp = b.Post("/deputies", form)
		body = string(resp.Body)
		for _, want := range []string{"请填写姓名", "手机号码应为 11 位数字"} {
			if !strings.Contains(body, want) {
				t.Errorf("missing message %q", want)
			}
		}
		form.Set("phone", "1381234\xff")
		if resp := b.Post("/deputies", form); resp.Status != 422 || !strings.Contains(string(resp.Body), "无效的字符编码") {
			t.Errorf("bad UTF-8: %d", resp.Status)
		}
		if after, _ := a.DB.VerifyAudit(ctx); after != before {
			t.Errorf("refused forms wrote %d audit records", after-before)
		}
		form.Set("name", "新代表")
		form.Set("phone", "13800001234")
		resp = b.Post("/deputies", form)
		if resp.Status != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/deputies/") {
			t.Fatalf("good form: %d %s", resp.Status, resp.Body)
		}
		page := b.Get(resp.Header.Get("Location"))
		if !strings.Contains(string(page.Body), "新代表") || !strings.Contains(string(page.Body), "已保存代表 新代表 的信息") {
			t.Error("the new deputy's page does not show them or the flash message")
		}
	})
}

func TestCSRFIsRequired(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	b := a.Browser("admin")
	b.Get("/settings")
	// A forged token, and a request from another site, are both refused.
	if resp := b.Post("/settings", url.Values{"csrf": {"forged"}, "auth.max_failures": {"9"}}); resp.Status != 403 {
		t.Errorf("forged token: %d", resp.Status)
	}
	s, _ := a.DB.Settings(context.Background())
	if s.Int("auth.max_failures") == 9 {
		t.Fatal("a forged request changed a setting")
	}
	if resp := b.Post("/settings", url.Values{"auth.max_failures": {"9"}}); resp.Status != 303 {
		t.Errorf("with the token: %d %s", resp.Status, resp.Body)
	}
}

func TestLoginPage(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	b := a.Browser("")
	resp := b.Post("/login", url.Values{"username": {"staff"}, "password": {"wrong-password-0"}, "next": {"/deputies"}})
	if resp.Status != 401 || !strings.Contains(string(resp.Body), "用户名或密码错误") {
		t.Errorf("wrong password: %d", resp.Status)
	}
	for i := 0; i < 5; i++ {
		b.Post("/login", url.Values{"username": {"staff"}, "password": {"wrong-password-0"}})
	}
	resp = b.Post("/login", url.Values{"username": {"staff"}, "password": {a.Password()}})
	if resp.Status != 429 || !strings.Contains(string(resp.Body), "暂时锁定") {
		t.Errorf("locked out: %d", resp.Status)
	}
	// An open redirect is not possible through ?next=.
	resp = a.Browser("").Post("/login", url.Values{"username": {"leader"}, "password": {a.Password()}, "next": {"//evil.example/"}})
	if resp.Header.Get("Location") != "/" {
		t.Errorf("next=//evil.example redirected to %q", resp.Header.Get("Location"))
	}
	resp = a.Browser("").Post("/login", url.Values{"username": {"leader"}, "password": {a.Password()}, "next": {"/\t/evil.example"}})
	if resp.Header.Get("Location") != "/" {
		t.Errorf("next=/<tab>/evil.example redirected to %q", resp.Header.Get("Location"))
	}
}

func TestImportPageReportsEveryBadRow(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	b := a.Browser("staff")
	b.Get("/deputies/import")
	var wb bytes.Buffer
	_ = xlsx.Write(&wb, xlsx.Sheet{Name: "代表", Columns: store.DeputyColumns, Rows: [][]any{
		{"", "甲", "男", "汉族", "", "", "", "", "常宁市人民代表大会", "18", "", "", "", "", "", "", ""},
		{"", "", "男", "汉族", "", "", "", "", "常宁市人民代表大会", "18", "", "", "", "", "", "", ""},
		{"", "丙", "男", "汉族", "", "", "", "", "没有这个人大", "18", "", "", "", "", "", "", ""},
	}})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.CSRF())
	fw, _ := mw.CreateFormFile("file", "代表.xlsx")
	fw.Write(wb.Bytes())
	mw.Close()
	resp := b.PostRaw("/deputies/import", mw.FormDataContentType(), &body)
	page := string(resp.Body)
	if resp.Status != 422 || !strings.Contains(page, "没有这个人大") || !strings.Contains(page, "必填") {
		t.Fatalf("import page: %d", resp.Status)
	}
	if _, n, _ := a.DB.Deputies(context.Background(), a.World.Admin, renda.DeputyFilter{Q: "甲"}); n != 0 {
		t.Error("a failed import added a deputy")
	}
	// The template imports as it is downloaded only to say it has no data.
	tmpl := b.Get("/deputies/template.xlsx")
	rows, probs, err := xlsx.Read(bytes.NewReader(tmpl.Body), store.DeputyColumns)
	var ie *xlsx.ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Rows[0].Message, "没有数据行") {
		t.Errorf("the unchanged template: %d rows, %v, %v", len(rows), probs, err)
	}
	// The export is a workbook that imports back as it is.
	exp := b.Get("/deputies/export.xlsx?level=county")
	if exp.Status != 200 || !strings.Contains(exp.Header.Get("Content-Disposition"), "xlsx") {
		t.Fatalf("export: %d %s", exp.Status, exp.Header.Get("Content-Disposition"))
	}
	rows, probs, err = xlsx.Read(bytes.NewReader(exp.Body), store.DeputyColumns)
	if err != nil || len(probs) != 0 || len(rows) < 240 {
		t.Fatalf("export read back: %d rows, %v %v", len(rows), probs, err)
	}
}
