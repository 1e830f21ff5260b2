package store

import (
	"renda"
	"renda/meeting"
	"renda/vote"
)

// A session's 差额 elections (meeting/session_election.go): the election
// and its candidates are the meeting's records; the vote is the ballot
// engine's (kind meeting_election, items meeting_candidate), whose result
// marks who is elected when it closes.

func (tx *Tx) saveElection(e *meeting.Election) error {
	if _, err := tx.exec("INSERT INTO meeting_elections (id, meeting_id, title, seats, vote_id, created_at) VALUES (?, ?, ?, ?, '', ?)",
		e.ID, e.MeetingID, e.Title, e.Seats, ts(e.CreatedAt)); err != nil {
		return err
	}
	for _, c := range e.Candidates {
		if _, err := tx.exec("INSERT INTO meeting_candidates (id, election_id, position, name, votes, elected, tie) VALUES (?, ?, ?, ?, 0, FALSE, FALSE)",
			c.ID, e.ID, c.Position, c.Name); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) loadElections(m *meeting.Meeting) error {
	m.Elections = nil
	rows, err := tx.query("SELECT id, meeting_id, title, seats, vote_id, created_at FROM meeting_elections WHERE meeting_id = ? ORDER BY created_at, id", m.ID)
	if err != nil {
		return err
	}
	byID := map[string]*meeting.Election{}
	for rows.Next() {
		e := &meeting.Election{}
		if err := rows.Scan(&e.ID, &e.MeetingID, &e.Title, &e.Seats, &e.VoteID, tsScan{&e.CreatedAt}); err != nil {
			rows.Close()
			return err
		}
		m.Elections = append(m.Elections, e)
		byID[e.ID] = e
	}
	rows.Close()
	if len(m.Elections) == 0 {
		return rows.Err()
	}
	rows, err = tx.query(`SELECT c.id, c.election_id, c.position, c.name, c.votes, c.elected, c.tie FROM meeting_candidates c
		JOIN meeting_elections e ON e.id = c.election_id WHERE e.meeting_id = ? ORDER BY c.position`, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c := &meeting.Candidate{}
		if err := rows.Scan(&c.ID, &c.ElectionID, &c.Position, &c.Name, &c.Votes, &c.Elected, &c.Tie); err != nil {
			return err
		}
		if e := byID[c.ElectionID]; e != nil {
			e.Candidates = append(e.Candidates, c)
		}
	}
	return rows.Err()
}

// openElection puts an election to the vote: up to as many marks as seats,
// the roll the session's deputies, present as checked in at the sitting
// under way, opened at once (the meeting's machine has checked the quorum).
func (tx *Tx) openElection(e *meeting.OpenElection) error {
	m, el := e.Meeting, e.Election
	v := &vote.Vote{CongressID: m.CongressID, Kind: meeting.ElectionKind, Scheme: vote.SchemeUpToN, Adopt: el.Seats, Title: el.Title, Description: m.Title}
	for _, c := range el.Candidates {
		v.Candidates = append(v.Candidates, vote.Candidate{ID: c.ID})
	}
	present := map[string]bool{}
	for _, p := range m.Members {
		if p.Attends {
			continue
		}
		v.Roll = append(v.Roll, p.DeputyID)
		if p.Present {
			present[p.DeputyID] = true
		}
	}
	if err := tx.SaveVote(v); err != nil {
		return err
	}
	if err := tx.SetAttendance(v.ID, present, nil); err != nil {
		return err
	}
	if err := tx.VoteAction(v.ID, "open", m.Title); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE meeting_elections SET vote_id = ? WHERE id = ?", v.ID, el.ID)
	return err
}

func init() {
	voteScopes[meeting.ElectionKind] = func(viewer *renda.User) (string, []any) {
		if viewer.IsStaffSide() {
			return "1 = 1", nil
		}
		c, a := meetingScope(viewer)
		return "v.id IN (SELECT e.vote_id FROM meeting_elections e JOIN meetings m ON m.id = e.meeting_id WHERE " + c + ")", a
	}
	registerBallotItems("meeting_candidate", BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			return tx.queryRow("SELECT name FROM meeting_candidates WHERE id = ?", c.ID).Scan(&c.Title)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			err := tx.queryRow("SELECT name FROM meeting_candidates WHERE id = ?", c.ID).Scan(&c.Title)
			return notFound(err, "候选人不存在")
		},
		apply: func(tx *Tx, v *vote.Vote, res *vote.Result) error {
			for _, t := range res.Items {
				if _, err := tx.exec("UPDATE meeting_candidates SET votes = ?, elected = ?, tie = ? WHERE id = ?", t.Yes, t.Adopted, t.Tie, t.ID); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
