package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/news"
)

// The portal's demo articles: the seed's own column with its opening words
// as the first article (the seed is a portal article), and a dozen invented
// articles (labelled 演示) in every state of news.Flow: published ones in
// several columns, one reviewed and waiting, one draft, one withdrawn.

// NewsColumn is the seed's column.
const NewsColumn = "履职为民这一年"

const seedOpening = "龙腾盛世，蛇舞神州。过去的一年注定不平凡。适逢人民代表大会制度成立七十周年，常宁市人大常委会坚持在市委的领导下，和百万常宁人民同心同行、同频共振，在重大节点、关键之年交出了一份履职为民的优秀答卷。\n" +
	"节序轮回，春讯悄至。常宁市第十八届人民代表大会第六次会议即将开幕。站在新的起点，回顾过去一年人大工作的不凡历程，我们深刻感受到制度的生命力，在于始终与党同向，与人民同行。为进一步总结基层人大践行全过程人民民主实践经验，“常宁人大”特设专栏，以文叙事、以图为证，彰显常宁市人大履职风采，请予关注。"

const seedBody = "2024年是人民代表大会制度建立70周年，也是常宁全力拼经济、加压促发展、创新抓治理的一年。\n" +
	"履职渠道多元化。加快推进“智慧人大”代表入站，实现四级代表联络站“一线联通、一键直达、一屏共览”。推动“码上找代表”与12345热线深度融合。\n" +
	"建议办理显成效。针对市十八届人大四次会议期间提出的2件议案、249件建议，人大常委会全面落实重点领办、精准交办、领衔督办、检查验收等制度，实行议案建议办理全流程闭环监督。\n" +
	"本文所列数字，在本平台“年度履职数据”中由业务数据自动统计，点开即可核对。"

type demoArticle struct {
	column, title, summary, body string
	daysAgo                      int
	end                          string // the state it ends in
}

var demoArticles = []demoArticle{
	{NewsColumn, "开栏语", seedOpening, seedBody, 300, news.Published},
	{NewsColumn, "（演示）代表联络站接待日：群众家门口说事", "柏坊镇代表联络站本月接待日收到群众意见12件。", "代表们逐件登记，当场答复5件，其余转交相关部门办理。\n办理结果将在“查询办理进度”中公开。", 280, news.Published},
	{NewsColumn, "（演示）民生实事项目票决产生", "市人大代表差额票决产生本年度民生实事项目。", "大会采用电子表决，15个候选项目中选出10个。\n项目实施情况将定期向代表通报。", 260, news.Published},
	{"工作动态", "（演示）市人大常委会开展安全生产执法检查", "检查组深入企业一线查找隐患。", "检查组分三组走访了12家企业。\n针对发现的问题，提出了整改意见。", 220, news.Published},
	{"工作动态", "（演示）备案审查：有件必备、有备必审、有错必纠", "常委会听取规范性文件备案审查工作报告。", "报告显示，全年报备文件均按期完成审查。\n对发现问题的文件，制定机关已自行纠正。", 180, news.Published},
	{"工作动态", "（演示）草案公开征求意见", "欢迎群众逐条提出意见建议。", "草案全文已在“草案征求意见”栏目公布。\n征求意见期间，群众可通过手机逐条提出意见。", 150, news.Published},
	{"代表风采", "（演示）一位乡村医生代表的履职日记", "走村入户，倾听群众的健康需求。", "他把群众反映的问题整理成建议。\n建议已交有关部门办理。", 120, news.Published},
	{"代表风采", "（演示）茶叶产业代表联络站的新故事", "特色站点让代表履职更专业。", "联络站组织茶农与专家座谈。\n代表们就产业发展提出了建议。", 90, news.Published},
	{"代表风采", "（演示）代表向选民述职", "代表们面对面向选民报告履职情况。", "选民对代表履职情况进行了评议。\n评议结果记入代表履职档案。", 60, news.Published},
	{"工作动态", "（演示）重点建议督办推进会", "主任会议成员领衔督办重点建议。", "承办单位汇报了办理进度。\n督办组对逾期未办结的建议提出明确要求。", 30, news.Published},
	{"工作动态", "（演示）专项工作评议启动", "本年度专项工作评议正式启动。", "评议组将开展调查、听取报告并组织测评。", 6, news.Reviewed},
	{"代表风采", "（演示）代表进站履职月活动", "草稿：待补充图片。", "各联络站陆续开展代表进站活动。", 2, news.Draft},
	{"工作动态", "（演示）一则已撤回的通知", "发布后发现时间有误，已撤回。", "原定活动时间调整，另行通知。", 40, news.Withdrawn},
}

type newsStep struct {
	who    *renda.User
	when   time.Time
	action string
}

func seedNews(ctx context.Context, db *store.DB, w *World) error {
	at := func(daysAgo, hour int) time.Time {
		d := renda.DateOf(w.Now).AddDays(-daysAgo)
		t := time.Date(d.Year, d.Month, d.Day, hour, 30, 0, 0, renda.CST)
		if t.After(w.Now) {
			t = w.Now.Add(-time.Hour)
		}
		return t
	}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		for i, d := range demoArticles {
			var a *news.Article
			steps := []newsStep{{w.Staff, at(d.daysAgo+2, 9), "create"}}
			switch d.end {
			case news.Reviewed:
				steps = append(steps, newsStep{w.Leader, at(d.daysAgo, 10), "review"})
			case news.Published, news.Withdrawn:
				steps = append(steps, newsStep{w.Leader, at(d.daysAgo+1, 10), "review"}, newsStep{w.Staff, at(d.daysAgo, 9), "publish"})
				if d.end == news.Withdrawn {
					steps = append(steps, newsStep{w.Staff, at(d.daysAgo-1, 11), "withdraw"})
				}
			}
			for _, st := range steps {
				err := tx.Replay(st.who, st.when, func(tx *store.Tx) error {
					var err error
					switch st.action {
					case "create":
						// Pictures (invented, 演示): the opening article has two.
						var files []*attach.File
						for j := range picturesOf(i) {
							f, err := attach.Check(fmt.Sprintf("演示图片%d.png", j+1), bytes.NewReader(sitePhoto(i*3+j)), attach.Image)
							if err != nil {
								return err
							}
							files = append(files, f)
						}
						a, err = tx.CreateArticle(renda.V("column", d.column, "title", d.title, "summary", d.summary, "body", d.body), files)
					case "withdraw":
						a, err = tx.ActOnArticle(a.ID, st.action, renda.V("text", "时间有误"), nil)
					case "review":
						a, err = tx.ActOnArticle(a.ID, st.action, renda.V("text", "同意发布"), nil)
					default:
						a, err = tx.ActOnArticle(a.ID, st.action, nil, nil)
					}
					return err
				})
				if err != nil {
					return fmt.Errorf("article %s: %s: %w", d.title, st.action, err)
				}
			}
		}
		return nil
	})
}

// picturesOf is how many pictures the demo's i-th article has.
func picturesOf(i int) int {
	if i == 0 {
		return 2
	}
	return 1
}

// seedTownshipStaff adds the staff of 白沙镇's congress (乡镇人大专干): a
// staff user whose organisation is the township's, so the leaders' screen
// shows them their township's own screen.
func seedTownshipStaff(ctx context.Context, db *store.DB, w *World) error {
	town := w.TownByName["白沙镇"]
	if town == nil {
		return nil
	}
	org := w.Orgs["xz"+town.Code[6:]]
	if org == nil {
		return fmt.Errorf("no organisation for %s", town.Name)
	}
	u, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: "staff-bs", DisplayName: "白沙镇人大专干 李芳", Role: renda.RoleStaff, OrgID: org.ID}, w.PasswordHash)
	if err != nil {
		return err
	}
	w.Users[u.Username] = u
	return nil
}
