package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"renda"
	"renda/meeting"
)

// The people's congress session as a meeting (see meeting/session.go): its
// registrations, plenary sittings with their check-ins, deliberation groups
// and their opinions, loaded with the meeting and written from its actions'
// records; the absences settled at its close feed the duty record, where
// the second absence without leave alerts staff once (代表法 art. 62).

func init() {
	resolvers["session"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		s, err := scanSession(tx.queryRow("SELECT "+sessionColumns+sessionFrom+" WHERE s.id = ?", id))
		if errNoRows(err) {
			return renda.Ref{}, false, nil
		}
		if err != nil {
			return renda.Ref{}, false, err
		}
		return renda.Ref{ID: s.ID, Name: s.CongressName + s.Name()}, true, nil
	}
}

// sessionParts loads what a session has besides any meeting's parts: the
// members' registration and group, the sittings and their check-ins (the
// members present are those of the sitting under way), the groups and their
// opinions, and who was present on a vote of the same 届次会议.
func (tx *Tx) sessionParts(m *meeting.Meeting) error {
	if !m.IsSession() {
		return nil
	}
	byDeputy := map[string]*meeting.Member{}
	for _, p := range m.Members {
		byDeputy[p.DeputyID] = p
	}
	m.Sittings = nil
	rows, err := tx.query("SELECT id, meeting_id, number, title, starts_at FROM meeting_sittings WHERE meeting_id = ? ORDER BY number", m.ID)
	if err != nil {
		return err
	}
	sittings := map[string]*meeting.Sitting{}
	for rows.Next() {
		s := &meeting.Sitting{Present: map[string]bool{}}
		if err := rows.Scan(&s.ID, &s.MeetingID, &s.Number, &s.Title, tsScan{&s.StartsAt}); err != nil {
			rows.Close()
			return err
		}
		m.Sittings = append(m.Sittings, s)
		sittings[s.ID] = s
	}
	rows.Close()
	rows, err = tx.query("SELECT c.sitting_id, c.deputy_id FROM meeting_checkins c JOIN meeting_sittings s ON s.id = c.sitting_id WHERE s.meeting_id = ?", m.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var sid, did string
		if err := rows.Scan(&sid, &did); err != nil {
			rows.Close()
			return err
		}
		sittings[sid].Present[did] = true
		if p := byDeputy[did]; p != nil {
			p.Attended = true
		}
	}
	rows.Close()
	if len(m.Sittings) > 0 { // present: at the sitting under way
		cur := m.CurrentSitting()
		for _, p := range m.Members {
			p.Present = cur != nil && cur.Present[p.DeputyID]
		}
	}
	if m.SessionID != "" {
		rows, err = tx.query(`SELECT x.deputy_id FROM votes v JOIN vote_voters x ON x.vote_id = v.id WHERE v.session_id = ? AND x.present = TRUE`, m.SessionID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var did string
			if err := rows.Scan(&did); err != nil {
				rows.Close()
				return err
			}
			if p := byDeputy[did]; p != nil {
				p.Attended = true
			}
		}
		rows.Close()
	}
	m.Groups = nil
	rows, err = tx.query("SELECT id, meeting_id, position, name, convener FROM meeting_groups WHERE meeting_id = ? ORDER BY position", m.ID)
	if err != nil {
		return err
	}
	groups := map[string]*meeting.Group{}
	for rows.Next() {
		g := &meeting.Group{}
		if err := rows.Scan(&g.ID, &g.MeetingID, &g.Position, &g.Name, &g.Convener); err != nil {
			rows.Close()
			return err
		}
		m.Groups = append(m.Groups, g)
		groups[g.ID] = g
	}
	rows.Close()
	for _, p := range m.Members {
		if g := groups[p.GroupID]; g != nil {
			g.Members = append(g.Members, p.DeputyID)
		}
	}
	if err := tx.loadElections(m); err != nil {
		return err
	}
	m.Opinions = nil
	rows, err = tx.query(`SELECT o.id, o.meeting_id, o.item_id, o.group_id, o.deputy_id, d.name, o.text, o.created_at FROM meeting_opinions o
		JOIN deputies d ON d.id = o.deputy_id WHERE o.meeting_id = ? ORDER BY o.created_at, o.id`, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		o := &meeting.Opinion{}
		if err := rows.Scan(&o.ID, &o.MeetingID, &o.ItemID, &o.GroupID, &o.DeputyID, &o.Speaker, &o.Text, tsScan{&o.CreatedAt}); err != nil {
			return err
		}
		m.Opinions = append(m.Opinions, o)
	}
	return rows.Err()
}

// saveSessionRecord writes a child record of a session's action.
func (tx *Tx) saveSessionRecord(rec any) error {
	var err error
	switch r := rec.(type) {
	case *meeting.Registration:
		_, err = tx.exec("UPDATE meeting_members SET registered_at = ? WHERE meeting_id = ? AND deputy_id = ?", ts(r.At), r.MeetingID, r.DeputyID)
	case *meeting.Sitting:
		_, err = tx.exec("INSERT INTO meeting_sittings (id, meeting_id, number, title, starts_at) VALUES (?, ?, ?, ?, ?)", r.ID, r.MeetingID, r.Number, r.Title, ts(r.StartsAt))
	case *meeting.SittingCheckin:
		_, err = tx.exec("INSERT INTO meeting_checkins (sitting_id, deputy_id, at) VALUES (?, ?, ?)", r.SittingID, r.DeputyID, ts(r.At))
	case *meeting.Group:
		if _, err = tx.exec("INSERT INTO meeting_groups (id, meeting_id, position, name, convener) VALUES (?, ?, ?, ?, ?)", r.ID, r.MeetingID, r.Position, r.Name, r.Convener); err != nil {
			return err
		}
		for _, id := range r.Members {
			if _, err = tx.exec("UPDATE meeting_members SET group_id = ? WHERE meeting_id = ? AND deputy_id = ?", r.ID, r.MeetingID, id); err != nil {
				return err
			}
		}
	case *meeting.Opinion:
		_, err = tx.exec("INSERT INTO meeting_opinions (id, meeting_id, item_id, group_id, deputy_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			r.ID, r.MeetingID, r.ItemID, r.GroupID, r.DeputyID, r.Text, ts(r.CreatedAt))
	case *meeting.Summary:
		_, err = tx.exec("UPDATE meeting_items SET summary = ? WHERE id = ?", r.Text, r.ItemID)
	case *meeting.Election:
		err = tx.saveElection(r)
	default:
		err = fmt.Errorf("store: meeting: unknown record %T", rec)
	}
	return err
}

// sessionRoll completes the creation input of a session: its congress is
// the session's, and without members named its roll is every active deputy
// of the session's term. It returns the congress.
func (tx *Tx) sessionRoll(in renda.Values) (string, error) {
	sid := firstValue(in["session"])
	if sid == "" {
		return "", nil
	}
	var congressID, termID string
	err := tx.queryRow("SELECT t.congress_id, t.id FROM sessions s JOIN terms t ON t.id = s.term_id WHERE s.id = ?", sid).Scan(&congressID, &termID)
	if errNoRows(err) {
		return "", nil // the field's resolver says what is wrong
	} else if err != nil {
		return "", err
	}
	if len(in["members"]) == 0 {
		rows, err := tx.query("SELECT id FROM deputies WHERE congress_id = ? AND term_id = ? AND status = 'active' ORDER BY id", congressID, termID)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return "", err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return "", err
		}
		in["members"] = ids
	}
	return congressID, nil
}

func firstValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// groupDelegations puts a new session's deputies into groups by their
// delegation (代表团), through the meeting's own add_group action.
func (tx *Tx) groupDelegations(m *meeting.Meeting) error {
	rows, err := tx.query(`SELECT g.id, g.name, d.id FROM meeting_members mm JOIN deputies d ON d.id = mm.deputy_id JOIN delegations g ON g.id = d.delegation_id
		WHERE mm.meeting_id = ? AND mm.attends = FALSE ORDER BY g.name, g.id, d.id`, m.ID)
	if err != nil {
		return err
	}
	type group struct {
		name    string
		members []string
	}
	var order []string
	groups := map[string]*group{}
	for rows.Next() {
		var gid, name, did string
		if err := rows.Scan(&gid, &name, &did); err != nil {
			rows.Close()
			return err
		}
		if groups[gid] == nil {
			groups[gid] = &group{name: name}
			order = append(order, gid)
		}
		groups[gid].members = append(groups[gid].members, did)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, gid := range order {
		g := groups[gid]
		if m, _, err = meetingFlow.run(tx, m, "add_group", renda.Values{"name": {g.name}, "members": g.members}, nil); err != nil {
			return err
		}
	}
	return nil
}

// attendedSession reports whether a deputy attended a 届次会议 by its
// session meeting: registered or checked in at one of its sittings.
func (tx *Tx) attendedSession(sessionID, deputyID string) (bool, error) {
	return tx.exists(`SELECT 1 FROM meeting_members mm JOIN meetings m ON m.id = mm.meeting_id WHERE m.session_id = ? AND mm.deputy_id = ?
		AND (mm.registered_at IS NOT NULL OR EXISTS (SELECT 1 FROM meeting_checkins c JOIN meeting_sittings s ON s.id = c.sitting_id
			WHERE s.meeting_id = m.id AND c.deputy_id = mm.deputy_id))`, sessionID, deputyID)
}

// alertAbsences carries out 代表法 art. 62 on the duty record: a deputy
// absent twice without leave from the people's congress loses the seat, so
// staff are alerted once, at the deputy's second absence (computed from a
// session or entered by staff for a session before renda was used).
func (tx *Tx) alertAbsences(deputyIDs []string) error {
	for _, id := range deputyIDs {
		n, err := tx.count("SELECT COUNT(*) FROM duty_credits WHERE deputy_id = ? AND kind = 'absence'", id)
		if err != nil {
			return err
		}
		if n < 2 {
			continue
		}
		if ok, err := tx.Once("art62:" + id); err != nil || !ok {
			return err
		}
		var name string
		if err := tx.queryRow("SELECT name FROM deputies WHERE id = ?", id).Scan(&name); err != nil {
			return err
		}
		if err := tx.NotifyRoles([]renda.Role{renda.RoleAdmin, renda.RoleStaff}, "代表两次未经批准不出席人代会："+name,
			fmt.Sprintf("%s已有 %d 次未经批准不出席本级人民代表大会会议。依照代表法第六十二条，未经批准两次不出席本级人民代表大会会议的，代表资格终止；请核实并依法处理。", name, n),
			"/deputies/"+id+"/record"); err != nil {
			return err
		}
	}
	return nil
}

// checkManualAttendance refuses a hand-entered absence or leave of a
// deputy on or after the first session renda held for the deputy's
// congress: from then on they come from the session's registration, leave
// and check-ins (nothing typed twice); staff enter only earlier ones.
func (tx *Tx) checkManualAttendance(deputyID string, day renda.Date) error {
	var first time.Time
	err := tx.queryRow(`SELECT MIN(m.starts_at) FROM meetings m JOIN deputies d ON d.congress_id = m.congress_id
		WHERE d.id = ? AND m.kind IN ('congress', 'township') AND m.state IN ('in_session', 'closed', 'published')`, deputyID).Scan(tsScan{&first})
	if err != nil || first.IsZero() {
		return err
	}
	since := renda.DateOf(first)
	if day.Before(since) {
		return nil
	}
	return &renda.Error{Code: renda.EINVALID, Message: "自" + since.Chinese() + "起人代会的出席、请假和缺席由会议报到、请假和签到记录自动生成，无需补录；这里只补录此前的缺席",
		Fields: []renda.FieldError{{Field: "date", Message: "只补录" + since.Chinese() + "以前的缺席"}}}
}

// SessionRow is one deputy of a session's roll as the session page shows it.
type SessionRow struct {
	Member   *meeting.Member
	Group    string
	Presence string // meeting.PresenceAttended, PresenceLeave, PresenceAbsent
	Label    string
	// Absences is the deputy's absences without leave in the record (all
	// sessions of the term; staff side only), for art. 62.
	Absences int
}

// SittingRow is one plenary sitting with its quorum.
type SittingRow struct {
	Sitting *meeting.Sitting
	Quorum  meeting.Quorum
	Current bool
}

// SessionItem is one agenda item with the groups' opinions on it and the
// summary (or, until staff write one, the draft).
type SessionItem struct {
	Item   *meeting.Item
	Groups []meeting.GroupOpinions
	Draft  string
}

// SessionView is what a people's congress session shows: its 届次会议, the
// quorum of the sitting under way, registration and leave, the sittings,
// the groups' deliberation per item, and each deputy's attendance.
type SessionView struct {
	Meeting  *meeting.Meeting
	Session  *renda.Session
	Quorum   meeting.Quorum
	Sittings []SittingRow
	Roll     []SessionRow
	Items    []SessionItem
	// Counts of the members (not 列席) by registration and presence.
	Members, Registered, Attended, Leave, Absent, LeaveRequested int
	Closed                                                       bool
}

// MeetingSession returns the session view of a people's congress session
// viewer may see; the absences' counts only to the staff side.
func (db *DB) MeetingSession(ctx context.Context, viewer *renda.User, id string) (*SessionView, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	var v *SessionView
	err = db.read(ctx, func(tx *Tx) error {
		m, err := tx.meetingFor(viewer, id, false)
		if err != nil {
			return err
		}
		if !m.IsSession() {
			return renda.Errorf(renda.ENOTFOUND, "这不是人民代表大会会议")
		}
		v = &SessionView{Meeting: m, Quorum: meeting.QuorumOf(m, set), Closed: m.State == meeting.Closed || m.State == meeting.Published}
		if m.SessionID != "" {
			s, err := scanSession(tx.queryRow("SELECT "+sessionColumns+sessionFrom+" WHERE s.id = ?", m.SessionID))
			if err != nil {
				return err
			}
			v.Session = &s
		}
		for _, s := range m.Sittings {
			q := meeting.Quorum{}
			for _, p := range m.Members {
				if !p.Attends {
					q.Members++
					if s.Present[p.DeputyID] {
						q.Present++
					}
				}
			}
			q.Needed = meeting.Needed(m.Kind, q.Members, set.Int("meeting.quorum_pct"))
			q.Reached = q.Members > 0 && q.Present >= q.Needed
			v.Sittings = append(v.Sittings, SittingRow{Sitting: s, Quorum: q, Current: s.ID == m.SittingID})
		}
		absences := map[string]int{}
		if viewer.IsStaffSide() {
			rows, err := tx.query(`SELECT c.deputy_id, COUNT(*) FROM duty_credits c JOIN meeting_members mm ON mm.deputy_id = c.deputy_id AND mm.meeting_id = ?
				WHERE c.kind = 'absence' GROUP BY c.deputy_id`, m.ID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var did string
				var n int
				if err := rows.Scan(&did, &n); err != nil {
					return err
				}
				absences[did] = n
			}
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, p := range m.Members {
			if p.Attends {
				continue
			}
			row := SessionRow{Member: p, Presence: meeting.PresenceOf(p), Absences: absences[p.DeputyID]}
			row.Label = meeting.PresenceLabel(row.Presence, v.Closed)
			if g := m.Group(p.GroupID); g != nil {
				row.Group = g.Name
			}
			v.Members++
			if p.Registered {
				v.Registered++
			}
			if p.Leave == "requested" {
				v.LeaveRequested++
			}
			switch row.Presence {
			case meeting.PresenceAttended:
				v.Attended++
			case meeting.PresenceLeave:
				v.Leave++
			default:
				v.Absent++
			}
			v.Roll = append(v.Roll, row)
		}
		for _, it := range m.Items {
			si := SessionItem{Item: it, Groups: m.OpinionsOn(it.ID)}
			if it.Summary == "" {
				si.Draft = meeting.DraftSummary(m, it.ID)
			}
			v.Items = append(v.Items, si)
		}
		return nil
	})
	return v, err
}
