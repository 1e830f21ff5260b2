package demo

import (
	"context"
	"fmt"

	"renda"
	"renda/internal/store"
)

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "谢", "罗", "邓", "彭", "曾", "胡", "唐", "段", "廖",
		"蒋", "肖", "谭", "邹", "雷", "贺", "袁", "龙", "何", "石", "欧阳", "尹", "颜", "文", "阳", "许", "朱", "李", "王", "刘", "陈"}
	maleGiven   = []string{"建国", "志强", "海军", "国平", "伟", "勇", "德明", "文华", "俊杰", "立新", "红兵", "小军", "长青", "新民", "永红", "卫东", "正华", "家辉", "光辉", "世杰", "明亮", "子健", "宏伟", "振宇", "春生", "桂林", "湘平", "衡生"}
	femaleGiven = []string{"秀英", "丽华", "桂兰", "美玲", "晓燕", "海燕", "春梅", "红霞", "雪芳", "慧敏", "玉兰", "丽娟", "小红", "静", "芳", "婷", "湘君", "秋菊", "艳萍", "翠英"}
	yaoSurnames = []string{"盘", "赵", "邓", "冯", "李"}
)

// personName makes an invented name.
func (w *World) personName(female bool) string {
	s := surnames[w.Rand.IntN(len(surnames))]
	if female {
		return s + femaleGiven[w.Rand.IntN(len(femaleGiven))]
	}
	return s + maleGiven[w.Rand.IntN(len(maleGiven))]
}

func (w *World) phone() string {
	prefixes := []string{"138", "139", "137", "135", "152", "158", "187", "189", "177", "199"}
	return prefixes[w.Rand.IntN(len(prefixes))] + fmt.Sprintf("%08d", w.Rand.IntN(100000000))
}

// code makes a deterministic public code (for /d/{code} and QR codes).
func (w *World) code(prefix string) string {
	const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
	b := []byte(prefix)
	for range 6 {
		b = append(b, alphabet[w.Rand.IntN(len(alphabet))])
	}
	return string(b)
}

// occupation invents a deputy's work in a township by sector.
func (w *World) occupation(sector string, town *renda.Region) string {
	vils := w.Villages[town.ID]
	vil := "某"
	if len(vils) > 0 {
		vil = vils[w.Rand.IntN(len(vils))].Name
	}
	pick := func(xs ...string) string { return xs[w.Rand.IntN(len(xs))] }
	head := "镇长"
	switch town.Kind {
	case "街道":
		head = "办事处主任"
	case "乡", "民族乡":
		head = "乡长"
	}
	switch sector {
	case "党政领导干部":
		return pick(town.Name+"党（工）委书记", town.Name+head, town.Name+"人大主席", "常宁市"+pick("交通运输局", "农业农村局", "卫生健康局", "教育局", "水利局")+"局长")
	case "工人":
		return pick("水口山有色金属集团有限公司工人", "常宁市纺织企业技术员", town.Name+"工业园区企业车间主任", "国网常宁市供电分公司电工")
	case "农民":
		return pick(vil+"村民", vil+"党支部书记、村委会主任", town.Name+"家庭农场主", town.Name+"油茶种植大户")
	case "专业技术人员":
		return pick("常宁市人民医院主任医师", town.Name+"卫生院院长", town.Name+"中心学校教师", "常宁市中医医院护士长", "常宁市第一中学教师", town.Name+"农技站农艺师")
	case "企业负责人":
		return pick("湖南塔山山岚茶业有限公司董事长", "常宁市"+town.Name+"农业专业合作社理事长", "常宁市某建筑工程有限公司总经理", "常宁市某纺织有限公司董事长")
	}
	return pick("个体工商户", "退役军人", town.Name+"社区工作者", "律师")
}

var sectorWeights = []struct {
	sector string
	weight int
}{{"党政领导干部", 22}, {"工人", 10}, {"农民", 30}, {"专业技术人员", 20}, {"企业负责人", 12}, {"其他", 6}}

func (w *World) sector() string {
	n := w.Rand.IntN(100)
	for _, s := range sectorWeights {
		if n < s.weight {
			return s.sector
		}
		n -= s.weight
	}
	return "其他"
}

var parties = []struct {
	party  string
	weight int
}{{"中共党员", 72}, {"群众", 14}, {"民盟盟员", 3}, {"九三学社社员", 3}, {"民进会员", 2}, {"无党派人士", 6}}

func (w *World) party() string {
	n := w.Rand.IntN(100)
	for _, p := range parties {
		if n < p.weight {
			return p.party
		}
		n -= p.weight
	}
	return "群众"
}

// newDeputy invents a deputy of a congress, stationed in a township.
func (w *World) newDeputy(c *renda.Congress, t *renda.Term, town *renda.Region) *renda.Deputy {
	female := w.Rand.IntN(100) < 32
	gender := "男"
	if female {
		gender = "女"
	}
	ethnicity := "汉族"
	name := w.personName(female)
	if town.Kind == "民族乡" && w.Rand.IntN(100) < 60 {
		ethnicity = "瑶族"
		given := maleGiven
		if female {
			given = femaleGiven
		}
		name = yaoSurnames[w.Rand.IntN(len(yaoSurnames))] + given[w.Rand.IntN(len(given))]
	}
	sector := w.sector()
	d := &renda.Deputy{Code: w.code("d"), Name: name, Gender: gender, Ethnicity: ethnicity, BirthYear: 1962 + w.Rand.IntN(36),
		Party: w.party(), Sector: sector, Occupation: w.occupation(sector, town), CongressID: c.ID, TermID: t.ID,
		RegionID: town.ID, Phone: w.phone(), Status: renda.DeputyActive, District: town.Name + "第" + renda.ChineseNumber(1+w.Rand.IntN(6)) + "选区"}
	return d
}

// countyQuota is how many county deputies a township elects: by its number
// of villages, about 250 in all.
func countyQuota(villages int) int { return 3 + villages*250/540 }

func seedDeputies(ctx context.Context, db *store.DB, w *World) error {
	w.ByLevel = map[renda.Level][]*renda.Deputy{}
	groupFor := map[string]string{"专业技术人员": "医疗卫生专业小组", "农民": "农业农村专业小组", "企业负责人": "财政经济专业小组", "党政领导干部": "法治建设专业小组"}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		save := func(d *renda.Deputy) error {
			if err := tx.SaveDeputy(d); err != nil {
				return fmt.Errorf("deputy %s: %w", d.Name, err)
			}
			w.Deputies = append(w.Deputies, d)
			lvl := renda.LevelCounty
			switch d.CongressID {
			case w.ProvinceCongress.ID:
				lvl = renda.LevelProvince
			case w.CityCongress.ID:
				lvl = renda.LevelCity
			case w.CountyCongress.ID:
			default:
				lvl = renda.LevelTownship
			}
			d.Level = lvl
			w.ByLevel[lvl] = append(w.ByLevel[lvl], d)
			return nil
		}
		// The two demo accounts' deputies come first: a teacher of 塔山瑶族乡
		// (where the model liaison station is) and a doctor of 宜阳街道.
		tashan, yiyang := w.TownByName["塔山瑶族乡"], w.TownByName["宜阳街道"]
		first := []*renda.Deputy{
			{Code: "dtashan01", Name: "盘秀英", Gender: "女", Ethnicity: "瑶族", BirthYear: 1979, Party: "中共党员", Sector: "专业技术人员",
				Occupation: "塔山瑶族乡中心学校教师", RegionID: tashan.ID, DelegationID: w.Delegations[tashan.ID].ID, District: "塔山瑶族乡第一选区",
				GroupID: w.Groups["教科文卫专业小组"].ID, Phone: "13873401234"},
			{Code: "dyiyang02", Name: "陈建华", Gender: "男", Ethnicity: "汉族", BirthYear: 1971, Party: "九三学社社员", Sector: "专业技术人员",
				Occupation: "常宁市人民医院主任医师", RegionID: yiyang.ID, DelegationID: w.Delegations[yiyang.ID].ID, District: "宜阳街道第三选区",
				GroupID: w.Groups["医疗卫生专业小组"].ID, Phone: "13973405678"},
		}
		for _, d := range first {
			d.CongressID, d.TermID, d.Status = w.CountyCongress.ID, w.CountyTerm.ID, renda.DeputyActive
			if err := save(d); err != nil {
				return err
			}
		}
		for _, town := range w.Townships {
			n := countyQuota(len(w.Villages[town.ID]))
			if town == tashan || town == yiyang {
				n--
			}
			for range n {
				d := w.newDeputy(w.CountyCongress, w.CountyTerm, town)
				d.DelegationID = w.Delegations[town.ID].ID
				if g, ok := groupFor[d.Sector]; ok && w.Rand.IntN(100) < 25 {
					d.GroupID = w.Groups[g].ID
				}
				if d.Occupation == "湖南塔山山岚茶业有限公司董事长" || (town == tashan && w.Rand.IntN(3) == 0) {
					d.GroupID = w.Groups["茶叶产业专业小组"].ID
				}
				if err := save(d); err != nil {
					return err
				}
			}
		}
		// Deputies of the province and of 衡阳市 elected in 常宁, stationed in its townships.
		for i := range 6 {
			town := w.Townships[(i*4+1)%len(w.Townships)]
			if err := save(w.newDeputy(w.ProvinceCongress, w.ProvinceTerm, town)); err != nil {
				return err
			}
		}
		for i := range 26 {
			town := w.Townships[(i*7+3)%len(w.Townships)]
			if err := save(w.newDeputy(w.CityCongress, w.CityTerm, town)); err != nil {
				return err
			}
		}
		// Township congresses: about 15 deputies each (a real one has 45 or more;
		// the demo keeps the list readable).
		for _, town := range w.Townships {
			c := w.TownCongress[town.ID]
			if c == nil {
				continue
			}
			for range 15 {
				if err := save(w.newDeputy(c, w.TownTerm[town.ID], town)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
