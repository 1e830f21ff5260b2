package store_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

func TestDeputyPhoneIsEncryptedAndMasked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		// Stored encrypted: the number is nowhere in the table.
		var enc string
		if err := store.RawDB(db).QueryRow(store.Rebind(db, "SELECT phone_enc FROM deputies WHERE id = ?"), f.Deputy1.ID).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(enc, "13812345678") || !strings.HasPrefix(enc, "v1:") {
			t.Fatalf("phone stored as %q", enc)
		}
		cases := []struct {
			viewer *renda.User
			want   string
		}{
			{f.Admin, "13812345678"}, {f.Staff, "13812345678"}, {f.DeputyUser, "13812345678"}, // the deputy sees their own
			{f.Leader, "138****5678"}, {f.DeputyUser2, "138****5678"}, {f.UnitUser, "138****5678"}, {nil, "138****5678"},
		}
		for _, c := range cases {
			d, err := db.Deputy(ctx, c.viewer, f.Deputy1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Phone != c.want {
				t.Errorf("%s sees %q, want %q", c.viewer.Name(), d.Phone, c.want)
			}
		}
		list, _, err := db.Deputies(ctx, f.UnitUser, renda.DeputyFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			if !strings.Contains(d.Phone, "*") && d.Phone != "" {
				t.Errorf("list shows %s's phone in full to a unit: %s", d.Name, d.Phone)
			}
		}
	})
}

func TestSaveDeputyValidatesAndAudits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		before, _ := db.VerifyAudit(ctx)
		bad := []struct {
			name  string
			d     renda.Deputy
			field string
		}{
			{"no name", renda.Deputy{Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}, "name"},
			{"bad gender", renda.Deputy{Name: "甲", Gender: "X", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}, "gender"},
			{"bad phone", renda.Deputy{Name: "甲", Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID, Phone: "12345"}, "phone"},
			{"long name", renda.Deputy{Name: strings.Repeat("名", 31), Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}, "name"},
			{"unknown term", renda.Deputy{Name: "甲", Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: "01jzzzzzzzzzzzzzzzzzzzzzzz"}, "term_id"},
			{"unknown delegation", renda.Deputy{Name: "甲", Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID, DelegationID: "01jzzzzzzzzzzzzzzzzzzzzzzz"}, "delegation_id"},
			{"bad birth year", renda.Deputy{Name: "甲", Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID, BirthYear: 1800}, "birth_year"},
		}
		for _, c := range bad {
			d := c.d
			err := db.SaveDeputy(ctx, f.Staff, &d)
			if renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("%s: %v, want invalid", c.name, err)
				continue
			}
			found := false
			for _, fe := range renda.ErrorFields(err) {
				found = found || fe.Field == c.field
			}
			if !found {
				t.Errorf("%s: fields %v do not name %s", c.name, renda.ErrorFields(err), c.field)
			}
		}
		if after, _ := db.VerifyAudit(ctx); after != before {
			t.Errorf("refused saves wrote %d audit records", after-before)
		}
		// Only admins and staff maintain deputies.
		d := renda.Deputy{Name: "甲", Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}
		for _, u := range []*renda.User{f.Leader, f.DeputyUser, f.UnitUser, nil} {
			if err := db.SaveDeputy(ctx, u, &d); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("%s may save a deputy: %v", u.Name(), err)
			}
		}
		// An update that keeps the masked phone keeps the stored number.
		up, err := db.Deputy(ctx, f.Leader, f.Deputy1.ID)
		if err != nil {
			t.Fatal(err)
		}
		up.Occupation = "柏坊镇种粮大户"
		if err := db.SaveDeputy(ctx, f.Staff, up); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Deputy(ctx, f.Admin, f.Deputy1.ID)
		if got.Phone != "13812345678" || got.Occupation != "柏坊镇种粮大户" {
			t.Errorf("after update: phone %q occupation %q", got.Phone, got.Occupation)
		}
		h, _ := db.History(ctx, "deputy", f.Deputy1.ID)
		if len(h) != 2 || h[1].Action != "update" || h[1].ActorName != f.Staff.DisplayName {
			t.Errorf("history = %+v", h)
		}
	})
}

func TestDeputyFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cases := []struct {
			f    renda.DeputyFilter
			want int
		}{
			{renda.DeputyFilter{}, 2},
			{renda.DeputyFilter{Q: "王建"}, 1},
			{renda.DeputyFilter{Q: "教师"}, 1},
			{renda.DeputyFilter{Level: renda.LevelCounty}, 2},
			{renda.DeputyFilter{Level: renda.LevelProvince}, 0},
			{renda.DeputyFilter{DelegationID: f.Delegation.ID}, 2},
			{renda.DeputyFilter{Q: "100%_"}, 0},
			{renda.DeputyFilter{Limit: 1}, 2},
		}
		for _, c := range cases {
			items, total, err := db.Deputies(ctx, f.Staff, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != c.want {
				t.Errorf("%+v: total %d, want %d", c.f, total, c.want)
			}
			if c.f.Limit == 1 && len(items) != 1 {
				t.Errorf("limit 1 gave %d items", len(items))
			}
		}
	})
}

func TestRegionTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		kids, total, err := db.Regions(ctx, renda.RegionFilter{ParentID: f.County.ID})
		if err != nil || total != 2 || len(kids) != 2 {
			t.Fatalf("children of the county: %d %v", total, err)
		}
		// A village under a township is fine; a county under a township is not.
		v := &renda.Region{Code: "430482101201", Name: "渡口村", Level: renda.RegionVillage, Kind: "村", ParentID: f.Town1.ID, ValidFrom: renda.NewDate(2023, 1, 1)}
		if err := db.SaveRegion(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		c := &renda.Region{Code: "430499", Name: "错", Level: renda.RegionCounty, ParentID: f.Town1.ID, ValidFrom: renda.NewDate(2023, 1, 1)}
		if err := db.SaveRegion(ctx, f.Staff, c); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("county under a township: %v", err)
		}
		// Dated records: a division that ended is not current.
		v.ValidTo = renda.NewDate(2024, 6, 30)
		if err := db.SaveRegion(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		_, n, _ := db.Regions(ctx, renda.RegionFilter{ParentID: f.Town1.ID, OnDate: renda.NewDate(2024, 7, 1)})
		_, m, _ := db.Regions(ctx, renda.RegionFilter{ParentID: f.Town1.ID, OnDate: renda.NewDate(2024, 1, 1)})
		if n != 0 || m != 1 {
			t.Errorf("current villages after/before the end: %d / %d", n, m)
		}
		path, err := db.RegionPath(ctx, v.ID)
		if err != nil || len(path) != 3 || path[0].Name != "常宁市" {
			t.Errorf("path = %v %v", path, err)
		}
	})
}

func TestSettingsAreAuditedAndChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		if err := db.UpdateSettings(ctx, f.Staff, map[string]string{"auth.max_failures": "6"}); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("staff changed a setting: %v", err)
		}
		err := db.UpdateSettings(ctx, f.Admin, map[string]string{"auth.max_failures": "6", "auth.lockout_minutes": "zero"})
		if renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("bad value: %v", err)
		}
		s, _ := db.Settings(ctx)
		if s.Int("auth.max_failures") != 5 {
			t.Error("a refused update changed a setting")
		}
		if err := db.UpdateSettings(ctx, f.Admin, map[string]string{"auth.max_failures": "6"}); err != nil {
			t.Fatal(err)
		}
		s, _ = db.Settings(ctx)
		if s.Int("auth.max_failures") != 6 {
			t.Errorf("setting = %d", s.Int("auth.max_failures"))
		}
		h, _ := db.History(ctx, "setting", "auth.max_failures")
		if len(h) != 1 || string(h[0].Before) != "5" || string(h[0].After) != "6" {
			t.Errorf("history = %+v", h)
		}
	})
}

func TestCalendarIsSeededAndEditable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cal, err := db.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cal.IsWorkingDay(renda.NewDate(2025, 10, 3)) || !cal.IsWorkingDay(renda.NewDate(2025, 9, 28)) {
			t.Error("the 2025 National Day arrangement is not loaded")
		}
		day := renda.CalendarDay{Date: renda.NewDate(2027, 2, 5), Kind: renda.DayOff, Name: "春节"}
		if err := db.SetCalendarDay(ctx, f.Staff, day); err != nil {
			t.Fatal(err)
		}
		cal, _ = db.Calendar(ctx)
		if cal.IsWorkingDay(day.Date) {
			t.Error("a new holiday is still a working day")
		}
		if err := db.SetCalendarDay(ctx, f.UnitUser, day); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit edited the calendar: %v", err)
		}
	})
}
