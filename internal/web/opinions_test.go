package web

import (
	"go/parser"
	"go/token"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/xlsx"
	"renda/opinion"
	"renda/station"
)

func sampleStation() *station.Station {
	return &station.Station{ID: "01jexamplestation00000000", Code: "stashan", Name: "塔山瑶族乡人大代表联络站", Kind: station.Township, Sector: "茶叶产业",
		RegionID: "r", TownshipID: "r", Address: "塔山瑶族乡政府旁", Lat: 26.19, Lng: 112.33, Hours: "工作日", Phone: "0734-7200000", Intro: "简介", Model: true, Active: true,
		RegionName: "塔山村", TownshipName: "塔山瑶族乡",
		Members: []station.Member{{DeputyID: "01jexampledeputy00000000", DeputyCode: "dtashan01", Name: "盘秀英", Level: renda.LevelCounty, Title: "常宁市人大代表",
			Sector: "专业技术人员", Head: true, NextDuty: renda.NewDate(2024, 5, 15)}},
		Upcoming: []*station.Duty{sampleDuty()}}
}

func sampleDuty() *station.Duty {
	return &station.Duty{ID: "01jexampleduty0000000000", StationID: "s", Day: renda.NewDate(2024, 5, 15), Start: "09:00", End: "11:30", Topic: "接待", Status: station.DutyPlanned,
		Note: "备注", DeputyIDs: []string{"d"}, Deputies: []string{"盘秀英"}, StationName: "塔山站", StationCode: "stashan"}
}

func sampleOpinion() *opinion.Opinion {
	return &opinion.Opinion{ID: "01jexampleopinion00000000", TrackingCode: "K7M2Q9XA", Channel: opinion.ChannelHotline, State: opinion.Replied,
		StationID: "s", HandlerID: "d", Category: "道路交通", Content: "村口路灯坏了。", Address: "三组", Name: "李四", Phone: "139****1234", Due: renda.NewDate(2024, 5, 10),
		Answer: "已修复", AnsweredAt: time.Now(), ForwardTo: opinion.ForwardUnit, ForwardOrgName: "住建局", Complex: true, Extended: true, ForwardedAt: time.Now(),
		UnitReply: "已更换", Rating: renda.RatingSatisfied, RatingNote: "好", CloseReason: "重复反映", SuggestionID: "01jexamplesuggestion00000",
		ErasedAt: time.Now(), CreatedAt: time.Now(), StationName: "塔山站", DeputyName: "盘秀英", HandlerName: "盘秀英", TownshipName: "塔山瑶族乡",
		RegionName: "塔山村", HotlineNumber: "CN2405060001", HasPhone: true}
}

func init() {
	b := sampleBase()
	st := sampleStation()
	o := sampleOpinion()
	pager := Pager{Total: 40, Limit: 30, Offset: 0, Query: url.Values{}}
	dep := sampleDeputy()
	track := &store.OpinionTrack{Opinion: o, PublicState: "代表已答复，请您评价", CanRate: true, RatingDays: 15, RatingBefore: renda.NewDate(2024, 5, 30),
		Steps:      []store.TrackStep{{At: time.Now(), Label: "意见已提交"}, {At: time.Now(), Label: "代表已答复", Text: "已修复"}},
		Suggestion: &store.SuggestionPublic{ID: "x", Title: "关于路灯的建议", StatusLabel: "办理中", Number: "第1号"}}
	stats := &store.OpinionStats{From: renda.NewDate(2024, 1, 1), To: renda.NewDate(2024, 12, 31), Total: 10, Answered: 5, MedianDays: 3.5, Satisfied: 3, Basic: 1, Unsatisfied: 1,
		Overdue: 1, DutiesHeld: 4, Visitors: 30,
		ByChannel:  []store.StatRow{{Key: "qr", Label: "扫码反映", Total: 5, Answered: 3, Satisfied: 2}},
		ByCategory: []store.StatRow{{Key: "道路交通", Label: "道路交通", Total: 5, Open: 2, Unsat: 1}},
		ByTownship: []store.StatRow{{Key: "t", Label: "塔山瑶族乡", Total: 5, Overdue: 1}},
		ByStation:  []store.StatRow{{Key: "s", Label: "塔山站", Total: 5, DutiesHeld: 2, Receptions: 2, Visitors: 20}}}
	rec := &station.Reception{ID: "01jexamplereception00000", StationID: "s", Day: renda.NewDate(2024, 5, 15), Visitors: 12, Summary: "接待情况", DeputyIDs: []string{"d"},
		Deputies: []string{"盘秀英"}, StationName: "塔山站", Matters: 1, CreatedAt: time.Now()}
	actions := []*ActionForm{{Action: "answer", Label: "答复群众", Form: sampleForm(), Primary: true, Help: "说明"}, {Action: "close", Label: "不予受理", Form: sampleForm(), Danger: true}}
	for name, v := range map[string]any{
		"stations_public": &StationsPublicPage{Base: b, Q: "塔山", Total: 2, Towns: []TownStations{{Name: "塔山瑶族乡", Stations: []*station.Station{st}}},
			Special: []*station.Station{st}, Points: []MapPoint{{X: 10, Y: 20, Code: "s", Name: "站", Kind: station.Township, Model: true}, {X: 30, Y: 40, Kind: station.Village}, {X: 1, Y: 2, Kind: station.Special}}},
		"station_public": &StationPublicPage{Base: b, Station: st, URL: "http://example.org/s/stashan"},
		"poster":         &PosterPage{Base: b, Heading: "塔山站", Sub: "乡镇代表联络站", URL: "http://example.org/s/stashan", QR: "/s/stashan/qr.svg", Names: []string{"盘秀英"}, Hours: "工作日", Address: "塔山"},
		"deputy_public":  &DeputyPublicPage{Base: b, Deputy: dep, Stations: []*station.Station{st}, Duties: []*station.Duty{sampleDuty()}, URL: "http://example.org/d/dabc123"},
		"citizen_form": &CitizenFormPage{Base: b, Station: st, Action: "/s/stashan/new", Form: sampleForm(), Chosen: "dtashan01", MaxPhotos: 3, MaxMB: 8,
			Error: "输入有误", PhotoErr: "太大", Consent: true, ConsentEr: "请同意"},
		"track":    &TrackPage{Base: b, Code: "K7M2Q9XA", Tail: "1234", Sent: true, Error: "错", Track: track, Rated: true, Ratings: ratingOptions(), Form: sampleForm()},
		"stations": &StationsPage{Base: b, Items: []*station.Station{st}, Pager: pager, Q: "塔山", Kind: "township", Mine: true, CanEdit: true},
		"station": &StationPage{Base: b, Station: st, URL: "http://example.org/s/stashan", Duties: []*station.Duty{sampleDuty()}, Receptions: []*station.Reception{rec},
			History: sampleHistory(), CanEdit: true, CanRecord: true, MembersForm: sampleForm(), DutyForm: sampleForm(), RecordForm: sampleForm(), CancelCSRF: "t"},
		"station_form": &StationFormPage{Base: b, Form: sampleForm(), Station: st},
		"reception":    &ReceptionPage{Base: b, Reception: rec, Matters: []*opinion.Opinion{o}, Form: sampleForm()},
		"opinions": &OpinionsPage{Base: b, Items: []*opinion.Opinion{o}, Pager: pager, Filter: opinion.Filter{State: "open", Q: "路", Pool: true},
			Tabs: []Tab{{Label: "待办", Href: "/opinions?state=open", Active: true}}, Categories: []string{"道路交通"}, Channels: []Option{{Value: "qr", Label: "扫码反映"}},
			Today: renda.NewDate(2024, 6, 1), CanNote: true, CanExport: true},
		"opinion":           &OpinionPage{Base: b, Opinion: o, Photos: []*renda.Attachment{{ID: "a", Name: "照片.jpg"}}, History: sampleHistory(), Actions: actions, Today: renda.NewDate(2024, 6, 1)},
		"opinion_new":       &OpinionNewPage{Base: b, Form: sampleForm()},
		"opinion_stats":     &OpinionStatsPage{Base: b, Stats: stats, Shortfalls: []store.DutyShortfall{{DeputyID: "d", Name: "盘秀英", Level: renda.LevelCounty, StationName: "塔山站", Held: 1}}, Short: 50, Want: 2, Year: 2024},
		"opinion_recurring": &RecurringPage{Base: b, Items: []*opinion.RecurringProblem{{TownshipName: "塔山瑶族乡", Category: "饮水水利", Count: 3, Evidence: []*opinion.Opinion{o}}}, Count: 3, Days: 90, Deputy: true},
		"hotline": &HotlinePage{Base: b, Items: []*opinion.HotlineOrder{{ID: "h", Number: "CN1", Channel: "电话", ReceivedAt: time.Now(), Type: "求助", Content: "停水", Due: time.Now(),
			OpinionID: "o", RegionName: "塔山", State: "submitted", HandlerName: "盘秀英"}}, Pager: pager, Q: "停水", Form: sampleForm(),
			Problems: []xlsx.RowError{{Line: 2, Column: "工单编号", Message: "必填"}}, CanImport: true, Endpoint: "http://example.org/api/v1/hotline/orders"},
		"integrations": &IntegrationsPage{Base: b, Items: []*opinion.Integration{{ID: "i", Kind: "hotline", Name: "12345", Active: true, CreatedAt: time.Now()}, {ID: "j", Kind: "open311", Name: "app"}},
			Form: sampleForm(), Secret: "abc", Name: "12345", Demo: true},
	} {
		samples[name] = v
	}
}

// TestOpinionEnglish checks that every Chinese string this workflow's Go code
// hands to pages (labels, help, titles, buttons, options, flash and error
// messages, the domain's labels and settings) has an English entry.
func TestOpinionEnglish(t *testing.T) {
	dict, err := loadDictionary()
	if err != nil {
		t.Fatal(err)
	}
	tr := newTranslator(dict)
	found := map[string]string{}
	fset := token.NewFileSet()
	for _, src := range []struct {
		source
		files []string
	}{
		{sources[0], []string{"opinions.go", "stations.go", "hotline.go", "qr.go"}},
		{source{"../../opinion", []string{"Message", "Label", "Help", "Confirm"}, sources[1].calls}, []string{"opinion.go", "flow.go", "hotline.go"}},
		{source{"../../station", sources[1].keys, sources[1].calls}, []string{"station.go"}},
		{sources[2], []string{"opinions.go", "stations.go", "hotline.go", "opinion_jobs.go", "opinion_escalate.go"}},
	} {
		for _, name := range src.files {
			f, err := parser.ParseFile(fset, filepath.Join(src.dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			goFileStrings(fset, f, src.source, found)
		}
	}
	add := func(where string, ss ...string) {
		for _, s := range ss {
			if hasHan(s) {
				found[s] = where
			}
		}
	}
	for _, s := range opinion.Flow.States {
		add("OpinionWorkflow.States", s.Label, opinion.PublicState(s.State))
	}
	for _, r := range opinion.Flow.Table().Rules {
		add("OpinionWorkflow.Rules", r.Label, r.Help, r.Confirm)
		for _, f := range r.Fields {
			add("OpinionWorkflow field "+f.Name, settingsPattern(f.Label), settingsPattern(f.Help))
		}
	}
	for _, c := range opinion.Channels {
		add("ChannelLabel", opinion.ChannelLabel(c))
	}
	for _, k := range station.Kinds {
		add("StationKind.Label", k.Label())
	}
	for _, d := range []station.DutyStatus{station.DutyPlanned, station.DutyHeld, station.DutyCancelled} {
		add("DutyStatus.Label", d.Label())
	}
	for _, r := range renda.Ratings {
		add("RatingLabel", renda.RatingLabel(r))
	}
	for _, d := range renda.AllSettings() {
		if strings.HasPrefix(d.Key, "opinion.") || strings.HasPrefix(d.Key, "station.") {
			add("setting "+d.Key, d.Group, d.Label, d.Help)
		}
	}
	var missing []string
	for s, where := range found {
		if _, ok := dict[s]; ok {
			continue
		}
		if !strings.Contains(s, "%s") && !hasHan(tr(s)) {
			continue
		}
		missing = append(missing, where+": "+strconv.Quote(s))
	}
	sort.Strings(missing)
	if len(found) < 200 {
		t.Errorf("found only %d strings: is the test still looking in the right places?", len(found))
	}
	if len(missing) > 0 {
		t.Errorf("%d strings have no English in i18n/opinions.tsv:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// settingsPattern writes a label that names settings ({key}) as the
// dictionary's pattern (%s).
func settingsPattern(s string) string {
	return regexp.MustCompile(`\{[a-z_.]+\}`).ReplaceAllString(s, "%s")
}
