package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"

	"renda"
	"renda/vote"
)

// Voters' ratings on the ballot engine (vote.Kind.Voters, e.g. the voters'
// rating of a deputy's report, 述职测评): no accounts and no roll of deputies.
// A voter scans the vote's QR code, gives a phone number, gets a one-time
// code by SMS and rates with it, once per phone. vote_codes keeps a keyed
// index of the phone (never the number), the code's hash and whether it
// was used; the ballot goes to vote_ballots under a random receipt as every
// ballot does, with nothing that joins it to the code.

// voterKind returns the vote and its kind, refusing votes not rated by voters.
func (tx *Tx) voterVote(voteID string) (*vote.Vote, error) {
	v, err := tx.vote(voteID)
	if err != nil {
		return nil, err
	}
	if k, ok := vote.KindOf(v.Kind); !ok || !k.Voters {
		return nil, renda.Errorf(renda.ENOTFOUND, "表决不存在")
	}
	if v.Effective(tx.now) != vote.Open {
		if v.Effective(tx.now) == vote.Closed {
			return nil, renda.Errorf(renda.ECONFLICT, "测评已经结束")
		}
		return nil, renda.Errorf(renda.ECONFLICT, "测评尚未开始")
	}
	return v, nil
}

func codeHash(voteID, phoneIx, code string) string {
	h := sha256.Sum256([]byte(voteID + "\x00" + phoneIx + "\x00" + code))
	return hex.EncodeToString(h[:])
}

func phoneProblem() error {
	return &renda.Error{Code: renda.EINVALID, Message: "请填写正确的手机号码", Fields: []renda.FieldError{{Field: "phone", Message: "请填写正确的手机号码"}}}
}

// VoterVote returns an open voters' rating by id, for its public page.
func (db *DB) VoterVote(ctx context.Context, voteID string) (*vote.Vote, error) {
	var v *vote.Vote
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if v, err = tx.vote(voteID); err != nil {
			return err
		}
		if k, ok := vote.KindOf(v.Kind); !ok || !k.Voters {
			return renda.Errorf(renda.ENOTFOUND, "表决不存在")
		}
		return nil
	})
	return v, err
}

// RequestVoterCode sends a one-time code to a voter's phone for a voters'
// rating. A phone that has rated already gets none; asking again replaces
// the code.
func (db *DB) RequestVoterCode(ctx context.Context, voteID, phone string) error {
	phone = renda.NormalizePhone(phone)
	if !renda.ValidPhone(phone) {
		return phoneProblem()
	}
	return db.write(ctx, nil, func(tx *Tx) error {
		v, code, err := tx.issueVoterCode(voteID, phone)
		if err != nil {
			return err
		}
		return tx.Enqueue(renda.Message{Channel: "sms", Recipient: phone, Key: "vote_code:" + voteID + ":" + db.box.Index(phone) + ":" + renda.NewID(),
			Body: "您参加“" + v.Title + "”的验证码是 " + code + "，仅用于本次测评。"})
	})
}

// byCode refuses a members' rating to anyone with a phone.
func byCode(v *vote.Vote) error {
	if k, _ := vote.KindOf(v.Kind); k != nil && k.Members {
		return renda.Errorf(renda.EFORBIDDEN, "本次测评由常委会组成人员登录后进行")
	}
	return nil
}

// issueVoterCode makes (or replaces) the one-time code of a phone.
func (tx *Tx) issueVoterCode(voteID, phone string) (*vote.Vote, string, error) {
	v, err := tx.voterVote(voteID)
	if err != nil {
		return nil, "", err
	}
	if err := byCode(v); err != nil {
		return nil, "", err
	}
	ix := tx.db.box.Index(phone)
	var used bool
	err = tx.queryRow("SELECT used FROM vote_codes WHERE vote_id = ? AND phone_ix = ?", voteID, ix).Scan(boolScan{&used})
	switch {
	case err == nil && used:
		return nil, "", renda.Errorf(renda.ECONFLICT, "这个手机号码已经参加过本次测评，每个号码只能测评一次")
	case err != nil && !errNoRows(err):
		return nil, "", err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		return nil, "", err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	if _, err := tx.exec(`INSERT INTO vote_codes (vote_id, phone_ix, code_hash, tries, used, sent_at) VALUES (?, ?, ?, 0, FALSE, ?)
		ON CONFLICT (vote_id, phone_ix) DO UPDATE SET code_hash = excluded.code_hash, tries = 0, sent_at = excluded.sent_at`,
		voteID, ix, codeHash(voteID, ix, code), ts(tx.now)); err != nil {
		return nil, "", err
	}
	return v, code, nil
}

// SeedVoterRating is a voter's rating in this transaction, code and all
// (the demo's meetings; no SMS leaves).
func (tx *Tx) SeedVoterRating(voteID, phone string, choices vote.Ballot) error {
	_, code, err := tx.issueVoterCode(voteID, phone)
	if err != nil {
		return err
	}
	_, wrong, err := tx.castVoterBallot(voteID, phone, code, choices)
	if err == nil {
		err = wrong
	}
	return err
}

// CastVoterBallot casts a voter's ballot with the code sent to their phone:
// the code row flips from unused to used by a conditional UPDATE in the same
// transaction as the ballot's INSERT, so a code rates once. A wrong code
// counts a try; after dutyreport.code_tries the voter must ask again.
func (db *DB) CastVoterBallot(ctx context.Context, voteID, phone, code string, choices vote.Ballot) (string, error) {
	phone = renda.NormalizePhone(phone)
	if !renda.ValidPhone(phone) {
		return "", phoneProblem()
	}
	var receipt string
	var wrong error
	err := db.write(ctx, nil, func(tx *Tx) error {
		var err error
		receipt, wrong, err = tx.castVoterBallot(voteID, phone, code, choices)
		return err
	})
	if err == nil && wrong != nil {
		return "", wrong
	}
	return receipt, err
}

// castVoterBallot casts a voter's ballot in this transaction. A wrong code
// is returned as wrong with err nil, so the caller commits the counted try.
func (tx *Tx) castVoterBallot(voteID, phone, code string, choices vote.Ballot) (receipt string, wrong error, err error) {
	ix := tx.db.box.Index(phone)
	err = func() error {

		v, err := tx.voterVote(voteID)
		if err != nil {
			return err
		}
		if err := byCode(v); err != nil {
			return err
		}
		ballot, err := v.Normalize(choices)
		if err != nil {
			return err
		}
		set, err := tx.settings()
		if err != nil {
			return err
		}
		res, err := tx.exec("UPDATE vote_codes SET used = TRUE WHERE vote_id = ? AND phone_ix = ? AND code_hash = ? AND used = FALSE AND tries < ?",
			voteID, ix, codeHash(voteID, ix, code), set.Int("dutyreport.code_tries"))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var used bool
			var tries int
			err := tx.queryRow("SELECT used, tries FROM vote_codes WHERE vote_id = ? AND phone_ix = ?", voteID, ix).Scan(boolScan{&used}, &tries)
			switch {
			case errNoRows(err):
				wrong = renda.Errorf(renda.EINVALID, "请先获取短信验证码")
				return nil
			case err != nil:
				return err
			case used:
				return renda.Errorf(renda.ECONFLICT, "这个手机号码已经参加过本次测评，每个号码只能测评一次")
			case tries+1 >= set.Int("dutyreport.code_tries"):
				wrong = &renda.Error{Code: renda.EINVALID, Message: "验证码输错次数过多，请重新获取验证码", Fields: []renda.FieldError{{Field: "code", Message: "请重新获取验证码"}}}
			default:
				wrong = &renda.Error{Code: renda.EINVALID, Message: "验证码不正确", Fields: []renda.FieldError{{Field: "code", Message: "验证码不正确"}}}
			}
			// The wrong try is kept (the transaction commits), the ballot is not cast.
			_, err = tx.exec("UPDATE vote_codes SET tries = tries + 1 WHERE vote_id = ? AND phone_ix = ?", voteID, ix)
			return err
		}
		for range 5 {
			r := vote.NewReceipt()
			res, err := tx.exec("INSERT INTO vote_ballots (vote_id, receipt, choices) VALUES (?, ?, ?) ON CONFLICT (vote_id, receipt) DO NOTHING", voteID, r, ballot.Encode())
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
		// The trail says that a voter rated; never who, what or the receipt.
		tx.Record(renda.Change{Action: "ballot", Entity: "vote", EntityID: voteID, Note: "选民测评"})
		return nil
	}()
	return receipt, wrong, err
}

// memberIndex is a committee member's key on a members' rating (vote.Kind.Members).
func (tx *Tx) memberIndex(userID string) string { return tx.db.box.Index("member:" + userID) }

// rollMembers puts every active committee member (leader account) on a
// members' rating: one unused row each, which no code opens.
func (tx *Tx) rollMembers(voteID string) error {
	rows, err := tx.query("SELECT id FROM users WHERE role = 'leader' AND disabled = ?", false)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.exec("INSERT INTO vote_codes (vote_id, phone_ix, code_hash, tries, used, sent_at) VALUES (?, ?, '-', 0, FALSE, ?)", voteID, tx.memberIndex(id), ts(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

// CastMemberBallot is a committee member's rating on a members' rating,
// signed in, once: their row flips from unused to used in the same
// transaction as the ballot's INSERT under a random receipt.
func (db *DB) CastMemberBallot(ctx context.Context, actor *renda.User, voteID string, choices vote.Ballot) (string, error) {
	if !actor.Is(renda.RoleLeader) {
		return "", renda.Errorf(renda.EFORBIDDEN, "由常委会组成人员本人测评")
	}
	var receipt string
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		receipt, err = tx.CastMemberBallot(voteID, choices)
		return err
	})
	return receipt, err
}

// CastMemberBallot is CastMemberBallot in this transaction, for its actor.
func (tx *Tx) CastMemberBallot(voteID string, choices vote.Ballot) (string, error) {
	v, err := tx.voterVote(voteID)
	if err != nil {
		return "", err
	}
	if k, _ := vote.KindOf(v.Kind); !k.Members {
		return "", renda.Errorf(renda.ENOTFOUND, "表决不存在")
	}
	ballot, err := v.Normalize(choices)
	if err != nil {
		return "", err
	}
	res, err := tx.exec("UPDATE vote_codes SET used = TRUE WHERE vote_id = ? AND phone_ix = ? AND used = FALSE", voteID, tx.memberIndex(tx.actor.ID))
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		on, err := tx.exists("SELECT 1 FROM vote_codes WHERE vote_id = ? AND phone_ix = ?", voteID, tx.memberIndex(tx.actor.ID))
		if err != nil {
			return "", err
		}
		if !on {
			return "", renda.Errorf(renda.EFORBIDDEN, "您不在本次测评的名单中")
		}
		return "", renda.Errorf(renda.ECONFLICT, "您已经测评过了，每人只能测评一次")
	}
	for range 5 {
		r := vote.NewReceipt()
		res, err := tx.exec("INSERT INTO vote_ballots (vote_id, receipt, choices) VALUES (?, ?, ?) ON CONFLICT (vote_id, receipt) DO NOTHING", voteID, r, ballot.Encode())
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			tx.Record(renda.Change{Action: "ballot", Entity: "vote", EntityID: voteID, Note: "常委会组成人员测评"})
			return r, nil
		}
	}
	return "", errors.New("store: no free receipt after 5 tries")
}
