package store

import (
	"context"
	"fmt"

	"renda"
	"renda/supervision"
)

// 质询案: see supervision/interpellation.go. The signers, the body's
// answers (one per round) and the signers' stances on each are child
// records of the item, written in the action's transaction.

// committeeMembers lists the standing committee's members: the deputies of
// the county congress in the group named by supervision.members_group (nil
// when there is no such group, and then any deputy may sign).
func (tx *Tx) committeeMembers() ([]renda.Ref, error) {
	set, _, err := tx.config()
	if err != nil {
		return nil, err
	}
	name := set.String("supervision.members_group")
	if name == "" {
		return nil, nil
	}
	n, err := tx.count("SELECT COUNT(*) FROM deputy_groups WHERE name = ?", name)
	if err != nil || n == 0 {
		return nil, err
	}
	rows, err := tx.query(`SELECT d.id, d.name FROM deputies d JOIN deputy_groups g ON g.name = ?
		JOIN congresses c ON c.id = d.congress_id AND c.level = ?
		WHERE d.status = 'active' AND (d.group_id = g.id OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.deputy_id = d.id))
		ORDER BY d.id`, name, string(renda.LevelCounty))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []renda.Ref{}
	for rows.Next() {
		var r renda.Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SupervisionMembers lists the members of the standing committee who may
// sign a 质询案 (nil: no members group, any active deputy may).
func (db *DB) SupervisionMembers(ctx context.Context) ([]renda.Ref, error) {
	var out []renda.Ref
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.committeeMembers()
		return err
	})
	return out, err
}

// interpellationFacts loads the members (when filing), the signers and the
// stances on the current answer.
func (tx *Tx) interpellationFacts(it *supervision.Item, filing bool) (*supervision.InterpellationFacts, error) {
	f := &supervision.InterpellationFacts{}
	if filing {
		members, err := tx.committeeMembers()
		if err != nil {
			return nil, err
		}
		if members != nil {
			f.Members = map[string]bool{}
			for _, m := range members {
				f.Members[m.ID] = true
			}
		}
		return f, nil
	}
	var err error
	if f.Signers, err = tx.signers(it.ID); err != nil {
		return nil, err
	}
	f.Stances, err = tx.stances(it.ID, it.Round)
	return f, err
}

func (tx *Tx) signers(itemID string) ([]supervision.Signer, error) {
	rows, err := tx.query(`SELECT g.item_id, g.deputy_id, d.name, g.position FROM supervision_signers g JOIN deputies d ON d.id = g.deputy_id
		WHERE g.item_id = ? ORDER BY g.position`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []supervision.Signer{}
	for rows.Next() {
		var s supervision.Signer
		if err := rows.Scan(&s.ItemID, &s.DeputyID, &s.Name, &s.Position); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// stances lists the stances on one round's answer (round 0: every round).
func (tx *Tx) stances(itemID string, round int) ([]supervision.Stance, error) {
	q := `SELECT t.item_id, t.round, t.deputy_id, d.name, t.satisfied, t.reason, t.stated_on FROM supervision_stances t JOIN deputies d ON d.id = t.deputy_id
		JOIN supervision_signers g ON g.item_id = t.item_id AND g.deputy_id = t.deputy_id WHERE t.item_id = ?`
	args := []any{itemID}
	if round > 0 {
		q, args = q+" AND t.round = ?", append(args, round)
	}
	rows, err := tx.query(q+" ORDER BY t.round, g.position", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []supervision.Stance{}
	for rows.Next() {
		var s supervision.Stance
		if err := rows.Scan(&s.ItemID, &s.Round, &s.DeputyID, &s.Name, boolScan{&s.Satisfied}, &s.Reason, dayScan{&s.On}); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (tx *Tx) saveInterpellationRecord(rec any) error {
	var err error
	switch r := rec.(type) {
	case *supervision.Signer:
		_, err = tx.exec("INSERT INTO supervision_signers (item_id, deputy_id, position) VALUES (?, ?, ?)", r.ItemID, r.DeputyID, r.Position)
	case *supervision.Answer:
		by := ""
		if tx.actor != nil {
			by = tx.actor.ID
		}
		_, err = tx.exec("INSERT INTO supervision_answers (id, item_id, round, mode, official, answer, answered_on, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			r.ID, r.ItemID, r.Round, r.Mode, r.Official, r.Text, day(r.On), nz(by))
	case *supervision.Stance:
		_, err = tx.exec("INSERT INTO supervision_stances (item_id, round, deputy_id, satisfied, reason, stated_on) VALUES (?, ?, ?, ?, ?, ?)",
			r.ItemID, r.Round, r.DeputyID, r.Satisfied, r.Reason, day(r.On))
	default:
		err = fmt.Errorf("store: not a record of a 质询案: %T", rec)
	}
	return err
}

// FileInterpellation registers a 质询案 with its signers (staff).
func (db *DB) FileInterpellation(ctx context.Context, actor *renda.User, in renda.Values) (*supervision.Item, error) {
	var it *supervision.Item
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		it, err = tx.FileInterpellation(in)
		return err
	})
	return it, err
}

// FileInterpellation registers a 质询案 in this transaction, as its actor.
func (tx *Tx) FileInterpellation(in renda.Values) (*supervision.Item, error) {
	it, _, err := supFlow.runAs(tx, supervision.Relations(tx.actor, ""), &supervision.Item{ID: renda.NewID()}, "file", in, nil)
	return it, err
}

// RoundStances counts the stances on one answer.
type RoundStances struct {
	Round        int
	Satisfied    int
	Dissatisfied int
	Pending      int // signers who have not said (the current round only)
}

// Interpellation is a 质询案's signers, answers and stances as a viewer may
// see them: everyone who may see the item sees the signers, the answers and
// each round's counts; the staff side and the signers also see who said what.
type Interpellation struct {
	Signers []supervision.Signer `json:"signers"`
	Answers []supervision.Answer `json:"answers"`
	Rounds  []RoundStances       `json:"rounds"`
	Stances []supervision.Stance `json:"stances,omitempty"`
}

// Interpellation returns a 质询案's records for viewer (ENOTFOUND if the
// item is not one viewer may see).
func (db *DB) Interpellation(ctx context.Context, viewer *renda.User, itemID string) (*Interpellation, error) {
	out := &Interpellation{Answers: []supervision.Answer{}, Rounds: []RoundStances{}}
	err := db.read(ctx, func(tx *Tx) error {
		it, err := tx.supItemFor(viewer, itemID, false)
		if err != nil {
			return err
		}
		if !it.Interpellation() {
			return renda.Errorf(renda.ENOTFOUND, "不是质询案")
		}
		if out.Signers, err = tx.signers(it.ID); err != nil {
			return err
		}
		rows, err := tx.query("SELECT id, item_id, round, mode, official, answer, answered_on FROM supervision_answers WHERE item_id = ? ORDER BY round", it.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a supervision.Answer
			if err := rows.Scan(&a.ID, &a.ItemID, &a.Round, &a.Mode, &a.Official, &a.Text, dayScan{&a.On}); err != nil {
				rows.Close()
				return err
			}
			out.Answers = append(out.Answers, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		all, err := tx.stances(it.ID, 0)
		if err != nil {
			return err
		}
		for r := 1; r <= it.Round; r++ {
			rs := RoundStances{Round: r}
			for _, s := range all {
				if s.Round != r {
					continue
				}
				if s.Satisfied {
					rs.Satisfied++
				} else {
					rs.Dissatisfied++
				}
			}
			if r == it.Round && it.Status == supervision.Answered {
				rs.Pending = len(out.Signers) - rs.Satisfied - rs.Dissatisfied
			}
			if r < it.Round || it.Status != supervision.AwaitingAnswer {
				out.Rounds = append(out.Rounds, rs)
			}
		}
		signer := false
		for _, s := range out.Signers {
			signer = signer || viewer != nil && viewer.Role == renda.RoleDeputy && viewer.DeputyID == s.DeputyID
		}
		if viewer.IsStaffSide() || signer {
			out.Stances = all
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
