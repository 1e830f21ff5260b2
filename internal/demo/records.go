package demo

import (
	"context"
	"fmt"

	"renda"
	"renda/internal/store"
)

// seedRecords: the ten practice bases (人大代表引领乡村振兴实践基地, each in
// a village, led by a county deputy of its township, with its goals and its
// deputies), and a year of group activities — the bases', the 医疗卫生 and
// 茶叶产业 groups' — each crediting the deputies who took part in their duty
// records, as the work itself does everywhere else.
func seedRecords(ctx context.Context, db *store.DB, w *World) error {
	themes := []struct{ name, goals string }{
		{"茶叶", "建成标准化茶园示范片，带动茶农增收，打响塔山瑶山茶品牌"},
		{"油茶", "推广油茶低改技术，建设油茶加工点，带动脱贫户稳定增收"},
		{"稻虾共养", "发展稻虾综合种养，稳粮增收，建设农产品直供点"},
		{"黄桃", "扩大黄桃种植，发展采摘游和电商销售"},
		{"乡村旅游", "整合古村落资源，发展民宿和研学旅游"},
		{"蔬菜产业", "建设蔬菜大棚基地，对接城区超市和学校食堂"},
		{"生猪养殖", "推进标准化养殖和粪污资源化利用"},
		{"人居环境", "推进厕所革命和垃圾分类，创建美丽屋场"},
		{"电商助农", "建设村级电商服务站，帮助农户网上销售农产品"},
		{"基层治理", "推行“屋场会”议事，化解矛盾纠纷在基层"},
	}
	county := w.ByLevel[renda.LevelCounty]
	byTown := map[string][]*renda.Deputy{}
	for _, d := range county {
		byTown[d.RegionID] = append(byTown[d.RegionID], d)
	}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		activity := func(g *renda.Group, daysAgo int, title, summary string, ds []*renda.Deputy) error {
			a := &renda.GroupActivity{GroupID: g.ID, Day: renda.DateOf(w.Now).AddDays(-daysAgo), Title: title, Summary: summary}
			for _, d := range ds {
				a.DeputyIDs = append(a.DeputyIDs, d.ID)
			}
			return tx.RecordGroupActivity(a)
		}
		n := 0
		for _, town := range w.Townships {
			if n == len(themes) {
				break
			}
			deps, vils := byTown[town.ID], w.Villages[town.ID]
			if len(deps) < 2 || len(vils) == 0 {
				continue
			}
			th := themes[n]
			vil := vils[n%len(vils)]
			members := deps[:min(3, len(deps))]
			g := &renda.Group{Name: vil.Name + th.name + "实践基地", Kind: renda.GroupBase, RegionID: vil.ID, LeaderID: members[0].ID, Goals: th.goals,
				Description: fmt.Sprintf("人大代表引领乡村振兴实践基地，由%s代表领办，围绕%s开展履职活动。", members[0].Name, th.name)}
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
			if err := activity(g, 200-n*7, th.name+"产业发展座谈会", "代表与村“两委”、种养大户座谈，梳理发展难题，形成建议。", members); err != nil {
				return err
			}
			if err := activity(g, 60+n*3, "实践基地现场推进会", "代表现场查看项目进度，协调解决用地、用电问题。", members[:2]); err != nil {
				return err
			}
			n++
		}
		for name, acts := range map[string][]string{
			"医疗卫生专业小组": {"基层医疗卫生服务专题调研", "慢病管理和家庭医生签约座谈"},
			"茶叶产业专业小组": {"茶叶产业化发展专题调研", "茶企、茶农意见听取会"},
		} {
			g := w.Groups[name]
			ms, err := tx.GroupMemberDeputies(g.ID)
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				continue
			}
			for i, title := range acts {
				if err := activity(g, 150-i*60, title, "", ms[:min(5, len(ms))]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
