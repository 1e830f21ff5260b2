package meeting

import (
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/vote"
)

// Elections with more candidates than seats (差额选举) at a session, on the
// ballot engine: each deputy marks up to as many candidates as there are
// seats (scheme up_to_n); a candidate is elected with more than half of
// ALL deputies' votes, the seats going to the most votes among those; a tie
// at the last seat elects neither, and seats left over go to another round
// (另行选举) — what the engine's select counting already says (Tie,
// TooFew).

// ElectionKind is the ballot engine's kind of a session's election.
const ElectionKind = "meeting_election"

var _ = vote.RegisterKind(vote.Kind{Name: ElectionKind, Label: "差额选举", Entity: "meeting_candidate", ItemLabel: "候选人",
	Schemes: []string{vote.SchemeUpToN}, Adopts: true,
	Rule: func(s *renda.Settings) vote.Rule {
		return vote.Rule{Base: vote.BaseAll, Threshold: vote.ThresholdHalf}
	}})

// Election is one 差额 election of a session.
type Election struct {
	ID         string       `json:"id"`
	MeetingID  string       `json:"-"`
	Title      string       `json:"title"`
	Seats      int          `json:"seats"`
	VoteID     string       `json:"vote_id"`
	Candidates []*Candidate `json:"candidates"`
	CreatedAt  time.Time    `json:"-"`
}

// Candidate is a candidate of an election, with the result once counted.
type Candidate struct {
	ID         string `json:"id"`
	ElectionID string `json:"-"`
	Position   int    `json:"-"`
	Name       string `json:"name"`
	Votes      int    `json:"votes"`
	Elected    bool   `json:"elected"`
	Tie        bool   `json:"tie,omitempty"` // tied at the last seat: another round
}

// Counted reports whether the election's vote has been counted.
func (e *Election) Counted() bool {
	for _, c := range e.Candidates {
		if c.Votes > 0 || c.Elected {
			return true
		}
	}
	return false
}

// Left is how many seats remain for another round (另行选举) once counted.
func (e *Election) Left() int {
	n := e.Seats
	for _, c := range e.Candidates {
		if c.Elected {
			n--
		}
	}
	return n
}

// OpenElection asks the store to put an election to the vote: a vote of
// ElectionKind whose roll is the session's deputies, present as checked in
// at the sitting under way, opened at once.
type OpenElection struct {
	Meeting  *Meeting
	Election *Election
}

var electAct = renda.Act[Meeting]{Rule: renda.Rule{Action: "elect", Label: "差额选举", From: []string{InSession}, Who: staff,
	Help: "候选人数多于应选人数；获得全体代表过半数选票的始得当选，票数相等不能确定当选人时另行选举", Confirm: "选举开始后代表即可在手机上投票。确定吗？",
	Fields: []renda.Field{
		{Name: "title", Label: "选举事项", Kind: renda.FieldLine, Required: true, Max: 120, Help: "如：补选常宁市出席衡阳市人民代表大会代表"},
		{Name: "seats", Label: "应选人数", Kind: renda.FieldInt, Required: true, Min: 1, Max: 99},
		{Name: "candidates", Label: "候选人", Kind: renda.FieldText, Required: true, Max: 2000, Help: "每行一人，按姓氏笔画排列"},
	}}, Pre: func(m *Meeting, env *renda.Env) error {
	if err := sessionOnly(m, env); err != nil {
		return err
	}
	return quorate(m, env)
}, Do: elect}

func elect(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	e := &Election{ID: renda.NewID(), MeetingID: m.ID, Title: in.Text("title"), Seats: in.Int("seats"), CreatedAt: env.Now}
	seen := map[string]bool{}
	for _, line := range strings.Split(in.Text("candidates"), "\n") {
		name := strings.TrimSpace(line)
		if name == "" {
			continue
		}
		if seen[name] {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：候选人“" + name + "”重复", Fields: []renda.FieldError{{Field: "candidates", Message: "候选人重复"}}}
		}
		seen[name] = true
		e.Candidates = append(e.Candidates, &Candidate{ID: renda.NewID(), ElectionID: e.ID, Position: len(e.Candidates) + 1, Name: name})
	}
	if len(e.Candidates) <= e.Seats {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：差额选举的候选人数应多于应选人数 " + strconv.Itoa(e.Seats) + " 人",
			Fields: []renda.FieldError{{Field: "candidates", Message: "候选人应多于 " + strconv.Itoa(e.Seats) + " 人"}}}
	}
	out.Add(e)
	out.Effect(&OpenElection{Meeting: m, Election: e})
	out.Note = e.Title + "：应选 " + strconv.Itoa(e.Seats) + " 人，候选人 " + strconv.Itoa(len(e.Candidates)) + " 人"
	return nil
}
