package web

import (
	"time"

	"renda"
	"renda/internal/store"
	"renda/news"
	"renda/record"
)

func init() {
	b := sampleBase()
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)
	figs := []store.Figure{{Key: "suggestions.motions", Label: "十八届四次会议代表议案", Value: 2, Href: "/suggestions?kind=motion", Definition: "大会期间代表依法提出的议案"},
		{Key: "suggestions.overdue", Label: "已逾期未答复的议案建议", Value: 3, Href: "/suggestions?view=overdue", Alert: true, Now: true}}
	bars, h := chart(figs)
	town := &renda.Region{ID: "01jexampletownship000000", Name: "白沙镇", Level: renda.RegionTownship}
	samples["screen"] = &ScreenPage{Base: b, Year: 2024, Years: []int{2024, 2023}, Refresh: 300, Township: town, Towns: []*renda.Region{town},
		Panels: []ScreenPanel{{PanelFigures: store.PanelFigures{Key: "suggestions", Title: "议案建议", Figures: figs}, Bars: bars, Height: h},
			{PanelFigures: store.PanelFigures{Key: "townships", Title: "各镇（街道）群众意见", Figures: figs}, MapW: 560, MapH: 300,
				Map: []Dot{{Label: "白沙镇", Value: 23, Href: "/opinions?township=" + town.ID, X: 100, Y: 80, R: 12, LabelY: 103}}}}}
	samples["duty_entries"] = &DutyEntriesPage{Base: b, Year: 2024, Years: []int{2024}, Kind: "reception", Kinds: record.Kinds, Pager: Pager{Total: 1, Limit: 50},
		Items: []store.DutyEntry{{DeputyID: "01jexampledeputy00000000", DeputyName: "张三", Entry: record.Entry{Kind: "reception", At: at, Title: "接待日", Source: record.Source{Entity: "reception", ID: "01jexamplerecept00000000"}}}}}
	samples["yearbook"] = &YearbookPage{Base: b, Year: 2024, Years: []int{2024}, Figures: figs}
	a := &news.Article{ID: "01jexamplearticle0000000", Column: "四级联络站", Title: "开栏语", Summary: "导语", Body: "第一段\n第二段", State: news.Published,
		CreatedAt: at, UpdatedAt: at, PublishedAt: at}
	samples["news"] = &NewsPage{Base: b, Columns: []store.NewsColumn{{Name: "四级联络站", Articles: 1}}, Column: "四级联络站", Items: []*news.Article{a}, Pager: Pager{Total: 1, Limit: 20}}
	pic := &renda.Attachment{ID: "01jexampleattach00000000", Name: "图片.png", ContentType: "image/png"}
	doc := &renda.Attachment{ID: "01jexampleattach00000001", Name: "附件.pdf", ContentType: "application/pdf"}
	samples["article"] = &ArticlePage{Base: b, Article: a, Pictures: []*renda.Attachment{pic}, Attachments: []*renda.Attachment{doc}, URL: "http://example.org/news/" + a.ID}
	samples["news_manage"] = &NewsManagePage{Base: b, Items: []*news.Article{a}, Pager: Pager{Total: 1, Limit: 30}, States: news.Flow.States, CanCreate: true}
	samples["article_new"] = &ArticleNewPage{Base: b, Form: &Form{}}
	samples["article_manage"] = &ArticleManagePage{Base: b, Article: a, Pictures: []*renda.Attachment{pic}, Attachments: []*renda.Attachment{doc}, History: []renda.AuditRecord{{Action: "publish", Entity: "news", EntityID: a.ID, To: news.Published, At: at}}}
	samples["open_data"] = &OpenDataPage{Base: b, Datasets: []store.Dataset{{ID: "news", Title: "人大新闻", Description: "已发布的专栏文章", Formats: []string{"csv", "json"},
		UpdatedAt: at, Licence: store.OpenLicence, Fields: []store.DatasetField{{Name: "id", Label: "编号"}}}}}
}
