package store

import (
	"context"
	"strings"

	"renda"
	"renda/record"
	"renda/vote"
)

// Deputies' activities and the votes held, for the leaders' screen and the
// year's figures: each figure the count of the list it links to — the duty
// record entries of the year (/records/entries?year=&kind=) and the votes
// opened in the year (/votes?year=) — under the same condition.

func init() {
	RegisterPanel(Panel{Key: "activities", Title: "代表履职活动", Order: 61, More: "/records", Township: true, Figures: activityPanel})
	RegisterPanel(Panel{Key: "votes", Title: "票决和表决", Order: 42, More: "/votes", Township: true, Figures: votePanel})
}

// DutyEntryFilter selects duty record entries of every deputy.
type DutyEntryFilter struct {
	Year int    // the entries' year (duty_credits.year)
	Kind string // one kind of record.Kinds ("" every kind)
	// TownshipID keeps the entries of the deputies who work in this
	// township (deputies.region_id, as the township's deputies figure).
	TownshipID    string
	Limit, Offset int
}

// DutyEntry is one entry of a deputy's duty record, in the list of all
// deputies' entries.
type DutyEntry struct {
	record.Entry
	DeputyID   string
	DeputyName string
}

func dutyEntryWhere(f DutyEntryFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Year != 0 {
		where, args = append(where, "dc.year = ?"), append(args, f.Year)
	}
	if f.Kind != "" {
		where, args = append(where, "dc.kind = ?"), append(args, f.Kind)
	}
	if f.TownshipID != "" {
		where, args = append(where, "dc.deputy_id IN (SELECT id FROM deputies WHERE region_id = ?)"), append(args, f.TownshipID)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// DutyEntries lists the duty record entries of every deputy, newest first,
// and how many there are; the standing committee's side only, like the
// ranking.
func (db *DB) DutyEntries(ctx context.Context, viewer *renda.User, f DutyEntryFilter) ([]DutyEntry, int, error) {
	if !viewer.IsStaffSide() {
		return nil, 0, renda.Errorf(renda.EFORBIDDEN, "只有人大常委会工作人员可以查看代表履职记录")
	}
	cond, args := dutyEntryWhere(f)
	var out []DutyEntry
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM duty_credits dc"+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT dc.deputy_id, d.name, dc.kind, dc.title, dc.at, dc.entity, dc.entity_id, dc.evidence
			FROM duty_credits dc JOIN deputies d ON d.id = dc.deputy_id`+cond+" ORDER BY dc.at DESC, dc.deputy_id, dc.kind, dc.entity_id"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e DutyEntry
			if err := rows.Scan(&e.DeputyID, &e.DeputyName, &e.Kind, &e.Title, tsScan{&e.At}, &e.Source.Entity, &e.Source.ID, &e.Evidence); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, total, err
}

// activityPanel counts the year's duty record entries by kind in one
// grouped pass under the list's own condition: every kind of activity (not
// absences), and all of them together; on a township's screen those of
// the deputies who work in it.
func activityPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	if !u.IsStaffSide() {
		return nil, nil
	}
	town := sc.TownshipID()
	cond, args := dutyEntryWhere(DutyEntryFilter{Year: sc.Year, TownshipID: town})
	counts, all := map[string]int{}, 0
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT dc.kind, COUNT(*) FROM duty_credits dc"+cond+" GROUP BY dc.kind", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			counts[k] = n
			all += n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	y := itoa(sc.Year)
	def := "本年内记入各级人大代表履职档案的各项记录（由议案建议、群众意见、接待、表决、会议等业务自动记入，及工作人员补记的）"
	if town != "" {
		def = "本年内记入在本镇（街道）履职的各级人大代表履职档案的各项记录（由议案建议、群众意见、接待、表决、会议等业务自动记入，及工作人员补记的）"
	}
	out := []Figure{{Key: "activities.all", Label: "代表履职记录（各类合计）", Value: all, Href: link("/records/entries", "year", y, "township", town), Definition: def}}
	for _, k := range record.Kinds {
		if k.Key == "absence" || k.Key == "leave" {
			continue
		}
		out = append(out, Figure{Key: "activities." + k.Key, Label: "代表" + k.Label, Value: counts[k.Key], Href: link("/records/entries", "year", y, "kind", k.Key, "township", town),
			Definition: "本年内记入代表履职档案的“" + k.Label + "”记录，每位代表每件事计一次"})
	}
	return out, nil
}

// votePanel counts the votes held in the year, as the votes list filtered
// by the year shows them to the viewer; on a township's screen those of its
// own congress (none for a subdistrict: the panel is left out).
func votePanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	congress, def := "", "本年内开始投票的票决和表决（民生实事项目票决、满意度测评、会议表决等），按开始投票的时间计"
	if sc.Township != nil {
		var err error
		if congress, err = db.townshipCongress(ctx, sc.Township.ID); err != nil || congress == "" {
			return nil, err
		}
		def = "本年内本镇人民代表大会开始投票的票决和表决（民生实事项目票决、满意度测评等），按开始投票的时间计"
	}
	_, n, err := db.Votes(ctx, vote.Filter{Year: sc.Year, CongressID: congress, Scoped: true, Viewer: u, Limit: 1})
	if err != nil {
		return nil, err
	}
	return []Figure{{Key: "votes.held", Label: "举行的票决和表决", Value: n, Href: link("/votes", "year", itoa(sc.Year), "congress", congress), Definition: def}}, nil
}
