package store

import (
	"context"
	"database/sql"

	"renda"
	"renda/news"
)

// The deputies, their congresses, delegations and groups, and who belongs
// to which, in the Popolo specification's terms
// (http://www.popoloproject.com/specs/): persons, organizations,
// memberships, and each congress's terms as legislative periods (events).
// Personal data is left out by construction: the queries select only what
// a deputy's public page shows (name, photo, the congress, delegation and
// groups), never the phone, birth year, ethnicity, party or occupation;
// gender only when the settings make it public (news.SettingPopoloGender).

// PopoloPerson is a deputy.
type PopoloPerson struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Gender      string             `json:"gender,omitempty"` // male, female
	Image       string             `json:"image,omitempty"`  // the photo's path on this site
	Identifiers []PopoloIdentifier `json:"identifiers"`
	Links       []PopoloLink       `json:"links"`
}

// PopoloIdentifier is an id of a person in another scheme.
type PopoloIdentifier struct {
	Scheme     string `json:"scheme"`
	Identifier string `json:"identifier"`
}

// PopoloLink is a page about a person or an organisation.
type PopoloLink struct {
	URL  string `json:"url"`
	Note string `json:"note,omitempty"`
}

// PopoloOrganization is a congress, a delegation (代表团) or a group of
// deputies (专业小组, 实践基地).
type PopoloOrganization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Classification string `json:"classification"` // legislature, delegation, group
	ParentID       string `json:"parent_id,omitempty"`
	AreaID         string `json:"area_id,omitempty"` // the region's division code
}

// PopoloMembership is a deputy's membership of a congress (as 代表, in a
// term), of a delegation or of a group.
type PopoloMembership struct {
	ID                  string `json:"id"`
	PersonID            string `json:"person_id"`
	OrganizationID      string `json:"organization_id"`
	Role                string `json:"role"`
	Label               string `json:"label,omitempty"`
	LegislativePeriodID string `json:"legislative_period_id,omitempty"`
	StartDate           string `json:"start_date,omitempty"`
	EndDate             string `json:"end_date,omitempty"`
}

// PopoloEvent is a congress's term (届), a legislative period, or one of
// its sessions (会次), a legislative session within the term.
type PopoloEvent struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Classification string `json:"classification"` // legislative period, legislative session
	OrganizationID string `json:"organization_id"`
	ParentID       string `json:"parent_id,omitempty"` // a session's term
	StartDate      string `json:"start_date"`
	EndDate        string `json:"end_date,omitempty"`
}

// Popolo is the whole export.
type Popolo struct {
	Persons       []PopoloPerson       `json:"persons"`
	Organizations []PopoloOrganization `json:"organizations"`
	Memberships   []PopoloMembership   `json:"memberships"`
	Events        []PopoloEvent        `json:"events"`
	VoteEvents    []PopoloVoteEvent    `json:"vote_events"`
}

// Popolo exports the serving deputies (active, as the public pages show
// them), their congresses with the terms and sessions, delegations and
// groups, their memberships, and the vote events of the public closed
// votes (popolo_votes.go).
func (db *DB) Popolo(ctx context.Context) (*Popolo, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	withGender := set.Bool(news.SettingPopoloGender)
	out := &Popolo{Persons: []PopoloPerson{}, Organizations: []PopoloOrganization{}, Memberships: []PopoloMembership{}, Events: []PopoloEvent{}, VoteEvents: []PopoloVoteEvent{}}
	err = db.read(ctx, func(tx *Tx) error {
		each := func(q string, scan func(rows *sql.Rows) error) error {
			rows, err := tx.query(q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				if err := scan(rows); err != nil {
					return err
				}
			}
			return rows.Err()
		}
		if err := each(`SELECT c.id, c.name, r.code FROM congresses c JOIN regions r ON r.id = c.region_id
			ORDER BY CASE c.level WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END, r.code`, func(rows *sql.Rows) error {
			var o PopoloOrganization
			o.Classification = "legislature"
			if err := rows.Scan(&o.ID, &o.Name, &o.AreaID); err != nil {
				return err
			}
			out.Organizations = append(out.Organizations, o)
			return nil
		}); err != nil {
			return err
		}
		if err := each(`SELECT t.id, t.congress_id, t.number, t.start_date, COALESCE(t.end_date, '') FROM terms t
			JOIN congresses c ON c.id = t.congress_id ORDER BY c.name, t.number`, func(rows *sql.Rows) error {
			e := PopoloEvent{Classification: "legislative period"}
			var n int
			if err := rows.Scan(&e.ID, &e.OrganizationID, &n, &e.StartDate, &e.EndDate); err != nil {
				return err
			}
			e.Name = renda.Term{Number: n}.Name()
			out.Events = append(out.Events, e)
			return nil
		}); err != nil {
			return err
		}
		if err := each(`SELECT s.id, t.congress_id, t.id, t.number, s.number, s.start_date, s.end_date FROM sessions s
			JOIN terms t ON t.id = s.term_id JOIN congresses c ON c.id = t.congress_id ORDER BY c.name, t.number, s.number`, func(rows *sql.Rows) error {
			e := PopoloEvent{Classification: "legislative session"}
			var term, n int
			if err := rows.Scan(&e.ID, &e.OrganizationID, &e.ParentID, &term, &n, &e.StartDate, &e.EndDate); err != nil {
				return err
			}
			e.Name = renda.Session{TermNumber: term, Number: n}.Name()
			out.Events = append(out.Events, e)
			return nil
		}); err != nil {
			return err
		}
		var err error
		if out.VoteEvents, err = tx.popoloVoteEvents(); err != nil {
			return err
		}
		if err := each(`SELECT g.id, g.name, t.congress_id, COALESCE(r.code, '') FROM delegations g JOIN terms t ON t.id = g.term_id
			LEFT JOIN regions r ON r.id = g.region_id ORDER BY t.congress_id, g.name`, func(rows *sql.Rows) error {
			o := PopoloOrganization{Classification: "delegation"}
			if err := rows.Scan(&o.ID, &o.Name, &o.ParentID, &o.AreaID); err != nil {
				return err
			}
			out.Organizations = append(out.Organizations, o)
			return nil
		}); err != nil {
			return err
		}
		if err := each(`SELECT g.id, g.name, COALESCE(r.code, '') FROM deputy_groups g LEFT JOIN regions r ON r.id = g.region_id ORDER BY g.name`, func(rows *sql.Rows) error {
			o := PopoloOrganization{Classification: "group"}
			if err := rows.Scan(&o.ID, &o.Name, &o.AreaID); err != nil {
				return err
			}
			out.Organizations = append(out.Organizations, o)
			return nil
		}); err != nil {
			return err
		}
		// Only the public columns of serving deputies.
		if err := each(`SELECT d.id, d.code, d.name, d.gender, COALESCE(d.photo_id, ''), d.congress_id, d.term_id, t.start_date, COALESCE(t.end_date, ''),
			COALESCE(d.delegation_id, ''), COALESCE(d.group_id, '') FROM deputies d JOIN terms t ON t.id = d.term_id
			WHERE d.status = 'active' ORDER BY d.congress_id, d.code`, func(rows *sql.Rows) error {
			var id, code, name, gender, photo, congress, term, start, end, delegation, group string
			if err := rows.Scan(&id, &code, &name, &gender, &photo, &congress, &term, &start, &end, &delegation, &group); err != nil {
				return err
			}
			p := PopoloPerson{ID: id, Name: name, Identifiers: []PopoloIdentifier{{Scheme: "renda-code", Identifier: code}},
				Links: []PopoloLink{{URL: "/d/" + code, Note: "代表主页"}}}
			if withGender {
				p.Gender = map[string]string{"男": "male", "女": "female"}[gender]
			}
			if photo != "" {
				p.Image = "/deputies/" + id + "/photo"
			}
			out.Persons = append(out.Persons, p)
			out.Memberships = append(out.Memberships, PopoloMembership{ID: id + "/" + term, PersonID: id, OrganizationID: congress, Role: "代表",
				LegislativePeriodID: term, StartDate: start, EndDate: end})
			if delegation != "" {
				out.Memberships = append(out.Memberships, PopoloMembership{ID: id + "/" + delegation, PersonID: id, OrganizationID: delegation, Role: "代表团成员"})
			}
			if group != "" {
				out.Memberships = append(out.Memberships, PopoloMembership{ID: id + "/" + group, PersonID: id, OrganizationID: group, Role: "成员"})
			}
			return nil
		}); err != nil {
			return err
		}
		// Members of groups beyond a deputy's own group (group_members).
		return each(`SELECT m.deputy_id, m.group_id FROM group_members m JOIN deputies d ON d.id = m.deputy_id
			WHERE d.status = 'active' AND (d.group_id IS NULL OR d.group_id <> m.group_id) ORDER BY m.group_id, m.deputy_id`, func(rows *sql.Rows) error {
			var person, group string
			if err := rows.Scan(&person, &group); err != nil {
				return err
			}
			out.Memberships = append(out.Memberships, PopoloMembership{ID: person + "/" + group, PersonID: person, OrganizationID: group, Role: "成员"})
			return nil
		})
	})
	return out, err
}
