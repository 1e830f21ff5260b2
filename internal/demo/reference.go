package demo

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/internal/store"
)

func date(y int, m time.Month, d int) renda.Date { return renda.NewDate(y, m, d) }

// countySessions are the sessions of 常宁市第十八届人民代表大会 in the demo.
// The fourth (January 2024) is the one whose 2 motions and 249 suggestions
// the 2024 work review reports on.
var countySessions = []struct {
	start, end renda.Date
}{
	{date(2021, 9, 27), date(2021, 9, 30)},
	{date(2022, 2, 15), date(2022, 2, 18)},
	{date(2023, 2, 14), date(2023, 2, 17)},
	{date(2024, 1, 22), date(2024, 1, 25)},
	{date(2024, 9, 26), date(2024, 9, 26)},
	{date(2025, 2, 18), date(2025, 2, 21)},
	{date(2026, 1, 20), date(2026, 1, 23)},
}

func seedCongresses(ctx context.Context, db *store.DB, w *World) error {
	w.TownCongress = map[string]*renda.Congress{}
	w.TownTerm = map[string]*renda.Term{}
	w.TownSessions = map[string][]*renda.Session{}
	w.Delegations = map[string]*renda.Delegation{}
	w.Groups = map[string]*renda.Group{}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		mk := func(name string, level renda.Level, region *renda.Region, term int, start renda.Date) (*renda.Congress, *renda.Term, error) {
			c := &renda.Congress{Name: name, Level: level, RegionID: region.ID}
			if err := tx.SaveCongress(c); err != nil {
				return nil, nil, err
			}
			t := &renda.Term{CongressID: c.ID, Number: term, StartDate: start}
			return c, t, tx.SaveTerm(t)
		}
		var err error
		if w.ProvinceCongress, w.ProvinceTerm, err = mk("湖南省人民代表大会", renda.LevelProvince, w.Province, 14, date(2023, 1, 13)); err != nil {
			return err
		}
		if w.CityCongress, w.CityTerm, err = mk("衡阳市人民代表大会", renda.LevelCity, w.City, 17, date(2021, 12, 28)); err != nil {
			return err
		}
		if w.CountyCongress, w.CountyTerm, err = mk("常宁市人民代表大会", renda.LevelCounty, w.County, 18, date(2021, 9, 27)); err != nil {
			return err
		}
		for i, s := range countySessions {
			sess := &renda.Session{TermID: w.CountyTerm.ID, Number: i + 1, StartDate: s.start, EndDate: s.end}
			// The presidium closes motions at noon of the second day.
			sess.MotionDeadline = s.start.AddDays(1).Start().Add(12 * time.Hour)
			if s.start == s.end {
				sess.MotionDeadline = time.Time{}
			}
			if err := tx.SaveSession(sess); err != nil {
				return err
			}
			sess.TermNumber, sess.CongressID, sess.CongressName = 18, w.CountyCongress.ID, w.CountyCongress.Name
			w.CountySessions = append(w.CountySessions, sess)
		}
		for _, town := range w.Townships {
			g := &renda.Delegation{TermID: w.CountyTerm.ID, Name: town.Name + "代表团", RegionID: town.ID}
			if err := tx.SaveDelegation(g); err != nil {
				return err
			}
			w.Delegations[town.ID] = g
			if !town.HasCongress() {
				continue
			}
			c, t, err := mk(town.Name+"人民代表大会", renda.LevelTownship, town, 19, date(2021, 8, 20))
			if err != nil {
				return err
			}
			w.TownCongress[town.ID], w.TownTerm[town.ID] = c, t
			for i, y := range []int{2022, 2023, 2024, 2025, 2026} {
				sess := &renda.Session{TermID: t.ID, Number: i + 2, StartDate: date(y, 1, 10), EndDate: date(y, 1, 10)}
				if err := tx.SaveSession(sess); err != nil {
					return err
				}
				sess.TermNumber, sess.CongressID, sess.CongressName = 19, c.ID, c.Name
				w.TownSessions[town.ID] = append(w.TownSessions[town.ID], sess)
			}
		}
		for _, g := range []struct{ name, desc string }{
			{"医疗卫生专业小组", "2024年新建。由医疗卫生领域代表组成，聚焦基层医疗、慢病管理和医保服务。"},
			{"茶叶产业专业小组", "依托茶叶产业代表联络站，围绕茶叶、油茶产业化发展开展调研和建议。"},
			{"财政经济专业小组", "参与计划、预算决算、政府债务和国有资产管理的审查监督。"},
			{"农业农村专业小组", "围绕乡村振兴、高标准农田和水利设施开展视察。"},
			{"教科文卫专业小组", "关注教育、科技、文化和体育事业。"},
			{"法治建设专业小组", "参与执法检查、立法建议征集和“两官”评议。"},
		} {
			gr := &renda.Group{Name: g.name, Description: g.desc}
			if err := tx.SaveGroup(gr); err != nil {
				return err
			}
			w.Groups[g.name] = gr
		}
		return nil
	})
}

// orgSeed is one organisation of the demo.
type orgSeed struct {
	code, name, short string
	kind              renda.OrgKind
	handling          bool
	parent            string
}

var orgSeeds = []orgSeed{
	{"sc", "常宁市人民代表大会常务委员会", "市人大常委会", renda.OrgStandingCommittee, false, ""},
	{"bgs", "常宁市人大常委会办公室", "办公室", renda.OrgWorkingBody, false, "sc"},
	{"lgw", "常宁市人大常委会选举任免联络工作委员会", "联工委", renda.OrgWorkingBody, false, "sc"},
	{"fgw", "常宁市人大常委会法制工作委员会", "法工委", renda.OrgWorkingBody, false, "sc"},
	{"cjw", "常宁市人大常委会财政经济工作委员会", "财经工委", renda.OrgWorkingBody, false, "sc"},
	{"ysw", "常宁市人大常委会预算工作委员会", "预算工委", renda.OrgWorkingBody, false, "sc"},
	{"jkw", "常宁市人大常委会教育科学文化卫生工作委员会", "教科文卫工委", renda.OrgWorkingBody, false, "sc"},
	{"nyw", "常宁市人大常委会农业农村工作委员会", "农业农村工委", renda.OrgWorkingBody, false, "sc"},
	{"shw", "常宁市人大常委会社会建设工作委员会", "社会建设工委", renda.OrgWorkingBody, false, "sc"},
	{"jsw", "常宁市人大常委会监察和司法工作委员会", "监察司法工委", renda.OrgWorkingBody, false, "sc"},
	{"zf", "常宁市人民政府", "市政府", renda.OrgGovernment, false, ""},
	{"zfb", "常宁市人民政府办公室", "市政府办", renda.OrgDepartment, true, "zf"},
	{"fgj", "常宁市发展和改革局", "发改局", renda.OrgDepartment, true, "zf"},
	{"jyj", "常宁市教育局", "教育局", renda.OrgDepartment, true, "zf"},
	{"kgj", "常宁市科学技术和工业信息化局", "科工信局", renda.OrgDepartment, true, "zf"},
	{"gaj", "常宁市公安局", "公安局", renda.OrgDepartment, true, "zf"},
	{"mzj", "常宁市民政局", "民政局", renda.OrgDepartment, true, "zf"},
	{"sfj", "常宁市司法局", "司法局", renda.OrgDepartment, true, "zf"},
	{"czj", "常宁市财政局", "财政局", renda.OrgDepartment, true, "zf"},
	{"rsj", "常宁市人力资源和社会保障局", "人社局", renda.OrgDepartment, true, "zf"},
	{"zrj", "常宁市自然资源局", "自然资源局", renda.OrgDepartment, true, "zf"},
	{"sthj", "衡阳市生态环境局常宁分局", "生态环境分局", renda.OrgDepartment, true, "zf"},
	{"zjj", "常宁市住房和城乡建设局", "住建局", renda.OrgDepartment, true, "zf"},
	{"jtj", "常宁市交通运输局", "交通运输局", renda.OrgDepartment, true, "zf"},
	{"slj", "常宁市水利局", "水利局", renda.OrgDepartment, true, "zf"},
	{"nyj", "常宁市农业农村局", "农业农村局", renda.OrgDepartment, true, "zf"},
	{"swj", "常宁市商务局", "商务局", renda.OrgDepartment, true, "zf"},
	{"wlj", "常宁市文化旅游广电体育局", "文旅广体局", renda.OrgDepartment, true, "zf"},
	{"wjj", "常宁市卫生健康局", "卫健局", renda.OrgDepartment, true, "zf"},
	{"tyj", "常宁市退役军人事务局", "退役军人局", renda.OrgDepartment, true, "zf"},
	{"yjj", "常宁市应急管理局", "应急局", renda.OrgDepartment, true, "zf"},
	{"sjj", "常宁市审计局", "审计局", renda.OrgDepartment, true, "zf"},
	{"scj", "常宁市市场监督管理局", "市场监管局", renda.OrgDepartment, true, "zf"},
	{"tjj", "常宁市统计局", "统计局", renda.OrgDepartment, true, "zf"},
	{"ybj", "常宁市医疗保障局", "医保局", renda.OrgDepartment, true, "zf"},
	{"cgj", "常宁市城市管理和综合执法局", "城管局", renda.OrgDepartment, true, "zf"},
	{"lyj", "常宁市林业局", "林业局", renda.OrgDepartment, true, "zf"},
	{"spj", "常宁市行政审批服务局", "行政审批局", renda.OrgDepartment, true, "zf"},
	{"xfj", "常宁市信访局", "信访局", renda.OrgDepartment, true, "zf"},
	{"gzzx", "常宁市国有资产事务中心", "国资中心", renda.OrgDepartment, true, "zf"},
	{"ggzy", "常宁市公共资源交易中心", "公共资源交易中心", renda.OrgDepartment, true, "zf"},
	{"gxs", "常宁市供销合作社联合社", "供销社", renda.OrgDepartment, true, "zf"},
	{"12345", "常宁市12345政务服务便民热线", "12345热线", renda.OrgDepartment, true, "zf"},
	{"fy", "常宁市人民法院", "市法院", renda.OrgCourt, true, ""},
	{"jcy", "常宁市人民检察院", "市检察院", renda.OrgProcuratorate, true, ""},
	{"jw", "常宁市监察委员会", "市监委", renda.OrgSupervisory, false, ""},
	{"gdj", "国网湖南省电力有限公司常宁市供电分公司", "供电公司", renda.OrgEnterprise, true, ""},
	{"yd", "中国移动通信集团湖南有限公司常宁分公司", "常宁移动", renda.OrgEnterprise, true, ""},
	{"dx", "中国电信股份有限公司常宁分公司", "常宁电信", renda.OrgEnterprise, true, ""},
	{"zls", "常宁市自来水有限公司", "自来水公司", renda.OrgEnterprise, true, ""},
	{"cgjt", "常宁市城市建设投资开发集团有限公司", "城投集团", renda.OrgEnterprise, true, ""},
}

func seedOrganizations(ctx context.Context, db *store.DB, w *World) error {
	w.Orgs = map[string]*renda.Organization{}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		add := func(s orgSeed, sort int, region string) error {
			o := &renda.Organization{Code: s.code, Name: s.name, ShortName: s.short, Kind: s.kind, HandlingUnit: s.handling, Sort: sort,
				RegionID: region, Active: true}
			if s.parent != "" {
				o.ParentID = w.Orgs[s.parent].ID
			}
			if s.handling {
				o.ContactPerson = w.personName(w.Rand.IntN(3) == 0)
				o.ContactPhone = "0734-72" + fmt.Sprintf("%05d", w.Rand.IntN(100000))
			}
			if err := tx.SaveOrganization(o); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			w.Orgs[s.code] = o
			if s.handling {
				w.HandlingUnits = append(w.HandlingUnits, o)
			}
			return nil
		}
		for i, s := range orgSeeds {
			if err := add(s, (i+1)*10, w.County.ID); err != nil {
				return err
			}
		}
		for i, town := range w.Townships {
			name := town.Name + "人民政府"
			if town.Kind == "街道" {
				name = "常宁市" + town.Name + "办事处"
			} else {
				name = "常宁市" + name
			}
			if err := add(orgSeed{code: "xz" + town.Code[6:], name: name, short: town.Name, kind: renda.OrgTownship, handling: true}, 1000+i, town.ID); err != nil {
				return err
			}
		}
		w.StandingCommittee, w.Office, w.Liaison = w.Orgs["sc"], w.Orgs["bgs"], w.Orgs["lgw"]
		return nil
	})
}
