package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/project"
	"renda/vote"
)

// demoProject is one livelihood project of the demo county.
type demoProject struct {
	title, unit, category, target, desc string
	budget                              int
	yes                                 int // share of present deputies voting yes, in percent
}

// county2024 are the candidates of the 2024 county vote (十八届四次会议,
// January 2024): 15 candidates, 10 adopted. The first three are the ones
// the 2024 work review names.
var county2024 = []demoProject{
	{"基层医疗卫生机构“慢病一站式门诊”项目", "wjj", "医疗卫生", "完成26个基层医疗单位标准化建设，开设慢病一站式门诊", "在乡镇卫生院和社区卫生服务中心设立高血压、糖尿病“两病”一站式门诊，统一检查、用药、随访。", 2600, 96},
	{"原纪委家属院老旧小区改造", "zjj", "城乡建设", "完成水电气管网、屋面防水、道路和消防设施改造", "改造房屋12栋、住户186户，同步建设停车位和休闲场地。", 860, 91},
	{"7座小型水库除险加固", "slj", "水利", "完成7座小型水库大坝防渗、溢洪道和放水设施改造", "消除病险水库安全隐患，恢复灌溉面积1.2万亩。", 1260, 93},
	{"城区路网提质改造", "zjj", "交通", "打通城区断头路4条，改造主次干道6.8公里", "含宜阳大道、泉峰路等路段的沥青罩面、人行道和排水改造。", 4500, 88},
	{"农村安全饮水巩固提升工程", "slj", "饮水安全", "新建和改造供水管网120公里，惠及3.6万农村人口", "推进城乡供水一体化，解决季节性缺水问题。", 1800, 90},
	{"“一老一小”服务设施建设", "mzj", "养老托育", "新建社区嵌入式养老服务中心5个、普惠托育点8个", "", 1200, 85},
	{"农村公路提质改造和安全生命防护工程", "jtj", "交通", "改造农村公路85公里，完善安防设施150公里", "", 3200, 82},
	{"城区中小学扩容建设", "jyj", "教育", "新增公办学位2400个，缓解城区大班额", "", 5200, 79},
	{"农贸市场提质改造", "scj", "城乡建设", "改造城区及集镇农贸市场6个", "", 900, 74},
	{"城区公共停车场和充电桩建设", "cgj", "城乡建设", "新增公共停车泊位1200个、充电桩200个", "", 1500, 66},
	{"城区公厕改造提升", "cgj", "城乡建设", "改造提升城区公厕30座", "", 600, 47},
	{"全民健身中心建设", "wlj", "文化体育", "建成全民健身中心一处", "", 2800, 41},
	{"乡镇污水处理设施建设", "sthj", "生态环境", "建设乡镇污水处理设施4处", "", 3500, 44},
	{"背街小巷路灯改造", "cgj", "城乡建设", "改造背街小巷路灯800盏", "", 400, 38},
	{"就业创业服务中心建设", "rsj", "就业", "建设市级就业创业服务中心", "", 700, 29},
}

// county2026 are the candidates of the 2026 vote (十八届七次会议, January
// 2026): 12, 8 adopted, under way in the demo's present.
var county2026 = []demoProject{
	{"城区口袋公园建设", "zjj", "生态环境", "新建口袋公园12处", "", 900, 89},
	{"农村供水规模化改造", "slj", "饮水安全", "建设规模化水厂2座，覆盖5个乡镇", "", 4200, 87},
	{"老年助餐服务点建设", "mzj", "养老托育", "新建老年助餐服务点40个", "", 600, 92},
	{"中小学校园食堂提质改造", "jyj", "教育", "改造中小学食堂35所", "", 1300, 84},
	{"城乡客运公交化改造", "jtj", "交通", "开通城乡公交线路6条", "", 1100, 77},
	{"基层医疗机构医共体信息化建设", "wjj", "医疗卫生", "乡镇卫生院全部接入医共体信息平台", "", 1600, 72},
	{"城区内涝治理", "zjj", "城乡建设", "改造排水管网18公里，消除内涝点9处", "", 3800, 81},
	{"高标准农田建设", "nyj", "其他", "新建高标准农田3万亩", "", 4500, 69},
	{"城区农贸市场二期", "scj", "城乡建设", "", "", 800, 42},
	{"公共体育场地提升", "wlj", "文化体育", "", "", 1200, 45},
	{"集镇垃圾中转站建设", "cgj", "生态环境", "", "", 900, 39},
	{"退役军人服务站标准化", "tyj", "社会保障", "", "", 300, 33},
}

// demoVote2027 are the five candidates of the draft vote "演示投票".
var demoVote2027 = []demoProject{
	{"乡村医生队伍建设", "wjj", "医疗卫生", "为村卫生室补充乡村医生60名", "", 500, 0},
	{"城区学校周边交通安全设施", "jtj", "交通", "完善30所学校周边交通设施", "", 700, 0},
	{"社区儿童之家建设", "mzj", "养老托育", "新建社区儿童之家20个", "", 400, 0},
	{"农村危房改造", "zjj", "城乡建设", "改造农村危房300户", "", 1500, 0},
	{"湘江常宁段岸线整治", "slj", "生态环境", "整治岸线8公里", "", 2600, 0},
}

// baisha2024 is 白沙镇's vote at its congress of January 2024 (voting since 2021).
var baisha2024 = []demoProject{
	{"集镇安全饮水管网改造", "zls", "饮水安全", "更换集镇老旧供水管网6公里", "", 260, 93},
	{"村级“一老一小”服务站建设", "mzj", "养老托育", "建设村级养老托育服务站4个", "", 120, 87},
	{"通组道路硬化", "jtj", "交通", "硬化通组道路12公里", "", 380, 80},
	{"中心小学运动场改造", "jyj", "教育", "改造塑胶运动场一处", "", 150, 40},
}

// seedVotes loads this workflow's part of the demo county: the 2024 county
// vote and its projects (planned, reported on, inspected, rated at the
// 2025 session), the 2025 vote with projects under way, 白沙镇's 2024 vote,
// proposals for the next year, and — in draft — the vote "演示投票", for
// which the demo accounts deputy and deputy2 are checked in.
func seedVotes(ctx context.Context, db *store.DB, w *World) error {
	county := w.CountyCongress
	sess := func(n int) *renda.Session { return w.CountySessions[n-1] }
	at := func(d renda.Date, h, m int) time.Time {
		return d.Start().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}

	// 2024: 15 candidates, 10 adopted.
	ps24, err := seedProjects(ctx, db, w, county, 2024, county2024, "candidate")
	if err != nil {
		return err
	}
	s4 := sess(4)
	v24, err := runVote(ctx, db, w, &vote.Vote{CongressID: county.ID, SessionID: s4.ID, Kind: vote.Livelihood, Adopt: 10,
		Title: "常宁市2024年民生实事项目代表票决", Description: "市十八届人大四次会议差额票决：15个候选项目，选出10个。"},
		ps24, county2024, w.ByLevel[renda.LevelCounty], at(s4.StartDate.AddDays(2), 10, 0))
	if err != nil {
		return fmt.Errorf("2024 vote: %w", err)
	}
	// Plans, milestones, reports and inspections of the adopted ones, all complete by the end of 2024.
	res24, err := db.Result(ctx, v24.ID)
	if err != nil {
		return err
	}
	var adopted24 []*project.Project
	for _, it := range res24.Items {
		if it.Adopted {
			for _, p := range ps24 {
				if p.ID == it.ID {
					adopted24 = append(adopted24, p)
				}
			}
		}
	}
	for i, p := range adopted24 {
		if err := trackProject(ctx, db, w, p, renda.NewDate(2024, 3, 1), renda.NewDate(2024, 12, 31), []int{15, 40, 70, 100}, true, i); err != nil {
			return fmt.Errorf("project %s: %w", p.Title, err)
		}
	}
	// Rated at the 2025 session (十八届六次会议).
	s6 := sess(6)
	rateTargets := make([]demoProject, len(adopted24))
	for i := range rateTargets {
		rateTargets[i].yes = []int{88, 80, 91, 62, 84, 76, 58, 70, 45, 66}[i%10] // share satisfied
	}
	if _, err := runVote(ctx, db, w, &vote.Vote{CongressID: county.ID, SessionID: s6.ID, Kind: vote.ProjectRating,
		Title: "2024年民生实事项目满意度测评", Description: "市十八届人大六次会议对2024年10个民生实事项目进行满意度测评。"},
		adopted24, rateTargets, w.ByLevel[renda.LevelCounty], at(s6.StartDate.AddDays(2), 15, 0)); err != nil {
		return fmt.Errorf("2025 rating: %w", err)
	}

	// 2026: 12 candidates, 8 adopted, under way now (two behind schedule).
	ps26, err := seedProjects(ctx, db, w, county, 2026, county2026, "candidate")
	if err != nil {
		return err
	}
	s7 := sess(7)
	v26, err := runVote(ctx, db, w, &vote.Vote{CongressID: county.ID, SessionID: s7.ID, Kind: vote.Livelihood, Adopt: 8, Mode: vote.ModeEach,
		Title: "常宁市2026年民生实事项目代表票决", Description: "市十八届人大七次会议差额票决：12个候选项目，选出8个。"},
		ps26, county2026, w.ByLevel[renda.LevelCounty], at(s7.StartDate.AddDays(2), 10, 0))
	if err != nil {
		return fmt.Errorf("2026 vote: %w", err)
	}
	res26, err := db.Result(ctx, v26.ID)
	if err != nil {
		return err
	}
	n := 0
	for _, it := range res26.Items {
		if !it.Adopted {
			continue
		}
		for _, p := range ps26 {
			if p.ID != it.ID {
				continue
			}
			steps := [][]int{{20, 45, 70, 85}, {10, 30, 55, 80}, {25, 60, 90}, {15, 35}, {10, 20}, {30, 50, 75, 95}, {20, 40, 65, 80}, {25, 50, 100}}[n%8]
			if err := trackProject(ctx, db, w, p, renda.NewDate(2026, 3, 15), renda.NewDate(2026, 12, 31), steps, false, n); err != nil {
				return err
			}
			n++
		}
	}

	// 白沙镇: its congress's own vote of January 2024, organised by its presidium.
	baisha := w.TownByName["白沙镇"]
	if baisha != nil && w.TownCongress[baisha.ID] != nil {
		tc := w.TownCongress[baisha.ID]
		var townDeputies []*renda.Deputy
		for _, d := range w.ByLevel[renda.LevelTownship] {
			if d.CongressID == tc.ID {
				townDeputies = append(townDeputies, d)
			}
		}
		bps, err := seedProjects(ctx, db, w, tc, 2024, baisha2024, "candidate")
		if err != nil {
			return err
		}
		ts := w.TownSessions[baisha.ID][2] // January 2024
		bv, err := runVote(ctx, db, w, &vote.Vote{CongressID: tc.ID, SessionID: ts.ID, Kind: vote.Livelihood, Adopt: 3,
			Title: "白沙镇2024年民生实事项目代表票决", Description: "白沙镇第十九届人大第四次会议，由镇人大主席团组织票决：4个候选项目，选出3个。"},
			bps, baisha2024, townDeputies, at(ts.StartDate, 11, 0))
		if err != nil {
			return fmt.Errorf("白沙镇 vote: %w", err)
		}
		bres, err := db.Result(ctx, bv.ID)
		if err != nil {
			return err
		}
		for i, it := range bres.Items {
			for _, p := range bps {
				if it.Adopted && p.ID == it.ID {
					if err := trackProject(ctx, db, w, p, renda.NewDate(2024, 3, 1), renda.NewDate(2024, 11, 30), []int{30, 70, 100}, true, i); err != nil {
						return err
					}
				}
			}
		}
	}

	// Proposals for the next year, one still being screened.
	if _, err := seedProjects(ctx, db, w, county, 2027, []demoProject{
		{"城区背街小巷改造提升", "zjj", "城乡建设", "改造背街小巷50条", "代表联名建议：宜阳街道、泉峰街道背街小巷路面破损、排水不畅。", 1800, 0},
		{"农村寄宿制学校改善", "jyj", "教育", "", "群众通过代表联络站反映。", 900, 0},
	}, "proposed"); err != nil {
		return err
	}

	// The draft "演示投票": 5 candidates, choose 3; deputy and deputy2 checked in.
	demoPs, err := seedProjects(ctx, db, w, county, 2027, demoVote2027, "candidate")
	if err != nil {
		return err
	}
	demo := &vote.Vote{CongressID: county.ID, Kind: vote.Livelihood, Adopt: 3, Mode: vote.ModeEach, Title: "演示投票",
		Description: "演示用：请用演示账号 deputy 或 deputy2 在手机上投票；工作人员账号 staff 可开始和结束投票、打开会场大屏。"}
	for _, p := range demoPs {
		demo.Candidates = append(demo.Candidates, vote.Candidate{ID: p.ID})
	}
	if err := db.SaveVote(ctx, System, demo); err != nil {
		return err
	}
	present := map[string]bool{}
	for i, d := range w.ByLevel[renda.LevelCounty] {
		if i < 40 || d.ID == w.Deputy1.DeputyID || d.ID == w.Deputy2.DeputyID {
			present[d.ID] = true
		}
	}
	return db.SetAttendance(ctx, System, demo.ID, present, nil)
}

// seedProjects registers projects of a congress as proposed in the third
// quarter before their year, and screens them to status.
func seedProjects(ctx context.Context, db *store.DB, w *World, c *renda.Congress, year int, list []demoProject, status string) ([]*project.Project, error) {
	var out []*project.Project
	proposed := renda.NewDate(year-1, 9, 15).Start().Add(10 * time.Hour)
	if now := w.Now.Add(-24 * time.Hour); proposed.After(now) {
		proposed = now
	}
	err := db.Seed(ctx, System, func(tx *store.Tx) error {
		if err := tx.SeedAs(w.Staff, proposed); err != nil {
			return err
		}
		for i, d := range list {
			p := &project.Project{CongressID: c.ID, Year: year, Title: d.title, Category: d.category, Budget: d.budget, Target: d.target,
				Description: d.desc, Source: "government", Deadline: renda.NewDate(year, 12, 31)}
			if i%5 == 3 {
				p.Source, p.Proposer = "deputy", "代表联名提出"
			}
			if o := w.Orgs[d.unit]; o != nil {
				p.UnitID = o.ID
			}
			if err := tx.SaveProject(p); err != nil {
				return fmt.Errorf("%s: %w", d.title, err)
			}
			out = append(out, p)
		}
		if status == "proposed" {
			return nil
		}
		if err := tx.SeedAs(w.Staff, proposed.Add(60*24*time.Hour)); err != nil {
			return err
		}
		for _, p := range out {
			if err := tx.ScreenProject(p.ID, "screen_in", "经审查，项目必要、可行，资金有保障，不新增隐性债务"); err != nil {
				return err
			}
			p.Status = "candidate"
		}
		return nil
	})
	return out, err
}

// runVote replays a vote at its session in one seeding transaction: staff
// set it up and mark most deputies on the roll present, open it, each
// present deputy casts a ballot drawn so that about targets[i].yes percent
// mark project i 赞成 (满意 for a rating), staff close it, and it is sealed.
func runVote(ctx context.Context, db *store.DB, w *World, v *vote.Vote, ps []*project.Project, targets []demoProject, roll []*renda.Deputy, opened time.Time) (*vote.Vote, error) {
	for _, p := range ps {
		v.Candidates = append(v.Candidates, vote.Candidate{ID: p.ID})
	}
	present := map[string]bool{}
	var voters []*renda.Deputy
	for _, d := range roll {
		if w.Rand.IntN(100) < 94 { // a few are absent, on leave or ill
			present[d.ID] = true
			voters = append(voters, d)
		}
	}
	n := len(voters)
	// For each candidate, exactly round(yes% × n) voters mark it yes.
	marks := make([]map[int]string, len(ps))
	for i := range ps {
		marks[i] = map[int]string{}
		yes := (targets[i].yes*n + 50) / 100
		for k, voter := range w.Rand.Perm(n) {
			switch {
			case k < yes:
				marks[i][voter] = pick(v.Kind, 0)
			case w.Rand.IntN(100) < 70:
				marks[i][voter] = pick(v.Kind, 1)
			default:
				marks[i][voter] = pick(v.Kind, 2)
			}
		}
	}
	// Deputies vote in an order of their own, over half an hour.
	order := w.Rand.Perm(n)
	err := db.Seed(ctx, System, func(tx *store.Tx) error {
		steps := []struct {
			at time.Time
			fn func() error
		}{
			{opened.Add(-48 * time.Hour), func() error { return tx.SaveVote(v) }},
			{opened.Add(-40 * time.Minute), func() error { return tx.SetAttendance(v.ID, present, nil) }},
			{opened, func() error { return tx.VoteAction(v.ID, "open", "") }},
		}
		for _, s := range steps {
			if err := tx.SeedAs(w.Staff, s.at); err != nil {
				return err
			}
			if err := s.fn(); err != nil {
				return err
			}
		}
		for j, k := range order {
			d := voters[k]
			b := vote.Ballot{}
			for i, p := range ps {
				b[p.ID] = marks[i][k]
			}
			at := opened.Add(time.Duration(j) * 30 * time.Minute / time.Duration(max(n, 1)))
			if err := tx.SeedAs(&renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, at); err != nil {
				return err
			}
			if _, err := tx.CastBallot(v.ID, b); err != nil {
				return fmt.Errorf("ballot of %s: %w", d.Name, err)
			}
		}
		if err := tx.SeedAs(w.Staff, opened.Add(40*time.Minute)); err != nil {
			return err
		}
		if err := tx.VoteAction(v.ID, "close", ""); err != nil {
			return err
		}
		if err := tx.SeedAs(nil, opened.Add(41*time.Minute)); err != nil {
			return err
		}
		return tx.SealVote(v.ID)
	})
	if err != nil {
		return nil, err
	}
	// Drops the rows' old versions (the vote is sealed already).
	if err := db.SealVote(ctx, v.ID); err != nil {
		return nil, err
	}
	return db.Vote(ctx, v.ID)
}

// pick returns the k-th choice of a vote kind: 0 = yes/satisfied, 1 = no/basic, 2 = abstain/dissatisfied.
func pick(kind string, k int) string {
	if kind == vote.ProjectRating {
		return []string{vote.ChoiceSatisfied, vote.ChoiceBasic, vote.ChoiceDissatisfied}[k]
	}
	return []string{vote.ChoiceYes, vote.ChoiceNo, vote.ChoiceAbstain}[k]
}

// trackProject replays an adopted project's year: its plan and milestones,
// progress reports by the responsible unit (the last with a site photo), a
// deputies' inspection and, when done, staff's confirmation — each on its day.
func trackProject(ctx context.Context, db *store.DB, w *World, p *project.Project, start, end renda.Date, steps []int, complete bool, i int) error {
	unitActor := &renda.User{ID: "", Username: "unit", DisplayName: "责任单位经办人", Role: renda.RoleUnit, OrgID: p.UnitID}
	for _, u := range []*renda.User{w.Unit1, w.Unit2} {
		if u != nil && u.OrgID == p.UnitID {
			unitActor = u
		}
	}
	type event struct {
		at    time.Time
		actor *renda.User
		fn    func(tx *store.Tx) error
	}
	day := func(d renda.Date, h int) time.Time { return d.Start().Add(time.Duration(h) * time.Hour) }
	span := end.Start().Sub(start.Start())
	events := []event{{day(start.AddDays(-10), 9), unitActor, func(tx *store.Tx) error {
		return tx.SetPlan(p.ID, store.Plan{Target: p.Target, Start: start, Deadline: end, Funds: p.Budget})
	}}}
	for k, title := range []string{"完成立项和招标", "主体工程完工", "竣工验收"} {
		m := &project.Milestone{Title: title, Due: renda.DateOf(start.Start().Add(span * time.Duration(k+1) / 3))}
		events = append(events, event{day(start.AddDays(-10), 10+k), unitActor, func(tx *store.Tx) error { return tx.AddMilestone(p.ID, m) }})
	}
	// Reports fall between the start and the end, or today for a project under way.
	until := span
	if today := renda.DateOf(w.Now); !complete && today.Before(end) {
		until = max(today.AddDays(-5).Start().Sub(start.Start()), 0)
	}
	texts := []string{"已完成立项、设计和招标，施工单位进场。", "主体工程按计划推进，完成年度投资的一半以上。", "主体工程基本完工，正在进行附属工程和设备调试。", "全部完工并通过验收，投入使用。"}
	for k, pct := range steps {
		d := renda.DateOf(start.Start().Add(until * time.Duration(k+1) / time.Duration(len(steps))))
		if complete && pct == 100 {
			d = end.AddDays(-10)
		}
		text := texts[min(k, len(texts)-1)]
		if pct == 100 {
			text = texts[3]
		}
		var files []*attach.File
		if k == len(steps)-1 {
			f, err := attach.Check("现场照片.png", bytes.NewReader(sitePhoto(i)), attach.Image)
			if err != nil {
				return err
			}
			files = append(files, f)
		}
		rep := &project.ProgressReport{Percent: pct, Text: text, ReportedOn: d}
		events = append(events, event{day(d, 16), unitActor, func(tx *store.Tx) error { return tx.ReportProgress(p.ID, rep, files) }})
	}
	deputies := w.ByLevel[renda.LevelCounty]
	names := deputies[(i*7)%len(deputies)].Name + "、" + deputies[(i*7+3)%len(deputies)].Name + "、" + deputies[(i*7+5)%len(deputies)].Name
	notes := []string{"工程进度符合计划，质量总体良好；建议加强施工期间交通疏导和安全防护。", "群众反映较好；建议同步考虑后期管护经费。", "部分工序滞后，建议责任单位倒排工期，确保年内完成。"}[i%3]
	if inspect := renda.DateOf(start.Start().Add(until / 2)); inspect.After(start) {
		in := &project.Inspection{Day: inspect, Deputies: names, Notes: notes}
		events = append(events, event{day(inspect, 11), w.Deputy1, func(tx *store.Tx) error { return tx.AddInspection(p.ID, in) }})
	}
	if complete {
		events = append(events, event{day(end.AddDays(-3), 10), w.Staff, func(tx *store.Tx) error { return tx.CompleteProject(p.ID, "经验收合格") }})
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		for _, e := range events {
			if err := tx.SeedAs(e.actor, e.at); err != nil {
				return err
			}
			if err := e.fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
}

// sitePhoto draws a small stand-in for a site photo (sky, hills, a road).
func sitePhoto(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 160))
	for y := 0; y < 160; y++ {
		for x := 0; x < 240; x++ {
			c := color.RGBA{135, 190, 235, 255}
			switch {
			case y > 120-((x+seed*13)%60)/3 && y <= 120:
				c = color.RGBA{60, 130 + uint8(seed*9%60), 70, 255}
			case y > 120 && (x-y/2+seed*7)%90 < 30:
				c = color.RGBA{110, 110, 115, 255}
			case y > 120:
				c = color.RGBA{150, 120, 80, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
