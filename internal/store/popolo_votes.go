package store

import (
	"encoding/json"
	"strconv"
	"strings"

	"renda"
	"renda/vote"
)

// Vote events in the Popolo specification's terms
// (https://www.popoloproject.com/specs/vote-event.html): one event per item
// of a closed vote whose result the public may see (the votes the public
// votes list shows: a meeting's once it is published, an appointee review's
// once the review is). Each event carries the counts by option; only a
// named vote (记名表决) carries votes, each member's option by name, as its
// public page does. A secret vote gives counts only: nothing in the export
// links a person to a choice, and the vote_named table is never read for
// it (it holds nothing for a secret vote either).

// PopoloMotion is the matter decided: an item on a vote's ballot.
type PopoloMotion struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id"`
	Text           string `json:"text"`
	Classification string `json:"classification,omitempty"`
}

// PopoloCount is the number of votes for one option.
type PopoloCount struct {
	Option string `json:"option"`
	Value  int    `json:"value"`
}

// PopoloVote is one member's vote in a named vote.
type PopoloVote struct {
	VoterID string `json:"voter_id"`
	Option  string `json:"option"`
}

// PopoloVoteEvent is the vote on one item of a closed vote.
type PopoloVoteEvent struct {
	ID                   string        `json:"id"`
	Identifier           string        `json:"identifier"` // the item's position on the ballot
	OrganizationID       string        `json:"organization_id"`
	LegislativeSessionID string        `json:"legislative_session_id,omitempty"`
	MotionID             string        `json:"motion_id"`
	Motion               PopoloMotion  `json:"motion"`
	Classification       string        `json:"classification"` // the vote's kind: livelihood, meeting, …
	StartDate            string        `json:"start_date,omitempty"`
	EndDate              string        `json:"end_date,omitempty"`
	Result               string        `json:"result,omitempty"` // pass, fail, or a rating's grade
	Counts               []PopoloCount `json:"counts"`
	// Votes only of a named vote; absent from a secret one.
	Votes   []PopoloVote `json:"votes,omitempty"`
	Sources []PopoloLink `json:"sources"`

	named bool
}

// popoloOptions is the order counts are given in.
var popoloOptions = []string{vote.ChoiceYes, vote.ChoiceNo, vote.ChoiceAbstain, vote.ChoiceSatisfied, vote.ChoiceBasic, vote.ChoiceDissatisfied, vote.ChoiceInvalid}

// publicClosedVotes is the condition (alias v) of the closed votes with a
// result that the public may see, with its arguments.
func publicClosedVotes() (string, []any) {
	where := []string{"v.status = 'closed'", "v.result_json <> ''"}
	var args []any
	for kind, scope := range voteScopes {
		c, a := scope(nil)
		where, args = append(where, "(v.ballot_kind <> ? OR "+c+")"), append(append(args, kind), a...)
	}
	return strings.Join(where, " AND "), args
}

// popoloVoteEvents gives the vote events of the public closed votes,
// oldest first.
func (tx *Tx) popoloVoteEvents() ([]PopoloVoteEvent, error) {
	cond, args := publicClosedVotes()
	type held struct {
		id, congress, session, kind string
		named                       bool
		res                         vote.Result
		opened, closed              string
	}
	var votes []held
	rows, err := tx.query(`SELECT v.id, v.congress_id, COALESCE(v.session_id, ''), v.ballot_kind, v.named, v.opened_at, v.closed_at, v.result_json
		FROM votes v WHERE `+cond+` ORDER BY v.closed_at, v.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h held
		var res string
		if err := rows.Scan(&h.id, &h.congress, &h.session, &h.kind, boolScan{&h.named}, strScan{&h.opened}, strScan{&h.closed}, &res); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(res), &h.res); err != nil {
			rows.Close()
			return nil, err
		}
		votes = append(votes, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Members' choices by name, of named votes only.
	named := map[string]map[string][]PopoloVote{} // vote → item → votes
	rows, err = tx.query(`SELECT n.vote_id, n.deputy_id, n.choices FROM vote_named n JOIN votes v ON v.id = n.vote_id
		WHERE v.named = TRUE AND `+cond+` ORDER BY n.vote_id, n.deputy_id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var voteID, deputy, s string
		if err := rows.Scan(&voteID, &deputy, &s); err != nil {
			rows.Close()
			return nil, err
		}
		b, err := vote.DecodeBallot(s)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if named[voteID] == nil {
			named[voteID] = map[string][]PopoloVote{}
		}
		for item, choice := range b {
			named[voteID][item] = append(named[voteID][item], PopoloVote{VoterID: deputy, Option: choice})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []PopoloVoteEvent{}
	for _, h := range votes {
		for i, t := range h.res.Items {
			e := PopoloVoteEvent{ID: h.id + "/" + t.ID, Identifier: strconv.Itoa(i + 1), OrganizationID: h.congress, LegislativeSessionID: h.session,
				MotionID: t.ID, Motion: PopoloMotion{ID: t.ID, OrganizationID: h.congress, Text: t.Title, Classification: h.kind},
				Classification: h.kind, StartDate: h.opened, EndDate: h.closed, Result: popoloResult(t),
				Counts: []PopoloCount{}, Sources: []PopoloLink{{URL: "/votes/" + h.id, Note: "表决结果"}}}
			for _, o := range popoloOptions {
				if n, ok := t.Counts[o]; ok {
					e.Counts = append(e.Counts, PopoloCount{Option: o, Value: n})
				}
			}
			if h.named {
				e.named, e.Votes = true, named[h.id][t.ID]
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// popoloResult is an item's outcome: a rating's grade, else pass or fail
// (adopted, by the count or by the presidium's decision).
func popoloResult(t vote.Tally) string {
	if t.Grade != "" {
		return t.Grade
	}
	if t.Adopted {
		return "pass"
	}
	return "fail"
}

func init() {
	registerDatasetFunc(Dataset{ID: "vote-events", Title: "各项表决结果", Description: "已结束并公开的各项表决（民生实事票决、满意度测评、会议表决、选举等）每个事项的得票数和结果；无记名表决只有票数，不含任何人的选择（记名表决的逐人结果见 Popolo 格式）",
		Fields: []DatasetField{{Name: "vote_event", Label: "表决事项编号", Definition: "表决编号/事项编号，与 Popolo 的 vote_events 相同"}, {Name: "vote", Label: "表决编号", Definition: ""},
			{Name: "title", Label: "事项", Definition: ""}, {Name: "kind", Label: "表决类别", Definition: ""}, {Name: "congress", Label: "人大", Definition: ""},
			{Name: "session", Label: "会次", Definition: "不在人代会会议期间的表决为空"}, {Name: "closed_at", Label: "表决结束时间", Definition: "UTC"},
			{Name: "named", Label: "记名表决", Definition: "true 记名；false 无记名"}, {Name: "yes", Label: "赞成", Definition: ""}, {Name: "no", Label: "反对", Definition: ""},
			{Name: "abstain", Label: "弃权", Definition: ""}, {Name: "satisfied", Label: "满意", Definition: "满意度测评"}, {Name: "basic", Label: "基本满意", Definition: "满意度测评"},
			{Name: "dissatisfied", Label: "不满意", Definition: "满意度测评"}, {Name: "result", Label: "结果", Definition: "pass 通过（当选）；fail 未通过；满意度测评为测评等次"}}},
		voteEventRows,
		func() (string, []any) {
			cond, args := publicClosedVotes()
			return "SELECT MAX(v.closed_at) FROM votes v WHERE " + cond, args
		})
}

// voteEventRows are the vote events as the open dataset's rows: counts and
// results only, never a member's choice.
func voteEventRows(tx *Tx) ([][]string, error) {
	events, err := tx.popoloVoteEvents()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	rows, err := tx.query(`SELECT c.id, c.name FROM congresses c`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		names[id] = name
	}
	rows.Close()
	rows, err = tx.query(`SELECT s.id, t.number, s.number FROM sessions s JOIN terms t ON t.id = s.term_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var term, n int
		if err := rows.Scan(&id, &term, &n); err != nil {
			rows.Close()
			return nil, err
		}
		names[id] = renda.Session{TermNumber: term, Number: n}.Name()
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(events))
	for _, e := range events {
		counts := map[string]string{}
		for _, c := range e.Counts {
			counts[c.Option] = strconv.Itoa(c.Value)
		}
		kind := e.Classification
		if k, ok := vote.KindOf(kind); ok {
			kind = k.Label
		}
		voteID, _, _ := strings.Cut(e.ID, "/")
		out = append(out, []string{e.ID, voteID, e.Motion.Text, kind, names[e.OrganizationID], names[e.LegislativeSessionID], e.EndDate,
			strconv.FormatBool(e.named), counts[vote.ChoiceYes], counts[vote.ChoiceNo], counts[vote.ChoiceAbstain],
			counts[vote.ChoiceSatisfied], counts[vote.ChoiceBasic], counts[vote.ChoiceDissatisfied], e.Result})
	}
	return out, nil
}
