package api_test

import (
	"testing"

	"renda/internal/apptest"
)

// TestMeetingSessionAPI: the demo's 十八届六次会议 through the API on both
// databases — staff read the whole roll with the absences, a deputy only
// their own line, the public nothing; a standing committee meeting has no
// session view and refuses the session's actions; and a new session set up
// through the API takes its roll from the session's term, its deputies
// register for themselves only, and refuses a vote before any sitting.
func TestMeetingSessionAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		var list struct {
			Items []struct{ ID, Kind, Status string } `json:"items"`
		}
		a.Call("GET", "/api/v1/meetings?kind=congress", "", nil).JSON(t, &list)
		if len(list.Items) != 1 {
			t.Fatalf("congress meetings: %+v", list)
		}
		id := list.Items[0].ID
		type view struct {
			SessionID      string `json:"session_id"`
			Session        string `json:"session"`
			Members        int    `json:"members"`
			Registered     int    `json:"registered"`
			Attended       int    `json:"attended"`
			Leave          int    `json:"leave"`
			Absent         int    `json:"absent"`
			CurrentSitting string `json:"current_sitting"`
			Sittings       []struct {
				Title  string `json:"title"`
				Quorum struct {
					Members, Present, Needed int
					Reached                  bool
				} `json:"quorum"`
			} `json:"sittings"`
			Groups []struct{ Name string } `json:"groups"`
			Items  []struct {
				Title, Summary, Draft string
				Opinions              []struct{ Group, Speaker, Text string } `json:"opinions"`
			} `json:"items"`
			Roll []struct {
				DeputyID string `json:"deputy_id"`
				Presence string `json:"presence"`
				Absences int    `json:"absences"`
			} `json:"roll"`
		}
		var v view
		a.Call("GET", "/api/v1/meetings/"+id+"/session", a.Token("staff"), nil).JSON(t, &v)
		if v.Session != "常宁市人民代表大会第十八届第六次会议" || len(v.Roll) != v.Members || v.Absent != 2 || v.Attended+v.Leave+v.Absent != v.Members || len(v.Sittings) != 2 {
			t.Fatalf("session: %s, %d members, roll %d, absent %d, %d sittings", v.Session, v.Members, len(v.Roll), v.Absent, len(v.Sittings))
		}
		for _, s := range v.Sittings {
			if !s.Quorum.Reached || s.Quorum.Needed != (2*s.Quorum.Members+2)/3 {
				t.Errorf("%s: quorum %+v", s.Title, s.Quorum)
			}
		}
		twice := 0
		for _, r := range v.Roll {
			if r.Presence == "absent" && r.Absences >= 2 {
				twice++
			}
		}
		if twice != 1 || len(v.Items) == 0 || v.Items[0].Summary == "" || len(v.Items[0].Opinions) == 0 {
			t.Errorf("%d twice absent; items %+v", twice, v.Items)
		}
		var mine view
		a.Call("GET", "/api/v1/meetings/"+id+"/session", a.Token("deputy"), nil).JSON(t, &mine)
		if len(mine.Roll) != 1 || mine.Roll[0].DeputyID != a.World.Deputy1.DeputyID || mine.Roll[0].Presence != "attended" {
			t.Errorf("a deputy's view of the roll: %+v", mine.Roll)
		}
		if r := a.Call("GET", "/api/v1/meetings/"+id+"/session", "", nil); r.Status != 401 {
			t.Errorf("the public reads the session: %d", r.Status)
		}
		var standing struct {
			Items []struct{ ID string } `json:"items"`
		}
		a.Call("GET", "/api/v1/meetings?kind=standing", a.Token("staff"), nil).JSON(t, &standing)
		if r := a.Call("GET", "/api/v1/meetings/"+standing.Items[0].ID+"/session", a.Token("staff"), nil); r.Status != 404 {
			t.Errorf("session view of a standing committee meeting: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/meetings/"+standing.Items[0].ID+"/actions/register", a.Token("staff"), map[string]any{"member": a.World.Deputy1.DeputyID}); r.Status != 409 {
			t.Errorf("registration at a standing committee meeting: %d %s", r.Status, r.Body)
		}

		// A new session through the API: the seventh.
		s7 := a.World.CountySessions[6].ID
		var created struct{ ID string }
		r := a.Call("POST", "/api/v1/meetings", a.Token("staff"), map[string]any{"kind": "congress", "session": s7, "title": "常宁市第十八届人民代表大会第七次会议", "date": "2026-01-20"})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &created)
		for _, step := range []struct {
			token, action string
			body          map[string]any
			status        int
		}{
			{"staff", "add_item", map[string]any{"title": "政府工作报告", "kind": "report"}, 200},
			{"deputy", "register", nil, 409}, // not before the notice
			{"staff", "notify", nil, 200},
			{"deputy", "register", nil, 200},
			{"deputy2", "register", map[string]any{"member": a.World.Deputy1.DeputyID}, 403},
			{"deputy", "register", nil, 409},
			{"staff", "open", nil, 200},
		} {
			if r := a.Call("POST", "/api/v1/meetings/"+created.ID+"/actions/"+step.action, a.Token(step.token), step.body); r.Status != step.status {
				t.Fatalf("%s by %s: %d %s", step.action, step.token, r.Status, r.Body)
			}
		}
		var m struct {
			Agenda []struct{ ID string } `json:"agenda"`
		}
		a.Call("GET", "/api/v1/meetings/"+created.ID, a.Token("staff"), nil).JSON(t, &m)
		if r := a.Call("POST", "/api/v1/meetings/"+created.ID+"/actions/vote_item", a.Token("staff"), map[string]any{"item": m.Agenda[0].ID}); r.Status != 409 {
			t.Errorf("a vote before any sitting: %d", r.Status)
		}
		var nv view
		a.Call("GET", "/api/v1/meetings/"+created.ID+"/session", a.Token("staff"), nil).JSON(t, &nv)
		if nv.Members != v.Members || nv.Registered != 1 || len(nv.Groups) != len(v.Groups) {
			t.Errorf("the seventh session: %d members (sixth %d), %d registered, %d groups", nv.Members, v.Members, nv.Registered, len(nv.Groups))
		}
	})
}
