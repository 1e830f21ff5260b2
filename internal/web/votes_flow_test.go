package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

var receiptRE = regexp.MustCompile(`id="receipt">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<`)

// TestVotePagesWithoutJavaScript walks the whole vote on the pages as
// browsers without JavaScript: staff set it up and mark attendance, one
// deputy checks in with the hall's code, both vote, a paper ballot is
// entered by one member of staff and confirmed by another, staff close it,
// and a deputy finds their receipt among the published ballots.
func TestVotePagesWithoutJavaScript(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		var ids []string
		for _, title := range []string{"基层医疗卫生机构慢病一站式门诊", "原纪委家属院老旧小区改造", "7座小型水库除险加固"} {
			p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: title, UnitID: f.Unit2.ID}
			if err := a.DB.SaveProject(ctx, f.Staff, p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		staff := a.Browser("staff")
		// Screening through the page.
		for _, id := range ids {
			staff.Get("/projects/" + id)
			if resp := staff.Post("/projects/"+id+"/screen", url.Values{"action": {"screen_in"}}); resp.Status != 303 {
				t.Fatalf("screen: %d %s", resp.Status, resp.Body)
			}
		}
		staff.Get("/votes/new")
		form := url.Values{"congress_id": {f.Congress.ID}, "session_id": {f.Session.ID}, "kind": {"select"}, "title": {"2024年民生实事项目票决"},
			"mode": {"each"}, "adopt": {"3"}, "candidates": ids}
		resp := staff.Post("/votes", form)
		if resp.Status != 422 || !strings.Contains(string(resp.Body), "差额") || !strings.Contains(string(resp.Body), "2024年民生实事项目票决") {
			t.Fatalf("M = N: %d", resp.Status)
		}
		form.Set("adopt", "2")
		resp = staff.Post("/votes", form)
		if resp.Status != 303 {
			t.Fatalf("create: %d %s", resp.Status, resp.Body)
		}
		voteURL := resp.Header.Get("Location")
		v, err := a.DB.Vote(ctx, strings.TrimPrefix(voteURL, "/votes/"))
		if err != nil {
			t.Fatal(err)
		}
		// Attendance: deputy 2 by staff; deputy 1 checks in with the hall's code.
		staff.Get(voteURL + "/attendance")
		if resp := staff.Post(voteURL+"/attendance", url.Values{"shown": {f.Deputy1.ID, f.Deputy2.ID}, "present": {f.Deputy2.ID}}); resp.Status != 303 {
			t.Fatalf("attendance: %d", resp.Status)
		}
		hall := staff.Get(voteURL + "/hall")
		if !strings.Contains(string(hall.Body), v.CheckinCode) {
			t.Fatal("the hall does not show the check-in code")
		}
		dep := a.Browser("deputy")
		if page := dep.Get(voteURL + "/ballot"); !strings.Contains(string(page.Body), "签到码") {
			t.Fatal("no check-in form for an absent deputy")
		}
		if resp := dep.Post(voteURL+"/checkin", url.Values{"code": {"999999x"}}); resp.Status != 422 {
			t.Fatalf("wrong code: %d", resp.Status)
		}
		if resp := dep.Post(voteURL+"/checkin", url.Values{"code": {v.CheckinCode}}); resp.Status != 303 {
			t.Fatalf("check-in: %d", resp.Status)
		}
		if page := dep.Get(voteURL + "/ballot"); !strings.Contains(string(page.Body), `id="wait-open"`) {
			t.Fatal("a checked-in deputy is not told to wait for the opening")
		}
		staff.Get(voteURL)
		if resp := staff.Post(voteURL+"/open", nil); resp.Status != 303 {
			t.Fatalf("open: %d", resp.Status)
		}
		// An incomplete ballot is shown again with what was marked.
		dep.Get(voteURL + "/ballot")
		resp = dep.Post(voteURL+"/ballot", url.Values{"c_" + ids[0]: {"yes"}})
		if resp.Status != 422 || !strings.Contains(string(resp.Body), `value="yes" checked`) {
			t.Fatalf("incomplete ballot: %d", resp.Status)
		}
		resp = dep.Post(voteURL+"/ballot", url.Values{"c_" + ids[0]: {"yes"}, "c_" + ids[1]: {"yes"}, "c_" + ids[2]: {"no"}})
		m := receiptRE.FindSubmatch(resp.Body)
		if resp.Status != 200 || m == nil {
			t.Fatalf("cast: %d %s", resp.Status, resp.Body)
		}
		receipt := string(m[1])
		if strings.Contains(resp.Header.Get("Set-Cookie"), receipt) {
			t.Fatal("the receipt went into a cookie")
		}
		if page := dep.Get(voteURL + "/ballot"); !strings.Contains(string(page.Body), `id="already-voted"`) || strings.Contains(string(page.Body), receipt) {
			t.Fatal("after voting the ballot page must say so, and never show the receipt again")
		}
		dep2 := a.Browser("deputy2")
		dep2.Get(voteURL + "/ballot")
		if resp := dep2.Post(voteURL+"/ballot", url.Values{"c_" + ids[0]: {"yes"}, "c_" + ids[1]: {"no"}, "c_" + ids[2]: {"yes"}}); resp.Status != 200 {
			t.Fatalf("deputy 2: %d", resp.Status)
		}
		// Hall while open: turnout, no choices.
		hall = staff.Get(voteURL + "/hall")
		if !strings.Contains(string(hall.Body), `id="turnout">2`) || strings.Contains(string(hall.Body), "赞成") {
			t.Fatalf("hall while open: %s", hall.Body)
		}
		// Staff close; result and published ballots.
		staff.Get(voteURL)
		if resp := staff.Post(voteURL+"/close", nil); resp.Status != 303 {
			t.Fatalf("close: %d", resp.Status)
		}
		page := staff.Get(voteURL)
		if !strings.Contains(string(page.Body), `id="result"`) || !strings.Contains(string(page.Body), "当选") {
			t.Fatal("no result after the close")
		}
		hall = staff.Get(voteURL + "/hall")
		if !strings.Contains(string(hall.Body), `id="result"`) {
			t.Fatal("the hall shows no result after the close")
		}
		anon := a.Browser("")
		pub := anon.Get(voteURL + "/ballots?receipt=" + url.QueryEscape(strings.ToLower(strings.ReplaceAll(receipt, "-", ""))))
		if pub.Status != 200 || !strings.Contains(string(pub.Body), `id="found"`) || !strings.Contains(string(pub.Body), receipt) {
			t.Fatalf("the public cannot find the receipt: %d", pub.Status)
		}
		if pub := anon.Get(voteURL + "/ballots?receipt=AAAA-BBBB-CCCC"); !strings.Contains(string(pub.Body), `id="notfound"`) {
			t.Fatal("an unknown receipt was 'found'")
		}
		// The deputy is not shown who voted how anywhere on the vote page (only counts).
		if page := dep.Get(voteURL); strings.Contains(string(page.Body), receipt) {
			t.Fatal("the vote page shows a receipt")
		}
	})
}

func TestPaperTotalsOnThePages(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	f := storetest.Fixture(t, a.DB)
	var cands []vote.Candidate
	for _, title := range []string{"一老一小服务中心", "安全饮水巩固提升"} {
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: title}
		_ = a.DB.SaveProject(ctx, f.Staff, p)
		_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
		cands = append(cands, vote.Candidate{ID: p.ID})
	}
	v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "白沙镇票决", Adopt: 1, Candidates: cands}
	if err := a.DB.SaveVote(ctx, f.Staff, v); err != nil {
		t.Fatal(err)
	}
	staff, admin := a.Browser("staff"), a.Browser("admin")
	base := "/votes/" + v.ID
	staff.Get(base + "/attendance")
	staff.Post(base+"/attendance", url.Values{"shown": {f.Deputy1.ID, f.Deputy2.ID}, "present": {f.Deputy1.ID, f.Deputy2.ID}, "paper": {f.Deputy1.ID, f.Deputy2.ID}})
	staff.Get(base)
	staff.Post(base+"/open", nil)
	staff.Get(base + "/paper")
	bad := url.Values{"ballots": {"2"}, "c_" + cands[0].ID + "_yes": {"2"}, "c_" + cands[1].ID + "_yes": {"1"}}
	if resp := staff.Post(base+"/paper", bad); resp.Status != 422 || !strings.Contains(string(resp.Body), "应等于纸质票数") {
		t.Fatalf("totals not adding up: %d", resp.Status)
	}
	good := url.Values{"ballots": {"2"}, "c_" + cands[0].ID + "_yes": {"2"}, "c_" + cands[1].ID + "_no": {"1"}, "c_" + cands[1].ID + "_abstain": {"1"}}
	if resp := staff.Post(base+"/paper", good); resp.Status != 303 {
		t.Fatalf("enter: %d", resp.Status)
	}
	if resp := staff.Post(base+"/paper/confirm", nil); resp.Status != 403 {
		t.Fatalf("the same person confirmed: %d", resp.Status)
	}
	if page := admin.Get(base + "/paper"); !strings.Contains(string(page.Body), `id="confirm-paper"`) {
		t.Fatal("the second person sees no confirm button")
	}
	if resp := admin.Post(base+"/paper/confirm", nil); resp.Status != 303 {
		t.Fatalf("confirm: %d", resp.Status)
	}
	staff.Get(base)
	staff.Post(base+"/close", nil)
	res, err := a.DB.Result(ctx, v.ID)
	if err != nil || res.Paper != 2 || !res.Items[0].Adopted {
		t.Fatalf("result: %+v %v", res, err)
	}
}

func TestProjectPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	f := storetest.Fixture(t, a.DB)
	p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "7座小型水库除险加固", UnitID: f.Unit2.ID, Budget: 1260}
	if err := a.DB.SaveProject(ctx, f.Staff, p); err != nil {
		t.Fatal(err)
	}
	anon := a.Browser("")
	if resp := anon.Get("/projects/" + p.ID); resp.Status != 404 {
		t.Fatalf("the public saw a proposal: %d", resp.Status)
	}
	// Adopt it through a tiny vote.
	_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
	q := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "另一个候选"}
	_ = a.DB.SaveProject(ctx, f.Staff, q)
	_ = a.DB.ScreenProject(ctx, f.Staff, q.ID, "screen_in", "")
	v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 1, Candidates: []vote.Candidate{{ID: p.ID}, {ID: q.ID}}}
	_ = a.DB.SaveVote(ctx, f.Staff, v)
	_ = a.DB.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true}, nil)
	_ = a.DB.VoteAction(ctx, f.Staff, v.ID, "open", "")
	if _, err := a.DB.CastBallot(ctx, f.DeputyUser, v.ID, vote.Ballot{p.ID: "yes", q.ID: "no"}); err != nil {
		t.Fatal(err)
	}
	_ = a.DB.VoteAction(ctx, f.Staff, v.ID, "close", "")

	base := "/projects/" + p.ID
	if page := anon.Get(base); page.Status != 200 || !strings.Contains(string(page.Body), "已票决") {
		t.Fatalf("public project page: %d", page.Status)
	}
	if page := anon.Get("/projects"); !strings.Contains(string(page.Body), "7座小型水库除险加固") || strings.Contains(string(page.Body), "另一个候选") {
		t.Fatal("public board")
	}
	unit2, unit := a.Browser("unit2"), a.Browser("unit")
	unit2.Get(base)
	if resp := unit2.Post(base+"/plan", url.Values{"plan_target": {"完成7座水库除险加固"}, "plan_start": {"2024-03-01"}, "plan_deadline": {"2024-02-01"}}); resp.Status != 422 {
		t.Fatalf("deadline before start: %d", resp.Status)
	}
	if resp := unit2.Post(base+"/plan", url.Values{"plan_target": {"完成7座水库除险加固"}, "plan_start": {"2024-03-01"}, "plan_deadline": {"2024-12-31"}, "plan_funds": {"1260"}}); resp.Status != 303 {
		t.Fatalf("plan: %d", resp.Status)
	}
	unit.Get(base)
	if resp := unit.Post(base+"/reports", url.Values{"percent": {"10"}, "text": {"x"}}); resp.Status != 403 {
		t.Fatalf("another unit reported: %d", resp.Status)
	}
	// A report with a photo, as a multipart form.
	var img bytes.Buffer
	pic := image.NewRGBA(image.Rect(0, 0, 40, 30))
	pic.Set(1, 1, color.RGBA{200, 0, 0, 255})
	_ = png.Encode(&img, pic)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", unit2.CSRF())
	_ = mw.WriteField("percent", "45")
	_ = mw.WriteField("text", "3座水库主体工程完工")
	fw, _ := mw.CreateFormFile("photos", "site.png")
	fw.Write(img.Bytes())
	mw.Close()
	if resp := unit2.PostRaw(base+"/reports", mw.FormDataContentType(), &body); resp.Status != 303 {
		t.Fatalf("report with photo: %d %s", resp.Status, resp.Body)
	}
	_, d, err := a.DB.ProjectDetails(ctx, nil, p.ID)
	if err != nil || len(d.Reports) != 1 || len(d.Reports[0].Attachments) != 1 {
		t.Fatalf("report: %+v %v", d, err)
	}
	photo := anon.Get(base + "/files/" + d.Reports[0].Attachments[0].ID)
	if photo.Status != 200 || !strings.HasPrefix(photo.Header.Get("Content-Type"), "image/") {
		t.Fatalf("photo: %d", photo.Status)
	}
	if resp := anon.Get("/projects/" + q.ID + "/files/" + d.Reports[0].Attachments[0].ID); resp.Status != 404 {
		t.Fatalf("photo served under another project: %d", resp.Status)
	}
	dep := a.Browser("deputy")
	// A deputy proposes a project; it waits for screening.
	dep.Get("/projects/propose")
	if resp := dep.Post("/projects/propose", url.Values{"title": {"村级卫生室标准化建设"}, "year": {"2025"}}); resp.Status != 422 {
		t.Fatalf("proposal without reasons: %d", resp.Status)
	}
	resp := dep.Post("/projects/propose", url.Values{"title": {"村级卫生室标准化建设"}, "year": {"2025"}, "description": {"群众看病远"}, "congress_id": {"01jzzzzzzzzzzzzzzzzzzzzzzz"}})
	if resp.Status != 303 {
		t.Fatalf("proposal: %d %s", resp.Status, resp.Body)
	}
	prop, err := a.DB.Project(ctx, f.DeputyUser, strings.TrimPrefix(resp.Header.Get("Location"), "/projects/"))
	if err != nil || prop.Status != "proposed" || prop.Source != "deputy" || prop.Proposer != "王建国" || prop.CongressID != f.Congress.ID {
		t.Fatalf("proposal: %+v %v", prop, err)
	}
	dep.Get(base)
	if resp := dep.Post(base+"/inspections", url.Values{"day": {"2024-06-01"}, "deputies": {"王建国"}, "notes": {""}}); resp.Status != 422 {
		t.Fatalf("inspection without notes: %d", resp.Status)
	}
	if resp := dep.Post(base+"/inspections", url.Values{"day": {"2024-06-01"}, "deputies": {"王建国、刘秀兰"}, "notes": {"工程质量良好，建议汛前完工"}}); resp.Status != 303 {
		t.Fatalf("inspection: %d", resp.Status)
	}
	page := anon.Get(base)
	for _, want := range []string{"45%", "工程质量良好", "完成7座水库除险加固"} {
		if !strings.Contains(string(page.Body), want) {
			t.Errorf("public page lacks %q", want)
		}
	}
}

func TestUpToBallotOnThePage(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	f := storetest.Fixture(t, a.DB)
	var cands []vote.Candidate
	for _, title := range []string{"甲", "乙", "丙"} {
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "项目" + title}
		_ = a.DB.SaveProject(ctx, f.Staff, p)
		_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
		cands = append(cands, vote.Candidate{ID: p.ID})
	}
	v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Mode: vote.ModeUpTo, Title: "限选票决", Adopt: 2, Candidates: cands}
	if err := a.DB.SaveVote(ctx, f.Staff, v); err != nil {
		t.Fatal(err)
	}
	_ = a.DB.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true}, nil)
	_ = a.DB.VoteAction(ctx, f.Staff, v.ID, "open", "")
	dep := a.Browser("deputy")
	base := "/votes/" + v.ID + "/ballot"
	if page := dep.Get(base); !strings.Contains(string(page.Body), `type="checkbox"`) || !strings.Contains(string(page.Body), "限选") {
		t.Fatal("the up-to ballot has no checkboxes")
	}
	all := url.Values{}
	for _, c := range cands {
		all.Set("c_"+c.ID, "yes")
	}
	if resp := dep.Post(base, all); resp.Status != 422 || !strings.Contains(string(resp.Body), "最多只能选 2 个") {
		t.Fatalf("3 ticks on an up-to-2 ballot: %d", resp.Status)
	}
	if resp := dep.Post(base, url.Values{"c_" + cands[0].ID: {"yes"}, "c_" + cands[2].ID: {"yes"}}); resp.Status != 200 || receiptRE.Find(resp.Body) == nil {
		t.Fatalf("two ticks: %d", resp.Status)
	}
	_ = a.DB.VoteAction(ctx, f.Staff, v.ID, "close", "")
	res, _ := a.DB.Result(ctx, v.ID)
	if res.Items[0].Yes != 1 || res.Items[1].Abstain != 1 || res.Items[2].Yes != 1 {
		t.Fatalf("result: %+v", res.Items)
	}
}
