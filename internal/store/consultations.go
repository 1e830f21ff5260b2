package store

import (
	"context"
	"database/sql"
	"time"

	"renda"
	"renda/consultation"
	"renda/internal/attach"
)

// Public consultation on drafts (征求意见): see consultation.Flow and
// consultation.CommentFlow. The public see every consultation once opened;
// drafts and the comments themselves are for the staff side.

const consultationColumns = `c.id, c.title, c.kind, c.source, c.body, c.opens_on, c.closes_on, c.state, c.report, c.created_at, c.updated_at, c.published_at,
	(SELECT COUNT(*) FROM consultation_comments m WHERE m.consultation_id = c.id)`

func scanConsultation(row interface{ Scan(...any) error }) (*consultation.Consultation, error) {
	c := &consultation.Consultation{}
	err := row.Scan(&c.ID, &c.Title, &c.Kind, &c.Source, &c.Body, dayScan{&c.OpensOn}, dayScan{&c.ClosesOn}, &c.State, &c.Report,
		tsScan{&c.CreatedAt}, tsScan{&c.UpdatedAt}, tsScan{&c.PublishedAt}, &c.Comments)
	return c, err
}

func consultationScope(viewer *renda.User) string {
	if viewer.IsStaffSide() {
		return "1 = 1"
	}
	return "c.state <> 'draft'"
}

func (tx *Tx) consultationFor(viewer *renda.User, id string, lock bool) (*consultation.Consultation, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "征求意见不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM consultations WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	c, err := scanConsultation(tx.queryRow("SELECT "+consultationColumns+" FROM consultations c WHERE c.id = ? AND "+consultationScope(viewer), id))
	return c, notFound(err, "征求意见不存在")
}

// Consultation returns one consultation as viewer may see it.
func (db *DB) Consultation(ctx context.Context, viewer *renda.User, id string) (*consultation.Consultation, error) {
	var c *consultation.Consultation
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.consultationFor(viewer, id, false)
		return err
	})
	return c, err
}

// Consultations lists consultations: open ones first, then the newest.
func (db *DB) Consultations(ctx context.Context, viewer *renda.User, f consultation.Filter) ([]*consultation.Consultation, int, error) {
	cond, args := " WHERE "+consultationScope(viewer), []any{}
	if f.Public {
		cond += " AND c.state <> 'draft'"
	}
	if f.State != "" {
		cond, args = cond+" AND c.state = ?", append(args, f.State)
	}
	var out []*consultation.Consultation
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM consultations c"+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+consultationColumns+" FROM consultations c"+cond+
			" ORDER BY CASE c.state WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, c.opens_on DESC, c.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanConsultation(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, total, err
}

var consultationFlow = &flow[consultation.Consultation]{
	m:   consultation.Flow,
	id:  func(c *consultation.Consultation) string { return c.ID },
	rel: func(tx *Tx, c *consultation.Consultation) (renda.Rel, error) { return renda.RoleRel(tx.actor), nil },
	facts: func(tx *Tx, c *consultation.Consultation, action string, in *renda.Input) (any, error) {
		if action != "publish" {
			return nil, nil
		}
		cs, err := tx.comments(c.ID)
		return &consultation.Facts{Comments: cs}, err
	},
	save: func(tx *Tx, before, c *consultation.Consultation, out *renda.Outcome, files []*attach.File) error {
		c.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO consultations (id, title, kind, source, body, opens_on, closes_on, state, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Title, c.Kind, c.Source, c.Body, day(c.OpensOn), day(c.ClosesOn), c.State, ts(c.CreatedAt), ts(c.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE consultations SET opens_on = ?, closes_on = ?, state = ?, report = ?, updated_at = ?, published_at = ? WHERE id = ?",
				day(c.OpensOn), day(c.ClosesOn), c.State, c.Report, ts(c.UpdatedAt), ts(c.PublishedAt), c.ID)
		}
		return err
	},
	doc: consultation.Doc,
}

func init() {
	indexers["consultation"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+consultationColumns+" FROM consultations c WHERE c.id > ? ORDER BY c.id LIMIT 1000",
			func(rows *sql.Rows) (*consultation.Consultation, string, error) {
				c, err := scanConsultation(rows)
				if err != nil {
					return nil, "", err
				}
				return c, c.ID, nil
			},
			func(c *consultation.Consultation) error { return emit(consultation.Doc(c)) })
	}
}

// CreateConsultation makes a draft consultation (staff).
func (db *DB) CreateConsultation(ctx context.Context, actor *renda.User, in renda.Values) (*consultation.Consultation, error) {
	var c *consultation.Consultation
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		c, err = tx.CreateConsultation(in)
		return err
	})
	return c, err
}

// CreateConsultation makes a draft consultation in this transaction.
func (tx *Tx) CreateConsultation(in renda.Values) (*consultation.Consultation, error) {
	c, _, err := consultationFlow.runAs(tx, renda.RoleRel(tx.actor), &consultation.Consultation{ID: renda.NewID()}, "create", in, nil)
	return c, err
}

// ActOnConsultation applies an action for actor.
func (db *DB) ActOnConsultation(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*consultation.Consultation, error) {
	var c *consultation.Consultation
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		c, err = tx.ActOnConsultation(id, action, in)
		return err
	})
	return c, err
}

// ActOnConsultation applies an action in this transaction, as its actor.
func (tx *Tx) ActOnConsultation(id, action string, in renda.Values) (*consultation.Consultation, error) {
	if r, ok := consultation.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	c, err := tx.consultationFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, _, err := consultationFlow.run(tx, c, action, in, nil)
	return next, err
}

// CloseConsultations closes, as the system, every consultation whose last
// day has passed (the sweep).
func (db *DB) CloseConsultations(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT "+consultationColumns+" FROM consultations c WHERE c.state = 'open' AND c.closes_on < ?", tx.Today().String())
		if err != nil {
			return err
		}
		var due []*consultation.Consultation
		for rows.Next() {
			c, err := scanConsultation(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, c)
		}
		rows.Close()
		env, err := tx.env()
		if err != nil {
			return err
		}
		for _, c := range due {
			e := *env
			e.Rel = renda.Rel{"system"}
			if _, _, err := consultationFlow.apply(tx, &e, c, "close", nil, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// ConsultationActions lists the actions viewer may take now.
func (db *DB) ConsultationActions(ctx context.Context, viewer *renda.User, c *consultation.Consultation) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = consultationFlow.actions(tx, c)
		return err
	})
	return out, err
}

// --- comments ---

const commentColumns = `m.id, m.consultation_id, m.article, m.text, m.author, m.name_enc, COALESCE(m.deputy_id, ''), COALESCE(m.org_id, ''), m.state, m.grp, m.reason,
	m.created_at, m.updated_at, COALESCE(c.title, '')`

const commentFrom = ` FROM consultation_comments m JOIN consultations c ON c.id = m.consultation_id`

func (db *DB) scanComment(row interface{ Scan(...any) error }) (*consultation.Comment, error) {
	m := &consultation.Comment{}
	var name string
	if err := row.Scan(&m.ID, &m.ConsultationID, &m.Article, &m.Text, &m.Author, &name, &m.DeputyID, &m.OrgID, &m.State, &m.Group, &m.Reason,
		tsScan{&m.CreatedAt}, tsScan{&m.UpdatedAt}, &m.ConsultationTitle); err != nil {
		return nil, err
	}
	var err error
	m.Name, err = db.box.Open(name)
	return m, err
}

func (tx *Tx) comments(consultationID string) ([]*consultation.Comment, error) {
	rows, err := tx.query("SELECT "+commentColumns+commentFrom+" WHERE m.consultation_id = ? ORDER BY m.created_at, m.id", consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*consultation.Comment
	for rows.Next() {
		m, err := tx.db.scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func maskComment(m *consultation.Comment, viewer *renda.User) *consultation.Comment {
	if renda.CanSeePersonalData(viewer) || m.Author != consultation.ByCitizen {
		return m
	}
	v := *m
	v.Name = renda.MaskName(m.Name)
	return &v
}

// Comments lists a consultation's comments (staff side), oldest first.
func (db *DB) Comments(ctx context.Context, viewer *renda.User, consultationID string) ([]*consultation.Comment, error) {
	if !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.ENOTFOUND, "征求意见不存在")
	}
	var out []*consultation.Comment
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.comments(consultationID)
		return err
	})
	for i, m := range out {
		out[i] = maskComment(m, viewer)
	}
	return out, err
}

func (tx *Tx) commentFor(viewer *renda.User, id string) (*consultation.Comment, *consultation.Consultation, error) {
	if !viewer.IsStaffSide() || !renda.ValidID(id) {
		return nil, nil, renda.Errorf(renda.ENOTFOUND, "意见不存在")
	}
	if tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM consultation_comments WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, nil, err
		}
	}
	m, err := tx.db.scanComment(tx.queryRow("SELECT "+commentColumns+commentFrom+" WHERE m.id = ?", id))
	if err != nil {
		return nil, nil, notFound(err, "意见不存在")
	}
	c, err := tx.consultationFor(viewer, m.ConsultationID, false)
	return m, c, err
}

// Comment returns one comment with its consultation (staff side).
func (db *DB) Comment(ctx context.Context, viewer *renda.User, id string) (*consultation.Comment, *consultation.Consultation, error) {
	var m *consultation.Comment
	var c *consultation.Consultation
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		m, c, err = tx.commentFor(viewer, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return maskComment(m, viewer), c, nil
}

var commentFlow = &flow[consultation.Comment]{
	m:   consultation.CommentFlow,
	id:  func(m *consultation.Comment) string { return m.ID },
	rel: func(tx *Tx, m *consultation.Comment) (renda.Rel, error) { return renda.RoleRel(tx.actor), nil },
	facts: func(tx *Tx, m *consultation.Comment, action string, in *renda.Input) (any, error) {
		c, err := tx.consultationFor(nil, m.ConsultationID, false)
		return &consultation.CommentFacts{Consultation: c}, err
	},
	save: func(tx *Tx, before, m *consultation.Comment, out *renda.Outcome, files []*attach.File) error {
		m.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO consultation_comments (id, consultation_id, article, text, author, name_enc, deputy_id, org_id, state, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.ConsultationID, m.Article, m.Text, m.Author, tx.db.box.Seal(m.Name), nz(m.DeputyID), nz(m.OrgID),
				m.State, ts(m.CreatedAt), ts(m.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE consultation_comments SET state = ?, grp = ?, reason = ?, updated_at = ? WHERE id = ?", m.State, m.Group, m.Reason, ts(m.UpdatedAt), m.ID)
		}
		return err
	},
	audit: func(m *consultation.Comment) any { return m.AuditView() },
}

// CommentOn leaves a comment on an open consultation: the public without an
// account (throttled per address), deputies and units signed in. ECONFLICT
// when the consultation is not (or no longer) open.
func (db *DB) CommentOn(ctx context.Context, actor *renda.User, consultationID string, in renda.Values, ip string) (*consultation.Comment, error) {
	var m *consultation.Comment
	err := db.write(ctx, actor, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		if ip != "" && actor == nil {
			if err := tx.throttle("comment_ip", ip, set.Int("consultation.rate_ip_per_hour"), time.Hour,
				"您提交得太频繁了：同一网络一小时内最多提交 %d 条意见，请稍后再试。"); err != nil {
				return err
			}
		}
		if m, err = tx.CommentOn(consultationID, in); err != nil {
			return err
		}
		if ip != "" && actor == nil {
			return tx.throttleHit("comment_ip", ip)
		}
		return nil
	})
	return m, err
}

// CommentOn leaves a comment in this transaction, as its actor.
func (tx *Tx) CommentOn(consultationID string, in renda.Values) (*consultation.Comment, error) {
	c, err := tx.consultationFor(tx.actor, consultationID, false)
	if err != nil {
		return nil, err
	}
	m, _, err := commentFlow.runAs(tx, renda.RoleRel(tx.actor), &consultation.Comment{ID: renda.NewID(), ConsultationID: c.ID}, "submit", in, nil)
	return m, err
}

// ActOnComment applies an action on a comment for actor (staff).
func (db *DB) ActOnComment(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*consultation.Comment, error) {
	var m *consultation.Comment
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		m, err = tx.ActOnComment(id, action, in)
		return err
	})
	return m, err
}

// ActOnComment applies an action on a comment in this transaction.
func (tx *Tx) ActOnComment(id, action string, in renda.Values) (*consultation.Comment, error) {
	if r, ok := consultation.CommentFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	m, _, err := tx.commentFor(tx.actor, id)
	if err != nil {
		return nil, err
	}
	next, _, err := commentFlow.run(tx, m, action, in, nil)
	return next, err
}

// CommentActions lists the actions viewer may take on a comment now.
func (db *DB) CommentActions(ctx context.Context, viewer *renda.User, m *consultation.Comment) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = commentFlow.actions(tx, m)
		return err
	})
	return out, err
}
