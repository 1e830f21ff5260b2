package web

import (
	"renda"
	"renda/supervision"
)

// findingForm fits the form of a finding to its viewer: a team member
// records their own (no choice of member); staff recording one on a
// member's behalf choose among the team (its members not recused), so the
// finding goes on that member's duty record; those who joined in are
// chosen among the team too (for a member, the others).
func findingForm(forms []*ActionForm, u *renda.User, team []*supervision.Participant) {
	for _, af := range forms {
		if af.Action != "record_finding" {
			continue
		}
		var keep []*Field
		for _, fl := range af.Form.Fields {
			if fl.Name == "with_ids" {
				fl.Options = nil
				for _, p := range team {
					if !p.Recused && p.DeputyID != u.DeputyID {
						fl.Options = append(fl.Options, Option{Value: p.DeputyID, Label: p.Name})
					}
				}
				if len(fl.Options) == 0 {
					continue
				}
			}
			if fl.Name == "deputy_id" {
				if u.Is(renda.RoleDeputy) {
					continue
				}
				fl.Options = nil
				for _, p := range team {
					if !p.Recused {
						fl.Options = append(fl.Options, Option{Value: p.DeputyID, Label: p.Name})
					}
				}
				if len(fl.Options) == 0 {
					continue
				}
			}
			keep = append(keep, fl)
		}
		af.Form.Fields = keep
	}
}
