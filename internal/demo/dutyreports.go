package demo

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/dutyreport"
	"renda/internal/store"
	"renda/station"
	"renda/vote"
)

// seedDutyReports: county deputies' reports to voters (述职) in every state,
// each drafted from the deputy's duty record as it stands: the demo deputy's
// own draft (to submit in the browser), one returned for changes, one
// submitted, one being rated now (the QR page live), one rated, and three
// rated and published on the deputies' public pages — each meeting at the
// deputy's station, rated by its voters' representatives with one-time
// codes through the ballot engine.
func seedDutyReports(ctx context.Context, db *store.DB, w *World) error {
	county := w.ByLevel[renda.LevelCounty]
	if len(county) < 8 {
		return nil
	}
	year := renda.DateOf(w.Now).Year
	stationOf := func(d *renda.Deputy) (string, error) {
		sts, _, err := db.Stations(ctx, station.Filter{DeputyID: d.ID, ActiveOnly: true})
		if err != nil || len(sts) > 0 {
			if err != nil {
				return "", err
			}
			return sts[0].ID, nil
		}
		all, _, err := db.Stations(ctx, station.Filter{ActiveOnly: true, TownshipID: d.RegionID})
		if err != nil || len(all) == 0 {
			return "", err
		}
		return all[0].ID, nil
	}
	type plan struct {
		d      *renda.Deputy
		state  string
		days   int    // the meeting, days ago
		weight [3]int // shares of 满意, 基本满意, 不满意 in %
		voters int
	}
	plans := []plan{
		{county[0], dutyreport.Draft, 0, [3]int{}, 0},
		{county[1], dutyreport.Submitted, 0, [3]int{}, 0},
		{county[2], dutyreport.Rating, 0, [3]int{70, 25, 5}, 23},
		{county[3], dutyreport.Rated, 12, [3]int{55, 35, 10}, 58},
		{county[4], dutyreport.Published, 40, [3]int{82, 15, 3}, 61},
		{county[5], dutyreport.Published, 75, [3]int{64, 30, 6}, 55},
		{county[6], dutyreport.Published, 110, [3]int{40, 38, 22}, 52},
		{county[7], "returned", 0, [3]int{}, 0},
	}
	phone := 0
	for _, p := range plans {
		st, err := stationOf(p.d)
		if err != nil {
			return err
		}
		if st == "" && p.days > 0 {
			continue
		}
		err = db.Seed(ctx, System, func(tx *store.Tx) error {
			meeting := w.Now.Add(-time.Duration(p.days) * 24 * time.Hour)
			if p.days == 0 {
				meeting = w.Now.Add(-2 * time.Hour)
			}
			author := &renda.User{Username: p.d.Code, DisplayName: p.d.Name, Role: renda.RoleDeputy, DeputyID: p.d.ID}
			if err := tx.SeedAs(author, meeting.Add(-10*24*time.Hour)); err != nil {
				return err
			}
			r, err := tx.CreateDutyReport(p.d, year)
			if err != nil {
				return err
			}
			if p.state == dutyreport.Draft {
				return nil
			}
			if _, err := tx.ActOnDutyReport(r.ID, "submit", nil); err != nil {
				return err
			}
			if p.state == "returned" {
				if err := tx.SeedAs(w.Staff, meeting.Add(-9*24*time.Hour)); err != nil {
					return err
				}
				_, err := tx.ActOnDutyReport(r.ID, "return", renda.V("note", "请补充联系选民和办理群众意见的具体情况。"))
				return err
			}
			if p.state == dutyreport.Submitted {
				return nil
			}
			if err := tx.SeedAs(w.Staff, meeting); err != nil {
				return err
			}
			r, err = tx.ActOnDutyReport(r.ID, "open_rating", renda.V("station", st, "day", renda.DateOf(meeting), "audience", max(p.voters, 50)+w.Rand.IntN(8)))
			if err != nil {
				return err
			}
			for i := range p.voters {
				c := vote.ChoiceDissatisfied
				switch x := w.Rand.IntN(100); {
				case x < p.weight[0]:
					c = vote.ChoiceSatisfied
				case x < p.weight[0]+p.weight[1]:
					c = vote.ChoiceBasic
				}
				phone++
				if err := tx.SeedAs(nil, meeting.Add(time.Duration(i)*20*time.Second)); err != nil {
					return err
				}
				if err := tx.SeedVoterRating(r.VoteID, fmt.Sprintf("139%08d", 43048200+phone), vote.Ballot{r.ID: c}); err != nil {
					return err
				}
			}
			if p.state == dutyreport.Rating {
				return nil
			}
			if err := tx.SeedAs(w.Staff, meeting.Add(30*time.Minute)); err != nil {
				return err
			}
			if _, err := tx.ActOnDutyReport(r.ID, "close_rating", nil); err != nil {
				return err
			}
			if err := tx.SeedAs(nil, meeting.Add(31*time.Minute)); err != nil {
				return err
			}
			if err := tx.SealVote(r.VoteID); err != nil {
				return err
			}
			if p.state == dutyreport.Rated {
				return nil
			}
			if err := tx.SeedAs(w.Staff, meeting.Add(2*24*time.Hour)); err != nil {
				return err
			}
			_, err = tx.ActOnDutyReport(r.ID, "publish", nil)
			return err
		})
		if err != nil {
			return fmt.Errorf("report of %s: %w", p.d.Name, err)
		}
	}
	// A city deputy elected by the county reports to its standing committee;
	// the committee's members rate it signed in.
	city := w.ByLevel[renda.LevelCity]
	if len(city) == 0 {
		return nil
	}
	d := city[0]
	st, err := stationOf(d)
	if err != nil || st == "" {
		all, _, err := db.Stations(ctx, station.Filter{ActiveOnly: true})
		if err != nil || len(all) == 0 {
			return err
		}
		st = all[0].ID
	}
	var members []*renda.User
	for _, name := range []string{"leader", "member1", "member2"} {
		if u := w.Users[name]; u != nil {
			members = append(members, u)
		}
	}
	meeting := w.Now.Add(-20 * 24 * time.Hour)
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		if err := tx.SeedAs(&renda.User{Username: d.Code, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, meeting.Add(-7*24*time.Hour)); err != nil {
			return err
		}
		r, err := tx.CreateDutyReport(d, year)
		if err != nil {
			return err
		}
		if _, err := tx.ActOnDutyReport(r.ID, "submit", nil); err != nil {
			return err
		}
		if err := tx.SeedAs(w.Staff, meeting); err != nil {
			return err
		}
		if r, err = tx.ActOnDutyReport(r.ID, "open_rating", renda.V("station", st, "day", renda.DateOf(meeting), "audience", 52)); err != nil {
			return err
		}
		for i, m := range members {
			if err := tx.SeedAs(m, meeting.Add(time.Duration(i+1)*time.Minute)); err != nil {
				return err
			}
			c := []string{vote.ChoiceSatisfied, vote.ChoiceSatisfied, vote.ChoiceBasic}[i%3]
			if _, err := tx.CastMemberBallot(r.VoteID, vote.Ballot{r.ID: c}); err != nil {
				return err
			}
		}
		if err := tx.SeedAs(w.Staff, meeting.Add(20*time.Minute)); err != nil {
			return err
		}
		if _, err := tx.ActOnDutyReport(r.ID, "close_rating", nil); err != nil {
			return err
		}
		if err := tx.SeedAs(nil, meeting.Add(21*time.Minute)); err != nil {
			return err
		}
		if err := tx.SealVote(r.VoteID); err != nil {
			return err
		}
		if err := tx.SeedAs(w.Staff, meeting.Add(24*time.Hour)); err != nil {
			return err
		}
		_, err = tx.ActOnDutyReport(r.ID, "publish", nil)
		return err
	})
}
