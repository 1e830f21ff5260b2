package web

import (
	"time"

	"renda"
	"renda/internal/store"
	"renda/record"
)

func init() {
	b := sampleBase()
	d := &renda.Deputy{ID: "01jexampledeputy000000000", Name: "李明", Code: "D001"}
	s := renda.NewSettings(nil)
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)
	rec := record.Read(d.ID, 2024, []record.Entry{
		{Kind: "opinion", At: at, Title: "答复群众意见：路灯不亮", Source: record.Source{Entity: "opinion", ID: "01jexampleopinion00000000"},
			Notes: []record.Note{{Text: "已现场查看", By: "李明", At: at}}},
		{Kind: "training", At: at, Title: "参加代表培训", Source: record.Source{Entity: "external", ID: "01jexampleexternal0000000"}, Evidence: "签到表",
			Notes: []record.Note{{Text: "日期有误", Correction: true, By: "李明", At: at}}},
	}, s)
	samples["deputy_record"] = &RecordPage{Base: b, Deputy: d, Record: rec, Year: 2024, Years: []int{2024, 2023}, Own: true, Staff: true, Floor: 6,
		AddForm: &Form{CSRF: "token", Action: "/x", Submit: "补录", Fields: []*Field{{Name: "kind", Label: "类别", Type: "select", Options: []Option{{Value: "training", Label: "参加学习培训"}}}}}}
	rk := []store.DutyRanking{{DeputyID: d.ID, Name: "李明", Region: "宜阳街道", Entries: 2, Points: 3}}
	samples["records"] = &RecordsPage{Base: b, Year: 2024, Years: []int{2024}, Floor: 6, Rankings: rk, Below: rk}
}

func init() {
	b := sampleBase()
	g := &renda.Group{ID: "01jexamplegroup0000000000", Name: "某村茶叶实践基地", Kind: renda.GroupBase, RegionName: "某村", LeaderID: "01jexampledeputy000000000", LeaderName: "李明", Goals: "带动茶农增收"}
	samples["group"] = &GroupPage{Base: b, Group: g, KindLabel: "实践基地", Members: []store.GroupMember{{DeputyID: "01jexampledeputy000000000", Name: "李明", Region: "塔山瑶族乡"}},
		Activities:   []renda.GroupActivity{{ID: "01jexampleactivity0000000", Day: renda.NewDate(2024, 5, 6), Title: "座谈会", Summary: "情况", Deputies: []string{"李明", "王芳"}}},
		ActivityForm: &Form{CSRF: "token", Action: "/x", Submit: "登记活动"}, MemberForm: &Form{CSRF: "token", Action: "/y", Submit: "添加成员"}}
}
