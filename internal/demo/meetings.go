package demo

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/internal/store"
	"renda/meeting"
	"renda/vote"
)

// The demo's 三会 and 人事任免, replayed through the real actions: a
// standing committee meeting two months ago (agenda adopted item by item on
// the ballot engine, the 财政局 evaluation's resolution with its follow-up
// tasks — one reported and accepted, one still open — an appointment
// through the oath to publication and a nominee rejected, kept on record),
// and the next meeting, its notice sent, with a nomination in deliberation.

func seedMeetings(ctx context.Context, db *store.DB, w *World) error {
	county := w.ByLevel[renda.LevelCounty]
	if len(county) < 27 {
		return fmt.Errorf("need 27 county deputies for the standing committee, have %d", len(county))
	}
	members := county[:27]
	var ids []string
	for _, d := range members {
		ids = append(ids, d.ID)
	}
	attendees := []string{county[30].ID, county[31].ID}
	day := func(daysAgo int) renda.Date { return renda.DateOf(w.Now).AddDays(-daysAgo) }
	clock := func(daysAgo, hour, min int) time.Time {
		d := day(daysAgo)
		return d.Start().Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}
	finance := w.Orgs["czj"]
	clerk, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: "unit-czj", DisplayName: "财政局经办人 王丽", Role: renda.RoleUnit, OrgID: finance.ID}, w.PasswordHash)
	if err != nil {
		return err
	}
	w.Users["unit-czj"] = clerk
	var votes []string
	err = db.Seed(ctx, System, func(tx *store.Tx) error {
		step := func(actor *renda.User, at time.Time, fn func(tx *store.Tx) error) error {
			return tx.Replay(actor, at, fn)
		}
		var m *meeting.Meeting
		past := 60
		// The meeting two months ago.
		if err := step(w.Staff, clock(past+10, 9, 0), func(tx *store.Tx) error {
			var err error
			m, err = tx.CreateMeeting(w.CountyCongress.ID, renda.Values{"kind": {"standing"}, "number": {"23"},
				"title": {"常宁市第十八届人民代表大会常务委员会第二十三次会议"}, "date": {day(past).String()}, "time": {"09:00"},
				"place": {"市人大常委会机关二楼会议室"}, "chair": {"常委会主任"}, "members": ids, "attendees": attendees})
			if err != nil {
				return err
			}
			for _, it := range [][2]string{{"关于市财政局工作评议情况的报告", "report"}, {"关于市财政局工作评议意见的决议（草案）", "resolution"}} {
				if m, err = tx.ActOnMeeting(m.ID, "add_item", renda.V("title", it[0], "kind", it[1], "reporter", "市人大常委会财政经济工作委员会")); err != nil {
					return err
				}
			}
			_, err = tx.ActOnMeeting(m.ID, "add_item", renda.V("title", "市财政局关于整改情况的说明", "kind", "report", "reporter", "市财政局", "parent", m.Items[0].ID))
			return err
		}); err != nil {
			return err
		}
		noms := []struct{ name, post, resume string }{
			{"陈立新", "常宁市财政局局长", "1975年生，经济学硕士，历任市财政局预算股股长、副局长。"},
			{"周海涛", "常宁市审计局副局长", "1980年生，会计师，历任市审计局科员、股长。"},
		}
		var apps []string
		for i, n := range noms {
			if err := step(w.Staff, clock(past+8, 10, i), func(tx *store.Tx) error {
				a, err := tx.CreateAppointment(renda.V("name", n.name, "post", n.post, "nominator", "government", "resume", n.resume,
					"statement", "坚决拥护宪法，依法履职，接受监督。", "exam_score", 88-i*10))
				if err != nil {
					return err
				}
				apps = append(apps, a.ID)
				_, err = tx.ActOnAppointment(a.ID, "deliberate", renda.V("meeting", m.ID))
				return err
			}); err != nil {
				return err
			}
		}
		if err := step(w.Staff, clock(past+7, 15, 0), func(tx *store.Tx) error {
			var err error
			m, err = tx.ActOnMeeting(m.ID, "notify", nil)
			return err
		}); err != nil {
			return err
		}
		// Two members ask for leave; the chair agrees.
		for i, d := range members[22:24] {
			actor := &renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}
			if err := step(actor, clock(past+2, 10, i), func(tx *store.Tx) error {
				_, err := tx.ActOnMeeting(m.ID, "request_leave", renda.V("reason", []string{"赴省里参加培训", "因病住院"}[i]))
				return err
			}); err != nil {
				return err
			}
			if err := step(w.Staff, clock(past+1, 9, i), func(tx *store.Tx) error {
				_, err := tx.ActOnMeeting(m.ID, "approve_leave", renda.V("member", d.ID))
				return err
			}); err != nil {
				return err
			}
		}
		if err := step(w.Staff, clock(past, 8, 50), func(tx *store.Tx) error {
			var err error
			m, err = tx.ActOnMeeting(m.ID, "open", nil)
			return err
		}); err != nil {
			return err
		}
		// 22 of 27 members check in on their phones.
		present := members[:22]
		for i, d := range present {
			actor := &renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}
			if err := step(actor, clock(past, 8, 51).Add(time.Duration(i)*20*time.Second), func(tx *store.Tx) error {
				_, err := tx.ActOnMeeting(m.ID, "checkin", nil)
				return err
			}); err != nil {
				return err
			}
		}
		// Each item to the vote: yes votes per item (of 27 members; 14 needed).
		yes := map[int]int{1: 21, 3: 20, 4: 11}
		var resolution string
		for k, it := range m.Items {
			at := clock(past, 9, 10).Add(time.Duration(k) * 25 * time.Minute)
			if err := step(w.Staff, at.Add(-5*time.Minute), func(tx *store.Tx) error {
				var err error
				m, err = tx.ActOnMeeting(m.ID, "current", renda.V("item", it.ID))
				return err
			}); err != nil {
				return err
			}
			if yes[k] == 0 {
				continue
			}
			if err := step(w.Staff, at, func(tx *store.Tx) error {
				var err error
				// The draft resolution is voted by name (记名表决); the appointments secretly.
				m, err = tx.ActOnMeeting(m.ID, "vote_item", renda.V("item", it.ID, "named", k == 1))
				return err
			}); err != nil {
				return err
			}
			voteID := m.Items[k].VoteID
			for j, d := range present {
				choice := vote.ChoiceNo
				switch {
				case j < yes[k]:
					choice = vote.ChoiceYes
				case j%2 == 0:
					choice = vote.ChoiceAbstain
				}
				actor := &renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}
				if err := step(actor, at.Add(time.Duration(j+1)*10*time.Second), func(tx *store.Tx) error {
					_, err := tx.CastBallot(voteID, vote.Ballot{it.ID: choice})
					return err
				}); err != nil {
					return err
				}
			}
			if err := step(w.Staff, at.Add(8*time.Minute), func(tx *store.Tx) error { return tx.VoteAction(voteID, "close", "") }); err != nil {
				return err
			}
			if err := step(nil, at.Add(9*time.Minute), func(tx *store.Tx) error { return tx.SealVote(voteID) }); err != nil {
				return err
			}
			votes = append(votes, voteID)
		}
		// Speeches noted by staff per item, for the minutes.
		for i, sp := range [][3]string{
			{"0", "财政经济工作委员会主任", "评议组走访了12个乡镇，市财政局预算执行总体平稳，但部分专项资金拨付滞后。"},
			{"0", "常委会委员", "建议将国有资产管理问题列入整改清单，明确整改时限。"},
			{"1", "常委会副主任", "同意决议草案，建议增加半年内报告整改情况的要求。"},
		} {
			k := int(sp[0][0] - '0')
			if err := step(w.Staff, clock(past, 11, 20+i), func(tx *store.Tx) error {
				var err error
				m, err = tx.ActOnMeeting(m.ID, "note_speech", renda.V("item", m.Items[k].ID, "speaker", sp[1], "summary", sp[2]))
				return err
			}); err != nil {
				return err
			}
		}
		if err := step(w.Staff, clock(past, 11, 40), func(tx *store.Tx) error {
			var err error
			if m, err = tx.ActOnMeeting(m.ID, "resolve", renda.V("item", m.Items[1].ID, "title", "关于市财政局工作评议意见的决议",
				"body", "会议同意评议报告，要求市财政局针对预算执行、国有资产管理中的问题认真整改。")); err != nil {
				return err
			}
			resolution = m.Resolutions[0].ID
			if m, err = tx.ActOnMeeting(m.ID, "close", nil); err != nil {
				return err
			}
			return nil
		}); err != nil {
			return err
		}
		if err := step(w.Staff, clock(past-1, 9, 0), func(tx *store.Tx) error {
			var err error
			for _, t := range []struct {
				body string
				due  renda.Date
			}{{"一个月内报送预算执行问题整改方案", day(past - 30)}, {"年底前向常委会书面报告国有资产管理问题整改情况", day(-40)}} {
				if m, err = tx.ActOnMeeting(m.ID, "add_task", renda.V("resolution", resolution, "org", finance.ID, "body", t.body, "due", t.due)); err != nil {
					return err
				}
			}
			_, err = tx.ActOnMeeting(m.ID, "publish", nil)
			return err
		}); err != nil {
			return err
		}
		tasks := m.Resolutions[0].Tasks
		if err := step(clerk, clock(past-25, 16, 0), func(tx *store.Tx) error {
			_, err := tx.ActOnMeetingTask(tasks[0].ID, "report", renda.V("report", "已制定整改方案：细化预算编制，建立执行进度月通报制度。"))
			return err
		}); err != nil {
			return err
		}
		if err := step(w.Staff, clock(past-28, 10, 0), func(tx *store.Tx) error {
			_, err := tx.ActOnMeetingTask(tasks[0].ID, "accept", nil)
			return err
		}); err != nil {
			return err
		}
		if err := step(w.Staff, clock(past, 14, 0), func(tx *store.Tx) error {
			if _, err := tx.ActOnAppointment(apps[0], "oath", renda.V("date", day(past), "form", "individual", "witnesses", "常委会主任")); err != nil {
				return err
			}
			_, err := tx.ActOnAppointment(apps[0], "publish", nil)
			return err
		}); err != nil {
			return err
		}

		// A chairmen's meeting (主任会议) that prepared the standing committee meeting.
		chairs := ids[:5]
		if err := step(w.Staff, clock(past+14, 9, 0), func(tx *store.Tx) error {
			c, err := tx.CreateMeeting(w.CountyCongress.ID, renda.Values{"kind": {"chair"}, "number": {"41"},
				"title": {"常宁市人大常委会第四十一次主任会议"}, "date": {day(past + 12).String()}, "time": {"15:00"},
				"place": {"市人大常委会机关三楼会议室"}, "chair": {"常委会主任"}, "members": chairs})
			if err != nil {
				return err
			}
			for _, t := range []string{"研究常委会第二十三次会议议程（草案）", "研究市财政局工作评议报告（草案）", "研究提请常委会会议审议的人事任免事项"} {
				if c, err = tx.ActOnMeeting(c.ID, "add_item", renda.V("title", t, "kind", "other", "reporter", "办公室")); err != nil {
					return err
				}
			}
			if _, err := tx.ActOnMeeting(c.ID, "notify", nil); err != nil {
				return err
			}
			if err := tx.SeedAs(w.Staff, clock(past+12, 14, 55)); err != nil {
				return err
			}
			if _, err := tx.ActOnMeeting(c.ID, "open", nil); err != nil {
				return err
			}
			for _, id := range chairs[:4] {
				if _, err := tx.ActOnMeeting(c.ID, "checkin", renda.V("member", id)); err != nil {
					return err
				}
			}
			if err := tx.SeedAs(w.Staff, clock(past+12, 17, 0)); err != nil {
				return err
			}
			if _, err := tx.ActOnMeeting(c.ID, "close", nil); err != nil {
				return err
			}
			_, err = tx.ActOnMeeting(c.ID, "publish", nil)
			return err
		}); err != nil {
			return err
		}

		// The next meeting: agenda drawn up, notice sent, a nomination in deliberation.
		var next *meeting.Meeting
		if err := step(w.Staff, clock(3, 9, 0), func(tx *store.Tx) error {
			var err error
			next, err = tx.CreateMeeting(w.CountyCongress.ID, renda.Values{"kind": {"standing"}, "number": {"24"},
				"title": {"常宁市第十八届人民代表大会常务委员会第二十四次会议"}, "date": {day(-5).String()}, "time": {"09:00"},
				"place": {"市人大常委会机关二楼会议室"}, "chair": {"常委会主任"}, "members": ids, "attendees": attendees})
			if err != nil {
				return err
			}
			for _, it := range [][2]string{{"关于2026年上半年预算执行情况的报告", "report"}, {"关于批准2026年市级预算调整方案的决议（草案）", "resolution"}} {
				if next, err = tx.ActOnMeeting(next.ID, "add_item", renda.V("title", it[0], "kind", it[1], "reporter", "市财政局")); err != nil {
					return err
				}
			}
			a, err := tx.CreateAppointment(renda.V("name", "李文静", "post", "常宁市教育局局长", "nominator", "government",
				"resume", "1979年生，教育学硕士，历任市第一中学校长、市教育局副局长。", "exam_score", 92))
			if err != nil {
				return err
			}
			if _, err := tx.ActOnAppointment(a.ID, "deliberate", renda.V("meeting", next.ID)); err != nil {
				return err
			}
			// 述职评议: the finance bureau's director appointed at the last
			// meeting reports on his first months; to be heard and rated
			// by the members at this one.
			rev, err := tx.CreateAppointeeReview(apps[0], renda.V("year", day(0).Year))
			if err != nil {
				return err
			}
			if _, err := tx.ActOnAppointeeReview(rev.ID, "edit", renda.V("title", rev.Title, "body",
				"主任、各位副主任、秘书长、各位委员：\n\n任职以来，我认真贯彻常委会关于财政局工作评议意见的决议，牵头整改预算执行和国有资产管理中的问题，"+
					"专项资金拨付进度明显加快。现将履职情况报告如下，请予评议。")); err != nil {
				return err
			}
			_, err = tx.ActOnMeeting(next.ID, "notify", nil)
			return err
		}); err != nil {
			return err
		}
		d := members[26]
		return step(&renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, clock(1, 15, 0), func(tx *store.Tx) error {
			_, err := tx.ActOnMeeting(next.ID, "request_leave", renda.V("reason", "届时在外地招商"))
			return err
		})
	})
	if err != nil {
		return err
	}
	for _, id := range votes {
		if err := db.SealVote(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
