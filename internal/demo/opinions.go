package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"renda"
	"renda/internal/store"
	"renda/opinion"
	"renda/station"
)

// The liaison-station part of the demo county: a station in every township
// (塔山 and three others model stations), village points, the 茶叶产业 and
// 医疗卫生 special stations, deputies of all four levels stationed, a year of
// reception days with their log, about 500 citizens' opinions and 200 12345
// orders in every state. It has its own random source, so the other parts of
// the demo can change without changing it; times are relative to the load.

// Station codes the tests and the README rely on.
const (
	TashanStation  = "stashan"
	TeaStation     = "schaye"
	MedicalStation = "syiliao"
)

// opinionWorld is what the station seeding keeps for the opinions it makes.
type opinionWorld struct {
	*World
	r        *rand.Rand
	stations []*station.Station
	byTown   map[string]*station.Station // township station by township id
	points   map[string][]*station.Station
	special  []*station.Station
	members  map[string][]string // station id → deputy ids
	deputy   map[string]*renda.Deputy
	actors   map[string]*renda.User // synthetic actors for deputies and units without accounts
	events   []event
}

// event is one step of the demo's history, replayed in time order.
type event struct {
	at    time.Time
	seq   int
	actor *renda.User
	fn    func(tx *store.Tx) error
}

func (ow *opinionWorld) add(at time.Time, actor *renda.User, fn func(*store.Tx) error) {
	ow.events = append(ow.events, event{at: at, seq: len(ow.events), actor: actor, fn: fn})
}

var modelTowns = []string{"塔山瑶族乡", "白沙镇", "西岭镇", "宜阳街道"}

func seedOpinions(ctx context.Context, db *store.DB, w *World) error {
	ow := &opinionWorld{World: w, r: rand.New(rand.NewPCG(430482, 12345)), byTown: map[string]*station.Station{},
		points: map[string][]*station.Station{}, members: map[string][]string{}, deputy: map[string]*renda.Deputy{}, actors: map[string]*renda.User{}}
	for _, d := range w.Deputies {
		ow.deputy[d.ID] = d
	}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		if err := ow.stationsAndMembers(tx); err != nil {
			return err
		}
		ow.duties()
		ow.opinions()
		ow.hotlineOrders()
		sort.SliceStable(ow.events, func(i, j int) bool {
			if !ow.events[i].at.Equal(ow.events[j].at) {
				return ow.events[i].at.Before(ow.events[j].at)
			}
			return ow.events[i].seq < ow.events[j].seq
		})
		for _, e := range ow.events {
			if e.at.After(w.Now) {
				continue
			}
			if err := tx.Replay(e.actor, e.at, func(tx *store.Tx) error { return e.fn(tx) }); err != nil {
				return fmt.Errorf("at %s: %w", e.at.Format(time.DateTime), err)
			}
		}
		return nil
	})
}

// --- stations ---

func (ow *opinionWorld) coords(base [2]float64, spread float64) (float64, float64) {
	lat := base[0] + (ow.r.Float64()-0.5)*spread
	lng := base[1] + (ow.r.Float64()-0.5)*spread
	return float64(int(lat*1e5)) / 1e5, float64(int(lng*1e5)) / 1e5
}

func (ow *opinionWorld) stationsAndMembers(tx *store.Tx) error {
	w := ow.World
	center := [2]float64{26.41, 112.39}
	townCenter := map[string][2]float64{}
	for i, t := range w.Townships {
		// Townships around the city: subdistricts near the centre, towns in a ring.
		angle := float64(i) / float64(len(w.Townships)) * 6.283
		radius := 0.05
		if t.Kind != "街道" {
			radius = 0.12 + 0.1*ow.r.Float64()
		}
		townCenter[t.ID] = [2]float64{center[0] + radius*sinApprox(angle), center[1] + radius*1.1*cosApprox(angle)}
		if t.Name == "塔山瑶族乡" {
			townCenter[t.ID] = [2]float64{26.19, 112.33}
		}
	}
	save := func(s *station.Station) error {
		s.Active = true
		if err := tx.SaveStation(s); err != nil {
			return fmt.Errorf("station %s: %w", s.Name, err)
		}
		ow.stations = append(ow.stations, s)
		return nil
	}
	for _, t := range w.Townships {
		kind := "镇"
		if t.Kind == "街道" {
			kind = "街道"
		} else if strings.HasSuffix(t.Name, "乡") {
			kind = "乡"
		}
		s := &station.Station{Name: t.Name + "人大代表联络站", Kind: station.Township, RegionID: t.ID, Code: "s" + t.Code[6:9],
			Address: t.Name + "人民政府便民服务中心二楼", Hours: "工作日 8:30–12:00，14:30–17:30；每月 15 日为代表接待日",
			Phone: fmt.Sprintf("0734-72%05d", ow.r.IntN(100000)), Model: slices.Contains(modelTowns, t.Name),
			Intro: t.Name + "人大代表联络站是省、衡阳市、常宁市、" + kind + "四级人大代表联系群众的平台。群众可以扫码或到站反映意见建议，代表定期进站接待。"}
		if t.Kind == "街道" {
			s.Address = "常宁市" + t.Name + "办事处一楼"
		}
		if t.Name == "塔山瑶族乡" {
			s.Code, s.Address = TashanStation, "塔山瑶族乡政府旁 瑶家议事厅"
			s.Intro = "塔山瑶族乡示范性代表联络站（2024 年建成）。四级代表常态化进站，瑶汉群众可用普通话或瑶语反映问题；站内设茶叶产业议事角。"
		}
		s.Lat, s.Lng = ow.coords(townCenter[t.ID], 0.01)
		if err := save(s); err != nil {
			return err
		}
		ow.byTown[t.ID] = s
		// Two village points per township.
		vils := w.Villages[t.ID]
		for i := 0; i < len(vils) && i < 2; i++ {
			v := vils[(3+i*(len(vils)/2))%len(vils)]
			p := &station.Station{Name: v.Name + "人大代表联络点", Kind: station.Village, RegionID: v.ID, Address: t.Name + v.Name + "党群服务中心",
				Hours: "每月第一个周五上午", Code: "s" + v.Code[6:]}
			p.Lat, p.Lng = ow.coords(townCenter[t.ID], 0.05)
			if err := save(p); err != nil {
				return err
			}
			ow.points[t.ID] = append(ow.points[t.ID], p)
		}
	}
	tashan, yiyang := w.TownByName["塔山瑶族乡"], w.TownByName["宜阳街道"]
	tea := &station.Station{Name: "茶叶产业人大代表联络站", Kind: station.Special, Sector: "茶叶产业", RegionID: tashan.ID, Code: TeaStation,
		Address: "塔山瑶族乡 山岚茶业基地接待中心", Hours: "每两个月第二个周三", Model: true,
		Intro: "2024 年新建的特色站点。茶叶产业专业小组的代表在此听取茶农、茶企的意见，围绕茶叶、油茶产业化发展开展调研和建议。"}
	tea.Lat, tea.Lng = ow.coords(townCenter[tashan.ID], 0.02)
	med := &station.Station{Name: "医疗卫生人大代表联络站", Kind: station.Special, Sector: "医疗卫生", RegionID: yiyang.ID, Code: MedicalStation,
		Address: "常宁市人民医院门诊楼一楼", Hours: "每月第二个周四下午",
		Intro: "依托 2024 年新建的医疗卫生专业小组设立，听取群众对基层医疗、慢病管理和医保服务的意见。"}
	med.Lat, med.Lng = ow.coords(townCenter[yiyang.ID], 0.01)
	for _, s := range []*station.Station{tea, med} {
		if err := save(s); err != nil {
			return err
		}
		ow.special = append(ow.special, s)
	}

	// Deputies of the four levels stationed where they live; township
	// deputies also at the village points; groups at the special stations.
	byTown := map[string][]*renda.Deputy{}
	for _, d := range w.Deputies {
		byTown[d.RegionID] = append(byTown[d.RegionID], d)
	}
	d1, d2 := w.Deputy1.DeputyID, w.Deputy2.DeputyID
	for _, t := range w.Townships {
		s := ow.byTown[t.ID]
		var ids []string
		head := ""
		for _, d := range byTown[t.ID] {
			ids = append(ids, d.ID)
			if head == "" && d.Level == renda.LevelCounty {
				head = d.ID
			}
		}
		if t == tashan {
			head = d1
		}
		ow.members[s.ID] = ids
		if err := tx.SetStationDeputies(s.ID, ids, head); err != nil {
			return err
		}
		var town, county []string
		for _, d := range byTown[t.ID] {
			switch d.Level {
			case renda.LevelTownship:
				town = append(town, d.ID)
			case renda.LevelCounty:
				county = append(county, d.ID)
			}
		}
		for i, p := range ow.points[t.ID] {
			var pids []string
			for j := 0; j < 3 && len(town) > 0; j++ {
				pids = append(pids, town[(i*3+j)%len(town)])
			}
			if len(county) > 0 {
				pids = append(pids, county[i%len(county)])
			}
			if t == tashan && i == 0 {
				pids = append(pids, d1)
			}
			slices.Sort(pids)
			pids = slices.Compact(pids)
			ow.members[p.ID] = pids
			if err := tx.SetStationDeputies(p.ID, pids, ""); err != nil {
				return err
			}
		}
	}
	for _, s := range ow.special {
		group := w.Groups["茶叶产业专业小组"].ID
		lead := d1
		if s == med {
			group, lead = w.Groups["医疗卫生专业小组"].ID, d2
		}
		ids := []string{lead}
		for _, d := range w.Deputies {
			if d.GroupID == group && d.ID != lead {
				ids = append(ids, d.ID)
			}
		}
		ow.members[s.ID] = ids
		if err := tx.SetStationDeputies(s.ID, ids, lead); err != nil {
			return err
		}
	}
	return nil
}

// sinApprox and cosApprox avoid importing math for two numbers of a made-up map.
func sinApprox(x float64) float64 {
	for x > 3.14159 {
		x -= 6.28318
	}
	return x - x*x*x/6 + x*x*x*x*x/120 - x*x*x*x*x*x*x/5040
}

func cosApprox(x float64) float64 { return sinApprox(x + 1.5708) }

// actor returns who acts for a deputy: their account if they have one, else
// a stand-in user with their name (the demo's other deputies have no account).
func (ow *opinionWorld) actor(deputyID string) *renda.User {
	for _, u := range ow.Users {
		if u.DeputyID == deputyID {
			return u
		}
	}
	if a := ow.actors[deputyID]; a != nil {
		return a
	}
	d := ow.deputy[deputyID]
	a := &renda.User{ID: "demo-" + deputyID, Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: deputyID}
	ow.actors[deputyID] = a
	return a
}

// unitActor returns who acts for a unit: its clerk's account, or a stand-in.
func (ow *opinionWorld) unitActor(org *renda.Organization) *renda.User {
	for _, u := range ow.Users {
		if u.OrgID == org.ID && u.Role == renda.RoleUnit {
			return u
		}
	}
	if a := ow.actors[org.ID]; a != nil {
		return a
	}
	a := &renda.User{ID: "demo-" + org.ID, Username: org.Code, DisplayName: org.ShortName + "经办人", Role: renda.RoleUnit, OrgID: org.ID}
	ow.actors[org.ID] = a
	return a
}

// at returns a time of working hours on day d (China time).
func (ow *opinionWorld) at(d renda.Date, hour int) time.Time {
	return d.Start().Add(time.Duration(hour)*time.Hour + time.Duration(ow.r.IntN(50))*time.Minute)
}

// --- reception days and the log ---

var receptionTopics = []string{"听取群众意见建议", "乡村振兴专题接待", "民生实事项目征集", "“一老一小”专题接待", "安全饮水专题接待", "道路建设专题接待", "茶叶产业发展座谈"}

func (ow *opinionWorld) duties() {
	today := renda.DateOf(ow.Now)
	type plan struct {
		s     *station.Station
		every int // months
		day   int
	}
	var plans []plan
	for _, s := range ow.stations {
		switch s.Kind {
		case station.Township:
			plans = append(plans, plan{s, 1, 15})
		case station.Village:
			plans = append(plans, plan{s, 3, 5})
		case station.Special:
			plans = append(plans, plan{s, 2, 10})
		}
	}
	for _, p := range plans {
		members := ow.members[p.s.ID]
		if len(members) == 0 {
			continue
		}
		for m := -12; m <= 2; m += p.every {
			first := renda.NewDate(today.Year, today.Month, 1).AddMonths(m)
			day := renda.NewDate(first.Year, first.Month, p.day)
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDays(1)
			}
			n := 2 + ow.r.IntN(2)
			var ids []string
			for i := 0; i < n && i < len(members); i++ {
				ids = append(ids, members[(ow.r.IntN(len(members))+i)%len(members)])
			}
			if p.s.Code == TashanStation || p.s.Code == TeaStation {
				ids = append(ids, ow.Deputy1.DeputyID)
			}
			if p.s.Code == MedicalStation {
				ids = append(ids, ow.Deputy2.DeputyID)
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			duty := &station.Duty{StationID: p.s.ID, Day: day, Start: "09:00", End: "11:30", DeputyIDs: ids,
				Topic: receptionTopics[ow.r.IntN(len(receptionTopics))]}
			if p.s.Kind == station.Special {
				duty.Start, duty.End = "14:30", "17:00"
			}
			st := p.s
			announced := ow.at(day.AddDays(-7-ow.r.IntN(4)), 10)
			if announced.After(ow.Now) {
				// The coming months' rota is announced already.
				announced = ow.Now.Add(-time.Duration(1+ow.r.IntN(72)) * time.Hour)
			}
			ow.add(announced, ow.Staff, func(tx *store.Tx) error { return tx.ScheduleDuty(duty) })
			if !day.Before(today) {
				continue
			}
			if ow.r.IntN(25) == 0 { // now and then a day is called off
				continue
			}
			visitors := 3 + ow.r.IntN(12)
			rec := &station.Reception{StationID: st.ID, Day: day, Visitors: visitors, DeputyIDs: ids}
			recAt := ow.at(day, 11)
			ow.add(recAt, ow.actor(ids[0]), func(tx *store.Tx) error {
				rec.DutyID = duty.ID
				rec.Summary = fmt.Sprintf("%s，代表%s接待群众 %d 人次，现场解答政策咨询，收集意见建议。", duty.Topic, strings.Join(ow.names(ids), "、"), visitors)
				return tx.RecordReception(rec)
			})
			if st.Kind == station.Township && ow.r.IntN(10) < 3 {
				ow.matter(st, rec, ids, recAt.Add(10*time.Minute))
			}
		}
	}
}

func (ow *opinionWorld) names(ids []string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, ow.deputy[id].Name)
	}
	return out
}

// --- opinions ---

// opinionTopics are invented problems by category; {v} is a village, {t} the township.
var opinionTopics = map[string][]string{
	"道路交通": {"{v}通组公路有好几处坑洼，下雨天积水，电动车经常打滑，希望尽快修补。", "{v}村口的路灯坏了三个多月，晚上出行很不安全。",
		"{t}中学门口上下学时车辆乱停，建议设置减速带和临时停车位。", "{v}到{t}的班车一天只有两趟，老人去镇上看病很不方便。"},
	"饮水水利": {"{v}自来水夏天经常停水，高处几户一停就是好几天，希望解决饮水保障。", "{v}的山塘年久失修，渗水严重，影响下游农田灌溉。",
		"{v}的水渠被泥沙堵塞，春耕前急需清淤。", "{v}自来水水质发黄，烧开后有沉淀，希望检测一下。"},
	"环境卫生": {"{v}垃圾收集点清运不及时，天气一热异味很大。", "{t}集镇上养殖场排污，附近居民反映气味难闻。", "{v}河道边有人倾倒建筑垃圾。"},
	"教育":   {"{v}教学点只有一名老师，希望补充师资。", "{t}中心学校食堂太小，学生排队吃饭时间长。", "希望{t}幼儿园延长托管时间，方便双职工家庭。"},
	"医疗卫生": {"{v}卫生室药品种类少，慢性病的药常常要到镇上去拿。", "{t}卫生院晚上没有儿科医生，孩子发烧只能跑市里。", "希望在{v}开展老年人免费体检。"},
	"社会保障": {"{v}有几户低保户反映补助发放时间不固定。", "{t}的高龄补贴申请材料太多，老人跑了几趟都没办好。", "希望{v}建一个老年人日间照料中心。"},
	"农业农村": {"{v}高标准农田建成后部分田块机耕道太窄，农机进不去。", "{v}的村集体经济项目收益分配不透明，村民有意见。", "希望{t}农技站下村指导水稻病虫害防治。"},
	"茶叶产业": {"{v}茶园到加工厂的机耕道没有硬化，雨天鲜叶运不出去。", "茶叶收购价格波动大，希望{t}引导成立茶叶合作社。", "希望对{t}茶农开展茶叶加工和品牌培训。", "{v}油茶林低产改造补贴什么时候发放？"},
	"城乡建设": {"{t}老旧小区改造后楼道灯又坏了，物业不管。", "{v}危房改造的审批进度很慢。", "{t}集镇农贸市场雨棚破损，摊贩和买菜的人都淋雨。"},
	"治安安全": {"{v}路口没有监控，最近丢了好几辆电动车。", "{t}网吧附近晚上经常有人聚集喧哗。", "{v}山林防火通道杂草丛生，存在火灾隐患。"},
	"就业创业": {"{v}几位村民在工地干活被拖欠工资半年。", "希望{t}多组织一些家门口的招聘会。", "{v}返乡创业贷款的手续怎么办理？"},
	"其他":   {"建议在{t}便民服务中心增加自助办事终端。", "{v}的快递只能送到镇上，取件不方便。"},
}

// opinionAnswers are invented opinionAnswers by category.
var opinionAnswers = map[string][]string{
	"道路交通": {"已与{t}人民政府和市交通运输局对接，坑洼路段已列入本月养护计划，预计两周内修补完成。", "经协调，镇政府已安排电工更换损坏路灯，并纳入日常巡查。"},
	"饮水水利": {"已转市水利局核实，高位水池加压设备下周安装，停水问题将得到缓解。", "山塘整治已列入今年小型水利设施维修计划，汛期前完成。"},
	"环境卫生": {"已督促环卫公司将清运频次调整为每日一次，并增设一个收集点。", "已请生态环境分局现场检查，责令养殖场限期整改。"},
	"教育":   {"已向市教育局反映，秋季学期将为教学点补充一名教师。", "学校已调整错峰就餐时间，食堂扩建列入明年计划。"},
	"医疗卫生": {"已协调卫生院每周两次送药下村，常用慢病药纳入村卫生室配备目录。", "卫健局答复：卫生院将安排儿科医生夜间值班，下月起实施。"},
	"社会保障": {"已核实，低保金改为每月 10 日前统一发放。", "民政局已简化高龄补贴申请材料，可由村干部代办。"},
	"农业农村": {"已请农业农村局对机耕道进行评估，纳入高标准农田后续管护项目。", "镇农技站本月将下村开展两次现场指导。"},
	"茶叶产业": {"茶园机耕道硬化已纳入乡村振兴衔接资金项目，年内开工。", "乡政府正在筹建茶叶专业合作社，本月召开茶农座谈会。"},
	"城乡建设": {"住建局已督促物业公司限期修复楼道灯，并公开维修电话。", "危房改造审批已加快，本批次名单下周公示。"},
	"治安安全": {"派出所已在路口加装监控并加强夜间巡逻。", "林业局已安排清理防火通道。"},
	"就业创业": {"已转人社局劳动监察大队处理，督促企业限期支付欠薪。", "人社局将于下月在镇上举办专场招聘会。"},
	"其他":   {"已向市行政审批服务局反映，将逐步增设自助终端。", "邮政公司已开通村级快递代收点。"},
}

var unitReplies = []string{"经现场核实，问题属实，已安排整改，预计本月底前完成。", "已纳入年度工作计划，资金已落实，正在组织施工。",
	"经调查，相关情况已向当事人说明，并将加强日常监管。", "已完成整改，并安排专人回访群众。"}

// categoriesFor weighs the categories of a township (塔山 has tea and water).
func (ow *opinionWorld) category(town *renda.Region) string {
	cats := []string{"道路交通", "道路交通", "饮水水利", "环境卫生", "教育", "医疗卫生", "社会保障", "农业农村", "城乡建设", "治安安全", "就业创业", "其他"}
	switch town.Name {
	case "塔山瑶族乡":
		cats = append(cats, "茶叶产业", "茶叶产业", "茶叶产业", "饮水水利", "饮水水利")
	case "西岭镇":
		cats = append(cats, "道路交通", "道路交通", "道路交通")
	case "白沙镇":
		cats = append(cats, "饮水水利", "饮水水利")
	}
	return cats[ow.r.IntN(len(cats))]
}

func (ow *opinionWorld) fill(text string, town *renda.Region) string {
	vils := ow.Villages[town.ID]
	v := town.Name
	if len(vils) > 0 {
		v = vils[ow.r.IntN(len(vils))].Name
	}
	return strings.NewReplacer("{v}", v, "{t}", town.Name).Replace(text)
}

func (ow *opinionWorld) townOf(s *station.Station) *renda.Region {
	for _, t := range ow.Townships {
		if t.ID == s.TownshipID {
			return t
		}
	}
	return ow.Townships[0]
}

// citizen invents who left an opinion (many leave no name, some no phone).
func (ow *opinionWorld) citizen(in *opinion.Submission) {
	if ow.r.IntN(100) < 45 {
		in.Name = ow.personName(ow.r.IntN(2) == 0)
	}
	if ow.r.IntN(100) < 70 {
		in.Phone = ow.phone()
	}
}

// opinionRef is a demo opinion whose id is known once its submit event ran.
type opinionRef struct{ id string }

// path plays an opinion's life: steps at increasing times from created, cut
// at the demo's "now" — so recent items are still open, in every state.
type step struct {
	after  time.Duration
	actor  *renda.User
	action string
	in     renda.Values
	rate   string // a rating by the citizen instead of an action
	close  bool   // closed by the sweep, the answer left unrated
}

func (ow *opinionWorld) play(created time.Time, ref *opinionRef, in *opinion.Submission, submitter *renda.User, steps []step) {
	ow.add(created, submitter, func(tx *store.Tx) error {
		o, err := tx.SubmitOpinion(*in, nil)
		if err != nil {
			return fmt.Errorf("opinion %q: %w", in.Content, err)
		}
		ref.id = o.ID
		return nil
	})
	ow.steps(created, ref, steps)
}

// asHandler stands for "the deputy the opinion was routed to", known only
// when the step runs (the head of the station, or the deputy on duty).
var asHandler = &renda.User{ID: "demo-handler", Role: renda.RoleDeputy}

// steps schedules an opinion's steps after start. An answer left unrated
// is closed when the rating days are over, as the sweep does.
func (ow *opinionWorld) steps(start time.Time, ref *opinionRef, steps []step) {
	if n := len(steps); n > 0 && steps[n-1].action == "answer" {
		steps = append(steps, step{after: days(15.5), close: true})
	}
	t := start
	for _, s := range steps {
		t = t.Add(s.after)
		s := s
		if s.rate != "" {
			ow.add(t, nil, func(tx *store.Tx) error {
				return tx.RateAsCitizen(ref.id, s.rate, "")
			})
			continue
		}
		if s.close {
			ow.add(t, nil, func(tx *store.Tx) error { return tx.ArchiveIfUnrated(ref.id) })
			continue
		}
		if s.actor != asHandler {
			ow.add(t, s.actor, func(tx *store.Tx) error {
				_, err := tx.ActOnOpinion(ref.id, s.action, s.in)
				if err != nil {
					return fmt.Errorf("%s %s: %w", s.action, ref.id, err)
				}
				return nil
			})
			continue
		}
		ow.add(t, nil, func(tx *store.Tx) error {
			h, err := tx.OpinionHandler(ref.id)
			if err != nil || h == "" {
				return err // nobody to act: it stays in the pool
			}
			return tx.Replay(ow.actor(h), tx.Now(), func(tx *store.Tx) error {
				_, err := tx.ActOnOpinion(ref.id, s.action, s.in)
				if err != nil {
					return fmt.Errorf("%s %s: %w", s.action, ref.id, err)
				}
				return nil
			})
		})
	}
}

func days(n float64) time.Duration { return time.Duration(n * 24 * float64(time.Hour)) }

// lifeOf invents the steps of an opinion handled by deputy, in category cat.
func (ow *opinionWorld) lifeOf(deputy string, town *renda.Region, cat string) []step {
	d := asHandler
	if deputy != "" {
		d = ow.actor(deputy)
	}
	answer := ow.fill(opinionAnswers[cat][ow.r.IntN(len(opinionAnswers[cat]))], town)
	rating := func() step {
		n := ow.r.IntN(100)
		r := renda.RatingSatisfied
		switch {
		case n >= 92:
			r = renda.RatingUnsatisfied
		case n >= 70:
			r = renda.RatingBasic
		}
		return step{after: days(0.5 + ow.r.Float64()*4), rate: r}
	}
	n := ow.r.IntN(100)
	switch {
	case n < 35: // answered directly
		s := []step{{after: days(0.2 + ow.r.Float64()), actor: d, action: "receive"},
			{after: days(0.5 + ow.r.Float64()*3), actor: d, action: "answer", in: renda.V("text", answer)}}
		if ow.r.IntN(100) < 75 {
			s = append(s, rating())
		}
		return s
	case n < 65: // forwarded to a unit, which unitReplies
		org := ow.unitFor(cat, town)
		u := ow.unitActor(org)
		s := []step{{after: days(0.3 + ow.r.Float64()), actor: d, action: "forward", in: renda.V("to", opinion.ForwardUnit, "org_id", org.ID, "complex", ow.r.IntN(4) == 0, "text", "请核实处理并回复。")},
			{after: days(0.5 + ow.r.Float64() + float64(ow.r.IntN(4)/3)*8), actor: u, action: "sign"}}
		if ow.r.IntN(8) == 0 {
			s = append(s, step{after: days(2), actor: u, action: "extend", in: renda.V("text", "需协调资金和施工队伍，申请延期。")})
		}
		s = append(s, step{after: days(2 + ow.r.Float64()*6), actor: u, action: "reply", in: renda.V("text", unitReplies[ow.r.IntN(len(unitReplies))])},
			step{after: days(0.5 + ow.r.Float64()*2), actor: d, action: "answer", in: renda.V("text", answer)})
		if ow.r.IntN(100) < 70 {
			s = append(s, rating())
		}
		return s
	case n < 75: // to 12345
		return []step{{after: days(0.5), actor: d, action: "forward", in: renda.V("to", opinion.ForwardHotline, "text", "转 12345 人大代表专席派单办理。")},
			{after: days(0.5), actor: ow.Staff, action: "sign", in: renda.V("text", "12345 已派单，承办单位已签收。")},
			{after: days(4), actor: ow.Staff, action: "reply", in: renda.V("text", "12345 回复："+unitReplies[ow.r.IntN(len(unitReplies))])},
			{after: days(1), actor: d, action: "answer", in: renda.V("text", answer)}}
	case n < 78: // a problem for a suggestion: the deputy drafts one
		return []step{{after: days(1 + ow.r.Float64()), actor: d, action: "receive"},
			{after: days(2 + ow.r.Float64()*3), actor: d, action: "escalate", in: renda.V("title", "关于解决"+town.Name+cat+"问题的建议", "text", "群众多次反映，需以代表建议推动有关部门统筹解决。")}}
	case n < 84: // outside what deputies handle
		reasons := []string{"已进入诉讼程序", "已申请仲裁", "属信访事项，请依法信访", "重复反映"}
		return []step{{after: days(1), actor: d, action: "close", in: renda.V("reason", reasons[ow.r.IntN(len(reasons))], "text", "您反映的事项依法应通过相应程序解决，代表已向您说明办理途径，如有新的情况请再联系。")}}
	default: // taken up, answered after a while (recent ones are still with the deputy)
		return []step{{after: days(1 + ow.r.Float64()*2), actor: d, action: "receive"},
			{after: days(6 + ow.r.Float64()*20), actor: d, action: "answer", in: renda.V("text", answer)}}
	}
}

// unitFor picks the unit of a category (the township's government otherwise).
func (ow *opinionWorld) unitFor(cat string, town *renda.Region) *renda.Organization {
	code := map[string]string{"道路交通": "jtj", "饮水水利": "slj", "环境卫生": "sthj", "教育": "jyj", "医疗卫生": "wjj", "社会保障": "mzj",
		"农业农村": "nyj", "茶叶产业": "nyj", "城乡建设": "zjj", "治安安全": "gaj", "就业创业": "rsj"}[cat]
	if code == "" || ow.r.IntN(3) == 0 {
		code = "xz" + town.Code[6:]
	}
	return ow.Orgs[code]
}

func (ow *opinionWorld) opinions() {
	now := ow.Now
	var qrStations []*station.Station
	for _, s := range ow.stations {
		if len(ow.members[s.ID]) > 0 {
			qrStations = append(qrStations, s)
		}
	}
	// Citizens scanning station and deputy codes.
	for i := range 330 {
		s := qrStations[ow.r.IntN(len(qrStations))]
		switch {
		case i%9 == 0:
			s = ow.stationByCode(TashanStation)
		case i%23 == 0:
			s = ow.stationByCode(MedicalStation)
		}
		town := ow.townOf(s)
		cat := ow.category(town)
		if s.Sector == "茶叶产业" {
			cat = "茶叶产业"
		} else if s.Sector == "医疗卫生" {
			cat = "医疗卫生"
		}
		in := &opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Category: cat, Consent: true,
			Content: ow.fill(opinionTopics[cat][ow.r.IntN(len(opinionTopics[cat]))], town)}
		ow.citizen(in)
		members := ow.members[s.ID]
		handler := ""
		switch {
		case s.Code == TashanStation && i%2 == 0, s.Code == TeaStation && i%2 == 0:
			handler = ow.Deputy1.DeputyID
		case s.Code == MedicalStation:
			handler = ow.Deputy2.DeputyID
		case ow.r.IntN(100) < 40:
			handler = members[ow.r.IntN(len(members))]
		}
		if handler != "" {
			in.DeputyCode = ow.deputy[handler].Code
		}
		// Age: spread over the year, more in recent months.
		age := days(365 * ow.r.Float64() * ow.r.Float64())
		created := now.Add(-age).Truncate(time.Minute)
		ref := &opinionRef{}
		steps := ow.lifeOfStation(s, handler, town, cat)
		ow.play(created, ref, in, nil, steps)
	}
	// Deputies' own notes from their visits, and reports from an Open311 app.
	county := ow.ByLevel[renda.LevelCounty]
	for i := range 30 {
		d := county[(i*13)%len(county)]
		if i%5 == 0 {
			d = ow.deputy[ow.Deputy1.DeputyID]
		}
		town := ow.TownByName["宜阳街道"]
		for _, t := range ow.Townships {
			if t.ID == d.RegionID {
				town = t
			}
		}
		cat := ow.category(town)
		in := &opinion.Submission{Channel: opinion.ChannelDeputy, Category: cat, Content: "走访中群众反映：" + ow.fill(opinionTopics[cat][ow.r.IntN(len(opinionTopics[cat]))], town)}
		created := now.Add(-days(300 * ow.r.Float64())).Truncate(time.Minute)
		ow.play(created, &opinionRef{}, in, ow.actor(d.ID), ow.lifeOf(d.ID, town, cat))
	}
	for range 25 {
		s := qrStations[ow.r.IntN(len(qrStations))]
		town := ow.townOf(s)
		cat := ow.category(town)
		in := &opinion.Submission{Channel: opinion.ChannelOpen311, Category: cat, Content: ow.fill(opinionTopics[cat][ow.r.IntN(len(opinionTopics[cat]))], town),
			Lat: s.Lat + (ow.r.Float64()-0.5)*0.01, Lng: s.Lng + (ow.r.Float64()-0.5)*0.01, Address: town.Name}
		ow.citizen(in)
		created := now.Add(-days(80 * ow.r.Float64())).Truncate(time.Minute)
		ref := &opinionRef{}
		// Open311 reports go to the nearest station's deputy; the life is played
		// with the handler the store chose, so look it up when acting.
		ow.play(created, ref, in, nil, ow.lifeOf("", town, cat))
	}
	// A citizen twice 不满意: the item is under the staff's supervision (督办).
	// Fixed, drawing nothing from the random source.
	ts := ow.stationByCode(TashanStation)
	d := ow.actor(ow.Deputy1.DeputyID)
	in := &opinion.Submission{Channel: opinion.ChannelQR, StationCode: ts.Code, DeputyCode: ow.deputy[ow.Deputy1.DeputyID].Code, Category: "饮水水利", Consent: true,
		Content: "塔山村三组自来水一下雨就浑浊，已经反映过多次，希望彻底解决。"}
	ow.play(now.Add(-days(20)).Truncate(time.Minute), &opinionRef{}, in, nil, []step{
		{after: days(1), actor: d, action: "receive"},
		{after: days(2), actor: d, action: "answer", in: renda.V("text", "已请乡政府联系水厂检修管网。")},
		{after: days(1), rate: renda.RatingUnsatisfied},
		{after: days(4), actor: d, action: "answer", in: renda.V("text", "水厂已更换过滤设备，请再观察。")},
		{after: days(1), rate: renda.RatingUnsatisfied},
	})
	// One sent to the same deputy a few hours ago and not yet received, so
	// that the deputy's inbox has an item to receive whatever the day (the
	// random ones' states depend on the day's duty roster). Fixed, drawing
	// nothing from the random source.
	in = &opinion.Submission{Channel: opinion.ChannelQR, StationCode: ts.Code, DeputyCode: ow.deputy[ow.Deputy1.DeputyID].Code, Category: "道路交通", Consent: true,
		Content: "塔山村到乡政府的路上有几处坑洼，下雨天积水，骑车很危险，希望尽快修补。"}
	ow.play(now.Add(-3*time.Hour).Truncate(time.Minute), &opinionRef{}, in, nil, nil)
}

func (ow *opinionWorld) stationByCode(code string) *station.Station {
	for _, s := range ow.stations {
		if s.Code == code {
			return s
		}
	}
	return ow.stations[0]
}

// lifeOfStation is lifeOf for an opinion left at a station: the handler is
// the chosen deputy, else the one the store routes to (the head, or the
// deputy on duty), known only when it runs.
func (ow *opinionWorld) lifeOfStation(s *station.Station, handler string, town *renda.Region, cat string) []step {
	return ow.lifeOf(handler, town, cat)
}

// matter records a problem raised at a reception day and its disposition:
// answered on the spot, sent to the township or a county agency, or noted.
func (ow *opinionWorld) matter(s *station.Station, rec *station.Reception, ids []string, at time.Time) {
	town := ow.townOf(s)
	cat := ow.category(town)
	d := ow.actor(ids[0])
	in := &opinion.Submission{Channel: opinion.ChannelReception, Category: cat, Content: ow.fill(opinionTopics[cat][ow.r.IntN(len(opinionTopics[cat]))], town)}
	if ow.r.IntN(2) == 0 {
		in.Name = ow.personName(ow.r.IntN(2) == 0)
	}
	ref := &opinionRef{}
	ow.add(at, d, func(tx *store.Tx) error {
		in.ReceptionID = rec.ID
		o, err := tx.SubmitOpinion(*in, nil)
		if err != nil {
			return err
		}
		ref.id = o.ID
		return nil
	})
	var steps []step
	switch ow.r.IntN(3) {
	case 0:
		steps = []step{{after: time.Minute, actor: d, action: "answer", in: renda.V("text", "当场解答："+ow.fill(opinionAnswers[cat][0], town))}}
	case 1:
		org := ow.Orgs["xz"+town.Code[6:]]
		steps = []step{{after: time.Minute, actor: d, action: "forward", in: renda.V("to", opinion.ForwardUnit, "org_id", org.ID, "text", "接待日现场交办乡镇。")},
			{after: days(1), actor: ow.unitActor(org), action: "sign"},
			{after: days(5), actor: ow.unitActor(org), action: "reply", in: renda.V("text", unitReplies[ow.r.IntN(len(unitReplies))])},
			{after: days(1), actor: d, action: "answer", in: renda.V("text", ow.fill(opinionAnswers[cat][ow.r.IntN(len(opinionAnswers[cat]))], town))}}
	default:
		org := ow.unitFor(cat, town)
		steps = []step{{after: time.Minute, actor: d, action: "forward", in: renda.V("to", opinion.ForwardUnit, "org_id", org.ID, "text", "接待日收集，转县直部门办理。")},
			{after: days(2), actor: ow.unitActor(org), action: "sign"},
			{after: days(8), actor: ow.unitActor(org), action: "reply", in: renda.V("text", unitReplies[ow.r.IntN(len(unitReplies))])},
			{after: days(2), actor: d, action: "answer", in: renda.V("text", ow.fill(opinionAnswers[cat][ow.r.IntN(len(opinionAnswers[cat]))], town))}}
	}
	ow.steps(at, ref, steps)
}

// --- 12345 orders ---

func (ow *opinionWorld) hotlineOrders() {
	now := ow.Now
	channels := []string{"电话", "电话", "电话", "微信", "网站", "APP"}
	types := []string{"求助", "求助", "投诉", "咨询", "建议", "举报"}
	for i := range 200 {
		town := ow.Townships[ow.r.IntN(len(ow.Townships))]
		if i%10 == 0 {
			town = ow.TownByName["塔山瑶族乡"]
		}
		cat := ow.category(town)
		received := now.Add(-days(365 * ow.r.Float64() * ow.r.Float64())).Truncate(time.Minute)
		code := town.Code
		if vils := ow.Villages[town.ID]; len(vils) > 0 && ow.r.IntN(2) == 0 {
			code = vils[ow.r.IntN(len(vils))].Code
		}
		h := &opinion.HotlineOrder{Number: fmt.Sprintf("CN%s%04d", renda.DateOf(received).String()[2:4]+renda.DateOf(received).String()[5:7]+renda.DateOf(received).String()[8:10], i+1),
			Channel: channels[ow.r.IntN(len(channels))], ReceivedAt: received, RegionCode: code, Type: types[ow.r.IntN(len(types))],
			Content: "来电人反映：" + ow.fill(opinionTopics[cat][ow.r.IntN(len(opinionTopics[cat]))], town), Source: "api"}
		h.Due = received.Add(days(7))
		ref := &opinionRef{}
		ow.add(received.Add(5*time.Minute), store.HotlinePlatform, func(tx *store.Tx) error {
			if _, err := tx.ReceiveHotlineOrder(h); err != nil {
				return fmt.Errorf("order %s: %w", h.Number, err)
			}
			id, err := tx.HotlineOpinionID(h.Number)
			ref.id = id
			return err
		})
		s := ow.byTown[town.ID]
		members := ow.members[s.ID]
		if len(members) == 0 {
			continue
		}
		deputy := members[ow.r.IntN(len(members))]
		if town.Name == "塔山瑶族乡" && i%20 == 0 {
			deputy = ow.Deputy1.DeputyID
		}
		if ow.r.IntN(100) < 40 && now.Sub(received) < days(10) {
			continue // nobody has taken it up yet
		}
		claim := step{after: days(0.3 + ow.r.Float64()*2), actor: ow.actor(deputy), action: "claim"}
		steps := append([]step{claim}, ow.lifeOf(deputy, town, cat)...)
		// "receive" is not possible after a claim; drop it.
		var cleaned []step
		for _, st := range steps {
			if st.action == "receive" {
				continue
			}
			cleaned = append(cleaned, st)
		}
		var played []step
		for _, st := range cleaned {
			if st.rate == "" { // callers to 12345 are called back by the hotline, not rated here
				played = append(played, st)
			}
		}
		ow.steps(received.Add(5*time.Minute), ref, played)
	}
}
