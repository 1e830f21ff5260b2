package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
	"renda/internal/store"
	"renda/suggestion"
)

// The demo's motions and suggestions: the fourth session of the 18th
// congress (January 2024) with its 2 motions and 249 suggestions, handled
// through 2024 — assigned to units, replied, rated, some re-handled, six
// priority items led by a standing committee leader, three copied to the
// procuratorate — and between-session suggestions of the current year, so
// that today has drafts, items due soon and overdue items. Every step goes
// through the real transitions (store.Tx.ActOnSuggestion), replayed at its
// own time in one transaction with store.Tx.SeedAs.

// sugEvent is one step of the replayed history.
type sugEvent struct {
	at    time.Time
	actor *renda.User
	do    func(tx *store.Tx) error
}

// sugItem is a demo item, filled in when its creation is replayed.
type sugItem struct {
	s    *suggestion.Suggestion
	last time.Time // the time of its latest planned step: steps of one item keep their order
}

// next is a time on day d after the item's previous step.
func (p *sugPlan) next(it *sugItem, d renda.Date) time.Time {
	t := p.at(d)
	if !t.After(it.last) {
		t = it.last.Add(time.Duration(1+p.pick(20)) * time.Minute)
	}
	it.last = t
	return t
}

type sugPlan struct {
	w      *World
	events []sugEvent
	actors map[string]*renda.User // synthetic actors by deputy or org id
}

func (p *sugPlan) deputyUser(d *renda.Deputy) *renda.User {
	if d.ID == p.w.Deputy1.DeputyID {
		return p.w.Deputy1
	}
	if d.ID == p.w.Deputy2.DeputyID {
		return p.w.Deputy2
	}
	if u := p.actors[d.ID]; u != nil {
		return u
	}
	u := &renda.User{DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}
	p.actors[d.ID] = u
	return u
}

func (p *sugPlan) unitUser(o *renda.Organization) *renda.User {
	switch o.Code {
	case "zjj":
		return p.w.Unit1
	case "slj":
		return p.w.Unit2
	}
	if u := p.actors[o.ID]; u != nil {
		return u
	}
	name := o.ShortName
	if name == "" {
		name = o.Name
	}
	u := &renda.User{DisplayName: name + "经办人", Role: renda.RoleUnit, OrgID: o.ID}
	p.actors[o.ID] = u
	return u
}

// at is a time of day on d: working hours, deterministic.
func (p *sugPlan) at(d renda.Date) time.Time {
	return d.Start().Add(time.Duration(9*60+p.w.Rand.IntN(8*60)) * time.Minute)
}

func (p *sugPlan) add(at time.Time, actor *renda.User, do func(tx *store.Tx) error) {
	p.events = append(p.events, sugEvent{at: at, actor: actor, do: do})
}

func (p *sugPlan) create(d renda.Date, by *renda.Deputy, it *sugItem, draft store.SuggestionDraft) {
	draft.ProposerDeputyID = by.ID
	p.add(p.next(it, d), p.deputyUser(by), func(tx *store.Tx) error {
		s, err := tx.CreateSuggestionDraft(draft)
		it.s = s
		return err
	})
}

func (p *sugPlan) act(d renda.Date, actor *renda.User, it *sugItem, action string, in renda.Values) {
	p.add(p.next(it, d), actor, func(tx *store.Tx) error {
		s, err := tx.ActOnSuggestion(it.s.ID, action, in, nil)
		if err != nil {
			return fmt.Errorf("%s on %q: %w", action, it.s.Title, err)
		}
		it.s = s
		return nil
	})
}

// topic is a kind of suggestion the demo writes, by category.
type topic struct {
	category string
	titles   []string // %s: a township; %v: a village
	units    []string // handling units' codes, the first most often
	problem  string
	proposal string
}

var topics = []topic{
	{"城乡建设", []string{"关于加快%s老旧小区改造的建议", "关于解决城区停车难问题的建议", "关于完善%s集镇污水管网的建议", "关于加快城区背街小巷改造的建议", "关于规范%s农村建房管理的建议", "关于加快G356六中段污水管道建设的建议"},
		[]string{"zjj", "zjj", "zjj", "cgj", "zrj"}, "基础设施老化，群众反映强烈", "一是摸清底数、分批实施；二是整合资金、加大投入；三是建管并重、落实长效管护"},
	{"交通运输", []string{"关于改造%s至城区公路的建议", "关于增设%s农村客运班线的建议", "关于完善%v道路安全防护设施的建议", "关于加快城区“问题路”整治的建议"},
		[]string{"jtj", "jtj", "gaj", "zjj"}, "道路狭窄破损，安全隐患突出", "一是列入年度建设计划；二是争取上级交通项目资金；三是加强日常养护"},
	{"水利", []string{"关于维修%v山塘的建议", "关于解决%v农村饮水安全问题的建议", "关于加固%s河堤的建议", "关于实施%s灌区续建配套工程的建议"},
		[]string{"slj", "slj", "slj", "zls"}, "设施年久失修，汛期和旱季群众生产生活受影响", "一是尽快组织勘查；二是纳入水利项目库；三是落实管护责任"},
	{"农业农村", []string{"关于扶持%s油茶产业发展的建议", "关于加强%s高标准农田建设的建议", "关于支持塔山茶叶品牌建设的建议", "关于加强%v村级集体经济发展的建议"},
		[]string{"nyj", "nyj", "lyj", "gxs"}, "产业规模小、品牌弱，农民增收难", "一是加大产业扶持资金；二是培育龙头企业和合作社；三是加强技术培训"},
	{"教育科技", []string{"关于改善%s中心学校办学条件的建议", "关于解决城区学校大班额问题的建议", "关于加强农村教师队伍建设的建议"},
		[]string{"jyj", "jyj", "rsj"}, "学位紧张，办学条件不足", "一是新建扩建学校；二是优化教师配置；三是加大薄弱学校投入"},
	{"医疗卫生", []string{"关于提升%s卫生院服务能力的建议", "关于加强村卫生室建设的建议", "关于提高城乡居民医保报销比例的建议"},
		[]string{"wjj", "wjj", "ybj"}, "基层医疗服务能力弱，群众看病不便", "一是加强人才引进；二是改善设备条件；三是推进医共体建设"},
	{"社会保障", []string{"关于加强%s养老服务中心建设的建议", "关于提高农村高龄老人补贴的建议", "关于做好退役军人服务保障的建议"},
		[]string{"mzj", "mzj", "rsj", "tyj"}, "农村养老服务设施不足", "一是加大投入；二是完善运营机制；三是加强人员培训"},
	{"生态环境", []string{"关于治理%s矿区重金属污染的建议", "关于加强湘江常宁段禁捕管理的建议", "关于整治%v农村人居环境的建议"},
		[]string{"sthj", "sthj", "nyj"}, "污染问题影响群众健康", "一是开展全面排查；二是落实整改责任；三是加强执法监管"},
	{"经济发展", []string{"关于进一步优化营商环境的建议", "关于支持有色金属产业园发展的建议", "关于促进纺织产业转型升级的建议", "关于加大对中小企业融资支持的建议"},
		[]string{"fgj", "kgj", "swj", "czj"}, "企业经营成本高、融资难", "一是落实惠企政策；二是优化审批服务；三是搭建银企对接平台"},
	{"政法", []string{"关于加强农村法律援助工作的建议", "关于加大电信网络诈骗防范宣传的建议", "关于加强%s校园周边治安管理的建议"},
		[]string{"sfj", "gaj", "gaj"}, "群众法律意识和防范意识有待提高", "一是加强宣传；二是完善工作机制；三是加强队伍建设"},
}

func (p *sugPlan) pick(n int) int { return p.w.Rand.IntN(n) }

// writeTopic invents the title and text of an item of topic tp.
func (p *sugPlan) writeTopic(tp topic) (title, body string) {
	town := p.w.Townships[p.pick(len(p.w.Townships))]
	village := town.Name
	if vs := p.w.Villages[town.ID]; len(vs) > 0 {
		village = town.Name + vs[p.pick(len(vs))].Name
	}
	title = tp.titles[p.pick(len(tp.titles))]
	title = strings.ReplaceAll(title, "%s", town.Name)
	title = strings.ReplaceAll(title, "%v", village)
	body = fmt.Sprintf("据群众反映和代表调研，%s%s。\n\n建议：%s。", town.Name, tp.problem, tp.proposal)
	return title, body
}

var replyTexts = map[string]string{
	"A": "经认真研究，您提出的问题已于今年解决：已完成项目建设并投入使用。今后我们将加强日常管理，巩固办理成效。感谢您对我们工作的关心和支持。（联系人：%s，电话 %s）",
	"B": "经认真研究，您提出的建议已列入我单位年度工作计划，正在组织实施，预计明年上半年完成。我们将及时向您报告进展。（联系人：%s，电话 %s）",
	"C": "经认真研究，您提出的建议很有必要，但因资金和用地条件限制，目前暂不具备实施条件，已纳入项目库，待条件成熟时优先安排。（联系人：%s，电话 %s）",
	"D": "您提出的建议对我们改进工作有重要参考价值，我们将在制定相关规划和政策时认真研究吸收。（联系人：%s，电话 %s）",
}

func (p *sugPlan) reply(cat string) string {
	return fmt.Sprintf(replyTexts[cat], p.w.personName(p.pick(2) == 0), p.w.phone())
}

func seedSuggestions(ctx context.Context, db *store.DB, w *World) error {
	p := &sugPlan{w: w, actors: map[string]*renda.User{}}
	county := w.ByLevel[renda.LevelCounty]
	if len(county) < 20 || len(w.CountySessions) < 4 {
		return nil
	}
	p.session2024(county)
	p.session2026(county)
	p.between(county)
	slices.SortStableFunc(p.events, func(a, b sugEvent) int { return a.at.Compare(b.at) })
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		for _, ev := range p.events {
			if ev.at.After(w.Now) {
				break
			}
			if err := tx.SeedAs(ev.actor, ev.at); err != nil {
				return err
			}
			if err := ev.do(tx); err != nil {
				return err
			}
		}
		return tx.SeedAs(System, w.Now)
	})
}

// session2024 replays the fourth session's 2 motions and 249 suggestions.
func (p *sugPlan) session2024(county []*renda.Deputy) {
	w := p.w
	staff, leader := w.Staff, w.Leader
	open := renda.NewDate(2024, 1, 22)
	me := county[0] // the demo account "deputy"
	// Two motions with ten signers each: 优化营商环境 (listed, a priority
	// item) and 完善城区路网 (referred, handled and followed up).
	motions := []struct {
		title, grounds, body, category, lead string
		co                                   []string
		listed                               bool
	}{
		{"关于进一步优化营商环境的议案", "我市营商环境仍有短板：审批环节多、涉企检查频繁、政策兑现慢。", "一是推行“一件事一次办”；二是规范涉企检查；三是建立惠企政策直达机制；四是开展营商环境专项监督。", "经济发展", "fgj", []string{"spj", "scj"}, true},
		{"关于完善城区路网的议案", "城区断头路、“问题路”较多，市府路、两江路等道路建设滞后，交通拥堵。", "一是编制城区路网专项规划；二是加快市府路竣工通车；三是启动两江路中段建设；四是整治城区“问题路”。", "交通运输", "zjj", []string{"jtj", "zrj"}, false},
	}
	for i, m := range motions {
		it := &sugItem{}
		lead := county[3+i*11]
		var co []string
		for j := 1; j <= 10; j++ {
			co = append(co, county[3+i*11+j].ID)
		}
		p.create(open, lead, it, store.SuggestionDraft{Kind: suggestion.KindMotion, Title: m.title, Grounds: m.grounds, Body: m.body, Category: m.category, CoSignerIDs: co})
		for _, id := range co {
			p.act(open, p.deputyUser(deputyByID(county, id)), it, "cosign", renda.V())
		}
		p.act(open.AddDays(1), p.deputyUser(lead), it, "submit", renda.V())
		p.act(open.AddDays(2), staff, it, "register", renda.V("category", m.category))
		if m.listed {
			p.act(open.AddDays(3), staff, it, "list", renda.V("note", "主席团决定列入大会议程，会后交市人民政府办理"))
		} else {
			p.act(open.AddDays(3), staff, it, "refer", renda.V("note", "主席团决定交市人大常委会审议，由市人民政府办理"))
		}
		p.act(renda.NewDate(2024, 2, 26), staff, it, "assign", renda.V("lead_unit_id", w.Orgs[m.lead].ID, "co_unit_ids", []string{w.Orgs[m.co[0]].ID, w.Orgs[m.co[1]].ID}, "co_role", suggestion.UnitJoint))
		p.act(renda.NewDate(2024, 3, 1), leader, it, "prioritize", renda.V("inspection_required", true, "note", "主任会议确定为重点督办议案"))
		unit := p.unitUser(w.Orgs[m.lead])
		for _, c := range m.co {
			p.act(renda.NewDate(2024, 3, 20), p.unitUser(w.Orgs[c]), it, "opinion", renda.V("text", "我单位同意主办单位的办理方案，并负责相关环节的具体落实。"))
		}
		p.act(renda.NewDate(2024, 3, 25), unit, it, "contact", renda.V("method", "meeting", "note", "召开座谈会，听取领衔代表和联名代表意见"))
		p.act(renda.NewDate(2024, 4, 18), leader, it, "supervise", renda.V("text", "常委会领导带队实地督办，听取办理进展汇报。"))
		p.act(renda.NewDate(2024, 5, 20), unit, it, "request_extension", renda.V("note", "涉及项目立项和资金安排，需延期答复", "until", renda.NewDate(2024, 7, 31)))
		p.act(renda.NewDate(2024, 5, 21), staff, it, "approve_extension", renda.V("note", "同意延期"))
		p.act(renda.NewDate(2024, 6, 25), leader, it, "supervise", renda.V("text", "组织代表视察项目现场，要求加快进度。"))
		cat := "A"
		if !m.listed {
			cat = "B"
		}
		p.act(renda.NewDate(2024, 7, 25), unit, it, "reply", renda.V("category", cat, "text", p.reply(cat)))
		p.act(renda.NewDate(2024, 8, 1), p.deputyUser(lead), it, "feedback", renda.V("rating", renda.RatingSatisfied, "consent", true, "comment", "办理认真，成效明显"))
		p.act(renda.NewDate(2024, 8, 20), staff, it, "publish", renda.V())
		p.act(renda.NewDate(2024, 11, 12), leader, it, "inspect", renda.V("passed", true, "text", "检查验收组实地查看，办理成效明显，同意验收。"))
		if !m.listed {
			p.act(renda.NewDate(2024, 11, 28), unit, it, "follow_up", renda.V("text", "市府路已竣工通车，两江路中段已开工建设。"))
		}
		p.act(renda.NewDate(2024, 12, 20), staff, it, "close", renda.V("note", "常委会听取办理工作报告后办结"))
	}

	// 249 suggestions (and a few more that were rejected, merged or withdrawn
	// before registration do not count: the work review counts registered items).
	type planned struct {
		it    *sugItem
		tp    topic
		lead  *renda.Deputy
		unit  *renda.Organization
		co    []*renda.Organization
		index int
	}
	var items []*planned
	regDay := renda.NewDate(2024, 2, 5)
	for i := range 249 + 3 {
		tp := topics[p.pick(len(topics))]
		// The demo units' share: 住建局 and 水利局 get many items.
		switch {
		case i%9 == 0:
			tp = topics[0]
		case i%13 == 0:
			tp = topics[2]
		}
		lead := county[p.pick(len(county))]
		if i%40 == 5 {
			lead = me
		}
		title, body := p.writeTopic(tp)
		it := &sugItem{}
		var co []string
		if p.pick(3) == 0 {
			for range 1 + p.pick(3) {
				c := county[p.pick(len(county))]
				if c.ID != lead.ID && !slices.Contains(co, c.ID) {
					co = append(co, c.ID)
				}
			}
		}
		if i%30 == 7 && lead.ID != me.ID {
			co = append(co, me.ID)
		}
		day := open.AddDays(p.pick(3))
		p.create(day, lead, it, store.SuggestionDraft{Title: title, Body: body, Category: tp.category, CoSignerIDs: co})
		for _, id := range co {
			p.act(day, p.deputyUser(deputyByID(county, id)), it, "cosign", renda.V())
		}
		p.act(day, p.deputyUser(lead), it, "submit", renda.V())
		code := tp.units[0]
		if p.pick(3) == 0 {
			code = tp.units[p.pick(len(tp.units))]
		}
		unit := w.Orgs[code]
		pl := &planned{it: it, tp: tp, lead: lead, unit: unit, index: i}
		if p.pick(10) < 3 {
			other := w.Orgs[tp.units[p.pick(len(tp.units))]]
			if other.ID != unit.ID {
				pl.co = append(pl.co, other)
			}
		}
		items = append(items, pl)
	}
	// Three are not registered: two rejected (not a matter for the county),
	// one merged into another item on the same matter.
	for _, pl := range items[:2] {
		p.act(regDay, staff, pl.it, "reject", renda.V("note", "所提事项属于省级事权，已转交省人大代表联络机构，不作为市人大代表建议立案"))
	}
	src, target := items[2], items[3]
	src.it.last = maxTime(src.it.last, target.it.last)
	p.add(p.next(src.it, regDay), staff, func(tx *store.Tx) error {
		s, err := tx.ActOnSuggestion(src.it.s.ID, "merge", renda.V("target_id", target.it.s.ID, "note", "与同一事项的建议并案办理"), nil)
		if err == nil {
			src.it.s = s
		}
		return err
	})
	items = items[3:]
	// The merged item must be of the same kind and open: the target is
	// registered after it (regDay + 1…4), so the merge finds it submitted.

	for n, pl := range items {
		it, unit := pl.it, pl.unit
		regOn := regDay.AddDays(p.pick(4))
		p.act(regOn, staff, it, "register", renda.V("category", pl.tp.category))
		assignOn := renda.NewDate(2024, 2, 26) // the assignment meeting (交办会)
		var coIDs []string
		for _, c := range pl.co {
			coIDs = append(coIDs, c.ID)
		}
		// Two were assigned to the wrong unit and handed back within 10 days.
		if n == 10 || n == 60 {
			wrong := w.Orgs["zfb"]
			p.act(assignOn, staff, it, "assign", renda.V("lead_unit_id", wrong.ID))
			p.act(assignOn.AddDays(5), p.unitUser(wrong), it, "request_return", renda.V("note", "该事项不属于本单位职责，建议交由"+unit.Name+"办理"))
			p.act(assignOn.AddDays(6), staff, it, "approve_return", renda.V("note", "同意退办，重新交办"))
			assignOn = assignOn.AddDays(7)
		}
		p.act(assignOn, staff, it, "assign", renda.V("lead_unit_id", unit.ID, "co_unit_ids", coIDs))
		uu := p.unitUser(unit)
		due := assignOn.AddMonths(3)
		for _, c := range pl.co {
			p.act(assignOn.AddDays(10+p.pick(20)), p.unitUser(c), it, "opinion", renda.V("text", "我单位将积极配合主办单位做好办理工作，相关意见已书面送达。"))
		}
		// Six priority items led by the leader: supervised, inspected before closing.
		priority := n%41 == 3
		if priority {
			p.act(renda.NewDate(2024, 3, 5), leader, it, "prioritize", renda.V("inspection_required", true, "note", "主任会议确定为重点建议"))
			p.act(renda.NewDate(2024, 4, 10+p.pick(10)), leader, it, "supervise", renda.V("text", "领衔督办：听取承办单位汇报，实地查看。"))
		}
		// Three public-interest items copied to the procuratorate.
		if pl.tp.category == "生态环境" && n%5 == 0 && n < 150 {
			jcy := p.unitUser(w.Orgs["jcy"])
			p.act(renda.NewDate(2024, 3, 4), staff, it, "copy_procuratorate", renda.V("note", "涉及生态环境公益事项，按衔接转化机制抄送"))
			p.act(renda.NewDate(2024, 3, 8), jcy, it, "procuratorate", renda.V("method", "registered", "on", renda.NewDate(2024, 3, 8), "text", "已登记，开展初步调查"))
			p.act(renda.NewDate(2024, 3, 22), jcy, it, "procuratorate", renda.V("method", "case", "on", renda.NewDate(2024, 3, 22), "text", "决定立案（行政公益诉讼）"))
			p.act(renda.NewDate(2024, 4, 12), jcy, it, "procuratorate", renda.V("method", "recommendation", "on", renda.NewDate(2024, 4, 12), "text", "向有关部门发出检察建议书，限期两个月整改"))
		}
		// Three are still not replied: overdue ever since.
		if n == 17 || n == 101 || n == 180 {
			p.act(assignOn.AddDays(20), uu, it, "contact", renda.V("method", "phone", "note", "电话了解代表诉求"))
			if n == 101 {
				p.act(due.AddDays(15), leader, it, "supervise", renda.V("text", "逾期未答复，发督办函催办。"))
			}
			continue
		}
		contact := assignOn.AddDays(20 + p.pick(40))
		methods := []string{"phone", "visit", "meeting"}
		p.act(contact, uu, it, "contact", renda.V("method", methods[p.pick(3)], "note", "与领衔代表沟通办理思路，听取意见"))
		if n%45 == 9 {
			p.act(due.AddDays(-10), uu, it, "request_extension", renda.V("note", "需等待上级资金批复", "until", due.AddMonths(1)))
			p.act(due.AddDays(-8), staff, it, "approve_extension", renda.V("note", "同意延期一个月"))
			due = due.AddMonths(1)
		}
		replyOn := contact.AddDays(7 + p.pick(20))
		if n%19 == 4 { // a few late replies
			replyOn = due.AddDays(5 + p.pick(20))
		}
		cat := []string{"A", "A", "A", "B", "B", "B", "B", "C", "D"}[p.pick(9)]
		p.act(replyOn, uu, it, "reply", renda.V("category", cat, "text", p.reply(cat)))
		if priority {
			p.act(replyOn.AddDays(30), leader, it, "supervise", renda.V("text", "组织代表视察办理落实情况。"))
		}
		fb := replyOn.AddDays(2 + p.pick(7))
		consent := p.pick(10) < 6
		switch r := p.pick(100); {
		case n%25 == 2 || r < 5: // 不满意 → re-handled → second reply
			p.act(fb, p.deputyUser(pl.lead), it, "feedback", renda.V("rating", renda.RatingUnsatisfied, "comment", "答复未提出具体措施和时间表，请重新办理"))
			p.act(fb.AddDays(5), uu, it, "contact", renda.V("method", "visit", "note", "上门走访代表，共同研究解决方案"))
			second := fb.AddDays(15 + p.pick(10))
			if n == 52 { // one is still being re-handled, overdue
				continue
			}
			p.act(second, uu, it, "reply", renda.V("category", "B", "text", p.reply("B")))
			rating := renda.RatingBasic
			if p.pick(2) == 0 {
				rating = renda.RatingSatisfied
			}
			p.act(second.AddDays(5), p.deputyUser(pl.lead), it, "feedback", renda.V("rating", rating, "consent", consent))
			fb = second.AddDays(5)
		case r < 20:
			p.act(fb, p.deputyUser(pl.lead), it, "feedback", renda.V("rating", renda.RatingBasic, "consent", consent, "comment", "希望继续跟踪落实"))
		case r < 95:
			p.act(fb, p.deputyUser(pl.lead), it, "feedback", renda.V("rating", renda.RatingSatisfied, "consent", consent))
		default: // no feedback in the period; closed after it
			consent = false
			fb = fb.AddDays(12)
		}
		if consent {
			p.act(fb.AddDays(3+p.pick(10)), staff, it, "publish", renda.V())
		}
		if priority {
			p.act(renda.NewDate(2024, 11, 5+p.pick(10)), leader, it, "inspect", renda.V("passed", true, "text", "检查验收：办理措施落实到位，同意验收。"))
		}
		if cat == "B" && p.pick(3) == 0 {
			p.act(renda.NewDate(2024, 10, 10+p.pick(40)), uu, it, "follow_up", renda.V("text", "该事项已于近期完成，特此跟踪答复。"))
		}
		if n%37 == 11 { // a few replied items not yet closed
			continue
		}
		closeOn := renda.NewDate(2024, 12, 18)
		if !priority && fb.Before(renda.NewDate(2024, 9, 1)) && p.pick(2) == 0 {
			closeOn = fb.AddDays(20 + p.pick(30))
		}
		p.act(closeOn, staff, it, "close", renda.V())
	}
}

func deputyByID(list []*renda.Deputy, id string) *renda.Deputy {
	for _, d := range list {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// between makes suggestions between sessions, relative to today, so the
// demo always has drafts, items due soon and overdue ones.
func (p *sugPlan) between(county []*renda.Deputy) {
	w := p.w
	today := renda.DateOf(w.Now)
	staff := w.Staff
	me, me2 := county[0], county[1]
	rel := func(days int) renda.Date { return today.AddDays(-days) }
	type spec struct {
		lead   *renda.Deputy
		tp     int    // topic
		unit   string // lead unit
		start  int    // days ago it was submitted
		finish string // how far it has come
	}
	specs := []spec{
		{me, 0, "", 3, "draft"},
		{me, 5, "", 1, "draft-cosign"},
		{me, 1, "", 4, "submitted"},
		{me2, 3, "", 6, "submitted"},
		{county[7], 6, "", 8, "registered"},
		{county[8], 0, "zjj", 95, "due-5"},
		{county[9], 2, "slj", 88, "due-12"},
		{me, 0, "zjj", 70, "due-25"},
		{county[10], 2, "slj", 110, "overdue"},
		{county[11], 0, "zjj", 130, "overdue"},
		{county[12], 1, "jtj", 100, "overdue"},
		{county[13], 2, "slj", 8, "return-pending"},
		{county[14], 0, "zjj", 80, "extension-pending"},
		{me, 2, "slj", 85, "replied"},
		{county[15], 0, "zjj", 100, "rehandling"},
		{county[16], 7, "sthj", 60, "assigned"},
		{county[17], 4, "jyj", 50, "assigned"},
		{me2, 6, "mzj", 120, "closed"},
		{county[18], 0, "zjj", 150, "closed"},
		{county[19], 2, "slj", 140, "closed"},
		{county[20], 8, "fgj", 75, "due-25"},
	}
	for i, sp := range specs {
		tp := topics[sp.tp]
		title, body := p.writeTopic(tp)
		it := &sugItem{}
		var co []string
		if sp.finish == "draft-cosign" {
			co = []string{me2.ID}
		}
		if i == 3 {
			co = []string{me.ID} // the demo deputy is invited and has not answered yet
		}
		start := rel(sp.start)
		p.create(start.AddDays(-1), sp.lead, it, store.SuggestionDraft{Title: title, Body: body, Category: tp.category, CoSignerIDs: co})
		if strings.HasPrefix(sp.finish, "draft") {
			continue
		}
		p.act(start, p.deputyUser(sp.lead), it, "submit", renda.V())
		if sp.finish == "submitted" {
			continue
		}
		p.act(start.AddDays(2), staff, it, "register", renda.V("category", tp.category))
		if sp.finish == "registered" {
			continue
		}
		unit := w.Orgs[sp.unit]
		uu := p.unitUser(unit)
		assignOn := start.AddDays(5)
		switch sp.finish {
		case "due-5":
			assignOn = today.AddMonths(-3).AddDays(5)
		case "due-12":
			assignOn = today.AddMonths(-3).AddDays(12)
		case "due-25":
			assignOn = today.AddMonths(-3).AddDays(25)
		case "return-pending":
			assignOn = today.AddDays(-3)
		}
		var coUnits []string
		if sp.unit == "zjj" && i%2 == 1 {
			coUnits = []string{w.Orgs["slj"].ID}
		}
		p.act(assignOn, staff, it, "assign", renda.V("lead_unit_id", unit.ID, "co_unit_ids", coUnits))
		switch sp.finish {
		case "return-pending":
			p.act(today.AddDays(-1), uu, it, "request_return", renda.V("note", "该事项属于城区供水管网，由自来水公司负责，建议改交"))
		case "extension-pending":
			p.act(today.AddDays(-2), uu, it, "contact", renda.V("method", "phone", "note", "电话沟通"))
			p.act(today.AddDays(-1), uu, it, "request_extension", renda.V("note", "项目需经市政府常务会议研究", "until", assignOn.AddMonths(5)))
		case "replied":
			p.act(today.AddDays(-20), uu, it, "contact", renda.V("method", "visit", "note", "上门走访"))
			p.act(today.AddDays(-4), uu, it, "reply", renda.V("category", "B", "text", p.reply("B")))
		case "rehandling":
			p.act(today.AddDays(-60), uu, it, "contact", renda.V("method", "phone", "note", "电话沟通"))
			p.act(today.AddDays(-45), uu, it, "reply", renda.V("category", "C", "text", p.reply("C")))
			p.act(today.AddDays(-40), p.deputyUser(sp.lead), it, "feedback", renda.V("rating", renda.RatingUnsatisfied, "comment", "问题影响群众出行安全，不能等待以后解决"))
		case "closed":
			p.act(start.AddDays(30), uu, it, "contact", renda.V("method", "meeting", "note", "座谈"))
			p.act(start.AddDays(50), uu, it, "reply", renda.V("category", "A", "text", p.reply("A")))
			p.act(start.AddDays(55), p.deputyUser(sp.lead), it, "feedback", renda.V("rating", renda.RatingSatisfied, "consent", true))
			p.act(start.AddDays(70), staff, it, "close", renda.V())
			p.act(start.AddDays(72), staff, it, "publish", renda.V())
		case "overdue", "due-5", "due-12":
			p.act(assignOn.AddDays(20), uu, it, "contact", renda.V("method", "phone", "note", "电话了解情况"))
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// session2026 adds a motion of the seventh session (January 2026) that the
// presidium turned into a suggestion, and a withdrawn draft.
func (p *sugPlan) session2026(county []*renda.Deputy) {
	w := p.w
	if len(w.CountySessions) < 7 {
		return
	}
	open := w.CountySessions[6].StartDate
	lead := county[30]
	var co []string
	for j := 31; j < 40; j++ {
		co = append(co, county[j].ID)
	}
	it := &sugItem{}
	p.create(open, lead, it, store.SuggestionDraft{Kind: suggestion.KindMotion, Title: "关于加强城区停车设施建设的议案", Category: "城乡建设", CoSignerIDs: co,
		Grounds: "城区停车位缺口大，占道停车影响通行。", Body: "一是编制停车设施专项规划；二是利用边角地建设停车场；三是推行智慧停车。"})
	for _, id := range co {
		p.act(open, p.deputyUser(deputyByID(county, id)), it, "cosign", renda.V())
	}
	p.act(open, p.deputyUser(lead), it, "submit", renda.V())
	p.act(open.AddDays(1), w.Staff, it, "register", renda.V("category", "城乡建设"))
	p.act(open.AddDays(2), w.Staff, it, "convert", renda.V("note", "议案审查委员会审议认为，所提事项宜由政府在工作中研究解决，经主席团决定作为建议处理"))
	p.add(p.next(it, open.AddDays(30)), w.Staff, func(tx *store.Tx) error {
		s, err := tx.ActOnSuggestion(it.s.ConvertedTo, "assign", renda.V("lead_unit_id", w.Orgs["zjj"].ID, "co_unit_ids", []string{w.Orgs["cgj"].ID}), nil)
		_ = s
		return err
	})
	wd := &sugItem{}
	me2 := county[1]
	title, body := p.writeTopic(topics[4])
	p.create(open.AddDays(40), me2, wd, store.SuggestionDraft{Title: title, Body: body, Category: topics[4].category})
	p.act(open.AddDays(42), p.deputyUser(me2), wd, "withdraw", renda.V("note", "已在代表小组活动中当面反映并解决"))
}
