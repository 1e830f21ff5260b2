package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
)

// TestBrowserStaffAddsDeputy is the foundation's main journey in a real
// browser: staff sign in, add a deputy, find them in the list, and see the
// change in the audit log.
func TestBrowserStaffAddsDeputy(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		b := browsertest.New(t)
		b.Login(a.URL, "staff", a.Password())
		if got := b.Text(".whoami .who"); got != "周晓梅" {
			t.Errorf("signed in as %q", got)
		}
		b.Open(a.URL + "/deputies/new")
		b.Fill(map[string]string{
			"#f-name":       "龙小燕",
			"#f-ethnicity":  "瑶族",
			"#f-birth_year": "1990",
			"#f-occupation": "塔山瑶族乡茶叶合作社理事长",
			"#f-phone":      "13973400000",
		})
		b.Do(chromedp.SetValue(chromedp.CSS("#f-gender"), "女"),
			chromedp.SetValue(chromedp.CSS("#f-delegation_id"), a.World.Delegations[a.World.TownByName["塔山瑶族乡"].ID].ID))
		b.Submit("form.form button[type=submit]")
		if !strings.Contains(b.Location(), "/deputies/") || !strings.Contains(b.Text("main"), "龙小燕") {
			t.Fatalf("after saving: %s\n%s", b.Location(), b.Text("main"))
		}
		if !strings.Contains(b.Text(".timeline"), "新建") {
			t.Errorf("the deputy's history lacks the creation: %s", b.Text(".timeline"))
		}
		// Find her in the list.
		b.Open(a.URL + "/deputies")
		b.Fill(map[string]string{"form.filters input[name=q]": "龙小燕"})
		b.Submit("form.filters button[type=submit]")
		table := b.Text("table.data")
		if !strings.Contains(table, "龙小燕") || !strings.Contains(table, "塔山瑶族乡代表团") {
			t.Errorf("list: %s", table)
		}
		// And in the audit log.
		b.Open(a.URL + "/audit?entity=deputy")
		first := b.Text("table.data tbody tr")
		if !strings.Contains(first, "龙小燕") || !strings.Contains(first, "新建") || !strings.Contains(first, "周晓梅") {
			t.Errorf("newest audit record: %s", first)
		}
		b.Screenshot("audit")
	})
}

// TestBrowserPhoneLayout checks the pages fit a phone: no sideways scrolling
// of the whole page, the menu folded.
func TestBrowserPhoneLayout(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	b := browsertest.New(t).Phone()
	b.Login(a.URL, "deputy", a.Password())
	for _, p := range []string{"/", "/deputies", "/deputies/" + a.World.Deputy1.DeputyID} {
		b.Open(a.URL + p)
		wide, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 2`))
		if err != nil {
			t.Fatal(err)
		}
		if wide {
			b.Screenshot("too-wide")
			t.Errorf("%s is wider than a phone screen", p)
		}
	}
	visible, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.navbar')).display !== 'none'`))
	if err != nil || visible {
		t.Errorf("the desktop menu shows on a phone (%v)", err)
	}
}
