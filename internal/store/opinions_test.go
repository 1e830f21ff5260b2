package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/station"
)

// stationFixture adds a township station with both fixture deputies
// (Deputy1 its head) to the small county.
func stationFixture(t *testing.T, db *store.DB, f *storetest.Fix) *station.Station {
	t.Helper()
	ctx := context.Background()
	s := &station.Station{Code: "sbaifang", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: f.Town1.ID,
		Address: "柏坊镇政府一楼", Lat: 26.37, Lng: 112.45, Hours: "工作日 8:30–17:30", Active: true}
	if err := db.SaveStation(ctx, f.Staff, s); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStationDeputies(ctx, f.Staff, s.ID, []string{f.Deputy1.ID, f.Deputy2.ID}, f.Deputy1.ID); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpinionFromQRToRating(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村口的路灯坏了三个月，晚上看不见路。",
			Name: "李四", Phone: "13900001234", Consent: true, IP: "10.0.0.1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if o.HandlerID != f.Deputy1.ID {
			t.Errorf("handler %q, want the station's head %q", o.HandlerID, f.Deputy1.ID)
		}
		if o.Category != "道路交通" {
			t.Errorf("category %q, want 道路交通 guessed from 路灯", o.Category)
		}
		// Deputy 2 (same station, not handler) sees it masked? No: not in their inbox.
		if _, err := db.Opinion(ctx, f.DeputyUser2, o.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("other deputy: %v, want not found", err)
		}
		mine, err := db.Opinion(ctx, f.DeputyUser, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mine.Phone != "13900001234" || mine.Name != "李四" {
			t.Errorf("handler sees %q %q, want full", mine.Name, mine.Phone)
		}
		lead, err := db.Opinion(ctx, f.Leader, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if lead.Phone != "139****1234" || lead.Name != "李*" || lead.TrackingCode != "" {
			t.Errorf("leader sees %q %q %q, want masked", lead.Name, lead.Phone, lead.TrackingCode)
		}
		if _, err := db.TrackOpinion(ctx, o.TrackingCode, "9999", "10.0.0.2"); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("wrong tail: %v", err)
		}
		tr, err := db.TrackOpinion(ctx, strings.ToLower(o.TrackingCode), "1234", "10.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		if tr.CanRate || tr.Opinion.Phone != "" {
			t.Errorf("track before answer: %+v", tr)
		}
		if _, err := db.RateOpinion(ctx, o.TrackingCode, "1234", "", renda.RatingSatisfied, ""); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("rate before answer: %v", err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser2, o.ID, "answer", renda.V("text", "x")); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("answer by another deputy: %v", err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", " ")); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("empty answer: %v", err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", "已联系镇政府，本周内修复。")); err != nil {
			t.Fatal(err)
		}
		tr, err = db.RateOpinion(ctx, o.TrackingCode, "1234", "", renda.RatingSatisfied, "很快")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Opinion.State != opinion.Closed || tr.Opinion.Rating != renda.RatingSatisfied {
			t.Errorf("after rating: %s %s", tr.Opinion.State, tr.Opinion.Rating)
		}
		var labels []string
		for _, s := range tr.Steps {
			labels = append(labels, s.Label)
		}
		if got := strings.Join(labels, ","); got != "意见已提交,代表已答复,您已评价" {
			t.Errorf("steps %s", got)
		}
		msgs, _, err := db.Outbox(ctx, store.OutboxFilter{Channel: "sms"})
		// The outbox list shows the phone masked; delivery gets the number.
		if err != nil || len(msgs) != 1 || msgs[0].Recipient != renda.MaskPhone("13900001234") || !strings.Contains(msgs[0].Body, o.TrackingCode) {
			t.Errorf("sms to the citizen: %+v %v", msgs, err)
		}
		if claimed, err := db.ClaimMessages(ctx, 10, time.Minute); err != nil || !slices.ContainsFunc(claimed, func(m renda.Message) bool { return m.Recipient == "13900001234" }) {
			t.Errorf("delivery of the sms to the citizen: %+v %v", claimed, err)
		}
	})
}

func TestOpinionForwardToUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
		_ = clock
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, DeputyCode: f.Deputy2.Code,
			Content: "小区楼道灯坏了，物业不管。", Consent: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if o.HandlerID != f.Deputy2.ID {
			t.Fatalf("chosen deputy not handler: %s", o.HandlerID)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser2, o.ID, "forward", renda.V("to", "unit")); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("forward without unit: %v", err)
		}
		fw, err := db.ActOnOpinion(ctx, f.DeputyUser2, o.ID, "forward", renda.V("to", "unit", "org_id", f.Unit1.ID, "complex", true))
		if err != nil {
			t.Fatal(err)
		}
		if fw.State != opinion.Forwarded || fw.Due.IsZero() {
			t.Errorf("forwarded: %s due %s", fw.State, fw.Due)
		}
		if _, err := db.Opinion(ctx, f.UnitUser2, o.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("other unit sees it: %v", err)
		}
		seen, err := db.Opinion(ctx, f.UnitUser, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if seen.Phone != "" && !strings.Contains(seen.Phone, "*") {
			t.Errorf("unit sees phone %q", seen.Phone)
		}
		for _, step := range []string{"sign", "reply"} {
			if _, err := db.ActOnOpinion(ctx, f.UnitUser, o.ID, step, renda.V("text", "已更换灯具。")); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		got, err := db.Opinion(ctx, f.DeputyUser2, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != opinion.Replied || got.UnitReply != "已更换灯具。" {
			t.Errorf("after reply: %s %q", got.State, got.UnitReply)
		}
		// The deputy confirms the unit's reply: an empty answer takes it.
		ans, err := db.ActOnOpinion(ctx, f.DeputyUser2, o.ID, "answer", renda.V())
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answer != "已更换灯具。" || ans.State != opinion.Answered {
			t.Errorf("answer %q %s", ans.Answer, ans.State)
		}
		h, err := db.History(ctx, "opinion", o.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range h {
			actions = append(actions, r.Action)
			if strings.Contains(string(r.After), "13") && strings.Contains(string(r.After), "phone\":\"1") {
				t.Errorf("audit holds a phone: %s", r.After)
			}
		}
		if got := strings.Join(actions, ","); got != "submit,forward,sign,reply,answer" {
			t.Errorf("history %s", got)
		}
	})
}

func TestHotlineOrderIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		stationFixture(t, db, f)
		h := &opinion.HotlineOrder{Number: "HX20240506001", Channel: "电话", ReceivedAt: time.Date(2024, 5, 6, 9, 30, 0, 0, renda.CST),
			RegionCode: f.Town1.Code, Type: "求助", Content: "自来水停水两天了", Due: time.Date(2024, 5, 13, 18, 0, 0, 0, renda.CST)}
		got, created, err := db.ReceiveHotlineOrder(ctx, h)
		if err != nil || !created {
			t.Fatalf("first: %v %v", created, err)
		}
		again := *h
		again.ID = ""
		got2, created, err := db.ReceiveHotlineOrder(ctx, &again)
		if err != nil || created || got2.ID != got.ID {
			t.Fatalf("repeat: %v %v %v", created, err, got2)
		}
		list, total, err := db.Opinions(ctx, f.DeputyUser, opinion.Filter{Channel: opinion.ChannelHotline})
		if err != nil || total != 1 || list[0].HotlineNumber != "HX20240506001" || list[0].Category != "饮水水利" {
			t.Fatalf("stationed deputy's inbox: %d %v %+v", total, err, list)
		}
		// A stationed deputy claims it and answers; the result goes back to 12345.
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, list[0].ID, "claim", renda.V()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser2, list[0].ID, "claim", renda.V()); err == nil {
			t.Error("claimed twice")
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, list[0].ID, "answer", renda.V("text", "已协调自来水公司抢修。")); err != nil {
			t.Fatal(err)
		}
		msgs, _, err := db.Outbox(ctx, store.OutboxFilter{Channel: "hotline"})
		if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Body, `"number":"HX20240506001"`) {
			t.Errorf("result to 12345: %+v %v", msgs, err)
		}
	})
}

// TestOpinionEscalatedIntoSuggestion: a deputy turns an opinion into a
// draft suggestion; it goes through the suggestion workflow, and the
// citizen's tracking page follows it.
func TestOpinionEscalatedIntoSuggestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		var first *opinion.Opinion
		for i, text := range []string{"柏坊镇中学门口上下学时车辆乱停，很危险。", "中学门口没有减速带，车速太快。", "学校路口缺少红绿灯和停车位。"} {
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Category: "道路交通", Content: text,
				Phone: "1390000123" + strconv.Itoa(i), Consent: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = o
			}
		}
		rec, err := db.RecurringProblems(ctx, f.DeputyUser)
		if err != nil || len(rec) != 1 || rec[0].Count != 3 || len(rec[0].Evidence) != 3 {
			t.Fatalf("recurring for the stationed deputy: %+v %v", rec, err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, first.ID, "escalate", renda.V()); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("escalate without a title: %v", err)
		}
		if _, err := db.ActOnOpinion(ctx, f.Staff, first.ID, "escalate", renda.V("title", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("staff escalate: %v", err)
		}
		o, err := db.ActOnOpinion(ctx, f.DeputyUser, first.ID, "escalate", renda.V("title", "关于整治柏坊镇中学周边交通秩序的建议", "text", "三个月内三次反映。"))
		if err != nil {
			t.Fatal(err)
		}
		if o.State != opinion.Escalated || o.SuggestionID == "" {
			t.Fatalf("escalated: %s %q", o.State, o.SuggestionID)
		}
		sug, err := db.Suggestion(ctx, f.DeputyUser, o.SuggestionID)
		if err != nil {
			t.Fatal(err)
		}
		if sug.Status != renda.SugDraft || sug.SourceEntity != "opinion" || sug.SourceID != o.ID || !strings.Contains(sug.Body, "车辆乱停") ||
			!strings.Contains(sug.Body, "减速带") || sug.Category != "交通运输" {
			t.Errorf("draft: %+v", sug)
		}
		tr, err := db.TrackOpinion(ctx, first.TrackingCode, "1230", "")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Suggestion == nil || tr.Suggestion.StatusLabel != "代表正在起草" || tr.PublicState != "已转为人大代表建议" {
			t.Errorf("citizen sees %+v %q", tr.Suggestion, tr.PublicState)
		}
		// The suggestion's own workflow.
		act := func(u *renda.User, action string, in renda.SuggestionInput) {
			t.Helper()
			if _, err := db.ActOnSuggestion(ctx, u, o.SuggestionID, action, in, nil); err != nil {
				t.Fatalf("%s: %v", action, err)
			}
		}
		act(f.DeputyUser, "submit", renda.SuggestionInput{})
		act(f.Staff, "register", renda.SuggestionInput{Category: "交通运输"})
		act(f.Staff, "assign", renda.SuggestionInput{LeadUnitID: f.Unit1.ID})
		act(f.UnitUser, "contact", renda.SuggestionInput{Method: "phone", Note: "电话沟通"})
		act(f.UnitUser, "reply", renda.SuggestionInput{Category: "B", Text: "已列入今年学校周边交通整治计划。"})
		tr, err = db.TrackOpinion(ctx, first.TrackingCode, "1230", "")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Suggestion == nil || tr.Suggestion.Number == "" || tr.Suggestion.Status != renda.SugReplied || tr.Suggestion.UnitName != f.Unit1.Name {
			t.Errorf("citizen follows the suggestion: %+v", tr.Suggestion)
		}
		var labels []string
		for _, s := range tr.Steps {
			labels = append(labels, s.Label)
		}
		if !strings.Contains(strings.Join(labels, ","), "已转为人大代表建议") {
			t.Errorf("steps %v", labels)
		}
		// The citizen was told by SMS.
		msgs, _, err := db.Outbox(ctx, store.OutboxFilter{Channel: "sms"})
		if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Body, "建议") {
			t.Errorf("sms: %+v %v", msgs, err)
		}
	})
}

// TestOpinionStatistics: figures by channel, category, township and station,
// the median time to answer, satisfaction, and reception days held with the
// people received.
func TestOpinionStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		var ids []string
		for _, c := range []string{"道路交通", "道路交通", "教育"} {
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Category: c, Content: "某处有问题需要解决。", Phone: "13900000000", Consent: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		if _, err := db.SubmitOpinion(ctx, f.DeputyUser, opinion.Submission{Channel: opinion.ChannelDeputy, Category: "教育", Content: "走访听到的意见。"}, nil); err != nil {
			t.Fatal(err)
		}
		for i, id := range ids[:2] {
			if _, err := db.ActOnOpinion(ctx, f.DeputyUser, id, "answer", renda.V("text", "已答复")); err != nil {
				t.Fatal(err)
			}
			rating := []string{renda.RatingSatisfied, renda.RatingUnsatisfied}[i]
			o, _ := db.Opinion(ctx, f.Staff, id)
			if _, err := db.RateOpinion(ctx, o.TrackingCode, "0000", "", rating, ""); err != nil {
				t.Fatal(err)
			}
		}
		today := renda.DateOf(time.Now())
		if err := db.RecordReception(ctx, f.DeputyUser, &station.Reception{StationID: s.ID, Day: today, Visitors: 7, Summary: "接待", DeputyIDs: []string{f.Deputy1.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpinionStatistics(ctx, f.DeputyUser, today, today); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a deputy gets the figures: %v", err)
		}
		st, err := db.OpinionStatistics(ctx, f.Staff, today.AddDays(-1), today)
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 4 || st.Answered != 2 || st.Open != 2 || st.Satisfied != 1 || st.Unsatisfied != 1 || st.Visitors != 7 {
			t.Errorf("totals: %+v", st)
		}
		byKey := func(rows []store.StatRow, key string) store.StatRow {
			for _, r := range rows {
				if r.Key == key || r.Label == key {
					return r
				}
			}
			return store.StatRow{}
		}
		if r := byKey(st.ByChannel, opinion.ChannelQR); r.Total != 3 || r.Answered != 2 {
			t.Errorf("by channel: %+v", st.ByChannel)
		}
		if r := byKey(st.ByCategory, "教育"); r.Total != 2 {
			t.Errorf("by category: %+v", st.ByCategory)
		}
		if r := byKey(st.ByStation, s.ID); r.Total != 3 || r.Visitors != 7 || r.Receptions != 1 {
			t.Errorf("by station: %+v", st.ByStation)
		}
		if r := byKey(st.ByTownship, f.Town1.ID); r.Total != 4 {
			t.Errorf("by township: %+v", st.ByTownship)
		}
		if st.MedianDays < 0 || st.MedianDays > 0.01 {
			t.Errorf("median days %v", st.MedianDays)
		}
	})
}
