package suggestion

import (
	"strings"

	"renda"
)

var _ = renda.RegisterSearchKind("suggestion", "议案建议", "suggestion")

// Doc is the item's entry in the search index, readable by whoever may see
// it (CanSee, and the store's list scope): its signers (but not those who
// declined); once submitted, the standing committee's people, the units
// handling it and the procuratorate it was copied to.
func Doc(s *Suggestion) *renda.Doc {
	title := s.Title
	if s.Number != "" {
		title = s.Number + " " + s.Title
	}
	d := &renda.Doc{Kind: "suggestion", ID: s.ID, Title: title, URL: "/suggestions/" + s.ID, Year: renda.DateOf(s.CreatedAt).Year,
		OrgID: s.LeadUnitID, State: s.Status, At: s.CreatedAt}
	var body []string
	for _, t := range []string{s.ProposerName, s.Category, s.Grounds, s.Body, s.PublicText} {
		if t != "" {
			body = append(body, t)
		}
	}
	d.Body = strings.Join(body, "\n")
	d.Readers = append(d.Readers, renda.ReadDeputy(s.ProposerID))
	for _, g := range s.Signers {
		if g.Status != SignerDeclined {
			d.Readers = append(d.Readers, renda.ReadDeputy(g.DeputyID))
		}
	}
	if s.Status == Draft {
		return d
	}
	d.Readers = append(d.Readers, renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader)...)
	for _, u := range s.Units {
		d.Readers = append(d.Readers, renda.ReadOrg(u.OrgID))
	}
	if s.ProcuratorateID != "" {
		d.Readers = append(d.Readers, renda.ReadOrg(s.ProcuratorateID))
	}
	return d
}

// AuditView is what the audit trail keeps of an item: its own fields,
// without the lists shown beside it (signers, units and records are
// recorded by the actions that change them).
func (s *Suggestion) AuditView() any {
	v := *s
	v.Signers, v.Units, v.Records = nil, nil, nil
	return &v
}
