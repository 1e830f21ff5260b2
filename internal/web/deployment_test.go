package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

// TestAnotherCountyNamesItself: a deployment for another county (耒阳市)
// shows its own names, from its settings, on the public home, the sign-in
// page, the stations' page, the roster and an assignment letter, and never
// 常宁, the demo county's name.
func TestAnotherCountyNamesItself(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		// The fixture is a small 常宁市; make it 耒阳市.
		rename := func(name string) string { return strings.ReplaceAll(name, "常宁", "耒阳") }
		f.County.Name, f.County.Code = rename(f.County.Name), "430481"
		if err := a.DB.SaveRegion(ctx, f.Admin, f.County); err != nil {
			t.Fatal(err)
		}
		f.Congress.Name = rename(f.Congress.Name)
		if err := a.DB.SaveCongress(ctx, f.Admin, f.Congress); err != nil {
			t.Fatal(err)
		}
		for _, o := range []*renda.Organization{f.Office, f.Unit1, f.Unit2} {
			o.Name = rename(o.Name)
			if err := a.DB.SaveOrganization(ctx, f.Admin, o); err != nil {
				t.Fatal(err)
			}
		}
		err := a.DB.UpdateSettings(ctx, f.Admin, map[string]string{
			"deployment.name":        "耒阳市人大常委会",
			"deployment.full_name":   "耒阳市人民代表大会常务委员会",
			"deployment.short_name":  "耒阳人大",
			"deployment.region":      "耒阳市",
			"deployment.region_code": "430481",
			"deployment.city":        "衡阳市",
			"deployment.office":      "耒阳市人大常委会选举任免联络工作委员会",
			"deployment.name_en":     "Leiyang Municipal People's Congress Standing Committee",
			"deployment.region_en":   "Leiyang",
		})
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, r *apptest.Response, wants ...string) {
			t.Helper()
			if r.Status != 200 {
				t.Fatalf("%s: %d %.300s", what, r.Status, r.Body)
			}
			body := string(r.Body)
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", what, w)
				}
			}
			if i := strings.Index(body, "常宁"); i >= 0 {
				t.Errorf("%s names 常宁: …%s…", what, body[max(0, i-80):min(len(body), i+80)])
			}
		}
		public := a.Browser("")
		check("public home", public.Get("/"), "<title>耒阳市人大常委会</title>", `<span class="brand-name">耒阳市人大常委会</span>`,
			"耒阳市人大常委会 · 智慧人大", "驻耒阳市省人大代表", "驻耒阳市的衡阳市人大代表", "耒阳市人大代表", "耒阳市人民代表大会常务委员会 · 版本")
		check("sign-in page", public.Get("/login"), "耒阳市人大常委会智慧人大平台")
		check("stations", public.Get("/s"), "耒阳市四级人大代表联络站")
		check("English home", public.Get("/?lang=en"), "Leiyang Municipal People&#39;s Congress Standing Committee · Smart Congress", "Provincial deputies in Leiyang", "Leiyang deputies")
		public.Get("/?lang=zh")

		deputy, staff := a.Browser("deputy"), a.Browser("staff")
		check("roster", staff.Get("/deputies"), "衡阳市人大代表", "耒阳市人大代表")
		r := mustStatus(t, "draft", deputy.Post("/suggestions", url.Values{"kind": {"suggestion"}, "title": {"关于加快城区背街小巷改造的建议"},
			"body": {"背街小巷路面破损。"}, "category": {"城乡建设"}}), 303)
		m := idInPath.FindStringSubmatch(r.Header.Get("Location"))
		if m == nil {
			t.Fatalf("redirect to %q", r.Header.Get("Location"))
		}
		page := "/suggestions/" + m[1]
		act := func(b *apptest.Browser, action string, form url.Values) {
			t.Helper()
			b.Get(page)
			mustStatus(t, action, b.Post(page+"/actions/"+action, form), 303)
		}
		act(deputy, "submit", nil)
		act(staff, "register", url.Values{"category": {"城乡建设"}})
		act(staff, "assign", url.Values{"lead_unit_id": {f.Unit1.ID}})
		check("assignment letter", staff.Get(page+"/letter"), "耒阳市人大常委会选举任免联络工作委员会", "耒阳市住房和城乡建设局")
	})
}
