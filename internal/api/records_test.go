package api_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/opinion"
)

type recordJSON struct {
	DeputyID string `json:"deputy_id"`
	Year     int    `json:"year"`
	Points   int    `json:"points"`
	Entries  []struct {
		Kind   string `json:"kind"`
		Title  string `json:"title"`
		Points int    `json:"points"`
		Source struct{ Entity, ID string }
		Notes  []struct {
			Text       string `json:"text"`
			Correction bool   `json:"correction"`
		} `json:"notes"`
	} `json:"entries"`
}

// TestDutyRecordAPI: the record is the deputy's and the staff's to read;
// its entries are what the demo's tables say the deputy did, recomputed here
// from the opinions and receptions themselves; staff add what happened
// outside renda; the deputy adds context; bad input changes nothing.
func TestDutyRecordAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		dep := a.World.Deputy1.DeputyID
		year := renda.DateOf(a.DB.Clock().Now()).Year
		path := "/api/v1/deputies/" + dep + "/record?year=" + strconv.Itoa(year)

		// Who may read it.
		for user, want := range map[string]int{"deputy": 200, "staff": 200, "leader": 200, "admin": 200, "unit": 403, "deputy2": 403} {
			if r := a.Call("GET", path, a.Token(user), nil); r.Status != want {
				t.Errorf("%s reads deputy1's record: %d, want %d (%s)", user, r.Status, want, r.Body)
			}
		}
		if r := a.Call("GET", path, "", nil); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
		var rec recordJSON
		a.Call("GET", path, a.Token("deputy"), nil).JSON(t, &rec)
		if rec.DeputyID != dep || rec.Year != year {
			t.Fatalf("record: %+v", rec)
		}

		// Recompute independently what the deputy did this year.
		want := map[string]int{}
		ctx := context.Background()
		for off := 0; ; off += 500 { // lists come in pages of at most 500
			ops, total, err := a.DB.Opinions(ctx, a.World.Staff, opinion.Filter{Limit: 500, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range ops {
				// answered, or closed with an explanation by the deputy holding it
				answered := !o.AnsweredAt.IsZero() && renda.DateOf(o.AnsweredAt).Year == year
				explained := o.AnsweredAt.IsZero() && !o.ClosedAt.IsZero() && renda.DateOf(o.ClosedAt).Year == year
				if o.HandlerID == dep && (answered || explained) {
					want["opinion"]++
				}
			}
			if off+500 >= total {
				break
			}
		}
		for off := 0; ; off += 500 {
			recs, total, err := a.DB.Receptions(ctx, "", 500, off)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Day.Year == year && slices.Contains(r.DeputyIDs, dep) {
					want["reception"]++
				}
			}
			if off+500 >= total {
				break
			}
		}
		got := map[string]int{}
		total := 0
		for _, e := range rec.Entries {
			got[e.Kind]++
			total += e.Points
			if e.Source.ID == "" || e.Title == "" {
				t.Errorf("entry without its source: %+v", e)
			}
		}
		for kind, n := range want {
			if got[kind] != n {
				t.Errorf("%s entries: %d, the tables say %d", kind, got[kind], n)
			}
		}
		if total != rec.Points {
			t.Errorf("points %d, entries add up to %d", rec.Points, total)
		}

		// Staff add a training elsewhere; bad input is refused and changes nothing.
		bad := map[string]any{"kind": "opinion", "title": "x", "date": "2099-01-01", "evidence": ""}
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/entries", a.Token("staff"), bad); r.Status != 422 {
			t.Errorf("bad entry: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/entries", a.Token("deputy"), bad); r.Status != 403 {
			t.Errorf("deputy adds an entry: %d", r.Status)
		}
		day := renda.DateOf(a.DB.Clock().Now()).String()
		var created struct{ Source struct{ Entity, ID string } }
		r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/entries", a.Token("staff"),
			map[string]any{"kind": "training", "title": "参加省人大代表履职学习班", "date": day, "evidence": "湘人大办〔2026〕12号"})
		if r.Status != 201 {
			t.Fatalf("add entry: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &created)
		var after recordJSON
		a.Call("GET", path, a.Token("deputy"), nil).JSON(t, &after)
		if len(after.Entries) != len(rec.Entries)+1 || after.Points != rec.Points+2 {
			t.Errorf("after adding a training (+2): %d entries, %d points; before %d, %d", len(after.Entries), after.Points, len(rec.Entries), rec.Points)
		}

		// The deputy's context on it; someone else's is refused.
		note := map[string]any{"kind": "training", "source": map[string]string{"entity": "external", "id": created.Source.ID}, "text": "结业考核优秀", "correction": false}
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/notes", a.Token("deputy2"), note); r.Status != 403 {
			t.Errorf("another deputy's note: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/notes", a.Token("deputy"), map[string]any{"kind": "training",
			"source": map[string]string{"entity": "external", "id": created.Source.ID}, "text": ""}); r.Status != 422 {
			t.Errorf("empty note: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/notes", a.Token("deputy"), note); r.Status != 204 {
			t.Fatalf("note: %d %s", r.Status, r.Body)
		}
		a.Call("GET", path, a.Token("staff"), nil).JSON(t, &after)
		found := false
		for _, e := range after.Entries {
			if e.Source.ID == created.Source.ID {
				found = len(e.Notes) == 1 && e.Notes[0].Text == "结业考核优秀"
			}
		}
		if !found {
			t.Errorf("the note is not on its entry: %+v", after.Entries)
		}
		// Both show in the deputy's history.
		var audit struct {
			Items []struct{ Action string } `json:"items"`
		}
		a.Call("GET", "/api/v1/audit?entity=deputy&entity_id="+dep, a.Token("admin"), nil).JSON(t, &audit)
		seen := map[string]bool{}
		for _, it := range audit.Items {
			seen[it.Action] = true
		}
		if !seen["record_add"] || !seen["record_note"] {
			t.Errorf("history: %+v", audit.Items)
		}

		// Rankings: staff side only.
		if r := a.Call("GET", "/api/v1/records/rankings", a.Token("deputy"), nil); r.Status != 403 {
			t.Errorf("deputy reads rankings: %d", r.Status)
		}
		var rk struct {
			Items []store.DutyRanking `json:"items"`
			Total int                 `json:"total"`
		}
		a.Call("GET", "/api/v1/records/rankings?year="+strconv.Itoa(year), a.Token("leader"), nil).JSON(t, &rk)
		for _, x := range rk.Items {
			if x.DeputyID == dep && x.Points != after.Points {
				t.Errorf("ranking says %d points, the record %d", x.Points, after.Points)
			}
		}
		if rk.Total == 0 || rk.Total != len(rk.Items) {
			t.Errorf("rankings: %d / %d", rk.Total, len(rk.Items))
		}
	})
}

// TestGroupsAPI: professional groups, special stations and the ten practice
// bases, each with its members; an activity credits who took part.
func TestGroupsAPI(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	var gs struct {
		Items []struct {
			ID, Name, Kind string
			Members        int
		} `json:"items"`
		Total int `json:"total"`
	}
	if r := a.Call("GET", "/api/v1/groups", "", nil); r.Status != 401 {
		t.Errorf("anonymous: %d", r.Status)
	}
	a.Call("GET", "/api/v1/groups", a.Token("deputy"), nil).JSON(t, &gs)
	kinds := map[string]int{}
	names := map[string]bool{}
	for _, g := range gs.Items {
		kinds[g.Kind]++
		names[g.Name] = true
		if g.Members == 0 && g.Kind != "professional" {
			t.Errorf("%s (%s) has no members", g.Name, g.Kind)
		}
	}
	if gs.Total != len(gs.Items) || kinds["base"] != 10 || kinds["station"] == 0 || kinds["professional"] == 0 {
		t.Errorf("groups: total %d, kinds %v", gs.Total, kinds)
	}
	if !names["医疗卫生专业小组"] || !names["茶叶产业人大代表联络站"] {
		t.Errorf("missing the 医疗 group or the 茶叶产业 station: %v", names)
	}
	// The demo's group activities are in the participants' records.
	ctx := context.Background()
	g := a.World.Groups["医疗卫生专业小组"]
	acts, err := a.DB.GroupActivities(ctx, g.ID)
	if err != nil || len(acts) == 0 {
		t.Fatalf("activities: %v %v", acts, err)
	}
	dep := acts[0].DeputyIDs[0]
	rec, err := a.DB.DutyRecord(ctx, a.World.Staff, dep, acts[0].Day.Year)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range rec.Entries {
		found = found || (e.Kind == "group" && e.Source.Entity == "group_activity" && e.Source.ID == acts[0].ID)
	}
	if !found {
		t.Errorf("the activity %q is not in %s's record", acts[0].Title, dep)
	}
}

// TestSecondUnexcusedAbsenceAlerts: 代表法 art. 62 — the second absence
// without leave tells staff, once; the first and absences with leave do
// not. Staff enter by hand only absences from sessions before renda held
// one (the demo's 十八届六次会议, February 2025): later ones are computed.
func TestSecondUnexcusedAbsenceAlerts(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	ctx := context.Background()
	dep := a.World.Deputy2.DeputyID
	alerts := func() int {
		ns, _, _, err := a.DB.Notifications(ctx, a.World.Staff.ID, 500, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if strings.HasPrefix(x.Title, "代表两次未经批准不出席人代会") {
				n++
			}
		}
		return n
	}
	add := func(kind, title, day string, status int) {
		t.Helper()
		if r := a.Call("POST", "/api/v1/deputies/"+dep+"/record/entries", a.Token("staff"),
			map[string]any{"kind": kind, "title": title, "date": day, "evidence": "大会签到表"}); r.Status != status {
			t.Fatalf("%s %s: %d %s", kind, day, r.Status, r.Body)
		}
	}
	before := alerts()
	add("absence", "未出席第一次会议", "2021-09-27", 201)
	add("leave", "请假未出席第二次会议", "2022-02-15", 201)
	if alerts() != before {
		t.Fatal("alert before the second absence without leave")
	}
	add("absence", "未出席第六次会议", "2025-02-18", 422) // renda held it: computed, not typed
	add("absence", "未出席第三次会议", "2023-02-14", 201)
	if alerts() != before+1 {
		t.Errorf("no alert at the second absence without leave")
	}
	add("absence", "未出席第四次会议", "2024-01-22", 201)
	if alerts() != before+1 {
		t.Errorf("a second alert at the third absence")
	}
}
