package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/meeting"
)

// The documents of the next standing committee meeting (in five days: the
// seven-day window closed two days ago),
// through the meeting's own actions: the budget report (members only, its
// original as a file, sent in time, then replaced by a second version the
// members are told of), the draft resolution for members and attendees, the
// agenda to be public after the meeting, and the explanation of the budget
// adjustment, whose report reached the committee late and which was
// distributed only yesterday — after the seven-day window — and flagged.

func seedMeetingDocuments(ctx context.Context, db *store.DB, w *World) error {
	ms, _, err := db.Meetings(ctx, w.Staff, meeting.Filter{Kind: meeting.Standing})
	if err != nil {
		return err
	}
	var next *meeting.Meeting
	for _, m := range ms {
		if m.State == meeting.Noticed {
			next = m
		}
	}
	if next == nil {
		return fmt.Errorf("no noticed standing committee meeting for its documents")
	}
	if next, err = db.Meeting(ctx, w.Staff, next.ID); err != nil || len(next.Items) < 2 {
		return fmt.Errorf("next meeting: %v", err)
	}
	day := func(daysAgo int) renda.Date { return renda.DateOf(w.Now).AddDays(-daysAgo) }
	clock := func(daysAgo, hour, min int) time.Time {
		return day(daysAgo).Start().Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}
	report := strings.Join([]string{
		"市人大常委会：",
		"现将2026年上半年全市预算执行情况报告如下，请予审议。",
		"一、一般公共预算执行情况。上半年全市一般公共预算收入完成年度预算的52.3%，同比增长4.1%；支出完成年度预算的48.7%，教育、社会保障和就业、卫生健康等民生支出占比达78.6%。",
		"二、政府性基金预算执行情况。受土地出让收入下降影响，政府性基金预算收入完成年度预算的31.2%。",
		"三、存在的主要问题。部分专项资金拨付进度偏慢，个别项目预算执行率低于序时进度。",
		"四、下半年工作措施。加快专项资金拨付，严格预算执行监督，防范化解地方债务风险。",
		"（演示数据，所有数字均为虚构。）",
	}, "\n")
	docs := []struct {
		title, kind, access, item, received string
		added, sent                         time.Time
		file                                bool
	}{
		{"关于2026年上半年预算执行情况的报告", "report", meeting.AccessMembers, next.Items[0].ID, day(24).String(), clock(3, 10, 0), clock(3, 15, 30), true},
		{"关于批准2026年市级预算调整方案的决议（草案）", "draft", meeting.AccessAttendees, next.Items[1].ID, "", clock(3, 10, 10), clock(3, 15, 30), false},
		{"常宁市第十八届人民代表大会常务委员会第二十四次会议议程", "material", meeting.AccessPublic, "", "", clock(3, 10, 20), clock(3, 15, 30), false},
		{"关于2026年市级预算调整方案的说明", "report", meeting.AccessMembers, next.Items[1].ID, day(12).String(), clock(1, 16, 0), clock(1, 17, 0), false},
	}
	bodies := map[string]string{
		docs[0].title: report,
		docs[1].title: "常宁市人民代表大会常务委员会关于批准2026年市级预算调整方案的决议（草案）\n市第十八届人民代表大会常务委员会第二十四次会议听取和审议了市人民政府关于2026年市级预算调整方案的报告，决定批准2026年市级预算调整方案。",
		docs[2].title: "一、听取和审议市人民政府关于2026年上半年预算执行情况的报告\n二、审议批准2026年市级预算调整方案\n三、人事任免事项",
		docs[3].title: "受上级转移支付增加和部分收入减收影响，需对2026年市级预算进行调整。调整后一般公共预算收支保持平衡。（演示数据）",
	}
	ids := make([]string, len(docs))
	if err := db.Seed(ctx, System, func(tx *store.Tx) error {
		for i, d := range docs {
			if err := tx.Replay(w.Staff, d.added, func(tx *store.Tx) error {
				in := renda.V("title", d.title, "kind", d.kind, "access", d.access, "submitter", "市财政局", "body", bodies[d.title])
				if d.item != "" {
					in["item"] = []string{d.item}
				}
				if d.received != "" {
					in["received"] = []string{d.received}
				}
				var files []*attach.File
				if d.file {
					files = append(files, &attach.File{Name: "预算执行情况的报告（原件）.txt", ContentType: "text/plain; charset=utf-8", Data: []byte(report)})
				}
				m, err := tx.ActOnMeeting(next.ID, "add_document", in, files...)
				if err != nil {
					return err
				}
				ids[i] = m.Documents[len(m.Documents)-1].ID
				return nil
			}); err != nil {
				return err
			}
		}
		for i, d := range docs {
			if err := tx.Replay(w.Staff, d.sent.Add(time.Duration(i)*time.Minute), func(tx *store.Tx) error {
				_, err := tx.ActOnMeeting(next.ID, "distribute_document", renda.V("document", ids[i]))
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// The member "deputy" read the first version; the second is pointed out to them.
	if _, err := db.ReadMeetingDocument(ctx, w.Deputy1, next.ID, ids[0]); err != nil {
		return err
	}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		// The report's second version, two days after it was sent: the members are told.
		return tx.Replay(w.Staff, clock(1, 11, 0), func(tx *store.Tx) error {
			_, err := tx.ActOnMeeting(next.ID, "revise_document", renda.V("document", ids[0], "note", "更正政府性基金预算收入完成比例",
				"body", strings.Replace(report, "完成年度预算的31.2%", "完成年度预算的33.5%", 1)))
			return err
		})
	})
}
