package demo

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/internal/store"
	"renda/meeting"
	"renda/record"
	"renda/vote"
)

// seedMeetingSessions: 常宁市第十八届人民代表大会第六次会议 (February 2025) as a
// meeting, replayed through its real actions: every deputy of the term on
// the roll, grouped by delegation; leave asked for and approved (one asked
// for and not approved); the deputies present at the session's vote (the
// 2024 projects' rating) registered on arrival; two plenary sittings with
// their own check-ins; the delegations' opinions on the work reports, one
// summarised; the two resolutions on the work reports voted at the second
// sitting, and a 差额 by-election (three candidates, two seats); the close settling attendance into the duty records, which
// alerts staff of the deputy absent a second time without leave.
func seedMeetingSessions(ctx context.Context, db *store.DB, w *World) error {
	s6 := w.CountySessions[5]
	at := func(daysFromStart, h, m int) time.Time {
		return s6.StartDate.AddDays(daysFromStart).Start().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	// Who was there: present on the roll of a vote of the session.
	votes, _, err := db.Votes(ctx, vote.Filter{CongressID: w.CountyCongress.ID, Limit: 500})
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, v := range votes {
		if v.SessionID != s6.ID {
			continue
		}
		roll, err := db.Roll(ctx, w.Staff, v.ID)
		if err != nil {
			return err
		}
		for _, x := range roll {
			if x.Present {
				present[x.DeputyID] = true
			}
		}
	}
	if len(present) == 0 {
		return fmt.Errorf("no deputy present at a vote of the sixth session")
	}
	deputy := func(p *meeting.Member) *renda.User {
		return &renda.User{Username: "d" + p.DeputyID, DisplayName: p.Name, Role: renda.RoleDeputy, DeputyID: p.DeputyID}
	}
	var voteIDs []string
	err = db.Seed(ctx, System, func(tx *store.Tx) error {
		step := func(actor *renda.User, t time.Time, fn func(tx *store.Tx) error) error {
			return tx.Replay(actor, t, fn)
		}
		var m *meeting.Meeting
		act := func(actor *renda.User, t time.Time, action string, in renda.Values) error {
			return step(actor, t, func(tx *store.Tx) error {
				var err error
				m, err = tx.ActOnMeeting(m.ID, action, in)
				if err != nil {
					return fmt.Errorf("%s: %w", action, err)
				}
				return nil
			})
		}
		if err := step(w.Staff, at(-14, 10, 0), func(tx *store.Tx) error {
			var err error
			m, err = tx.CreateMeeting(w.CountyCongress.ID, renda.Values{"kind": {"congress"}, "session": {s6.ID}, "number": {"6"},
				"title": {"常宁市第十八届人民代表大会第六次会议"}, "date": {s6.StartDate.String()}, "time": {"09:00"},
				"place": {"常宁市会议中心大礼堂"}, "chair": {"大会主席团"}})
			if err != nil {
				return err
			}
			for _, it := range [][3]string{
				{"政府工作报告", "report", "市人民政府市长"},
				{"常宁市人民代表大会常务委员会工作报告", "report", "市人大常委会主任"},
				{"常宁市人民法院工作报告", "report", "市人民法院院长"},
				{"常宁市人民检察院工作报告", "report", "市人民检察院检察长"},
				{"关于政府工作报告的决议（草案）", "resolution", "大会主席团"},
				{"关于常宁市人民代表大会常务委员会工作报告的决议（草案）", "resolution", "大会主席团"},
			} {
				if m, err = tx.ActOnMeeting(m.ID, "add_item", renda.V("title", it[0], "kind", it[1], "reporter", it[2])); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		var absent []*meeting.Member
		for _, p := range m.Members {
			if !p.Attends && !present[p.DeputyID] && p.DeputyID != w.Deputy1.DeputyID && p.DeputyID != w.Deputy2.DeputyID {
				absent = append(absent, p)
			}
		}
		if len(absent) < 3 {
			return fmt.Errorf("only %d deputies absent from the sixth session's vote", len(absent))
		}
		// The first was absent from the third session too, before renda was used: staff enter it by hand.
		w.SessionAbsentee = absent[0].DeputyID
		if err := step(w.Staff, at(-30, 10, 0), func(tx *store.Tx) error {
			_, err := tx.AddDutyEntry(absent[0].DeputyID, record.Addition{Kind: "absence", Title: "未经批准未出席常宁市第十八届人民代表大会第三次会议",
				Date: w.CountySessions[2].StartDate, Evidence: "十八届三次会议签到册和大会秘书处缺席登记（启用本系统前）"})
			return err
		}); err != nil {
			return err
		}
		if err := act(w.Staff, at(-8, 15, 0), "notify", nil); err != nil {
			return err
		}
		// Leave: the others absent asked and the chair agreed; the second asked and was not approved.
		reasons := []string{"因病住院治疗", "赴外地参加培训", "家中有急事", "在外地招商引资", "出国考察"}
		for i, p := range absent[1:] {
			if err := act(deputy(p), at(-3, 9, i), "request_leave", renda.V("reason", reasons[i%len(reasons)])); err != nil {
				return err
			}
			if i == 0 {
				continue
			}
			if err := act(w.Staff, at(-2, 10, i), "approve_leave", renda.V("member", p.DeputyID)); err != nil {
				return err
			}
		}
		// Registration on the eve, on the deputies' phones (a tenth by staff at the desk).
		var attending []*meeting.Member
		for _, p := range m.Members {
			if !p.Attends && present[p.DeputyID] {
				attending = append(attending, p)
			}
		}
		for i, p := range attending {
			actor, in := deputy(p), renda.Values(nil)
			if i%10 == 9 {
				actor, in = w.Staff, renda.V("member", p.DeputyID)
			}
			if err := act(actor, at(-1, 14, 0).Add(time.Duration(i)*20*time.Second), "register", in); err != nil {
				return err
			}
		}
		if err := act(w.Staff, at(0, 8, 50), "open", nil); err != nil {
			return err
		}
		// Two plenary sittings, each checked in anew (a few left before the second).
		sitting := func(day int, title string, skip int) error {
			if err := act(w.Staff, at(day, 8, 55), "open_sitting", renda.V("title", title)); err != nil {
				return err
			}
			for i, p := range attending[skip:] {
				if err := act(deputy(p), at(day, 8, 56).Add(time.Duration(i)*5*time.Second), "checkin", nil); err != nil {
					return err
				}
			}
			return nil
		}
		if err := sitting(0, "第一次全体会议", 0); err != nil {
			return err
		}
		for k := range 4 {
			if err := act(w.Staff, at(0, 9, 0).Add(time.Duration(k)*50*time.Minute), "current", renda.V("item", m.Items[k].ID)); err != nil {
				return err
			}
		}
		// Group deliberation on the second day: the delegations' opinions on the two main reports.
		opinions := [][2]string{
			{"0", "建议进一步加大农村公路提质改造投入，解决群众出行难。"},
			{"0", "报告实事求是，建议把油茶、茶叶产业发展目标细化到乡镇。"},
			{"0", "希望加快城区停车场建设，缓解停车难。"},
			{"0", "建议增加乡镇卫生院医务人员编制，提升基层医疗服务能力。"},
			{"1", "常委会监督工作扎实，建议加强对民生实事项目的跟踪问效。"},
			{"1", "建议代表联络站进一步常态化开展接待，及时回应群众诉求。"},
			{"0", "建议重视农村饮水安全，完成老旧供水管网改造。"},
			{"1", "希望组织代表更多列席常委会会议。"},
		}
		byGroup := map[string][]*meeting.Member{}
		for _, p := range attending {
			byGroup[p.GroupID] = append(byGroup[p.GroupID], p)
		}
		for i, o := range opinions {
			g := m.Groups[(i*3)%len(m.Groups)]
			speakers := byGroup[g.ID]
			if len(speakers) == 0 {
				continue
			}
			item := m.Items[int(o[0][0]-'0')].ID
			if err := act(deputy(speakers[i%len(speakers)]), at(1, 9, 30).Add(time.Duration(i)*7*time.Minute), "group_opinion", renda.V("item", item, "text", o[1])); err != nil {
				return err
			}
		}
		// The 政府工作报告's opinions summarised by staff (drafted from the groups'); the other's left as the draft.
		if err := act(w.Staff, at(1, 17, 0), "summarise", renda.V("item", m.Items[0].ID)); err != nil {
			return err
		}
		if err := sitting(3, "第二次全体会议", 3); err != nil {
			return err
		}
		// The resolutions on the work reports voted at the second sitting.
		for k := 4; k <= 5; k++ {
			t := at(3, 9, 30).Add(time.Duration(k-4) * 20 * time.Minute)
			if err := act(w.Staff, t.Add(-time.Minute), "current", renda.V("item", m.Items[k].ID)); err != nil {
				return err
			}
			if err := act(w.Staff, t, "vote_item", renda.V("item", m.Items[k].ID)); err != nil {
				return err
			}
			voteID := m.Items[k].VoteID
			for j, p := range attending[3:] {
				choice := vote.ChoiceYes
				switch {
				case j%41 == 7:
					choice = vote.ChoiceNo
				case j%29 == 5:
					choice = vote.ChoiceAbstain
				}
				itemID := m.Items[k].ID
				if err := step(deputy(p), t.Add(time.Duration(j+1)*2*time.Second), func(tx *store.Tx) error {
					_, err := tx.CastBallot(voteID, vote.Ballot{itemID: choice})
					return err
				}); err != nil {
					return err
				}
			}
			if err := step(w.Staff, t.Add(12*time.Minute), func(tx *store.Tx) error { return tx.VoteAction(voteID, "close", "") }); err != nil {
				return err
			}
			if err := step(nil, t.Add(13*time.Minute), func(tx *store.Tx) error { return tx.SealVote(voteID) }); err != nil {
				return err
			}
			voteIDs = append(voteIDs, voteID)
		}
		// A 差额 by-election at the same sitting: three candidates for two seats.
		t := at(3, 10, 30)
		if err := act(w.Staff, t, "elect", renda.V("title", "补选常宁市人民代表大会常务委员会委员", "seats", 2, "candidates", "刘建华\n陈志明\n谭晓燕")); err != nil {
			return err
		}
		el := m.Elections[len(m.Elections)-1]
		for j, p := range attending[3:] {
			marks := []int{0, 1}
			switch j % 10 {
			case 8:
				marks = []int{0, 2}
			case 9:
				marks = []int{2}
			}
			b := vote.Ballot{}
			for _, k := range marks {
				b[el.Candidates[k].ID] = vote.ChoiceYes
			}
			if err := step(deputy(p), t.Add(time.Duration(j+1)*2*time.Second), func(tx *store.Tx) error {
				_, err := tx.CastBallot(el.VoteID, b)
				return err
			}); err != nil {
				return err
			}
		}
		if err := step(w.Staff, t.Add(15*time.Minute), func(tx *store.Tx) error { return tx.VoteAction(el.VoteID, "close", "") }); err != nil {
			return err
		}
		if err := step(nil, t.Add(16*time.Minute), func(tx *store.Tx) error { return tx.SealVote(el.VoteID) }); err != nil {
			return err
		}
		voteIDs = append(voteIDs, el.VoteID)
		if err := act(w.Staff, at(3, 11, 30), "close", nil); err != nil {
			return err
		}
		return act(w.Staff, at(3, 16, 0), "publish", nil)
	})
	if err != nil {
		return err
	}
	for _, id := range voteIDs {
		if err := db.SealVote(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
