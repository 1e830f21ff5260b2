package store

import (
	"context"

	"renda"
	"renda/meeting"
)

// The meetings' panel of the leaders' screen: meetings by kind, each the
// count of the meetings list of that kind as the viewer sees it (the list
// has no year filter yet, so these are figures of the present moment).
func init() {
	RegisterPanel(Panel{Key: "meetings", Title: "会议", Order: 45, Figures: func(ctx context.Context, db *DB, u *renda.User, _ Scope) ([]Figure, error) {
		var out []Figure
		for _, k := range append([]renda.Option{{Value: "", Label: "会议（全部）"}}, meeting.Kinds...) {
			items, _, err := db.Meetings(ctx, u, meeting.Filter{Kind: k.Value, Limit: 200}) // as the list shows them
			if err != nil {
				return nil, err
			}
			n := len(items)
			out = append(out, Figure{Key: "meetings." + map[bool]string{true: "all", false: k.Value}[k.Value == ""], Label: k.Label, Value: n,
				Href: link("/meetings", "kind", k.Value), Now: true, Definition: "系统中登记的" + k.Label})
		}
		return out, nil
	}})
}
