package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/store"
)

// The demo's filing review (备案审查) and consultations (征求意见): a year of
// filings from each body that files, replayed through the real actions —
// two documents corrected by their bodies, one annulled, one filed late, one
// published and never filed, a revised version reviewed against the
// earlier one, review requests (one forwarded to the city), the year's
// report; and drafts open for comment in every state, with comments.

// filerCodes are the county bodies that file (domain.md §4); the townships'
// governments (镇、乡, which have congresses) file too.
var filerCodes = []string{"zf", "zfb", "jw", "fy", "jcy"}

type filingEvent struct {
	at    time.Time
	seq   int
	actor *renda.User
	fn    func(tx *store.Tx) error
}

type filingWorld struct {
	*World
	events []filingEvent
	clerks map[string]*renda.User // by org id
}

func (fw *filingWorld) at(daysAgo int, hour int, actor *renda.User, fn func(tx *store.Tx) error) {
	d := renda.DateOf(fw.Now).AddDays(-daysAgo)
	at := time.Date(d.Year, d.Month, d.Day, hour, 17, 0, 0, renda.CST)
	if at.After(fw.Now) {
		at = fw.Now.Add(-time.Duration(len(fw.events)+1) * time.Minute)
	}
	fw.events = append(fw.events, filingEvent{at: at, seq: len(fw.events), actor: actor, fn: fn})
}

func (fw *filingWorld) townOrg(name string) *renda.Organization {
	t := fw.TownByName[name]
	return fw.Orgs["xz"+t.Code[6:]]
}

// doc is one demo document and what becomes of it.
type doc struct {
	filer           *renda.Organization
	title, number   string
	text, basis     string
	published, late int // published days ago; days after the filing period it was filed (0: on time)
	path            string
}

func seedFilings(ctx context.Context, db *store.DB, w *World) error {
	fw := &filingWorld{World: w, clerks: map[string]*renda.User{}}
	var filers []*renda.Organization
	for _, c := range filerCodes {
		filers = append(filers, w.Orgs[c])
	}
	for _, t := range w.Townships {
		if t.Kind == "镇" || t.Kind == "乡" || strings.HasSuffix(t.Name, "乡") {
			filers = append(filers, w.Orgs["xz"+t.Code[6:]])
		}
	}
	// Each filer has a clerk; "filer" is the government office's.
	for _, o := range filers {
		username := "filer-" + o.Code
		name := o.ShortName + "备案经办人"
		if o.Code == "zfb" {
			username, name = "filer", "市政府办备案经办人 贺芳"
		}
		u, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: username, DisplayName: name, Role: renda.RoleUnit, OrgID: o.ID}, w.PasswordHash)
		if err != nil {
			return fmt.Errorf("clerk of %s: %w", o.Name, err)
		}
		w.Users[username] = u
		fw.clerks[o.ID] = u
	}
	staff := w.Staff
	bf, skg, ts, yq := fw.townOrg("柏坊镇"), fw.townOrg("水口山镇"), fw.townOrg("塔山瑶族乡"), fw.townOrg("洋泉镇")
	zf, zfb, jw, fy, jcy := w.Orgs["zf"], w.Orgs["zfb"], w.Orgs["jw"], w.Orgs["fy"], w.Orgs["jcy"]
	parking := "第一条 为了加强城区停车管理，规范停车秩序，根据《中华人民共和国道路交通安全法》等法律法规，结合本市实际，制定本办法。\n" +
		"第二条 本办法适用于本市城区范围内机动车停车场的规划、建设、管理和停放。\n" +
		"第三条 市公安机关交通管理部门负责道路停车泊位的设置和管理。\n"
	docs := []doc{
		{zf, "常宁市人民政府关于印发《常宁市城区停车管理办法》的通知", "常政发〔2026〕2号",
			parking + "第四条 在城区道路违法停放机动车的，由公安机关交通管理部门处以五百元以上一千元以下罚款，并可以扣留机动车驾驶证。\n第五条 本办法自公布之日起施行。",
			"《中华人民共和国道路交通安全法》", 330, 0, "corrected"},
		{zfb, "常宁市人民政府办公室关于印发《常宁市农村村民自建房管理暂行办法》的通知", "常政办发〔2026〕5号",
			"第一条 为了规范农村村民建房行为，制定本办法。\n第二条 村民建房应当向乡镇人民政府申请，经批准后方可开工。\n第三条 外出务工人员未在本村居住满五年的，不得申请宅基地。\n第四条 本办法自公布之日起施行。",
			"《中华人民共和国土地管理法》《湖南省农村村民住房建设管理办法》", 300, 0, "repealed"},
		{bf, "柏坊镇人民政府关于征收集镇环境卫生费的通知", "柏政发〔2026〕3号",
			"一、自2026年4月1日起，在集镇经营的个体工商户每户每月缴纳环境卫生费五十元。\n二、逾期不缴纳的，由镇综合执法队暂扣其经营物品。\n三、本通知自公布之日起执行。",
			"", 250, 0, "annulled"},
		{zf, "常宁市人民政府关于加快茶叶产业高质量发展的意见", "常政发〔2026〕6号",
			"一、总体要求。坚持品牌引领、科技支撑，推动茶叶产业高质量发展。\n二、主要任务。建设标准化茶园，培育龙头企业，打响“塔山山岚”品牌。\n三、保障措施。市财政每年安排茶叶产业发展专项资金。",
			"《中华人民共和国乡村振兴促进法》", 280, 0, "no_issue"},
		{jcy, "常宁市人民检察院关于公益诉讼案件线索举报奖励的暂行办法", "常检发〔2026〕4号",
			"第一条 为了鼓励群众举报公益诉讼案件线索，制定本办法。\n第二条 举报线索经查证属实并立案的，给予举报人二百元至二千元奖励。\n第三条 本院对举报人信息严格保密。",
			"《中华人民共和国民事诉讼法》《中华人民共和国行政诉讼法》", 240, 0, "no_issue"},
		{fy, "常宁市人民法院关于推进诉前调解工作的实施细则", "常法发〔2026〕7号",
			"第一条 为了推进诉源治理，做好诉前调解工作，制定本细则。\n第二条 当事人起诉的民事纠纷适宜调解的，在立案前引导当事人选择调解。\n第三条 诉前调解期限一般不超过三十日。",
			"《中华人民共和国民事诉讼法》《人民法院在线调解规则》", 220, 15, "no_issue"},
		{jw, "常宁市监察委员会特约监察员工作办法", "常监发〔2026〕2号",
			"第一条 为了规范特约监察员工作，制定本办法。\n第二条 特约监察员由市监察委员会聘请，每届任期与本届监察委员会相同。\n第三条 特约监察员履职期间不得泄露监察工作秘密。",
			"《中华人民共和国监察法》《监察机关特约监察员工作办法》", 200, 0, "no_issue"},
		{zf, "常宁市人民政府关于印发《常宁市城区停车管理办法》（修订）的通知", "常政发〔2026〕11号",
			parking + "第四条 在城区道路违法停放机动车的，依照《中华人民共和国道路交通安全法》的规定处理。\n第五条 本办法自公布之日起施行，原《常宁市城区停车管理办法》同时废止。\n第六条 机关、企事业单位内部停车场在节假日可以向社会开放，实行有偿使用的，收费标准按照价格主管部门的规定执行。",
			"《中华人民共和国道路交通安全法》", 40, 0, "reviewing"},
		{skg, "水口山镇人民政府关于加强矿区周边道路管理的通告", "水政发〔2026〕9号",
			"一、禁止载重超过三十吨的车辆在镇区道路通行。\n二、违反本通告的，由镇政府处以二千元罚款。\n三、本通告自公布之日起施行。",
			"", 60, 0, "issue_found"},
		{zfb, "常宁市人民政府办公室关于印发《常宁市政府投资项目管理办法》的通知", "常政办发〔2026〕14号",
			"第一条 为了规范政府投资行为，制定本办法。\n第二条 政府投资项目实行审批制。\n第三条 项目单位未按规定报送建设进度的，取消其下一年度申报项目资格。\n第四条 本办法自公布之日起施行。",
			"《政府投资条例》", 90, 0, "opinion_sent"},
		{yq, "洋泉镇人民政府关于印发《洋泉镇防汛抗旱应急预案》的通知", "洋政发〔2026〕6号",
			"一、总则。为做好防汛抗旱工作，制定本预案。\n二、组织机构。成立镇防汛抗旱指挥部。\n三、应急响应。按照四级响应启动。",
			"《中华人民共和国防洪法》", 25, 0, "returned"},
		{ts, "塔山瑶族乡人民政府关于加强生态公益林管护的规定", "塔政发〔2026〕2号",
			"一、全乡生态公益林实行网格化管护。\n二、禁止在生态公益林内放牧、采石。\n三、护林员每月巡山不少于二十天。",
			"《中华人民共和国森林法》", 20, 0, "registered"},
		{jcy, "常宁市人民检察院关于加强未成年人检察工作的意见", "常检发〔2026〕9号",
			"一、坚持特殊、优先保护。\n二、落实强制报告制度，学校、医院发现未成年人遭受侵害的，应当立即报告。\n三、加强“法治护蕾”宣传。",
			"《中华人民共和国未成年人保护法》", 30, 0, "assigned"},
		{zf, "常宁市人民政府关于印发《常宁市城乡居民医疗救助实施办法》的通知", "常政发〔2026〕15号",
			"第一条 为了完善医疗救助制度，制定本办法。\n第二条 救助对象为特困人员、低保对象和低保边缘家庭成员。\n第三条 申请医疗救助应当向户籍所在地乡镇人民政府提出。",
			"《社会救助暂行办法》", 6, 0, "filed"},
	}
	// Every other township files its rules for village sanitation: reviewed, no issue.
	used := map[string]bool{}
	for _, d := range docs {
		used[d.filer.ID] = true
	}
	n := 0
	for _, o := range filers {
		if used[o.ID] || o.Kind != renda.OrgTownship {
			continue
		}
		n++
		short := strings.TrimSuffix(strings.TrimSuffix(o.ShortName, "镇"), "乡")
		docs = append(docs, doc{o, o.ShortName + "人民政府关于印发《" + o.ShortName + "村庄环境卫生管理办法》的通知",
			fmt.Sprintf("%s政发〔2026〕%d号", string([]rune(short)[:1]), 10+n),
			"第一条 为了改善村庄人居环境，制定本办法。\n第二条 村民委员会组织村民制定卫生公约。\n第三条 乡镇人民政府对卫生保洁工作进行指导和考核。",
			"《村庄和集镇规划建设管理条例》", 320 - 19*n, 0, "no_issue"})
	}
	byNumber := map[string]*filing.Filing{}
	for i, d := range docs {
		d := d
		clerk := fw.clerks[d.filer.ID]
		filedAgo := d.published - 12 - i%7 // filed within the period
		if d.late > 0 {
			filedAgo = d.published - 30 - d.late
		}
		if filedAgo < 2 {
			filedAgo = 2
		}
		var f *filing.Filing
		pub := renda.DateOf(w.Now).AddDays(-d.published)
		fw.at(filedAgo, 9, clerk, func(tx *store.Tx) error {
			var err error
			f, err = tx.FileDocument(renda.V("title", d.title, "number", d.number, "issued_on", pub.AddDays(-2), "published_on", pub, "text", d.text,
				"explanation", "本文件经起草、征求意见、合法性审核和集体讨论，已按规定公布。", "basis", d.basis), nil)
			byNumber[d.number] = f
			return err
		})
		act := func(ago, hour int, who *renda.User, action string, in renda.Values) {
			fw.at(ago, hour, who, func(tx *store.Tx) error {
				_, err := tx.ActOnFiling(f.ID, action, in)
				return err
			})
		}
		if d.path == "filed" {
			continue
		}
		if d.path == "returned" {
			act(filedAgo-2, 10, staff, "return", renda.V("text", "应急预案属于工作方案，不属于规范性文件备案范围；如含有涉及公民权利义务的规定，请附起草说明后重新报备。"))
			continue
		}
		act(filedAgo-2, 10, staff, "register", renda.V("text", "材料齐全，予以登记。"))
		if d.path == "registered" {
			continue
		}
		act(filedAgo-3, 9, staff, "assign", renda.V("reviewer_id", staff.ID))
		if d.path == "assigned" {
			continue
		}
		checks := renda.V("authority", "ok", "conflict", "ok", "appropriateness", "ok", "procedure", "ok", "political", "ok", "text", "逐项审查，未发现问题。")
		issue := ""
		switch d.path {
		case "corrected":
			checks = renda.V("authority", "ok", "conflict", "issue", "appropriateness", "ok", "procedure", "ok", "political", "ok",
				"text", "第四条设定的罚款幅度超出《道路交通安全法》第九十三条规定的二十元以上二百元以下，扣留驾驶证无法律依据。")
			issue = "第四条罚款幅度超出上位法规定，扣留机动车驾驶证的行政强制措施无法律依据。"
		case "repealed":
			checks = renda.V("authority", "ok", "conflict", "issue", "appropriateness", "issue", "procedure", "ok", "political", "ok",
				"text", "第三条以居住年限限制村民申请宅基地的资格，与土地管理法相抵触。")
			issue = "第三条对外出务工村民申请宅基地设定居住年限条件，限制了农村村民依法享有的宅基地申请权。"
		case "annulled":
			checks = renda.V("authority", "issue", "conflict", "issue", "appropriateness", "ok", "procedure", "issue", "political", "ok",
				"text", "乡镇人民政府无权设定收费项目和暂扣财物的行政强制措施。")
			issue = "乡镇人民政府自行设定环境卫生费并规定暂扣经营物品，超越权限，与行政强制法相抵触。"
		case "issue_found":
			checks = renda.V("authority", "issue", "conflict", "issue", "appropriateness", "ok", "procedure", "ok", "political", "ok",
				"text", "乡镇人民政府无行政处罚设定权。")
			issue = "通告第二条由镇政府设定罚款，超越权限。"
		case "opinion_sent":
			checks = renda.V("authority", "ok", "conflict", "issue", "appropriateness", "issue", "procedure", "ok", "political", "ok",
				"text", "第三条取消申报资格的规定缺乏上位法依据。")
			issue = "第三条以取消下一年度申报资格作为惩戒，缺乏《政府投资条例》依据，明显不适当。"
		}
		act(filedAgo-10, 15, staff, "check", checks)
		if d.path == "reviewing" {
			continue
		}
		if issue == "" {
			act(filedAgo-12, 16, staff, "pass", renda.V("text", "经审查，未发现同宪法、法律、法规相抵触或明显不适当的问题。"))
			continue
		}
		act(filedAgo-12, 16, staff, "find_issue", renda.V("text", issue))
		if d.path == "issue_found" {
			continue
		}
		act(filedAgo-14, 10, staff, "send_opinion", renda.V("text", "经审查，"+issue+"请于收到本意见之日起两个月内自行修改或者废止，并书面回复。"))
		switch d.path {
		case "corrected":
			act(filedAgo-50, 11, clerk, "correct", renda.V("how", "amended", "text", "已按审查意见修改第四条，删去扣留驾驶证的规定，修订后的办法以常政发〔2026〕11号重新公布。"))
		case "repealed":
			act(filedAgo-45, 11, clerk, "correct", renda.V("how", "repealed", "text", "已于本月印发常政办发〔2026〕9号，废止该暂行办法。"))
		case "annulled":
			act(filedAgo-70, 15, staff, "annul", renda.V("decision", "市人大常委会第二十三次会议关于撤销《柏坊镇人民政府关于征收集镇环境卫生费的通知》的决定", "text", "柏坊镇人民政府逾期未纠正。"))
		}
	}
	// A document cited by complaints: the investment rules, by two 12345 orders.
	fw.at(20, 10, staff, func(tx *store.Tx) error {
		refs, err := tx.ComplaintRefs("hotline", 2)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			if _, err := tx.ActOnFiling(byNumber["常政办发〔2026〕14号"].ID, "cite", renda.V("source", "hotline", "ref", ref, "text", "来电反映项目申报资格被取消")); err != nil {
				return err
			}
		}
		return nil
	})
	// Registers of issued documents: what each filer published, and one
	// document the government office published and never filed.
	fw.at(3, 9, fw.clerks[zfb.ID], func(tx *store.Tx) error {
		for _, d := range docs {
			if d.filer.ID != zfb.ID {
				continue // a clerk lists only their own body's documents
			}
			if err := tx.AddRegisterEntry(&filing.RegisterEntry{Title: d.title, Number: d.number, PublishedOn: renda.DateOf(w.Now).AddDays(-d.published)}); err != nil {
				return err
			}
		}
		return tx.AddRegisterEntry(&filing.RegisterEntry{Title: "常宁市人民政府办公室关于印发《常宁市城区户外广告设置管理办法》的通知", Number: "常政办发〔2026〕11号",
			PublishedOn: renda.DateOf(w.Now).AddDays(-75)})
	})
	fw.at(3, 10, staff, func(tx *store.Tx) error {
		for _, d := range docs {
			if d.filer.ID == zfb.ID {
				continue
			}
			if err := tx.AddRegisterEntry(&filing.RegisterEntry{FilerID: d.filer.ID, Title: d.title, Number: d.number, PublishedOn: renda.DateOf(w.Now).AddDays(-d.published)}); err != nil {
				return err
			}
		}
		return nil
	})
	// Review requests from the public.
	var req1, req2 *filing.Request
	fw.at(310, 20, nil, func(tx *store.Tx) error {
		var err error
		req1, err = tx.SubmitReviewRequest(filing.RequestSubmission{Document: "常政发〔2026〕2号 城区停车管理办法", Name: "陈志刚", Phone: "13907341234",
			Reason: "办法规定违停罚款五百元以上，还要扣驾驶证，道路交通安全法规定的是二十元以上二百元以下罚款，请审查。"})
		return err
	})
	fw.at(308, 10, staff, func(tx *store.Tx) error {
		_, err := tx.ActOnReviewRequest(req1.ID, "accept", renda.V("filing_id", byNumber["常政发〔2026〕2号"].ID, "text", "已并入对该办法的审查。"))
		return err
	})
	fw.at(260, 10, staff, func(tx *store.Tx) error {
		_, err := tx.ActOnReviewRequest(req1.ID, "notify", renda.V("text", "经审查，您反映的问题属实。市人民政府已按审查意见修改该办法，删去了超出法律规定的罚款幅度和扣留驾驶证的规定。感谢您的监督。"))
		return err
	})
	fw.at(150, 21, nil, func(tx *store.Tx) error {
		var err error
		req2, err = tx.SubmitReviewRequest(filing.RequestSubmission{Document: "衡阳市城市市容和环境卫生管理条例", Name: "王丽",
			Reason: "条例关于门前三包的罚款规定过重，希望审查。"})
		return err
	})
	fw.at(148, 10, staff, func(tx *store.Tx) error {
		_, err := tx.ActOnReviewRequest(req2.ID, "transfer", renda.V("to", "衡阳市人大常委会", "text", "您建议审查的是衡阳市的地方性法规，依照监督法和立法法，不属于本常委会审查范围，已移送衡阳市人大常委会法制工作委员会研究处理。"))
		return err
	})
	fw.at(2, 19, nil, func(tx *store.Tx) error {
		_, err := tx.SubmitReviewRequest(filing.RequestSubmission{Document: "常政办发〔2026〕14号", Phone: "13807345678",
			Reason: "政府投资项目管理办法规定取消申报资格，我们村的项目因此被取消，认为不合理。"})
		return err
	})
	fw.consultations()
	sort.SliceStable(fw.events, func(i, j int) bool {
		if !fw.events[i].at.Equal(fw.events[j].at) {
			return fw.events[i].at.Before(fw.events[j].at)
		}
		return fw.events[i].seq < fw.events[j].seq
	})
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		for _, o := range filers {
			if err := tx.AddFiler(o.ID); err != nil {
				return err
			}
		}
		for _, e := range fw.events {
			if err := tx.Replay(e.actor, e.at, e.fn); err != nil {
				return fmt.Errorf("filings at %s: %w", e.at.Format(time.DateTime), err)
			}
		}
		return nil
	})
}

// consultations: a county decision whose feedback is published, a
// provincial draft open for comment now (常宁 as a grassroots legislative
// contact point), one closed and being sorted, one in preparation.
func (fw *filingWorld) consultations() {
	w, staff := fw.World, fw.Staff
	today := renda.DateOf(w.Now)
	type cm struct {
		ago             int
		article, text   string
		name            string
		by              *renda.User
		decision, group string
		reason          string
	}
	mk := func(title, kind, source, body string, opensAgo, days int, stage string, comments []cm) {
		var c *consultation.Consultation
		opens := today.AddDays(-opensAgo)
		fw.at(opensAgo+5, 9, staff, func(tx *store.Tx) error {
			var err error
			c, err = tx.CreateConsultation(renda.V("title", title, "kind", kind, "source", source, "body", body, "opens_on", opens, "closes_on", opens.AddDays(days)))
			return err
		})
		if stage == "draft" {
			return
		}
		fw.at(opensAgo, 9, staff, func(tx *store.Tx) error { _, err := tx.ActOnConsultation(c.ID, "open", nil); return err })
		ids := make([]*consultation.Comment, len(comments))
		for i, m := range comments {
			i, m := i, m
			fw.at(m.ago, 20, m.by, func(tx *store.Tx) error {
				var err error
				ids[i], err = tx.CommentOn(c.ID, renda.V("article", m.article, "text", m.text, "name", m.name))
				return err
			})
		}
		if stage == "open" {
			for i, m := range comments {
				if i%2 == 0 && m.decision != "" {
					i, m := i, m
					fw.at(1, 10+i%6, staff, func(tx *store.Tx) error {
						_, err := tx.ActOnComment(ids[i].ID, m.decision, renda.V("group", m.group, "reason", m.reason))
						return err
					})
				}
			}
			return
		}
		closeAgo := opensAgo - days - 1
		fw.at(closeAgo, 8, staff, func(tx *store.Tx) error { _, err := tx.ActOnConsultation(c.ID, "close", nil); return err })
		for i, m := range comments {
			if m.decision == "" || (stage == "closed" && i%2 == 1) {
				continue
			}
			i, m := i, m
			fw.at(closeAgo-3, 10+i%6, staff, func(tx *store.Tx) error {
				_, err := tx.ActOnComment(ids[i].ID, m.decision, renda.V("group", m.group, "reason", m.reason))
				return err
			})
		}
		if stage == "published" {
			fw.at(closeAgo-10, 15, staff, func(tx *store.Tx) error {
				_, err := tx.ActOnConsultation(c.ID, "publish", renda.V("text", "决定草案已根据采纳的意见修改，提请常委会会议审议。"))
				return err
			})
		}
	}
	d1, d2 := fw.Deputy1, fw.Deputy2
	mk("常宁市人大常委会关于加强农村饮用水安全保障的决定（草案）", "decision", "常宁市人大常委会农业农村工作委员会",
		"第一条 为了保障农村居民饮用水安全，根据有关法律法规，结合本市实际，作出本决定。\n第二条 市人民政府应当将农村饮用水安全保障纳入国民经济和社会发展规划。\n第三条 乡镇人民政府负责本辖区农村供水工程的日常管理。\n第四条 供水单位应当定期检测水质，并向社会公开。\n第五条 本决定自公布之日起施行。",
		150, 30, "published", []cm{
			{148, "第三条", "建议明确村民委员会在供水工程管护中的责任，很多小水厂没人管。", "刘建华", nil, "adopt", "第三条 管护责任", "已在第三条增加村民委员会协助管护的规定。"},
			{146, "第四条", "水质检测结果应该每季度在村务公开栏公布，不只是网上公开。", "", nil, "adopt", "第四条 水质公开", "已修改为在村务公开栏和网上同时公开。"},
			{140, "", "建议对供水价格作出规定，防止乱涨价。", "匿名", nil, "decline", "供水价格", "供水价格按照价格法和省定价目录管理，本决定不宜另作规定。"},
			{135, "第二条", "建议明确每年安排的资金比例。", "", d1, "decline", "资金保障", "资金安排属于预算审查事项，已转财经工委在预算审查时关注。"},
			{130, "第三条", "塔山瑶族乡山高路远，建议对偏远村组的供水设施给予专项补助。", "", d2, "adopt", "第三条 管护责任", "已增加对偏远村组给予倾斜支持的规定。"},
		})
	mk("湖南省乡村振兴促进条例（修订草案征求意见稿）", "higher", "湖南省人大常委会法制工作委员会（常宁市基层立法联系点）",
		"第一条 为了全面实施乡村振兴战略，促进农业全面升级、农村全面进步、农民全面发展，根据有关法律，结合本省实际，制定本条例。\n第二条 本条例适用于本省行政区域内的乡村振兴促进工作。\n第三条 县级以上人民政府应当将乡村振兴促进工作纳入国民经济和社会发展规划。\n第四条 各级人民政府应当支持发展特色产业，培育区域公用品牌。\n第五条 本条例自公布之日起施行。",
		10, 35, "open", []cm{
			{9, "第四条", "建议把茶叶、油茶等特色产业写进条例，常宁的茶叶需要政策支持。", "茶农 周德胜", nil, "adopt", "第四条 特色产业", "已汇总报省人大常委会法工委。"},
			{8, "第三条", "建议增加对农村留守老人养老服务的规定。", "", nil, "decline", "养老服务", "属于养老服务条例调整范围，已一并反映。"},
			{6, "", "希望条例能规定乡村振兴资金的使用情况向村民公开。", "", d1, "adopt", "资金公开", "已汇总上报。"},
			{4, "第二条", "建议明确返乡创业人员的扶持措施。", "", nil, "", "", ""},
			{2, "第四条", "区域公用品牌应当加强知识产权保护。", "市市场监管局", nil, "", "", ""},
		})
	mk("常宁市人大常委会关于促进茶叶产业高质量发展的决定（草案）", "decision", "常宁市人大常委会财政经济工作委员会",
		"第一条 为了促进茶叶产业高质量发展，作出本决定。\n第二条 市人民政府应当制定茶叶产业发展规划。\n第三条 鼓励金融机构开发茶叶产业信贷产品。\n第四条 本决定自公布之日起施行。",
		60, 20, "closed", []cm{
			{58, "第二条", "规划应当包括茶园标准化建设的具体目标。", "", d2, "adopt", "第二条 发展规划", "已增加标准化茶园建设目标。"},
			{55, "第三条", "建议设立茶叶产业风险补偿资金。", "", nil, "decline", "金融支持", "已在第三条原则规定，具体办法由市政府制定。"},
			{50, "", "茶叶加工企业用电价格偏高，希望解决。", "", nil, "adopt", "生产成本", "已转市政府研究。"},
		})
	mk("常宁市人大常委会关于加强历史文化遗存保护的决定（草案）", "decision", "常宁市人大常委会教育科学文化卫生工作委员会",
		"第一条 为了加强历史文化遗存保护，作出本决定。\n第二条 历史文化遗存保护坚持保护为主、抢救第一。\n第三条 本决定自公布之日起施行。",
		-5, 30, "draft", nil)
}
