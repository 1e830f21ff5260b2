package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/supervision"
	"renda/vote"
)

// supItem is one item of the demo's supervision plans.
type supItem struct {
	kind, title, org, committee string
	month                       int
}

// plan2024 is 常宁's 2024 supervision plan, from the year's work report
// ("精准监督护航发展").
var plan2024 = []supItem{
	{"evaluation", "财政局专项工作评议", "czj", "预算工作委员会", 8},
	{"evaluation", "水利局专项工作评议", "slj", "农业农村工作委员会", 10},
	{"evaluation", "结合临案听审开展“两官”评议", "fy", "监察和司法工作委员会", 11},
	{"report", "2023年国民经济和社会发展计划执行情况和2024年计划草案的报告", "fgj", "财政经济工作委员会", 1},
	{"report", "2023年财政决算和2024年上半年预算执行情况的报告", "czj", "预算工作委员会", 8},
	{"report", "2023年度本级预算执行和其他财政收支的审计工作报告", "sjj", "预算工作委员会", 8},
	{"report", "政府债务管理情况的报告", "czj", "预算工作委员会", 10},
	{"report", "2023年度国有自然资源资产管理情况的专项报告", "zrj", "财政经济工作委员会", 10},
	{"report", "第五次全国经济普查工作情况的报告", "tjj", "财政经济工作委员会", 6},
	{"report", "2023年度环境状况和环境保护目标完成情况的报告", "sthj", "农业农村工作委员会", 6},
	{"report", "全市城乡规划实施情况的报告", "zrj", "社会建设工作委员会", 12},
	{"inspection", "中小企业促进“一法一办法”执法检查", "kgj", "财政经济工作委员会", 6},
	{"inspection", "安全生产执法检查", "yjj", "社会建设工作委员会", 9},
	{"inspection", "农技推广“一法一办法”执法检查", "nyj", "农业农村工作委员会", 7},
	{"investigation", "禁毒工作调研", "gaj", "监察和司法工作委员会", 5},
	{"investigation", "县域经济高质量发展调研", "fgj", "财政经济工作委员会", 4},
	{"investigation", "美丽乡村建设调研", "nyj", "农业农村工作委员会", 9},
	{"investigation", "茶叶、油茶产业化发展调研", "nyj", "农业农村工作委员会", 11},
	{"visit", "省、市、县三级人大代表集中视察", "zf", "选举任免联络工作委员会", 11},
}

// plan2026 are this year's items still under way, one in each phase.
var plan2026 = []supItem{
	{"evaluation", "卫生健康局专项工作评议", "wjj", "教育科学文化卫生工作委员会", 11},
	{"evaluation", "交通运输局专项工作评议", "jtj", "财政经济工作委员会", 12},
	{"inquiry", "关于农村饮水安全的专题询问", "slj", "农业农村工作委员会", 12},
	{"inspection", "《湖南省实施〈中华人民共和国老年人权益保障法〉办法》执法检查", "mzj", "社会建设工作委员会", 12},
	{"special", "城区停车设施建设特定问题调查", "zjj", "社会建设工作委员会", 12},
	{"report", "2027年预算编制情况的报告", "czj", "预算工作委员会", 12},
}

// membersGroup is the group of the standing committee's members, who rate
// evaluations (supervision.members_group).
const membersGroup = "常委会组成人员"

func seedSupervision(ctx context.Context, db *store.DB, w *World) error {
	county := w.ByLevel[renda.LevelCounty]
	if len(county) < 29 {
		return fmt.Errorf("only %d county deputies", len(county))
	}
	members := county[:29] // the demo accounts deputy and deputy2 among them
	// Clerks of the bodies answering rectification lists (水利局's is unit2).
	clerks := map[string]*renda.User{"slj": w.Unit2, "zjj": w.Unit1}
	for _, c := range []struct{ code, name string }{{"czj", "财政局经办人 李娟"}, {"kgj", "科工信局经办人 王磊"}, {"yjj", "应急局经办人 曹勇"}} {
		u, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: "sup-" + c.code, DisplayName: c.name, Role: renda.RoleUnit, OrgID: w.Orgs[c.code].ID}, w.PasswordHash)
		if err != nil {
			return err
		}
		w.Users[u.Username] = u
		clerks[c.code] = u
	}
	s := &supSeeder{w: w, members: members, clerks: clerks}
	err := db.Seed(ctx, System, func(tx *store.Tx) error {
		s.tx = tx
		g := &renda.Group{Name: membersGroup, Kind: renda.GroupProfessional, Description: "市人大常委会组成人员，参加专项工作评议满意度测评"}
		if err := tx.SaveGroup(g); err != nil {
			return err
		}
		var ids []string
		for _, d := range members {
			ids = append(ids, d.ID)
		}
		if err := tx.AddGroupMembers(g.ID, ids); err != nil {
			return err
		}
		items := map[string]*supervision.Item{}
		for i, p := range plan2024 {
			it, err := s.create(p, 2024, time.Date(2024, 1, 5, 9, 0, 0, 0, renda.CST).Add(time.Duration(i)*time.Minute))
			if err != nil {
				return fmt.Errorf("%s: %w", p.title, err)
			}
			items[p.title] = it
		}
		adopted := time.Date(2024, 1, 18, 15, 0, 0, 0, renda.CST)
		for _, p := range plan2024 {
			if err := s.act(items[p.title], adopted, "adopt", "note", "市十八届人大常委会第五十二次主任会议"); err != nil {
				return err
			}
			if err := s.act(items[p.title], adopted.Add(24*time.Hour), "publish"); err != nil {
				return err
			}
		}
		// Joint activities with 衡阳市人大 (上下联动), organised by either side.
		for i, j := range []struct{ title, org string }{
			{"中小企业促进“一法一办法”执法检查", "city"},
			{"农技推广“一法一办法”执法检查", "county"},
			{"美丽乡村建设调研", "city"},
			{"省、市、县三级人大代表集中视察", "city"},
		} {
			vals := []string{"joint_with", "city", "organiser", j.org, "levels", "county", "levels", "city"}
			if j.title == "省、市、县三级人大代表集中视察" {
				vals = append(vals, "levels", "province")
			}
			if err := s.act(items[j.title], adopted.Add(time.Duration(48+i)*time.Hour), "mark_joint", vals...); err != nil {
				return fmt.Errorf("%s mark_joint: %w", j.title, err)
			}
		}
		if err := s.act(items["全市城乡规划实施情况的报告"], time.Date(2024, 6, 20, 10, 0, 0, 0, renda.CST), "adjust", "month", "12", "reason", "规划编制尚未完成，调整到12月会议审议"); err != nil {
			return err
		}
		// 财政局: evaluated, rated 基本满意, rectified and closed.
		czj := items["财政局专项工作评议"]
		if err := s.evaluate(czj, time.Date(2024, 3, 1, 9, 0, 0, 0, renda.CST), [3]int{12, 14, 2}); err != nil {
			return err
		}
		if _, err := s.rectify(czj, time.Date(2024, 9, 2, 9, 0, 0, 0, renda.CST), []rect{
			{"零基预算改革推进不平衡，部分单位仍按基数加增长编制预算", "制定零基预算改革实施方案，2025年预算全部按零基编制", "财政局预算股", 2, true},
			{"预算绩效评价结果运用不充分", "将绩效评价结果与2025年预算安排挂钩", "财政局绩效股", 2, true},
			{"政府债务风险化解进度滞后", "制定化债方案，按季度向常委会报告", "财政局债务股", 3, true},
		}, true); err != nil {
			return err
		}
		if err := s.act(czj, time.Date(2024, 12, 24, 10, 0, 0, 0, renda.CST), "follow_up", "note", "市十八届人大常委会第二十二次会议听取整改情况报告"); err != nil {
			return err
		}
		if err := s.act(czj, time.Date(2024, 12, 25, 10, 0, 0, 0, renda.CST), "finish", "note", "整改到位，予以销号"); err != nil {
			return err
		}
		// 水利局: rated 基本满意, in rectification.
		slj := items["水利局专项工作评议"]
		if err := s.evaluate(slj, time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST), [3]int{10, 13, 5}); err != nil {
			return err
		}
		if _, err := s.rectify(slj, time.Date(2024, 11, 11, 9, 0, 0, 0, renda.CST), []rect{
			{"7座小型水库安全鉴定滞后", "完成安全鉴定并落实除险加固", "水利局工程股", 4, true},
			{"农村饮水工程管护机制不健全", "建立县级统管、乡镇负责、村级管护的三级管护机制", "水利局农水股", 6, false},
			{"河道采砂监管存在盲区", "开展河道采砂专项整治，建立巡查台账", "水利局河道股", 3, false},
		}, false); err != nil {
			return err
		}
		// 两官评议: four of the quota judges and prosecutors drawn, each rated.
		if err := s.officials(items["结合临案听审开展“两官”评议"]); err != nil {
			return err
		}
		// Inspections with their rectification lists.
		for _, x := range []struct {
			title    string
			at       time.Time
			rects    []rect
			closeAll bool
		}{
			{"中小企业促进“一法一办法”执法检查", time.Date(2024, 4, 15, 9, 0, 0, 0, renda.CST), []rect{
				{"涉企政策宣传不到位，企业知晓率低", "建立惠企政策“一站式”发布平台", "科工信局", 3, true},
				{"中小企业融资难问题仍然突出", "设立中小企业应急转贷资金", "科工信局、财政局", 6, true},
				{"拖欠中小企业账款清理不彻底", "开展拖欠账款专项清理", "科工信局", 4, false},
			}, true},
			{"安全生产执法检查", time.Date(2024, 7, 8, 9, 0, 0, 0, renda.CST), []rect{
				{"非煤矿山安全隐患整改不彻底", "开展非煤矿山安全专项整治", "应急局", 3, true},
				{"部分企业安全生产主体责任落实不到位", "对重点企业开展安全生产执法检查全覆盖", "应急局", 4, false},
				{"基层应急救援力量薄弱", "乡镇应急救援队伍标准化建设", "应急局", 6, false},
			}, false},
		} {
			it := items[x.title]
			if err := s.act(it, x.at, "investigate", "note", "联动衡阳市人大常委会，组织部分省、市、县人大代表参加"); err != nil {
				return err
			}
			reportText := []string{"report", "执法检查报告：肯定成绩，指出问题，提出意见建议。"}
			if x.title == "安全生产执法检查" { // the team's findings with photos, the report drafted from them
				if err := s.findings(it, x.at); err != nil {
					return err
				}
				reportText = nil // adopt the draft
			}
			if err := s.act(it, x.at.AddDate(0, 1, 0), "report", reportText...); err != nil {
				return err
			}
			if err := s.act(it, x.at.AddDate(0, 1, 1), "rectify"); err != nil {
				return err
			}
			ids, err := s.rectify(it, x.at.AddDate(0, 1, 2), x.rects, x.closeAll)
			if err != nil {
				return err
			}
			if x.closeAll { // every line closed: the follow-up report heard
				if err := s.act(it, x.at.AddDate(0, 8, 0), "follow_up", "note", "听取整改情况报告，跟踪监督"); err != nil {
					return err
				}
				continue
			}
			// The last line is answered by the body, awaiting the staff's check.
			if err := s.tx.SeedAs(s.clerks[orgCode(s.w, it.OrgID)], x.at.AddDate(0, 5, 0)); err != nil {
				return err
			}
			if _, err := s.tx.ActOnRectification(ids[len(ids)-1], "answer", renda.V("measure", "乡镇应急救援队伍已组建", "evidence", "组建文件和人员名单已报送")); err != nil {
				return err
			}
		}
		// Reports, inspections and investigations heard: the report before
		// the meeting, the 审议意见 after it, the 研究处理情况 back.
		resolved := 0
		for _, p := range plan2024 {
			it := items[p.title]
			if p.kind == "evaluation" || p.kind == "inspection" && p.org != "nyj" {
				continue
			}
			month := p.month
			if it.Month != 0 {
				month = it.Month
			}
			meeting := time.Date(2024, time.Month(month), 28, 9, 0, 0, 0, renda.CST)
			sched := meeting.AddDate(0, 0, -40)
			if sched.Before(adopted.Add(48 * time.Hour)) {
				sched = adopted.Add(48 * time.Hour)
			}
			received := meeting.AddDate(0, 0, -22)
			if received.Before(sched.Add(2 * time.Hour)) {
				received = sched.Add(2 * time.Hour)
			}
			members := meeting.AddDate(0, 0, -8)
			if members.Before(received) {
				members = received.Add(time.Hour)
			}
			steps := []struct {
				at            time.Time
				action, field string
				value         string
			}{
				{sched, "schedule", "meeting_on", renda.DateOf(meeting).String()},
				{sched.Add(time.Hour), "investigate", "note", "组织部分常委会组成人员和代表开展调研视察"},
				{received, "receive_report", "report", p.title + "（书面报告）"},
				{members, "send_members", "", ""},
				{meeting, "report", "report", p.title + "：常委会会议听取审议。"},
				{meeting.AddDate(0, 0, 5), "send_opinions", "opinions", "常委会组成人员对" + p.title + "的审议意见：肯定成绩，指出问题，提出意见建议。"},
				{meeting.AddDate(0, 0, 50), "answer_opinions", "response", "关于常委会审议意见研究处理情况的报告：逐条落实审议意见。"},
				{meeting.AddDate(0, 0, 52), "finish", "note", "研究处理情况已向常委会报告并公开"},
			}
			if resolved == 1 { // the second: a 决议 whose report is overdue
				resolved++
				steps = append(steps[:6:6], append([]struct {
					at            time.Time
					action, field string
					value         string
				}{{meeting.AddDate(0, 0, 6), "resolve", "", ""}}, steps[6:]...)...)
			}
			if resolved == 0 { // the first report heard also gets a 决议, carried out on time
				resolved++
				steps = append(steps[:6:6], append([]struct {
					at            time.Time
					action, field string
					value         string
				}{
					{meeting.AddDate(0, 0, 6), "resolve", "", ""},
					{meeting.AddDate(0, 0, 55), "answer_resolution", "answer", "关于执行常委会决议情况的报告：决议确定的各项任务已按期完成。"},
				}, steps[6:]...)...)
			}
			for _, a := range steps {
				var vals []string
				if a.field != "" {
					vals = []string{a.field, a.value}
				}
				if a.action == "resolve" {
					vals = []string{"resolution", "常委会关于" + p.title + "的决议：限期落实整改，按期报告执行情况。", "due", renda.DateOf(a.at.AddDate(0, 2, 0)).String()}
				}
				if err := s.act(it, a.at, a.action, vals...); err != nil {
					return fmt.Errorf("%s %s: %w", p.title, a.action, err)
				}
			}
		}
		// This year's items, one in each phase.
		now := w.Now
		for i, p := range plan2026 {
			it, err := s.create(p, now.Year(), now.AddDate(0, -10, 0).Add(time.Duration(i)*time.Minute))
			if err != nil {
				return err
			}
			items[p.title] = it
		}
		start := now.AddDate(0, -9, 0)
		phases := []struct {
			title string
			acts  []string
		}{
			{"卫生健康局专项工作评议", []string{"adopt", "publish", "self_check", "investigate", "report", "start_rating"}},
			{"交通运输局专项工作评议", []string{"adopt", "publish", "self_check"}},
			{"关于农村饮水安全的专题询问", []string{"adopt", "publish", "investigate", "report", "resolve"}},
			{"《湖南省实施〈中华人民共和国老年人权益保障法〉办法》执法检查", []string{"adopt", "publish", "investigate", "schedule"}},
			{"城区停车设施建设特定问题调查", []string{"adopt"}},
		}
		for _, ph := range phases {
			title := ph.title
			for j, a := range ph.acts {
				vals := []string{}
				switch a {
				case "report":
					vals = []string{"report", "报告已印发常委会组成人员。"}
				case "adopt":
					vals = []string{"note", "市十九届人大常委会第五次主任会议"}
				case "schedule":
					vals = []string{"meeting_on", renda.DateOf(now.AddDate(0, 0, 25)).String()}
				case "resolve": // the 决议's report still to come
					vals = []string{"resolution", "常委会关于农村饮水安全工作的决议：一年内完成农村供水工程提质改造。", "due", renda.DateOf(now.AddDate(0, 0, 20)).String()}
				}
				if err := s.act(items[title], start.AddDate(0, j, 0), a, vals...); err != nil {
					return fmt.Errorf("%s %s: %w", title, a, err)
				}
			}
		}
		// The 专题询问: questions and answers recorded at the meeting.
		inq := items["关于农村饮水安全的专题询问"]
		for i, q := range [][4]string{
			{members[5].Name, "部分山区村季节性缺水问题何时能够解决？", "市水利局局长", "今年将完成5个乡镇规模化供水工程，明年汛前实现山区村供水全覆盖。"},
			{members[9].Name, "农村饮水工程建成后管护经费如何保障？", "市财政局副局长", "已将农村供水工程维修养护经费纳入年度预算，按每人每年2元标准安排。"},
		} {
			if err := s.act(inq, start.AddDate(0, 4, i+1), "question", "asker", q[0], "question", q[1], "official", q[2], "answer", q[3]); err != nil {
				return err
			}
		}
		// The 特定问题调查's committee, one member excluded for an interest (回避).
		sp := items["城区停车设施建设特定问题调查"]
		if err := s.act(sp, start.AddDate(0, 1, 0), "recuse", "deputy_id", members[7].ID, "reason", "近亲属在涉及的停车场建设企业任职"); err != nil {
			return err
		}
		if err := s.act(sp, start.AddDate(0, 1, 1), "appoint", "deputy_ids", members[2].ID, "deputy_ids", members[3].ID, "deputy_ids", members[4].ID); err != nil {
			return err
		}
		// A 质询案 answered twice: most signers not satisfied with the first answer, satisfied with the second.
		if err := s.interpellation(now); err != nil {
			return err
		}
		// The 卫健局 rating is open: the members check in and rate on their phones.
		vs, err := s.votesOf(items["卫生健康局专项工作评议"])
		if err != nil || len(vs) == 0 {
			return fmt.Errorf("no rating vote: %v", err)
		}
		if err := tx.SeedAs(w.Staff, now.Add(-2*time.Hour)); err != nil {
			return err
		}
		return tx.VoteAction(vs[0], "open", "")
	})
	if err != nil {
		return err
	}
	for _, id := range s.sealed { // drops the rows' old versions and marks the votes sealed
		if err := db.SealVote(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

type supSeeder struct {
	tx      *store.Tx
	w       *World
	members []*renda.Deputy
	clerks  map[string]*renda.User
	sealed  []string
}

type rect struct {
	text, measure, owner string
	months               int
	done                 bool
}

func (s *supSeeder) create(p supItem, year int, at time.Time) (*supervision.Item, error) {
	if err := s.tx.SeedAs(s.w.Staff, at); err != nil {
		return nil, err
	}
	return s.tx.CreateSupervisionItem(renda.V("year", year, "kind", p.kind, "title", p.title, "org_id", s.w.Orgs[p.org].ID, "committee", p.committee, "month", p.month))
}

// act takes an action as staff at a time; vals are field, value pairs.
func (s *supSeeder) act(it *supervision.Item, at time.Time, action string, vals ...string) error {
	if err := s.tx.SeedAs(s.w.Staff, at); err != nil {
		return err
	}
	in := renda.Values{}
	for i := 0; i+1 < len(vals); i += 2 {
		in[vals[i]] = append(in[vals[i]], vals[i+1])
	}
	next, err := s.tx.ActOnSupervisionItem(it.ID, action, in)
	if err != nil {
		return fmt.Errorf("%s %s: %w", it.Title, action, err)
	}
	*it = *next
	return nil
}

// evaluate runs an evaluation from its plan to its rating: self-check,
// investigation, report, then the members' secret ballot with counts of
// 满意, 基本满意, 不满意 (the rest absent).
func (s *supSeeder) evaluate(it *supervision.Item, from time.Time, counts [3]int) error {
	for i, a := range []struct{ action, field, value string }{
		{"self_check", "note", "被评议单位对照评议内容开展自查，形成自查报告"},
		{"investigate", "note", "评议组深入乡镇、企业和项目现场调查，召开座谈会，发放测评问卷"},
		{"report", "report", it.Title + "调查报告：肯定成绩，指出存在的问题，提出整改建议。"},
		{"start_rating", "", ""},
	} {
		at := from.AddDate(0, i*2, 0)
		var vals []string
		if a.field != "" {
			vals = []string{a.field, a.value}
		}
		if err := s.act(it, at, a.action, vals...); err != nil {
			return err
		}
	}
	vs, err := s.votesOf(it)
	if err != nil {
		return err
	}
	opened := from.AddDate(0, 6, 1)
	tx := s.tx
	present := map[string]bool{}
	n := counts[0] + counts[1] + counts[2]
	for _, d := range s.members[:n] {
		present[d.ID] = true
	}
	if err := tx.SeedAs(s.w.Staff, opened.Add(-30*time.Minute)); err != nil {
		return err
	}
	if err := tx.SetAttendance(vs[0], present, nil); err != nil {
		return err
	}
	if err := tx.VoteAction(vs[0], "open", ""); err != nil {
		return err
	}
	order := s.w.Rand.Perm(n)
	for j, k := range order {
		d := s.members[k]
		ch := vote.ChoiceDissatisfied
		switch {
		case k < counts[0]:
			ch = vote.ChoiceSatisfied
		case k < counts[0]+counts[1]:
			ch = vote.ChoiceBasic
		}
		if err := tx.SeedAs(&renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, opened.Add(time.Duration(j)*20*time.Second)); err != nil {
			return err
		}
		if _, err := tx.CastBallot(vs[0], vote.Ballot{it.ID: ch}); err != nil {
			return err
		}
	}
	if err := tx.SeedAs(s.w.Staff, opened.Add(20*time.Minute)); err != nil {
		return err
	}
	if err := tx.VoteAction(vs[0], "close", ""); err != nil {
		return err
	}
	if err := tx.SeedAs(nil, opened.Add(21*time.Minute)); err != nil {
		return err
	}
	if err := tx.SealVote(vs[0]); err != nil {
		return err
	}
	s.sealed = append(s.sealed, vs[0])
	return nil
}

// officialPool are the quota judges and prosecutors the 两官评议 draws from.
var officialPool = []string{"陈立新（市法院员额法官）", "李红梅（市法院员额法官）", "王志刚（市法院员额法官）", "刘建华（市法院员额法官）",
	"周晓燕（市法院员额法官）", "谭文军（市法院员额法官）", "罗美玲（市检察院员额检察官）", "肖海波（市检察院员额检察官）",
	"曾春兰（市检察院员额检察官）", "蒋国平（市检察院员额检察官）"}

func (s *supSeeder) officials(it *supervision.Item) error {
	from := time.Date(2024, 6, 3, 15, 0, 0, 0, renda.CST)
	steps := []struct {
		action string
		vals   []string
	}{
		{"draw", []string{"pool", strings.Join(officialPool, "\n"), "count", "4", "seed", "2024年6月3日 市十八届人大常委会第五十八次主任会议"}},
		{"self_check", []string{"note", "评议对象对近三年履职情况进行自查，形成述职报告"}},
		{"investigate", []string{"note", "评议调查组走访座谈、公告征集意见；专家组评查发回重审、改判、涉诉信访案件和自荐案件"}},
		{"report", []string{"report", "评议对象向常委会会议报告近三年履职情况。"}},
		{"start_rating", nil},
	}
	for i, st := range steps {
		if err := s.act(it, from.AddDate(0, i, 0), st.action, st.vals...); err != nil {
			return err
		}
	}
	vs, err := s.votesOf(it)
	if err != nil {
		return err
	}
	v, err := s.tx.VoteByID(vs[0])
	if err != nil {
		return err
	}
	opened := from.AddDate(0, 5, 1)
	// The last three members rate on paper: one marks the
	// first subject twice, another leaves the third blank — invalid marks,
	// counted among the ballots.
	present, paper := map[string]bool{}, map[string]bool{}
	for k, d := range s.members {
		present[d.ID] = true
		if k >= len(s.members)-3 {
			paper[d.ID] = true
		}
	}
	if err := s.tx.SeedAs(s.w.Staff, opened.Add(-30*time.Minute)); err != nil {
		return err
	}
	if err := s.tx.SetAttendance(v.ID, present, paper); err != nil {
		return err
	}
	if err := s.tx.VoteAction(v.ID, "open", ""); err != nil {
		return err
	}
	totals := &vote.PaperTotals{Counts: map[string]map[string]int{}}
	for j, k := range s.w.Rand.Perm(len(s.members)) {
		d := s.members[k]
		b := vote.Ballot{}
		for ci, c := range v.Candidates {
			ch := vote.ChoiceSatisfied
			switch r := (k + 3*ci) % 29; {
			case r >= 24:
				ch = vote.ChoiceDissatisfied
			case r >= 16:
				ch = vote.ChoiceBasic
			}
			b[c.ID] = ch
		}
		if paper[d.ID] {
			totals.Ballots++
			for ci, c := range v.Candidates {
				ch := b[c.ID]
				if (k == len(s.members)-2 && ci == 0) || (k == len(s.members)-1 && ci == 2) {
					ch = vote.ChoiceInvalid
				}
				if totals.Counts[c.ID] == nil {
					totals.Counts[c.ID] = map[string]int{}
				}
				totals.Counts[c.ID][ch]++
			}
			continue
		}
		if err := s.tx.SeedAs(&renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, opened.Add(time.Duration(j)*20*time.Second)); err != nil {
			return err
		}
		if _, err := s.tx.CastBallot(v.ID, b); err != nil {
			return err
		}
	}
	if err := s.tx.SeedAs(s.w.Staff, opened.Add(20*time.Minute)); err != nil {
		return err
	}
	if err := s.tx.VoteAction(v.ID, "close", ""); err != nil {
		return err
	}
	// Staff enter the paper totals and a second person (the admin) confirms
	// them: only then is the result final and the subjects rated.
	if err := s.tx.SeedAs(s.w.Staff, opened.Add(25*time.Minute)); err != nil {
		return err
	}
	if err := s.tx.EnterPaper(v.ID, totals); err != nil {
		return fmt.Errorf("两官评议 paper ballots: %w", err)
	}
	if err := s.tx.SeedAs(s.w.Admin, opened.Add(30*time.Minute)); err != nil {
		return err
	}
	if err := s.tx.ConfirmPaper(v.ID); err != nil {
		return fmt.Errorf("两官评议 paper ballots confirmed: %w", err)
	}
	if err := s.tx.SeedAs(nil, opened.Add(31*time.Minute)); err != nil {
		return err
	}
	if err := s.tx.SealVote(v.ID); err != nil {
		return err
	}
	s.sealed = append(s.sealed, v.ID)
	return nil
}

func (s *supSeeder) votesOf(it *supervision.Item) ([]string, error) {
	return s.tx.SupervisionVoteIDs(it.ID)
}

// rectify puts the list on the item; the body's clerk answers the lines
// marked done (all when closeAll), and staff close them.
func (s *supSeeder) rectify(it *supervision.Item, at time.Time, rs []rect, closeAll bool) ([]string, error) {
	var ids []string
	clerk := s.clerks[orgCode(s.w, it.OrgID)]
	for i, r := range rs {
		if err := s.tx.SeedAs(s.w.Staff, at.Add(time.Duration(i)*time.Minute)); err != nil {
			return nil, err
		}
		due := renda.DateOf(at).AddMonths(r.months)
		x, err := s.tx.AddRectification(it.ID, renda.V("text", r.text, "measure", r.measure, "owner", r.owner, "due", due))
		if err != nil {
			return nil, err
		}
		ids = append(ids, x.ID)
		if !(r.done || closeAll) || clerk == nil {
			continue
		}
		answered := at.AddDate(0, r.months, -5)
		if err := s.tx.SeedAs(clerk, answered); err != nil {
			return nil, err
		}
		if _, err := s.tx.ActOnRectification(x.ID, "answer", renda.V("measure", r.measure, "evidence", "已按期完成："+r.measure+"，相关文件和照片已报送。")); err != nil {
			return nil, err
		}
		if err := s.tx.SeedAs(s.w.Staff, answered.Add(72*time.Hour)); err != nil {
			return nil, err
		}
		if _, err := s.tx.ActOnRectification(x.ID, "close", renda.V("note", "经核查整改到位，同意销号")); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func orgCode(w *World, id string) string {
	for code, o := range w.Orgs {
		if o.ID == id {
			return code
		}
	}
	return ""
}

// asMember acts as a member of the standing committee (a deputy) at a time.
func (s *supSeeder) asMember(d *renda.Deputy, at time.Time) error {
	return s.tx.SeedAs(&renda.User{ID: "", Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, at)
}

// findings: the 安全生产 inspection team (members, the demo account deputy
// among them) records what it found, with photos; staff draft the report
// from the findings and add the team's suggestions before adopting it.
func (s *supSeeder) findings(it *supervision.Item, from time.Time) error {
	team := []*renda.Deputy{s.members[0], s.members[11], s.members[12], s.members[13]}
	vals := []string{}
	for _, d := range team {
		vals = append(vals, "deputy_ids", d.ID)
	}
	if err := s.act(it, from.Add(time.Hour), "appoint", vals...); err != nil {
		return err
	}
	for i, f := range []struct {
		who                int // index in team; -1: staff
		topic, place, text string
		days, photos       int
	}{
		{1, "安全隐患", "白沙镇某石料厂", "采场边坡未按设计分台阶开采，局部坡度过陡，存在坍塌隐患", 1, 2},
		{2, "安全隐患", "白沙镇某石料厂", "爆破器材临时存放点未设专人看管，出入登记不全", 1, 1},
		{0, "主体责任", "宜阳街道某化工企业", "企业安全生产管理人员配备不足，隐患排查台账流于形式", 2, 1},
		{3, "主体责任", "宜阳街道某化工企业", "特种作业人员有2人证书过期仍在岗作业", 2, 0},
		{-1, "应急救援", "西岭镇", "乡镇应急救援队伍装备不足，部分队员未经专业培训", 3, 1},
		{1, "监管执法", "市应急管理局", "执法检查以告知、督促为主，立案处罚数量偏少，震慑作用不强", 4, 0},
	} {
		at := from.AddDate(0, 0, f.days).Add(time.Duration(i) * 15 * time.Minute)
		in := renda.V("topic", f.topic, "place", f.place, "text", f.text, "found_on", renda.DateOf(at))
		if i == 0 { // found together with another member of the team
			in["with_ids"] = []string{team[2].ID}
		}
		if f.who < 0 {
			if err := s.tx.SeedAs(s.w.Staff, at.Add(4*time.Hour)); err != nil {
				return err
			}
			in["by"] = []string{"检查组工作人员"}
		} else if err := s.asMember(team[f.who], at.Add(4*time.Hour)); err != nil {
			return err
		}
		var files []*attach.File
		for j := 0; j < f.photos; j++ {
			file, err := attach.Check(fmt.Sprintf("现场照片%d.png", j+1), bytes.NewReader(sitePhoto(40+i*3+j)), attach.Image)
			if err != nil {
				return err
			}
			files = append(files, file)
		}
		next, err := s.tx.ActOnSupervisionItemFiles(it.ID, "record_finding", in, files)
		if err != nil {
			return fmt.Errorf("%s record_finding: %w", it.Title, err)
		}
		*it = *next
	}
	if err := s.act(it, from.AddDate(0, 0, 10), "draft_report"); err != nil {
		return err
	}
	draft := strings.Replace(it.ReportDraft, "（起草人根据以上问题填写）",
		"（一）压实企业主体责任，对非煤矿山和危化企业开展隐患排查“回头看”。\n（二）加强乡镇应急救援队伍标准化建设，落实装备和培训经费。\n（三）严格执法，对违法违规行为依法立案查处。", 1)
	return s.act(it, from.AddDate(0, 0, 12), "edit_draft", "draft", draft)
}

// interpellation: five members put a 质询案 to 住建局 (its clerk is the demo
// account unit); three of them are not satisfied with the written answer,
// so it answers again at the standing committee's meeting, and four of five
// are satisfied.
func (s *supSeeder) interpellation(now time.Time) error {
	signers := []*renda.Deputy{s.members[0], s.members[14], s.members[15], s.members[16], s.members[17]}
	at := now.AddDate(0, 0, -75)
	if err := s.tx.SeedAs(s.w.Staff, at); err != nil {
		return err
	}
	in := renda.V("title", "关于城区老旧小区改造工程质量问题的质询案", "org_id", s.w.Orgs["zjj"].ID,
		"question", "部分老旧小区改造项目完工不到一年即出现外墙脱落、屋面渗漏等质量问题，群众反映强烈。请市住房和城乡建设局说明：一、工程质量监管责任如何落实；二、已出现问题的小区何时整改到位；三、对相关施工和监理单位如何追责。")
	for _, d := range signers {
		in["signer_ids"] = append(in["signer_ids"], d.ID)
	}
	it, err := s.tx.FileInterpellation(in)
	if err != nil {
		return fmt.Errorf("file interpellation: %w", err)
	}
	if err := s.act(it, at.AddDate(0, 0, 2), "hand_over", "mode", "written", "note", "市十九届人大常委会第十次主任会议"); err != nil {
		return err
	}
	if err := s.act(it, at.AddDate(0, 0, 3), "publish"); err != nil {
		return err
	}
	clerk := s.clerks["zjj"]
	answer := func(day int, who *renda.User, vals ...string) error {
		if err := s.tx.SeedAs(who, at.AddDate(0, 0, day)); err != nil {
			return err
		}
		in := renda.Values{}
		for i := 0; i+1 < len(vals); i += 2 {
			in[vals[i]] = []string{vals[i+1]}
		}
		next, err := s.tx.ActOnSupervisionItem(it.ID, "answer_interpellation", in)
		if err != nil {
			return fmt.Errorf("answer_interpellation: %w", err)
		}
		*it = *next
		return nil
	}
	stance := func(day int, d *renda.Deputy, satisfied bool, reason string) error {
		if err := s.asMember(d, at.AddDate(0, 0, day)); err != nil {
			return err
		}
		v := map[bool]string{true: "satisfied", false: "dissatisfied"}[satisfied]
		next, err := s.tx.ActOnSupervisionItem(it.ID, "assess", renda.V("stance", v, "reason", reason))
		if err != nil {
			return fmt.Errorf("assess: %w", err)
		}
		*it = *next
		return nil
	}
	if err := answer(16, clerk, "answer", "市住房和城乡建设局关于质询案的书面答复：已责成施工单位对出现问题的小区进行维修，正在研究完善质量监管制度。", "official", "市住房和城乡建设局局长"); err != nil {
		return err
	}
	for _, st := range []struct {
		d         *renda.Deputy
		satisfied bool
		reason    string
	}{
		{signers[1], false, "没有说明整改完成时限"},
		{signers[0], true, ""},
		{signers[2], false, "对施工、监理单位的追责没有答复"},
		{signers[3], false, "答复笼统，没有具体措施"},
	} {
		if err := stance(20, st.d, st.satisfied, st.reason); err != nil {
			return err
		}
	}
	if it.Status != supervision.AwaitingAnswer || it.Round != 2 {
		return fmt.Errorf("interpellation after the first stances: %s round %d", it.Status, it.Round)
	}
	if err := answer(32, s.w.Staff, "answer", "市住房和城乡建设局局长在常委会全体会议上口头答复：一、建立项目质量终身责任制，逐项落实监管责任人；二、出现问题的12个小区于年底前全部整改到位；三、对2家施工单位、1家监理单位记入不良信用记录并依法处罚。", "official", "市住房和城乡建设局局长", "mode", "meeting"); err != nil {
		return err
	}
	for i, d := range signers {
		if err := stance(35+i/3, d, i != 2, map[bool]string{true: "", false: "整改时限偏长"}[i != 2]); err != nil {
			return err
		}
	}
	if it.Status != supervision.Done {
		return fmt.Errorf("interpellation after the second stances: %s", it.Status)
	}
	return nil
}
