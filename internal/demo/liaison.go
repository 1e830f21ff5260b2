package demo

import (
	"context"
	"time"

	"renda"
	"renda/internal/store"
	"renda/liaison"
)

// seedLiaison: the "two contacts" — the demo leader and two more members of
// the standing committee each linked to six county deputies, with a year of
// visits, calls and meetings (some deputies contacted less than the yearly
// minimum, so the reminder has something to say), each in the deputy's
// duty record.
func seedLiaison(ctx context.Context, db *store.DB, w *World) error {
	county := w.ByLevel[renda.LevelCounty]
	if len(county) < 30 {
		return nil
	}
	members := []*renda.User{w.Leader}
	for _, m := range []struct{ username, name string }{{"member1", "欧阳建平"}, {"member2", "李雪梅"}} {
		u, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: m.username, DisplayName: m.name, Role: renda.RoleLeader, OrgID: w.StandingCommittee.ID}, w.PasswordHash)
		if err != nil {
			return err
		}
		w.Users[m.username] = u
		members = append(members, u)
	}
	notes := map[string][]string{
		liaison.Visit:   {"到代表所在村走访，了解春耕生产和灌溉用水情况", "走访代表领办的实践基地，听取产业发展困难", "到代表工作单位走访，听取对政府工作的意见"},
		liaison.Call:    {"电话了解代表提出建议的办理情况", "电话听取代表对常委会工作的意见建议"},
		liaison.Meeting: {"召开联系代表座谈会，通报常委会工作", "邀请代表列席常委会会议并座谈"},
	}
	kinds := []string{liaison.Visit, liaison.Call, liaison.Meeting}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		for i, m := range members {
			deps := county[10+i*6 : 16+i*6]
			var ids []string
			for _, d := range deps {
				ids = append(ids, d.ID)
			}
			if err := tx.SeedAs(w.Staff, w.Now.AddDate(0, -10, 0)); err != nil {
				return err
			}
			if err := tx.LinkMember(m.ID, ids); err != nil {
				return err
			}
			for j, d := range deps {
				n := 3 - (j % 3) // 3, 2 or 1 contacts: the last falls short of the minimum
				for k := range n {
					at := w.Now.AddDate(0, -9+k*3, -j).Add(time.Duration(i) * time.Hour)
					if at.After(w.Now) || renda.DateOf(at).Year != renda.DateOf(w.Now).Year {
						continue
					}
					if err := tx.SeedAs(m, at); err != nil {
						return err
					}
					kind := kinds[(j+k)%3]
					c := &liaison.Contact{DeputyID: d.ID, Kind: kind, Day: renda.DateOf(at), Note: notes[kind][(i+j+k)%len(notes[kind])]}
					if err := tx.LogContact(c); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
