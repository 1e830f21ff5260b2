package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"renda"
	"renda/internal/apptest"
	"renda/opinion"
	"renda/vote"
)

// popoloVoteEvent is a vote event as the export gives it.
type popoloVoteEvent struct {
	ID                   string `json:"id"`
	Identifier           string `json:"identifier"`
	OrganizationID       string `json:"organization_id"`
	LegislativeSessionID string `json:"legislative_session_id"`
	MotionID             string `json:"motion_id"`
	Motion               struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"motion"`
	Classification string `json:"classification"`
	StartDate      string `json:"start_date"`
	EndDate        string `json:"end_date"`
	Result         string `json:"result"`
	Counts         []struct {
		Option string `json:"option"`
		Value  int    `json:"value"`
	} `json:"counts"`
	Votes   *[]map[string]any `json:"votes"`
	Sources []struct {
		URL string `json:"url"`
	} `json:"sources"`
}

// TestPopoloVoteEvents: the Popolo export gives one vote event per item of
// every closed vote the public may see, and of no other; each with its
// counts as the result has them; a named vote's events list each member's
// option, adding up to the counts, the voters being persons of the export;
// a secret vote's events have no votes at all; and the vote-events open
// dataset has the same events as rows. Neither holds a citizen's name or
// phone.
func TestPopoloVoteEvents(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		// A closed secret vote of a meeting still in session: not public.
		hidden := meetingVote(t, a)
		r := a.Call("GET", "/api/v1/popolo", "", nil)
		if r.Status != 200 {
			t.Fatalf("popolo: %d %s", r.Status, r.Body)
		}
		body := string(r.Body)
		var p struct {
			Persons       []map[string]any  `json:"persons"`
			Organizations []map[string]any  `json:"organizations"`
			Events        []map[string]any  `json:"events"`
			VoteEvents    []popoloVoteEvent `json:"vote_events"`
		}
		if err := json.Unmarshal(r.Body, &p); err != nil {
			t.Fatal(err)
		}
		// The raw events, to see which carry a "votes" key at all.
		var raw struct {
			VoteEvents []map[string]json.RawMessage `json:"vote_events"`
		}
		if err := json.Unmarshal(r.Body, &raw); err != nil {
			t.Fatal(err)
		}
		persons, orgs, sessions := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, x := range p.Persons {
			persons[x["id"].(string)] = true
		}
		for _, x := range p.Organizations {
			orgs[x["id"].(string)] = true
		}
		for _, x := range p.Events {
			if x["classification"] == "legislative session" {
				sessions[x["id"].(string)] = true
			}
		}
		// The public's closed votes are exactly those exported.
		public, _, err := a.DB.Votes(ctx, vote.Filter{Status: vote.Closed, Scoped: true})
		if err != nil {
			t.Fatal(err)
		}
		all, _, err := a.DB.Votes(ctx, vote.Filter{Status: vote.Closed})
		if err != nil {
			t.Fatal(err)
		}
		want, votes := map[string]bool{}, map[string]*vote.Vote{}
		for _, v := range all {
			votes[v.ID] = v
		}
		for _, v := range public {
			for _, c := range v.Candidates {
				want[v.ID+"/"+c.ID] = true
			}
		}
		if votes[hidden] == nil || slices.ContainsFunc(public, func(v *vote.Vote) bool { return v.ID == hidden }) {
			t.Fatal("the vote of the meeting in session is not closed, or is public")
		}
		got := map[string]bool{}
		named, secret := 0, 0
		for i, e := range p.VoteEvents {
			got[e.ID] = true
			if !want[e.ID] {
				t.Errorf("vote event %s (%s): not a public closed vote's item", e.ID, e.Motion.Text)
				continue
			}
			voteID, item, _ := strings.Cut(e.ID, "/")
			v := votes[voteID]
			if !orgs[e.OrganizationID] || e.OrganizationID != v.CongressID || e.MotionID != item || e.Motion.ID != item || e.Motion.Text == "" ||
				e.Classification != v.Kind || e.StartDate == "" || e.EndDate == "" || e.Result == "" || e.Identifier == "" ||
				len(e.Sources) != 1 || e.Sources[0].URL != "/votes/"+voteID {
				t.Errorf("vote event %+v", e)
			}
			if (e.LegislativeSessionID != "") != (v.SessionID != "") || (e.LegislativeSessionID != "" && !sessions[e.LegislativeSessionID]) {
				t.Errorf("vote event %s: session %q, the vote's %q", e.ID, e.LegislativeSessionID, v.SessionID)
			}
			res, err := a.DB.Result(ctx, voteID)
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, c := range e.Counts {
				counts[c.Option] = c.Value
			}
			for _, tl := range res.Items {
				if tl.ID != item {
					continue
				}
				for o, n := range tl.Counts {
					if counts[o] != n {
						t.Errorf("vote event %s: %s %d, the result %d", e.ID, o, counts[o], n)
					}
				}
				if len(counts) != len(tl.Counts) {
					t.Errorf("vote event %s: counts %v, the result %v", e.ID, counts, tl.Counts)
				}
			}
			_, hasVotes := raw.VoteEvents[i]["votes"]
			if !v.Named {
				secret++
				if hasVotes || e.Votes != nil {
					t.Errorf("secret vote event %s carries votes", e.ID)
				}
				continue
			}
			named++
			if !hasVotes || e.Votes == nil || len(*e.Votes) == 0 {
				t.Errorf("named vote event %s without votes", e.ID)
				continue
			}
			byOption := map[string]int{}
			for _, x := range *e.Votes {
				if !persons[x["voter_id"].(string)] {
					t.Errorf("vote event %s: voter %v is not a person of the export", e.ID, x["voter_id"])
				}
				byOption[x["option"].(string)]++
			}
			if res.Paper == 0 {
				for o, n := range byOption {
					if counts[o] != n {
						t.Errorf("named vote event %s: %d votes %s by name, counted %d", e.ID, n, o, counts[o])
					}
				}
			}
		}
		for id := range want {
			if !got[id] {
				t.Errorf("public vote item %s is not a vote event", id)
			}
		}
		if named == 0 || secret == 0 {
			t.Fatalf("%d named and %d secret vote events: the demo should give both", named, secret)
		}
		// The secret votes' members appear nowhere next to a choice: the only
		// voter ids in the export are those of named votes.
		if n := strings.Count(body, `"voter_id"`); n == 0 {
			t.Error("no voter ids at all")
		} else {
			total := 0
			for _, e := range p.VoteEvents {
				if e.Votes != nil {
					total += len(*e.Votes)
				}
			}
			if n != total {
				t.Errorf("%d voter ids in the export, %d in named votes' events", n, total)
			}
		}

		// The open dataset: the same events, counts only.
		d := a.Call("GET", "/api/v1/open/datasets/vote-events.json", "", nil)
		if d.Status != 200 {
			t.Fatalf("vote-events.json: %d %s", d.Status, d.Body)
		}
		var ds struct {
			Items []map[string]string `json:"items"`
			Total int                 `json:"total"`
		}
		d.JSON(t, &ds)
		if ds.Total != len(p.VoteEvents) || len(ds.Items) != ds.Total {
			t.Fatalf("vote-events dataset: %d rows, %d vote events", ds.Total, len(p.VoteEvents))
		}
		namedRows := 0
		for _, row := range ds.Items {
			if !got[row["vote_event"]] || row["title"] == "" || row["congress"] == "" || row["result"] == "" {
				t.Errorf("dataset row %v", row)
			}
			if row["named"] == "true" {
				namedRows++
			}
		}
		if namedRows != named {
			t.Errorf("%d named rows, %d named vote events", namedRows, named)
		}
		if strings.Contains(string(d.Body), "voter") {
			t.Error("the dataset names voters")
		}

		if strings.Contains(body, hidden) {
			t.Error("the vote of a meeting in session is exported")
		}
		// Nothing personal of citizens in either (deputies' names are
		// public: a citizen of the demo may share a deputy's name).
		names, phones := demoCitizens(t, a)
		deputyNames := map[string]bool{}
		for _, x := range p.Persons {
			deputyNames[x["name"].(string)] = true
		}
		names = slices.DeleteFunc(names, func(n string) bool { return deputyNames[n] })
		if len(names) < 10 {
			t.Fatalf("only %d citizens' names that no deputy has", len(names))
		}
		for _, text := range []string{body, string(d.Body), string(a.Call("GET", "/api/v1/open/datasets/vote-events.csv", "", nil).Body)} {
			if m := phoneLike.FindString(text); m != "" {
				t.Errorf("a phone number: %s", m)
			}
			if m := idCardLike.FindString(text); m != "" {
				t.Errorf("an ID-card number: %s", m)
			}
			for _, n := range names {
				if strings.Contains(text, n) {
					t.Errorf("a citizen's name: %s", n)
				}
			}
			for _, ph := range phones {
				if strings.Contains(text, ph) {
					t.Error("a citizen's phone")
				}
			}
		}
	})
}

// demoCitizens are the names and phones of the demo's citizens (who left
// opinions), as staff may see them.
func demoCitizens(t *testing.T, a *apptest.App) (names, phones []string) {
	t.Helper()
	ctx := context.Background()
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
	return names, phones
}

// meetingVote holds a secret vote in a new standing committee meeting that
// stays in session (so unpublished), closes it and returns its id.
func meetingVote(t *testing.T, a *apptest.App) string {
	t.Helper()
	ctx := context.Background()
	users := []*renda.User{a.World.Deputy1, a.World.Deputy2}
	day := renda.DateOf(a.World.Now).AddDays(2).String()
	m, err := a.DB.CreateMeeting(ctx, a.World.Staff, a.World.CountyCongress.ID, renda.Values{"kind": {"standing"}, "title": {"第九十九次常委会会议"}, "number": {"99"},
		"date": {day}, "time": {"09:30"}, "place": {"常委会会议室"}, "members": {users[0].DeputyID, users[1].DeputyID}})
	if err != nil {
		t.Fatal(err)
	}
	if m, err = a.DB.ActOnMeeting(ctx, a.World.Staff, m.ID, "add_item", renda.V("title", "关于某事项的决定（草案）", "kind", "decision")); err != nil {
		t.Fatal(err)
	}
	for _, act := range []string{"notify", "open"} {
		if m, err = a.DB.ActOnMeeting(ctx, a.World.Staff, m.ID, act, nil); err != nil {
			t.Fatal(act, err)
		}
	}
	for _, u := range users {
		if m, err = a.DB.ActOnMeeting(ctx, u, m.ID, "checkin", nil); err != nil {
			t.Fatal(err)
		}
	}
	item := m.Items[0].ID
	if m, err = a.DB.ActOnMeeting(ctx, a.World.Staff, m.ID, "vote_item", renda.V("item", item, "named", false)); err != nil {
		t.Fatal(err)
	}
	voteID := m.Items[0].VoteID
	for _, u := range users {
		if _, err := a.DB.CastBallot(ctx, u, voteID, vote.Ballot{item: vote.ChoiceYes}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.DB.VoteAction(ctx, a.World.Staff, voteID, "close", ""); err != nil {
		t.Fatal(err)
	}
	return voteID
}
