package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"renda"
	"renda/vote"
)

// Ballot secrecy (see docs/architecture.md, "Ballot secrecy"):
//
//   - vote_voters holds one pre-created row per deputy on a vote's roll;
//     casting flips voted from FALSE to TRUE with a conditional UPDATE in the
//     same transaction as the ballot's INSERT, so a second ballot (even one
//     sent at the same instant) finds no row to flip and is refused.
//   - vote_ballots holds the ballots: the vote, a random receipt and the
//     choices. No voter, no time, no sequence; its key is the receipt.
//   - Nothing this file logs or audits carries a ballot's receipt or choices
//     next to a voter: the audit trail records "X voted in V", without content.
//   - When a vote closes it is sealed: ballots and voters are rewritten in one
//     transaction in key order (so heap order and xmin on PostgreSQL say
//     nothing about the order of voting), then the old row versions are
//     dropped (VACUUM FULL on PostgreSQL, WAL checkpoint on SQLite, whose
//     secure_delete is on).

const voteColumns = `v.id, v.congress_id, v.session_id, v.ballot_kind, v.scheme, v.rule_base, v.rule_threshold, v.rule_pct, v.title, v.description, v.mode, v.adopt, v.status,
	v.opens_at, v.closes_at, v.checkin_code, v.sealed, v.named, v.opened_at, v.closed_at, v.created_at, v.updated_at,
	c.name, c.level, t.number, s.number`

const voteFrom = ` FROM votes v JOIN congresses c ON c.id = v.congress_id
	LEFT JOIN sessions s ON s.id = v.session_id LEFT JOIN terms t ON t.id = s.term_id`

func scanVote(row interface{ Scan(...any) error }) (*vote.Vote, error) {
	v := &vote.Vote{}
	var level string
	var term, sess int
	err := row.Scan(&v.ID, &v.CongressID, strScan{&v.SessionID}, &v.Kind, &v.Scheme, &v.Rule.Base, &v.Rule.Threshold, &v.Rule.Pct, &v.Title, &v.Description, &v.Mode, &v.Adopt, &v.Status,
		tsScan{&v.OpensAt}, tsScan{&v.ClosesAt}, &v.CheckinCode, boolScan{&v.Sealed}, boolScan{&v.Named}, tsScan{&v.OpenedAt}, tsScan{&v.ClosedAt},
		tsScan{&v.CreatedAt}, tsScan{&v.UpdatedAt}, &v.CongressName, &level, intScan{&term}, intScan{&sess})
	v.Level = renda.Level(level)
	if sess > 0 {
		v.SessionName = renda.Session{TermNumber: term, Number: sess}.Name()
	}
	return v, err
}

// vote loads a vote with its candidates.
func (tx *Tx) vote(id string) (*vote.Vote, error) {
	v, err := scanVote(tx.queryRow("SELECT "+voteColumns+voteFrom+" WHERE v.id = ?", id))
	if err != nil {
		return nil, notFound(err, "表决不存在")
	}
	if err := tx.voteDefaults(v); err != nil {
		return nil, err
	}
	return v, tx.loadCandidates(v)
}

// voteDefaults gives a vote set up before the ballot engine its kind's
// counting rule under today's settings (the rule its result is counted by).
func (tx *Tx) voteDefaults(v *vote.Vote) error {
	if v.Rule.Base != "" {
		return nil
	}
	set, _, err := tx.config()
	if err != nil {
		return err
	}
	v.Defaults(set)
	return nil
}

func (tx *Tx) loadCandidates(v *vote.Vote) error {
	rows, err := tx.query(`SELECT entity, item_id, position FROM vote_items WHERE vote_id = ? ORDER BY position`, v.ID)
	if err != nil {
		return err
	}
	v.Candidates = []vote.Candidate{}
	for rows.Next() {
		var c vote.Candidate
		if err := rows.Scan(&c.Entity, &c.ID, &c.Position); err != nil {
			rows.Close()
			return err
		}
		v.Candidates = append(v.Candidates, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range v.Candidates {
		c := &v.Candidates[i]
		b, ok := ballotItems[c.Entity]
		if !ok {
			return fmt.Errorf("store: no ballot items registered for %q", c.Entity)
		}
		if err := b.describe(tx, c); err != nil {
			return err
		}
	}
	return nil
}

// Vote returns one vote with its candidates. Votes are public: the
// candidates, the turnout and, after the close, the result and the
// anonymous ballots.
func (db *DB) Vote(ctx context.Context, id string) (*vote.Vote, error) {
	var v *vote.Vote
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		v, err = tx.vote(id)
		return err
	})
	return v, err
}

// voteScopes are, by kind, the conditions on a vote (alias v) that say
// whether a viewer may see it, for kinds whose workflow hides its votes
// (registered by the workflow's store file).
var voteScopes = map[string]func(viewer *renda.User) (string, []any){}

// VoteFor returns a vote if viewer may see it (ENOTFOUND otherwise).
func (db *DB) VoteFor(ctx context.Context, viewer *renda.User, id string) (*vote.Vote, error) {
	v, err := db.Vote(ctx, id)
	if err != nil {
		return nil, err
	}
	if scope, ok := voteScopes[v.Kind]; ok {
		c, a := scope(viewer)
		var n int
		if err := db.read(ctx, func(tx *Tx) error {
			return tx.queryRow("SELECT COUNT(*) FROM votes v WHERE v.id = ? AND "+c, append([]any{id}, a...)...).Scan(&n)
		}); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, renda.Errorf(renda.ENOTFOUND, "表决不存在")
		}
	}
	return v, nil
}

// Votes lists votes, newest first, with their candidates.
func (db *DB) Votes(ctx context.Context, f vote.Filter) ([]*vote.Vote, int, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "v.status = ?"), append(args, f.Status)
	}
	if f.CongressID != "" {
		where, args = append(where, "v.congress_id = ?"), append(args, f.CongressID)
	}
	if f.Year != 0 {
		where = append(where, "v.opened_at >= ? AND v.opened_at < ?")
		args = append(args, ts(renda.NewDate(f.Year, 1, 1).Start()), ts(renda.NewDate(f.Year+1, 1, 1).Start()))
	}
	if f.Kind != "" {
		kind := f.Kind
		if k, ok := vote.KindOf(kind); ok {
			kind = k.Name
		}
		where, args = append(where, "v.ballot_kind = ?"), append(args, kind)
	}
	if f.Scoped {
		for kind, scope := range voteScopes {
			c, a := scope(f.Viewer)
			where, args = append(where, "(v.ballot_kind <> ? OR "+c+")"), append(append(args, kind), a...)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*vote.Vote
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+voteFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+voteColumns+voteFrom+cond+
			" ORDER BY CASE v.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, v.created_at DESC, v.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			v, err := scanVote(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, v := range out {
			if err := tx.voteDefaults(v); err != nil {
				return err
			}
			if err := tx.loadCandidates(v); err != nil {
				return err
			}
		}
		return nil
	})
	return out, total, err
}

// newCheckinCode is the 6-digit code shown in the hall for check-in.
func newCheckinCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1000000))
	return fmt.Sprintf("%06d", n.Int64())
}

// SaveVote creates (empty ID) or changes (while a draft) a vote. Creating
// it puts every serving deputy of the congress (of the session's term, if
// a session is given) on its roll, not yet present.
func (db *DB) SaveVote(ctx context.Context, actor *renda.User, v *vote.Vote) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SaveVote(v) })
}

// SaveVote is SaveVote in this transaction (also for the demo loader).
func (tx *Tx) SaveVote(v *vote.Vote) error {
	if !tx.actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以设置表决")
	}
	set, err := tx.settings()
	if err != nil {
		return err
	}
	v.Defaults(set)
	if err := v.Validate(set.Int("vote.min_extra_candidates")); err != nil {
		return err
	}
	kind, _ := vote.KindOf(v.Kind)
	items, ok := ballotItems[kind.Entity]
	if !ok {
		return fmt.Errorf("store: no ballot items registered for %q", kind.Entity)
	}
	var level string
	if err := tx.queryRow("SELECT level FROM congresses WHERE id = ?", v.CongressID).Scan(&level); err != nil {
		return notFound(err, "所选人大不存在")
	}
	termID := ""
	if v.SessionID != "" {
		if err := tx.queryRow("SELECT s.term_id FROM sessions s JOIN terms t ON t.id = s.term_id WHERE s.id = ? AND t.congress_id = ?", v.SessionID, v.CongressID).Scan(&termID); err != nil {
			return notFound(err, "所选会议不属于该人大")
		}
	}
	for i := range v.Candidates {
		c := &v.Candidates[i]
		c.Entity, c.Position = kind.Entity, i+1
		if err := items.check(tx, v, c, v.ID == ""); err != nil {
			return err
		}
	}
	if v.ID == "" {
		v.Status = ""
		env, err := tx.env()
		if err != nil {
			return err
		}
		env.Rel = renda.RoleRel(tx.actor)
		created, out, err := vote.Flow.Apply(v, "create", nil, env)
		if err != nil {
			return err
		}
		*v = *created
		v.ID, v.CreatedAt, v.CheckinCode = renda.NewID(), tx.now, newCheckinCode()
		v.UpdatedAt = tx.now
		if _, err := tx.exec(`INSERT INTO votes (id, congress_id, session_id, kind, ballot_kind, scheme, rule_base, rule_threshold, rule_pct, title, description, mode, adopt, status, opens_at, closes_at,
			checkin_code, sealed, named, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)`,
			v.ID, v.CongressID, nz(v.SessionID), v.Counting(), v.Kind, v.Scheme, v.Rule.Base, v.Rule.Threshold, v.Rule.Pct, v.Title, v.Description, v.Mode, v.Adopt, v.Status, ts(v.OpensAt), ts(v.ClosesAt),
			v.CheckinCode, v.Named, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		cond, args := "congress_id = ? AND status = 'active'", []any{v.CongressID}
		if termID != "" {
			cond, args = cond+" AND term_id = ?", append(args, termID)
		}
		if kind.Voters {
			cond, args = "1 = 0", nil // voters rate with one-time codes (votes_codes.go), no roll of deputies
		} else if len(v.Roll) > 0 { // a given roll (a meeting's members), of the congress's deputies
			cond, args = "congress_id = ? AND id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(v.Roll)), ", ")+")", []any{v.CongressID}
			for _, id := range v.Roll {
				args = append(args, id)
			}
		}
		if _, err := tx.exec("INSERT INTO vote_voters (vote_id, deputy_id, present, voted, paper) SELECT ?, id, FALSE, FALSE, FALSE FROM deputies WHERE "+cond,
			append([]any{v.ID}, args...)...); err != nil {
			return err
		}
		if err := tx.writeCandidates(v); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "vote", EntityID: v.ID, After: v, From: out.From, To: out.To})
		return nil
	}
	old, err := tx.vote(v.ID)
	if err != nil {
		return err
	}
	if _, err := vote.Workflow.Step(old.Status, "update", renda.RoleRel(tx.actor)); err != nil {
		return err
	}
	if old.CongressID != v.CongressID {
		return renda.Errorf(renda.EINVALID, "不能更改表决所属的人大；请新建表决")
	}
	v.Status, v.CreatedAt, v.UpdatedAt, v.CheckinCode = old.Status, old.CreatedAt, tx.now, old.CheckinCode
	if _, err := tx.exec(`UPDATE votes SET session_id = ?, kind = ?, ballot_kind = ?, scheme = ?, rule_base = ?, rule_threshold = ?, rule_pct = ?,
		title = ?, description = ?, mode = ?, adopt = ?, named = ?, opens_at = ?, closes_at = ?, updated_at = ?
		WHERE id = ?`, nz(v.SessionID), v.Counting(), v.Kind, v.Scheme, v.Rule.Base, v.Rule.Threshold, v.Rule.Pct,
		v.Title, v.Description, v.Mode, v.Adopt, v.Named, ts(v.OpensAt), ts(v.ClosesAt), ts(tx.now), v.ID); err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM vote_items WHERE vote_id = ?", v.ID); err != nil {
		return err
	}
	if err := tx.writeCandidates(v); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "update", Entity: "vote", EntityID: v.ID, Before: old, After: v})
	return nil
}

// BallotItems is how the store finds, checks and moves on the items of one
// entity on a ballot. The workflow that registers a vote kind (package
// vote, RegisterKind) registers its items' entity here once.
type BallotItems struct {
	// describe fills an item's title and summary for the ballot.
	describe func(tx *Tx, c *vote.Candidate) error
	// check refuses an item that may not be on the vote (creating: the vote
	// is being set up, not changed) and fills its title.
	check func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error
	// apply moves the items on by the result (and the presidium's
	// decisions), through their own workflow's machine.
	apply func(tx *Tx, v *vote.Vote, res *vote.Result) error
}

// ballotItems are the registered item entities, by entity name.
var ballotItems = map[string]BallotItems{}

// registerBallotItems makes an entity's items usable on ballots.
func registerBallotItems(entity string, b BallotItems) { ballotItems[entity] = b }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (tx *Tx) writeCandidates(v *vote.Vote) error {
	for i, c := range v.Candidates {
		if _, err := tx.exec("INSERT INTO vote_items (vote_id, entity, item_id, position) VALUES (?, ?, ?, ?)", v.ID, c.Entity, c.ID, i+1); err != nil {
			return err
		}
	}
	return nil
}

// Voter is one line of a vote's roll, for the staff's attendance page.
// It says whether the deputy is present and has voted — never how.
type Voter struct {
	DeputyID   string `json:"deputy_id"`
	Name       string `json:"name"`
	Delegation string `json:"delegation,omitempty"`
	Present    bool   `json:"present"`
	Voted      bool   `json:"voted"`
	Paper      bool   `json:"paper"`
}

// Roll lists a vote's roll (staff only).
func (db *DB) Roll(ctx context.Context, actor *renda.User, voteID string) ([]Voter, error) {
	if !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以查看出席名单")
	}
	var out []Voter
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT d.id, d.name, COALESCE(g.name, ''), vv.present, vv.voted, vv.paper
			FROM vote_voters vv JOIN deputies d ON d.id = vv.deputy_id LEFT JOIN delegations g ON g.id = d.delegation_id
			WHERE vv.vote_id = ? ORDER BY g.name, d.name, d.id`, voteID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v Voter
			if err := rows.Scan(&v.DeputyID, &v.Name, &v.Delegation, boolScan{&v.Present}, boolScan{&v.Voted}, boolScan{&v.Paper}); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// SetAttendance marks deputies present or absent (staff). A deputy who
// has voted stays present. paper marks a present deputy as voting on paper:
// their electronic ballot is then refused, and their paper ballot is
// counted in the paper totals.
func (db *DB) SetAttendance(ctx context.Context, actor *renda.User, voteID string, present map[string]bool, paper map[string]bool) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SetAttendance(voteID, present, paper) })
}

// SetAttendance is SetAttendance in this transaction (also for seeding).
func (tx *Tx) SetAttendance(voteID string, present map[string]bool, paper map[string]bool) error {
	v, err := tx.vote(voteID)
	if err != nil {
		return err
	}
	if _, err := vote.Workflow.Step(v.Effective(tx.now), "attendance", renda.RoleRel(tx.actor)); err != nil {
		return err
	}
	changed := 0
	for id, p := range present {
		res, err := tx.exec("UPDATE vote_voters SET present = ? WHERE vote_id = ? AND deputy_id = ? AND voted = FALSE AND present <> ?", p, voteID, id, p)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed += int(n)
		if n > 0 {
			if err := tx.creditAttendance(v, id); err != nil {
				return err
			}
		}
	}
	for id, p := range paper {
		if !p {
			continue
		}
		// Issuing a paper ballot uses up the deputy's vote.
		res, err := tx.exec("UPDATE vote_voters SET paper = TRUE, voted = TRUE, present = TRUE WHERE vote_id = ? AND deputy_id = ? AND voted = FALSE", voteID, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed += int(n)
		if n > 0 {
			// A paper ballot is a vote cast: turnout only, as for electronic ones.
			if err := tx.credit([]renda.Credit{{DeputyID: id, Kind: "vote", Title: "参加表决：" + v.Title, Entity: "vote", EntityID: voteID}}, nil); err != nil {
				return err
			}
			if err := tx.creditAttendance(v, id); err != nil {
				return err
			}
		}
	}
	if changed > 0 {
		t, err := tx.turnout(voteID)
		if err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "attendance", Entity: "vote", EntityID: voteID,
			Note: fmt.Sprintf("出席 %d 人，其中纸质投票 %d 人", t.Present, t.Paper)})
	}
	return nil
}

// CheckIn records a deputy as present when they type the code shown in the hall.
func (db *DB) CheckIn(ctx context.Context, actor *renda.User, voteID, code string) error {
	if !actor.Is(renda.RoleDeputy) || actor.DeputyID == "" {
		return renda.Errorf(renda.EFORBIDDEN, "只有代表本人可以签到")
	}
	// A wrong code is counted (and committed) before it is refused, so the
	// 6 digits cannot be guessed by trying them all.
	var wrong error
	err := db.write(ctx, actor, func(tx *Tx) error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if _, err := vote.Workflow.Step(v.Effective(tx.now), "checkin", renda.Rel{"voter"}); err != nil {
			return err
		}
		set, err := tx.settings()
		if err != nil {
			return err
		}
		var failures int
		err = tx.queryRow("SELECT checkin_failures FROM vote_voters WHERE vote_id = ? AND deputy_id = ?", voteID, actor.DeputyID).Scan(&failures)
		if errors.Is(err, sql.ErrNoRows) {
			return renda.Errorf(renda.EFORBIDDEN, "您不是本次表决的投票人（不属于%s的代表）", v.CongressName)
		}
		if err != nil {
			return err
		}
		max := set.Int("vote.checkin_max_failures")
		if failures >= max {
			return renda.Errorf(renda.ETOOMANY, "签到码输错次数过多，请联系会场工作人员登记出席")
		}
		if strings.TrimSpace(code) != v.CheckinCode {
			if _, err := tx.exec("UPDATE vote_voters SET checkin_failures = checkin_failures + 1 WHERE vote_id = ? AND deputy_id = ?", voteID, actor.DeputyID); err != nil {
				return err
			}
			msg := fmt.Sprintf("签到码不正确：请输入会场大屏上显示的 6 位数字（还可尝试 %d 次）", max-failures-1)
			wrong = &renda.Error{Code: renda.EINVALID, Message: msg, Fields: []renda.FieldError{{Field: "code", Message: "签到码不正确"}}}
			return nil
		}
		res, err := tx.exec("UPDATE vote_voters SET present = TRUE WHERE vote_id = ? AND deputy_id = ? AND present = FALSE", voteID, actor.DeputyID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			on, err := tx.exists("SELECT 1 FROM vote_voters WHERE vote_id = ? AND deputy_id = ?", voteID, actor.DeputyID)
			if err != nil {
				return err
			}
			if !on {
				return renda.Errorf(renda.EFORBIDDEN, "您不是本次表决的投票人（不属于%s的代表）", v.CongressName)
			}
			return nil // already present
		}
		tx.Record(renda.Change{Action: "checkin", Entity: "vote", EntityID: voteID})
		return tx.creditAttendance(v, actor.DeputyID)
	})
	if err != nil {
		return err
	}
	return wrong
}

// VoterState is what a deputy sees of their own place on a vote's roll.
type VoterState struct {
	OnRoll, Present, Voted, Paper bool
}

// MyVoterState returns the signed-in deputy's state on a vote.
func (db *DB) MyVoterState(ctx context.Context, actor *renda.User, voteID string) (VoterState, error) {
	var s VoterState
	if !actor.Is(renda.RoleDeputy) || actor.DeputyID == "" {
		return s, nil
	}
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT present, voted, paper FROM vote_voters WHERE vote_id = ? AND deputy_id = ?"), voteID, actor.DeputyID).
		Scan(boolScan{&s.Present}, boolScan{&s.Voted}, boolScan{&s.Paper})
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.OnRoll = err == nil
	return s, err
}

// CastBallot records a deputy's ballot and returns its receipt. The receipt
// is returned once, to the voter, and stored only with the ballot.
//
// In one transaction: the deputy's roll row is flipped from not-voted to
// voted by a conditional UPDATE (0 rows: not entitled, or voted already),
// then the ballot is inserted under a fresh random receipt. Two requests
// of one deputy at the same instant serialise on that row: one flips it,
// the other finds nothing to flip.
func (db *DB) CastBallot(ctx context.Context, actor *renda.User, voteID string, choices vote.Ballot) (string, error) {
	if !actor.Is(renda.RoleDeputy) || actor.DeputyID == "" {
		return "", renda.Errorf(renda.EFORBIDDEN, "只有代表本人可以投票")
	}
	var receipt string
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		receipt, err = tx.CastBallot(voteID, choices)
		return err
	})
	return receipt, err
}

// CastBallot is CastBallot in this transaction, for the transaction's actor
// (the demo's seeding replays a session's ballots this way).
func (tx *Tx) CastBallot(voteID string, choices vote.Ballot) (string, error) {
	actor := tx.actor
	if !actor.Is(renda.RoleDeputy) || actor.DeputyID == "" {
		return "", renda.Errorf(renda.EFORBIDDEN, "只有代表本人可以投票")
	}
	var receipt string
	err := func() error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if _, err := vote.Workflow.Step(v.Effective(tx.now), "ballot", renda.Rel{"voter"}); err != nil {
			if renda.ErrorCode(err) == renda.ECONFLICT {
				if v.Effective(tx.now) == vote.Closed {
					return renda.Errorf(renda.ECONFLICT, "投票已经结束")
				}
				return renda.Errorf(renda.ECONFLICT, "投票尚未开始")
			}
			return err
		}
		ballot, err := v.Normalize(choices)
		if err != nil {
			return err
		}
		res, err := tx.exec("UPDATE vote_voters SET voted = TRUE WHERE vote_id = ? AND deputy_id = ? AND present = TRUE AND voted = FALSE", voteID, actor.DeputyID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var present, voted bool
			err := tx.queryRow("SELECT present, voted FROM vote_voters WHERE vote_id = ? AND deputy_id = ?", voteID, actor.DeputyID).Scan(boolScan{&present}, boolScan{&voted})
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return renda.Errorf(renda.EFORBIDDEN, "您不是本次表决的投票人（不属于%s的代表）", v.CongressName)
			case err != nil:
				return err
			case voted:
				return renda.Errorf(renda.ECONFLICT, "您已经投过票了，每位代表只能投一次")
			default:
				return renda.Errorf(renda.EFORBIDDEN, "您尚未签到：请先用会场大屏上的签到码签到，或请工作人员登记出席")
			}
		}
		enc := ballot.Encode()
		for range 5 {
			r := vote.NewReceipt()
			res, err := tx.exec("INSERT INTO vote_ballots (vote_id, receipt, choices) VALUES (?, ?, ?) ON CONFLICT (vote_id, receipt) DO NOTHING", voteID, r, enc)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				receipt = r
				break
			}
		}
		if receipt == "" {
			return errors.New("store: no free receipt after 5 tries")
		}
		if v.Named {
			// An open vote (记名表决) records by name who chose what, for
			// the minutes; a secret vote writes nothing here.
			if _, err := tx.exec("INSERT INTO vote_named (vote_id, deputy_id, choices) VALUES (?, ?, ?)", voteID, actor.DeputyID, enc); err != nil {
				return err
			}
		}
		// The trail says that this deputy voted; never what, never the receipt.
		tx.Record(renda.Change{Action: "ballot", Entity: "vote", EntityID: voteID})
		// The duty record counts turnout only: that the deputy voted, never how.
		return tx.credit([]renda.Credit{{DeputyID: actor.DeputyID, Kind: "vote", Title: "参加表决：" + v.Title, Entity: "vote", EntityID: voteID}}, nil)
	}()
	return receipt, err
}

func (tx *Tx) turnout(voteID string) (vote.Turnout, error) {
	var t vote.Turnout
	err := tx.queryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN present THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN voted THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN paper THEN 1 ELSE 0 END), 0) FROM vote_voters WHERE vote_id = ?`, voteID).
		Scan(&t.Members, &t.Present, &t.Voted, &t.Paper)
	if err == nil && t.Members == 0 {
		// A voters' rating (vote.Kind.Voters): each phone that asked for a
		// code is on the roll and present; those who rated have voted.
		err = tx.queryRow("SELECT COUNT(*), COUNT(*), COALESCE(SUM(CASE WHEN used THEN 1 ELSE 0 END), 0) FROM vote_codes WHERE vote_id = ?", voteID).
			Scan(&t.Members, &t.Present, &t.Voted)
	}
	t.Eligible = t.Present
	return t, err
}

// Turnout returns how many are on the roll, present and have voted — for
// the hall's screen. It never says who voted how.
func (db *DB) Turnout(ctx context.Context, voteID string) (vote.Turnout, error) {
	var t vote.Turnout
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		t, err = tx.turnout(voteID)
		return err
	})
	return t, err
}

// ActOnVote takes an action offered on a vote's page and API (open,
// close) with raw input, decoded by the action's declaration (vote.Flow).
func (db *DB) ActOnVote(ctx context.Context, actor *renda.User, voteID, action string, raw renda.Values) error {
	rule, ok := vote.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	in, err := renda.Decode(rule.Fields, raw, set, nil, 0)
	if err != nil {
		return err
	}
	return db.VoteAction(ctx, actor, voteID, action, in.Text("note"))
}

// VoteAction opens or closes a vote. Closing freezes its result, moves its
// projects on (adopted / not adopted, or rated), and seals the ballots.
func (db *DB) VoteAction(ctx context.Context, actor *renda.User, voteID, action, note string) error {
	err := db.write(ctx, actor, func(tx *Tx) error { return tx.VoteAction(voteID, action, note) })
	if err != nil || action != "close" {
		return err
	}
	// The vote is closed. The seal runs on its own, not on the request's
	// context; the request waits for it at most sealWait. If it fails (say
	// VACUUM waits on a long backup) the vote stays 封存中 and the
	// vote-seal sweep tries again.
	done := make(chan struct{})
	db.sealing.Add(1)
	go func() {
		defer db.sealing.Done()
		defer close(done)
		if err := db.SealVote(context.WithoutCancel(ctx), voteID); err != nil {
			db.log.Error("vote closed but not sealed yet; the sweep retries", "vote", voteID, "err", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(sealWait):
	}
	return nil
}

// sealWait is how long closing a vote waits for its seal before it answers
// (the seal goes on after that; the vote shows 封存中 until it is done).
var sealWait = 20 * time.Second

// VoteAction opens or closes a vote in this transaction; closing does not
// seal it (db.SealVote does). The vote's machine decides (vote.Flow): the
// audit record's from and to are the transition it made.
func (tx *Tx) VoteAction(voteID, action, note string) error {
	if action != "open" && action != "close" {
		return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
	}
	v, err := tx.vote(voteID)
	if err != nil {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.RoleRel(tx.actor)
	if tx.actor == nil {
		env.Rel = renda.Rel{"system"}
	}
	next, out, err := vote.Flow.Apply(v, action, renda.NewInput().Set("note", note), env)
	if err != nil {
		return err
	}
	switch action {
	case "open":
		if _, err := tx.exec("UPDATE votes SET status = ?, opened_at = ?, updated_at = ? WHERE id = ?", next.Status, ts(next.OpenedAt), ts(tx.now), v.ID); err != nil {
			return err
		}
	case "close":
		if _, err := tx.exec("UPDATE votes SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?", next.Status, ts(next.ClosedAt), ts(tx.now), v.ID); err != nil {
			return err
		}
	}
	tx.Record(renda.Change{Action: action, Entity: "vote", EntityID: v.ID, From: out.From, To: out.To, Note: out.Note})
	if action == "close" {
		return tx.finalize(next)
	}
	return nil
}

// finalize computes and freezes a closed vote's result and moves its
// projects on.
func (tx *Tx) finalize(v *vote.Vote) error {
	set, err := tx.settings()
	if err != nil {
		return err
	}
	ballots, err := tx.ballots(v.ID)
	if err != nil {
		return err
	}
	t, err := tx.turnout(v.ID)
	if err != nil {
		return err
	}
	paper, err := tx.paper(v.ID)
	if err != nil {
		return err
	}
	res := vote.ComputeResult(v, ballots, paper, t.Present, t.Members, vote.RulesFrom(set))
	// Keep earlier decisions of the presidium when totals are recounted.
	if old, err := tx.result(v.ID); err == nil && old != nil {
		for i := range res.Items {
			for _, o := range old.Items {
				if o.ID == res.Items[i].ID && o.Decided != "" {
					res.Items[i].Decided = o.Decided
					res.Items[i].Adopted = o.Decided == "adopted"
				}
			}
		}
	}
	b, _ := json.Marshal(res)
	if _, err := tx.exec("UPDATE votes SET result_json = ? WHERE id = ?", string(b), v.ID); err != nil {
		return err
	}
	return tx.applyResult(v, res)
}

// applyResult moves each item on by the result, through its own workflow.
func (tx *Tx) applyResult(v *vote.Vote, res *vote.Result) error {
	k, ok := vote.KindOf(v.Kind)
	if !ok {
		return fmt.Errorf("store: unknown vote kind %q", v.Kind)
	}
	if b := ballotItems[k.Entity]; b.apply != nil {
		return b.apply(tx, v, res)
	}
	return nil
}

func (tx *Tx) ballots(voteID string) ([]vote.Ballot, error) {
	rows, err := tx.query("SELECT choices FROM vote_ballots WHERE vote_id = ? ORDER BY receipt", voteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []vote.Ballot
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		b, err := vote.DecodeBallot(s)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (tx *Tx) paper(voteID string) (*vote.PaperTotals, error) {
	var s string
	if err := tx.queryRow("SELECT paper_json FROM votes WHERE id = ?", voteID).Scan(&s); err != nil {
		return nil, err
	}
	if s == "" {
		return nil, nil
	}
	var p vote.PaperTotals
	return &p, json.Unmarshal([]byte(s), &p)
}

func (tx *Tx) result(voteID string) (*vote.Result, error) {
	var s string
	if err := tx.queryRow("SELECT result_json FROM votes WHERE id = ?", voteID).Scan(&s); err != nil {
		return nil, notFound(err, "表决不存在")
	}
	if s == "" {
		return nil, nil
	}
	var r vote.Result
	return &r, json.Unmarshal([]byte(s), &r)
}

// Result returns a closed vote's result (ECONFLICT before the close).
func (db *DB) Result(ctx context.Context, voteID string) (*vote.Result, error) {
	var r *vote.Result
	err := db.read(ctx, func(tx *Tx) error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if v.Status != vote.Closed {
			return renda.Errorf(renda.ECONFLICT, "投票结束后才公布结果")
		}
		r, err = tx.result(voteID)
		if err == nil && r == nil {
			err = errors.New("store: closed vote without a result")
		}
		return err
	})
	return r, err
}

// NamedBallot is one member's ballot in an open vote (记名表决).
type NamedBallot struct {
	DeputyID string      `json:"deputy_id"`
	Name     string      `json:"name"`
	Choices  vote.Ballot `json:"choices"`
}

// NamedBallots lists who voted how in a closed open vote (记名表决), by
// name. A secret vote has none: ECONFLICT says so.
func (db *DB) NamedBallots(ctx context.Context, voteID string) ([]NamedBallot, error) {
	out := []NamedBallot{}
	err := db.read(ctx, func(tx *Tx) error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if !v.Named {
			return renda.Errorf(renda.ECONFLICT, "无记名表决不记录投票人的选择")
		}
		if v.Status != vote.Closed {
			return renda.Errorf(renda.ECONFLICT, "投票结束后才公布记名表决的结果")
		}
		rows, err := tx.query(`SELECT n.deputy_id, d.name, n.choices FROM vote_named n JOIN deputies d ON d.id = n.deputy_id
			WHERE n.vote_id = ? ORDER BY d.name, n.deputy_id`, voteID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b NamedBallot
			var s string
			if err := rows.Scan(&b.DeputyID, &b.Name, &s); err != nil {
				return err
			}
			if b.Choices, err = vote.DecodeBallot(s); err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// PublishedBallot is one anonymous ballot as published after the close.
type PublishedBallot struct {
	Receipt string      `json:"receipt"`
	Choices vote.Ballot `json:"choices"`
}

// PublishedBallots lists a closed vote's ballots in receipt order — an
// order that, receipts being random, says nothing about who voted when.
func (db *DB) PublishedBallots(ctx context.Context, voteID string) ([]PublishedBallot, error) {
	out := []PublishedBallot{}
	err := db.read(ctx, func(tx *Tx) error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if v.Status != vote.Closed {
			return renda.Errorf(renda.ECONFLICT, "投票结束后才公布选票")
		}
		rows, err := tx.query("SELECT receipt, choices FROM vote_ballots WHERE vote_id = ? ORDER BY receipt", voteID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p PublishedBallot
			var s string
			if err := rows.Scan(&p.Receipt, &s); err != nil {
				return err
			}
			if p.Choices, err = vote.DecodeBallot(s); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// Paper returns a vote's paper totals, or nil.
func (db *DB) Paper(ctx context.Context, voteID string) (*vote.PaperTotals, error) {
	var p *vote.PaperTotals
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.paper(voteID)
		return err
	})
	return p, err
}

// EnterPaper records the totals of the paper ballots, to be confirmed by a
// second member of staff. Entering them again replaces unconfirmed totals.
func (db *DB) EnterPaper(ctx context.Context, actor *renda.User, voteID string, t *vote.PaperTotals) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.EnterPaper(voteID, t) })
}

// EnterPaper is EnterPaper in this transaction (also for seeding).
func (tx *Tx) EnterPaper(voteID string, t *vote.PaperTotals) error {
	v, err := tx.vote(voteID)
	if err != nil {
		return err
	}
	if _, err := vote.Workflow.Step(v.Effective(tx.now), "paper", renda.RoleRel(tx.actor)); err != nil {
		return err
	}
	old, err := tx.paper(voteID)
	if err != nil {
		return err
	}
	if old.Confirmed() {
		return renda.Errorf(renda.ECONFLICT, "纸质票已复核确认，不能再修改")
	}
	tr, err := tx.turnout(voteID)
	if err != nil {
		return err
	}
	if err := v.ValidatePaper(t, tr.Paper); err != nil {
		return err
	}
	t.EnteredBy, t.EnteredName, t.EnteredAt = tx.actor.ID, tx.actor.Name(), tx.now
	t.ConfirmedBy, t.ConfirmName, t.ConfirmedAt = "", "", time.Time{}
	b, _ := json.Marshal(t)
	if _, err := tx.exec("UPDATE votes SET paper_json = ?, updated_at = ? WHERE id = ?", string(b), ts(tx.now), voteID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "paper", Entity: "vote", EntityID: voteID, Before: old, After: t, Note: fmt.Sprintf("纸质票 %d 张", t.Ballots)})
	return nil
}

// ConfirmPaper confirms the paper totals: by a member of staff other than
// the one who entered them. Confirmed totals count in the result (a closed
// vote's result is recomputed).
func (db *DB) ConfirmPaper(ctx context.Context, actor *renda.User, voteID string) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.ConfirmPaper(voteID) })
}

// ConfirmPaper is ConfirmPaper in this transaction (also for seeding).
func (tx *Tx) ConfirmPaper(voteID string) error {
	v, err := tx.vote(voteID)
	if err != nil {
		return err
	}
	if _, err := vote.Workflow.Step(v.Effective(tx.now), "paper_confirm", renda.RoleRel(tx.actor)); err != nil {
		return err
	}
	p, err := tx.paper(voteID)
	if err != nil {
		return err
	}
	switch {
	case p == nil:
		return renda.Errorf(renda.ECONFLICT, "尚未录入纸质票")
	case p.Confirmed():
		return renda.Errorf(renda.ECONFLICT, "纸质票已复核确认")
	case p.EnteredBy == tx.actor.ID:
		return renda.Errorf(renda.EFORBIDDEN, "纸质票须由录入人以外的另一名工作人员复核")
	}
	p.ConfirmedBy, p.ConfirmName, p.ConfirmedAt = tx.actor.ID, tx.actor.Name(), tx.now
	b, _ := json.Marshal(p)
	if _, err := tx.exec("UPDATE votes SET paper_json = ?, updated_at = ? WHERE id = ?", string(b), ts(tx.now), voteID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "paper_confirm", Entity: "vote", EntityID: voteID, Note: fmt.Sprintf("纸质票 %d 张，录入人：%s", p.Ballots, p.EnteredName)})
	if v.Status == vote.Closed {
		return tx.finalize(v)
	}
	return nil
}

// Decide records the presidium's decision on a candidate left open by a
// tie or by too few passing (adopt or not).
func (db *DB) Decide(ctx context.Context, actor *renda.User, voteID, projectID string, adopt bool, note string) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		v, err := tx.vote(voteID)
		if err != nil {
			return err
		}
		if _, err := vote.Workflow.Step(v.Status, "decide", renda.RoleRel(tx.actor)); err != nil {
			return err
		}
		var p renda.Problems
		note = p.Text("note", "决定说明", note, true, 500)
		if err := p.Err(); err != nil {
			return err
		}
		res, err := tx.result(voteID)
		if err != nil || res == nil {
			return renda.Errorf(renda.ECONFLICT, "没有表决结果")
		}
		if !res.Ties && !res.TooFew {
			return renda.Errorf(renda.ECONFLICT, "本次表决结果已确定，无需主席团决定")
		}
		found := false
		for i := range res.Items {
			it := &res.Items[i]
			if it.ID != projectID {
				continue
			}
			if it.Adopted && it.Decided == "" {
				return renda.Errorf(renda.ECONFLICT, "该项目已按票数当选")
			}
			found = true
			it.Decided = map[bool]string{true: "adopted", false: "not_adopted"}[adopt]
			it.Adopted, it.Tie = adopt, false
		}
		if !found {
			return renda.Errorf(renda.ENOTFOUND, "该项目不是本次表决的候选项目")
		}
		n := 0
		for _, it := range res.Items {
			if it.Adopted {
				n++
			}
		}
		if n > v.Adopt {
			return renda.Errorf(renda.ECONFLICT, "当选项目已达拟选数 %d 个", v.Adopt)
		}
		b, _ := json.Marshal(res)
		if _, err := tx.exec("UPDATE votes SET result_json = ? WHERE id = ?", string(b), voteID); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "decide", Entity: "vote", EntityID: voteID, Note: note})
		return tx.applyResult(v, res)
	})
}

// sealTimeout bounds one attempt to seal a vote: the seal runs on its own,
// not on the context of the request that closed the vote (a client that
// gives up, or a request timeout, must not leave a seal half done). An
// attempt that runs out leaves the vote unsealed; the vote-seal sweep
// tries again until it succeeds.
var sealTimeout = 5 * time.Minute

// SealVote rewrites a closed vote's ballots and roll so that nothing in the
// database's storage reflects the order of voting, then drops the old row
// versions, and only then marks the vote sealed (and records it). It is
// idempotent; a sweep retries votes left unsealed. Until it has succeeded
// the vote shows as 封存中.
func (db *DB) SealVote(ctx context.Context, voteID string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sealTimeout)
	defer cancel()
	var sealed bool
	if err := db.write(ctx, nil, func(tx *Tx) error {
		var err error
		sealed, err = tx.rewriteBallots(voteID)
		return err
	}); err != nil || sealed {
		return err
	}
	if err := db.dropOldVersions(ctx); err != nil {
		return fmt.Errorf("store: vote %s closed but not sealed yet (the sweep retries): %w", voteID, err)
	}
	err := db.write(ctx, nil, func(tx *Tx) error {
		res, err := tx.exec("UPDATE votes SET sealed = TRUE WHERE id = ? AND sealed = FALSE", voteID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			var ballots int
			if ballots, err = tx.count("SELECT COUNT(*) FROM vote_ballots WHERE vote_id = ?", voteID); err != nil {
				return err
			}
			tx.Record(renda.Change{Action: "seal", Entity: "vote", EntityID: voteID, Note: fmt.Sprintf("%d 张选票已按回执号重写并清除旧版本", ballots)})
		}
		return nil
	})
	if err == nil && db.dialect == SQLite {
		// The mark itself went to the WAL (the vote's row and the trail, no
		// ballot page); fold it in too, if no reader is in the way.
		_, _ = db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return err
}

// SealVote rewrites a closed vote's ballots and roll in this transaction
// (seeding calls it inside its transaction). It does not mark the vote
// sealed: db.SealVote does, once the old row versions are gone.
func (tx *Tx) SealVote(voteID string) error {
	_, err := tx.rewriteBallots(voteID)
	return err
}

// rewriteBallots deletes and re-inserts a closed vote's ballots in receipt
// order and its roll in deputy order. It reports whether the vote is
// sealed already (and then does nothing).
func (tx *Tx) rewriteBallots(voteID string) (sealed bool, err error) {
	var status string
	if err := tx.queryRow("SELECT status, sealed FROM votes WHERE id = ?", voteID).Scan(&status, boolScan{&sealed}); err != nil {
		return false, notFound(err, "表决不存在")
	}
	if status != vote.Closed {
		return false, renda.Errorf(renda.ECONFLICT, "投票结束后才能封存")
	}
	if sealed {
		return true, nil
	}
	type ballot struct{ receipt, choices string }
	var bs []ballot
	rows, err := tx.query("SELECT receipt, choices FROM vote_ballots WHERE vote_id = ? ORDER BY receipt", voteID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var b ballot
		if err := rows.Scan(&b.receipt, &b.choices); err != nil {
			rows.Close()
			return false, err
		}
		bs = append(bs, b)
	}
	rows.Close()
	type voter struct {
		deputy                string
		present, voted, paper bool
	}
	var vs []voter
	rows, err = tx.query("SELECT deputy_id, present, voted, paper FROM vote_voters WHERE vote_id = ? ORDER BY deputy_id", voteID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var v voter
		if err := rows.Scan(&v.deputy, boolScan{&v.present}, boolScan{&v.voted}, boolScan{&v.paper}); err != nil {
			rows.Close()
			return false, err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if _, err := tx.exec("DELETE FROM vote_ballots WHERE vote_id = ?", voteID); err != nil {
		return false, err
	}
	if _, err := tx.exec("DELETE FROM vote_voters WHERE vote_id = ?", voteID); err != nil {
		return false, err
	}
	const batch = 200
	for i := 0; i < len(bs); i += batch {
		part := bs[i:min(i+batch, len(bs))]
		q := "INSERT INTO vote_ballots (vote_id, receipt, choices) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(part)), ", ")
		args := make([]any, 0, 3*len(part))
		for _, b := range part {
			args = append(args, voteID, b.receipt, b.choices)
		}
		if _, err := tx.exec(q, args...); err != nil {
			return false, err
		}
	}
	for i := 0; i < len(vs); i += batch {
		part := vs[i:min(i+batch, len(vs))]
		q := "INSERT INTO vote_voters (vote_id, deputy_id, present, voted, paper) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(part)), ", ")
		args := make([]any, 0, 5*len(part))
		for _, v := range part {
			args = append(args, voteID, v.deputy, v.present, v.voted, v.paper)
		}
		if _, err := tx.exec(q, args...); err != nil {
			return false, err
		}
	}
	return false, nil
}

// dropOldVersions removes what the database keeps of rows as they were
// before the seal: dead tuples on PostgreSQL (VACUUM FULL), WAL frames on
// SQLite (a TRUNCATE checkpoint, which a reader on an older snapshot holds
// up). It returns nil only when that has really happened; it keeps trying
// until ctx ends.
func (db *DB) dropOldVersions(ctx context.Context) error {
	if db.dialect == Postgres {
		_, err := db.w.ExecContext(ctx, "VACUUM (FULL) vote_ballots, vote_voters")
		return err
	}
	wait := 20 * time.Millisecond
	for {
		var busy, logFrames, done int
		if err := db.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
			return err
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the WAL could not be truncated while readers were active: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// UnsealedVotes lists closed votes not yet sealed (for the sweep).
func (db *DB) UnsealedVotes(ctx context.Context) ([]string, error) {
	var out []string
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT id FROM votes WHERE status = 'closed' AND sealed = FALSE")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}

// DueVoteActions lists votes whose window says they should now be open or
// closed, with the action that does it (for the sweep).
func (db *DB) DueVoteActions(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT " + voteColumns + voteFrom + " WHERE v.status <> 'closed' AND (v.opens_at IS NOT NULL OR v.closes_at IS NOT NULL)")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVote(rows)
			if err != nil {
				return err
			}
			switch eff := v.Effective(tx.now); {
			case v.Status == vote.Draft && eff == vote.Open:
				out[v.ID] = "open"
			case eff == vote.Closed:
				out[v.ID] = "close"
			}
		}
		return rows.Err()
	})
	return out, err
}

// creditAttendance keeps a deputy's attendance of a session of the congress
// (kind "meeting", linked to the session) in step with the rolls of the
// session's votes: credited while the deputy is present on any of them,
// taken back when staff correct the last one.
func (tx *Tx) creditAttendance(v *vote.Vote, deputyID string) error {
	if v.SessionID == "" {
		return nil
	}
	present, err := tx.exists("SELECT 1 FROM vote_voters x JOIN votes o ON o.id = x.vote_id WHERE o.session_id = ? AND x.deputy_id = ? AND x.present = TRUE", v.SessionID, deputyID)
	if err != nil {
		return err
	}
	if !present { // the session's own registration and check-ins count too
		if present, err = tx.attendedSession(v.SessionID, deputyID); err != nil {
			return err
		}
	}
	c := renda.Credit{DeputyID: deputyID, Kind: "meeting", Title: "出席" + v.CongressName + v.SessionName, Entity: "session", EntityID: v.SessionID}
	if present {
		return tx.credit([]renda.Credit{c}, nil)
	}
	return tx.credit(nil, []renda.Credit{c})
}
