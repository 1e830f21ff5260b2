package api_test

import (
	"context"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"renda/internal/apptest"
	"renda/opinion"
)

// TestYearbook: the year's figures for 2024 are the seed's own, among them
// the fourth session's 2 motions and 249 suggestions; staff only.
func TestYearbook(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		resp := a.Call("GET", "/api/v1/yearbook/2024", a.Token("staff"), nil)
		if resp.Status != 200 {
			t.Fatalf("yearbook: %d %s", resp.Status, resp.Body)
		}
		var yb struct {
			Year    int `json:"year"`
			Figures []struct {
				Key, Label, Href string
				Value            int
			} `json:"figures"`
		}
		resp.JSON(t, &yb)
		got := map[string]bool{}
		for _, f := range yb.Figures {
			if f.Href == "" || f.Key == "" {
				t.Errorf("figure without key or link: %+v", f)
			}
			switch {
			case strings.Contains(f.Label, "议案") && f.Value == 2:
				got["motions"] = true
			case strings.Contains(f.Label, "建议") && f.Value == 249:
				got["suggestions"] = true
			}
		}
		if yb.Year != 2024 || !got["motions"] || !got["suggestions"] {
			t.Errorf("2024: %+v", yb)
		}
		// Deputies' activities by kind and the votes held, each linking to
		// its list filtered by the year.
		for key, href := range map[string]string{"activities.all": "/records/entries?year=2024", "activities.suggestion_lead": "/records/entries?kind=suggestion_lead&year=2024",
			"activities.meeting": "/records/entries?kind=meeting&year=2024", "votes.held": "/votes?year=2024"} {
			found := false
			for _, f := range yb.Figures {
				if f.Key == key {
					found = true
					if f.Value == 0 || f.Href != href {
						t.Errorf("%s: %d → %s", key, f.Value, f.Href)
					}
				}
			}
			if !found {
				t.Errorf("no figure %s", key)
			}
		}
		for _, user := range []string{"deputy", "unit"} {
			if r := a.Call("GET", "/api/v1/yearbook/2024", a.Token(user), nil); r.Status != 403 {
				t.Errorf("%s: %d", user, r.Status)
			}
		}
		if r := a.Call("GET", "/api/v1/yearbook/2024", "", nil); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
	})
}

var (
	phoneLike  = regexp.MustCompile(`(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)`)
	idCardLike = regexp.MustCompile(`(^|[^0-9])[1-9][0-9]{16}[0-9Xx]([^0-9]|$)`)
)

// TestOpenDataHasNoPersonalData downloads every open dataset, in CSV and
// JSON, without authentication, and finds in none anything that looks like a
// phone number or an ID-card number, nor any citizen's name or phone from
// the demo's opinions; and no unpublished article.
func TestOpenDataHasNoPersonalData(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		// The citizens of the demo, as staff may see them.
		var names, phones []string
		ops, _, err := a.DB.Opinions(ctx, a.World.Staff, opinion.Filter{Limit: 300})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ops {
			full, err := a.DB.Opinion(ctx, a.World.Staff, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if utf8.RuneCountInString(full.Name) >= 2 && !strings.Contains(full.Name, "*") {
				names = append(names, full.Name)
			}
			if len(full.Phone) >= 11 && !strings.Contains(full.Phone, "*") {
				phones = append(phones, full.Phone)
			}
		}
		if len(names) < 20 || len(phones) < 20 {
			t.Fatalf("found only %d names and %d phones of citizens in the demo", len(names), len(phones))
		}
		resp := a.Call("GET", "/api/v1/open/datasets", "", nil)
		if resp.Status != 200 {
			t.Fatalf("datasets: %d %s", resp.Status, resp.Body)
		}
		var list struct {
			Items []struct {
				ID        string   `json:"id"`
				Title     string   `json:"title"`
				Formats   []string `json:"formats"`
				UpdatedAt string   `json:"updated_at"`
				Licence   string   `json:"licence"`
			} `json:"items"`
			Total int `json:"total"`
		}
		resp.JSON(t, &list)
		if list.Total != len(list.Items) || list.Total < 5 {
			t.Fatalf("datasets: %+v", list)
		}
		for _, d := range list.Items {
			if d.Licence == "" || d.UpdatedAt == "" || strings.Join(d.Formats, ",") != "csv,json" {
				t.Errorf("%s: %+v", d.ID, d)
			}
			for _, format := range []string{"csv", "json"} {
				r := a.Call("GET", "/api/v1/open/datasets/"+d.ID+"."+format, "", nil)
				if r.Status != 200 {
					t.Errorf("%s.%s: %d", d.ID, format, r.Status)
					continue
				}
				body := string(r.Body)
				if format == "csv" {
					rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
					if err != nil || len(rows) < 2 {
						t.Errorf("%s.csv: %d rows, %v", d.ID, len(rows), err)
					}
				}
				if m := phoneLike.FindString(body); m != "" {
					t.Errorf("%s.%s holds a phone number: %s", d.ID, format, m)
				}
				if m := idCardLike.FindString(body); m != "" {
					t.Errorf("%s.%s holds an ID-card number: %s", d.ID, format, m)
				}
				for _, n := range names {
					if strings.Contains(body, n) {
						t.Errorf("%s.%s holds the name of a citizen: %s", d.ID, format, n)
						break
					}
				}
				for _, p := range phones {
					if strings.Contains(body, p) {
						t.Errorf("%s.%s holds the phone of a citizen", d.ID, format)
						break
					}
				}
				if d.ID == "news" {
					for _, hidden := range []string{"专项工作评议启动", "代表进站履职月活动", "已撤回的通知"} {
						if strings.Contains(body, hidden) {
							t.Errorf("news.%s holds the unpublished %s", format, hidden)
						}
					}
					if !strings.Contains(body, "开栏语") {
						t.Errorf("news.%s lacks the opening article", format)
					}
				}
			}
		}
		if r := a.Call("GET", "/api/v1/open/datasets/nothing.csv", "", nil); r.Status != 404 {
			t.Errorf("unknown dataset: %d", r.Status)
		}
		if r := a.Call("GET", "/api/v1/open/datasets/news.xml", "", nil); r.Status != 404 {
			t.Errorf("unknown format: %d", r.Status)
		}
		if r := a.Call("GET", "/api/v1/news?limit=5", "", nil); r.Status != 200 {
			t.Errorf("news: %d", r.Status)
		}
	})
}
