package store

import (
	"context"

	"renda"
	"renda/appointment"
	"renda/internal/attach"
	"renda/vote"
)

// 述职评议 of appointed officials: see appointment.ReviewFlow. Staff see
// every review; anyone else only published ones.

const appointeeReviewColumns = `r.id, r.appointment_id, a.name, a.post, r.year, r.title, r.body, r.state, COALESCE(r.meeting_id, ''), COALESCE(m.title, ''),
	COALESCE(r.vote_id, ''), r.ballots, r.satisfied, r.basic, r.dissatisfied, r.grade, r.created_at, r.updated_at, r.published_at`

const appointeeReviewFrom = ` FROM appointee_reviews r JOIN appointments a ON a.id = r.appointment_id LEFT JOIN meetings m ON m.id = r.meeting_id`

func scanAppointeeReview(row interface{ Scan(...any) error }) (*appointment.Review, error) {
	r := &appointment.Review{}
	err := row.Scan(&r.ID, &r.AppointmentID, &r.Name, &r.Post, &r.Year, &r.Title, &r.Body, &r.State, &r.MeetingID, &r.MeetingTitle,
		&r.VoteID, &r.Ballots, &r.Satisfied, &r.Basic, &r.Dissatisfied, &r.Grade, tsScan{&r.CreatedAt}, tsScan{&r.UpdatedAt}, tsScan{&r.PublishedAt})
	return r, err
}

func appointeeReviewScope(viewer *renda.User) string {
	if viewer.IsStaffSide() {
		return "1 = 1"
	}
	return "r.state = 'published'"
}

func (tx *Tx) appointeeReviewFor(viewer *renda.User, id string, lock bool) (*appointment.Review, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "述职评议不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM appointee_reviews WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	r, err := scanAppointeeReview(tx.queryRow("SELECT "+appointeeReviewColumns+appointeeReviewFrom+" WHERE r.id = ? AND "+appointeeReviewScope(viewer), id))
	return r, notFound(err, "述职评议不存在")
}

// AppointeeReview returns one review as viewer may see it.
func (db *DB) AppointeeReview(ctx context.Context, viewer *renda.User, id string) (*appointment.Review, error) {
	var r *appointment.Review
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.appointeeReviewFor(viewer, id, false)
		return err
	})
	return r, err
}

// AppointeeReviews lists the reviews of an appointment's official that
// viewer may see, newest year first.
func (db *DB) AppointeeReviews(ctx context.Context, viewer *renda.User, appointmentID string) ([]*appointment.Review, error) {
	var out []*appointment.Review
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT "+appointeeReviewColumns+appointeeReviewFrom+" WHERE r.appointment_id = ? AND "+appointeeReviewScope(viewer)+" ORDER BY r.year DESC, r.id", appointmentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanAppointeeReview(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

var appointeeReviewFlow = &flow[appointment.Review]{
	m:   appointment.ReviewFlow,
	id:  func(r *appointment.Review) string { return r.ID },
	rel: func(tx *Tx, r *appointment.Review) (renda.Rel, error) { return renda.RoleRel(tx.actor), nil },
	facts: func(tx *Tx, r *appointment.Review, action string, in *renda.Input) (any, error) {
		if action != "create" {
			return nil, nil
		}
		a, err := tx.appointment(r.AppointmentID)
		if err != nil {
			return nil, err
		}
		n, err := tx.count("SELECT COUNT(*) FROM appointee_reviews WHERE appointment_id = ? AND year = ?", a.ID, in.Int("year"))
		return &appointment.ReviewFacts{Appointment: a, Reviewed: n > 0}, err
	},
	save: func(tx *Tx, before, r *appointment.Review, out *renda.Outcome, files []*attach.File) error {
		if out.From == "" {
			_, err := tx.exec(`INSERT INTO appointee_reviews (id, appointment_id, year, title, body, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				r.ID, r.AppointmentID, r.Year, r.Title, r.Body, r.State, ts(r.CreatedAt), ts(r.UpdatedAt))
			return err
		}
		if out.To == appointment.ReviewRating && out.From != appointment.ReviewRating {
			if err := tx.openAppointeeRating(r); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`UPDATE appointee_reviews SET title = ?, body = ?, state = ?, meeting_id = ?, vote_id = ?, updated_at = ?, published_at = ? WHERE id = ?`,
			r.Title, r.Body, r.State, nz(r.MeetingID), nz(r.VoteID), ts(r.UpdatedAt), ts(r.PublishedAt), r.ID); err != nil {
			return err
		}
		if out.To == appointment.ReviewRated && out.From == appointment.ReviewRating && r.VoteID != "" {
			// Close the members' rating; the engine's result comes back
			// through the appointee_review ballot items' apply.
			v, err := tx.vote(r.VoteID)
			if err != nil {
				return err
			}
			if v.Status != vote.Closed {
				return tx.VoteAction(r.VoteID, "close", "述职评议测评结束")
			}
		}
		return nil
	},
}

// openAppointeeRating sets up and opens the members' rating of a review on
// the ballot engine: one item (the review), rated 满意/基本满意/不满意 by
// each member of the standing committee once, signed in.
func (tx *Tx) openAppointeeRating(r *appointment.Review) error {
	var congressID string
	if err := tx.queryRow("SELECT congress_id FROM meetings WHERE id = ?", r.MeetingID).Scan(&congressID); err != nil {
		return notFound(err, "会议不存在")
	}
	v := &vote.Vote{CongressID: congressID, Kind: appointment.ReviewKind, Title: r.Name + "述职评议满意度测评",
		Description: r.Post + "：" + r.Title, Candidates: []vote.Candidate{{ID: r.ID}}}
	if err := tx.SaveVote(v); err != nil {
		return err
	}
	if err := tx.rollMembers(v.ID); err != nil {
		return err
	}
	if err := tx.VoteAction(v.ID, "open", r.MeetingTitle); err != nil {
		return err
	}
	r.VoteID = v.ID
	return nil
}

func init() {
	registerBallotItems("appointee_review", BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			return tx.queryRow("SELECT a.name, a.post FROM appointee_reviews r JOIN appointments a ON a.id = r.appointment_id WHERE r.id = ?", c.ID).Scan(&c.Title, &c.Summary)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			err := tx.queryRow("SELECT a.name, a.post FROM appointee_reviews r JOIN appointments a ON a.id = r.appointment_id WHERE r.id = ? AND r.state IN ('draft', 'rating')", c.ID).Scan(&c.Title, &c.Summary)
			if errNoRows(err) {
				return renda.Errorf(renda.EINVALID, "只有准备中的述职评议可以测评")
			}
			return err
		},
		apply: func(tx *Tx, v *vote.Vote, res *vote.Result) error {
			for _, it := range res.Items {
				c := it.Counts
				if _, err := tx.exec("UPDATE appointee_reviews SET ballots = ?, satisfied = ?, basic = ?, dissatisfied = ?, grade = ? WHERE id = ? AND vote_id = ?",
					c[vote.ChoiceSatisfied]+c[vote.ChoiceBasic]+c[vote.ChoiceDissatisfied], c[vote.ChoiceSatisfied], c[vote.ChoiceBasic], c[vote.ChoiceDissatisfied], it.Grade, it.ID, v.ID); err != nil {
					return err
				}
				// The vote closed on its own page: the review moves on too.
				r, err := tx.appointeeReviewFor(nil, it.ID, false)
				if err != nil && renda.ErrorCode(err) == renda.ENOTFOUND {
					r, err = scanAppointeeReview(tx.queryRow("SELECT "+appointeeReviewColumns+appointeeReviewFrom+" WHERE r.id = ?", it.ID))
				}
				if err != nil {
					return err
				}
				if r.State == appointment.ReviewRating {
					env, err := tx.env()
					if err != nil {
						return err
					}
					e := *env
					e.Rel = renda.Rel{"system"}
					if _, _, err := appointeeReviewFlow.apply(tx, &e, r, "close_rating", renda.NewInput(), nil); err != nil {
						return err
					}
				}
			}
			return nil
		},
	})
}

// CreateAppointeeReview arranges 述职评议 of an appointment's official for a
// year (staff).
func (db *DB) CreateAppointeeReview(ctx context.Context, actor *renda.User, appointmentID string, in renda.Values) (*appointment.Review, error) {
	var out *appointment.Review
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.CreateAppointeeReview(appointmentID, in)
		return err
	})
	return out, err
}

// CreateAppointeeReview arranges a review in this transaction, as its actor.
func (tx *Tx) CreateAppointeeReview(appointmentID string, in renda.Values) (*appointment.Review, error) {
	if !renda.ValidID(appointmentID) {
		return nil, renda.Errorf(renda.ENOTFOUND, "任免事项不存在")
	}
	r, _, err := appointeeReviewFlow.run(tx, &appointment.Review{ID: renda.NewID(), AppointmentID: appointmentID}, "create", in, nil)
	if err != nil {
		return nil, err
	}
	return tx.appointeeReviewFor(tx.actor, r.ID, false)
}

// ActOnAppointeeReview applies an action for actor.
func (db *DB) ActOnAppointeeReview(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*appointment.Review, error) {
	var out *appointment.Review
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.ActOnAppointeeReview(id, action, in)
		return err
	})
	return out, err
}

// ActOnAppointeeReview applies an action in this transaction, as its actor.
func (tx *Tx) ActOnAppointeeReview(id, action string, in renda.Values) (*appointment.Review, error) {
	if r, ok := appointment.ReviewFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.appointeeReviewFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, _, err := appointeeReviewFlow.run(tx, r, action, in, nil)
	if err != nil {
		return nil, err
	}
	return tx.appointeeReviewFor(tx.actor, next.ID, false)
}

// AppointeeReviewActions lists the actions viewer may take on a review now.
func (db *DB) AppointeeReviewActions(ctx context.Context, viewer *renda.User, r *appointment.Review) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = appointeeReviewFlow.actions(tx, r)
		return err
	})
	return out, err
}

func init() {
	// A review's rating is public once the review is published.
	voteScopes[appointment.ReviewKind] = func(viewer *renda.User) (string, []any) {
		if viewer.IsStaffSide() {
			return "1 = 1", nil
		}
		return "v.id IN (SELECT vote_id FROM appointee_reviews WHERE state = 'published' AND vote_id IS NOT NULL)", nil
	}
}
