package supervision

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"renda"
)

// TestInterpellationMajority: a 质询案 goes back for another answer as soon
// as more than half of all its signers are not satisfied — exactly half is
// not more than half — and is done once every signer has spoken.
func TestInterpellationMajority(t *testing.T) {
	for _, tc := range []struct {
		signers int
		stances string // s satisfied, d dissatisfied, in order
		want    []string
	}{
		{3, "dd", []string{Answered, AwaitingAnswer}},
		{3, "sds", []string{Answered, Answered, Done}},
		{4, "dds", []string{Answered, Answered, Answered}},
		{4, "ddss", []string{Answered, Answered, Answered, Done}},
		{4, "ddd", []string{Answered, Answered, AwaitingAnswer}},
		{5, "dsdd", []string{Answered, Answered, Answered, AwaitingAnswer}},
		{5, "ssdds", []string{Answered, Answered, Answered, Answered, Done}},
	} {
		t.Run(fmt.Sprint(tc.signers, tc.stances), func(t *testing.T) {
			cal := renda.NewCalendar(nil)
			env := &renda.Env{Now: time.Date(2024, 9, 20, 10, 0, 0, 0, renda.CST), Settings: renda.NewSettings(nil), Calendar: cal, Rel: renda.Rel{"staff"},
				Actor: &renda.User{ID: "s", Role: renda.RoleStaff}}
			f := &InterpellationFacts{}
			for i := range tc.signers {
				f.Signers = append(f.Signers, Signer{DeputyID: fmt.Sprintf("01jdeputy%016d", i), Name: fmt.Sprint("委员", i)})
			}
			env.Facts = f
			it := &Item{ID: "01jitem0000000000000000000", Kind: KindInquiry, Form: FormInterpellation, Status: Answered, Round: 1}
			for i, c := range tc.stances {
				in := renda.NewInput().Set("stance", map[rune]string{'s': "satisfied", 'd': "dissatisfied"}[c]).Set("deputy_id", f.Signers[i].DeputyID)
				next, out, err := Flow.Apply(it, "assess", in, env)
				if err != nil {
					t.Fatalf("stance %d: %v", i, err)
				}
				if next.Status != tc.want[i] {
					t.Fatalf("after stance %d: %s, want %s (%s)", i, next.Status, tc.want[i], out.Note)
				}
				if next.Status == AwaitingAnswer && (next.Round != 2 || next.AnswerDue.IsZero() || !next.AnsweredOn.IsZero()) {
					t.Errorf("answer again: round %d due %s", next.Round, next.AnswerDue)
				}
				f.Stances = append(f.Stances, *out.Records[0].(*Stance))
				it = next
			}
			// The same signer twice on one answer.
			if it.Status == Answered {
				in := renda.NewInput().Set("stance", "satisfied").Set("deputy_id", f.Signers[0].DeputyID)
				if _, _, err := Flow.Apply(it, "assess", in, env); renda.ErrorCode(err) != renda.ECONFLICT {
					t.Errorf("a second stance: %v", err)
				}
			}
		})
	}
}

// TestDraftReport groups findings by topic in the order first found and
// numbers groups and findings.
func TestDraftReport(t *testing.T) {
	d := renda.NewDate(2024, 7, 9)
	it := &Item{Kind: KindInspection, Title: "安全生产执法检查", Body: "市应急管理局", Committee: "社会建设工作委员会"}
	fs := []*Finding{
		{Topic: "安全隐患", Place: "某石料厂", FoundOn: d, Text: "边坡过陡。", ByName: "王委员", Photos: []*renda.Attachment{{}, {}}},
		{Topic: "", Place: "西岭镇", FoundOn: d.AddDays(1), Text: "救援装备不足", ByName: "工作人员"},
		{Topic: "安全隐患", Place: "某化工厂", FoundOn: d.AddDays(2), Text: "台账流于形式", ByName: "李委员"},
	}
	got := DraftReport(it, fs)
	for _, want := range []string{"安全生产执法检查的报告（草稿）", "2024年7月9日至2024年7月11日", "社会建设工作委员会", "对市应急管理局开展执法检查", "深入 3 个地点",
		"共发现问题 3 个（现场照片 2 张）", "\n一、安全隐患\n（一）边坡过陡。（某石料厂，2024年7月9日，王委员发现，照片 2 张）\n（二）台账流于形式。",
		"\n二、其他问题\n（一）救援装备不足。（西岭镇", "\n三、意见和建议\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("draft lacks %q:\n%s", want, got)
		}
	}
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 99: "九十九"} {
		if ChineseNumber(n) != want {
			t.Errorf("ChineseNumber(%d) = %s", n, ChineseNumber(n))
		}
	}
}
