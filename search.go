package renda

import "time"

// Doc is what the search index keeps of one item a user may find: its
// words, where it leads, the facets lists filter on, and who may read it.
// Each kind of item makes its Doc with a pure function of the item; the
// store writes it in the same transaction as the change.
type Doc struct {
	Kind       string // suggestion, opinion, hotline, deputy, station, project, …
	ID         string
	Title      string
	Body       string
	URL        string
	Year       int
	TownshipID string
	OrgID      string // the unit handling it, if any
	State      string
	At         time.Time // when it happened, for "recent first"
	// Readers are who may find it: ReadPublic, ReadRoles(…), ReadOrg(id),
	// ReadDeputy(id), ReadTown(id) (deputies stationed in a township).
	Readers []string
}

// Readers of a Doc.
const ReadPublic = "public"

// ReadRoles lets users of the roles read a Doc.
func ReadRoles(roles ...Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = "role:" + string(r)
	}
	return out
}

// ReadOrg lets a unit's users read a Doc.
func ReadOrg(id string) string { return "org:" + id }

// ReadDeputy lets a deputy's accounts read a Doc.
func ReadDeputy(id string) string { return "deputy:" + id }

// ReadTown lets the deputies stationed in a township read a Doc.
func ReadTown(id string) string { return "town:" + id }

// Principals are the readers a user counts as: everyone is public; a user
// is their role, their unit, their deputy, and the townships where they
// are stationed (towns).
func Principals(u *User, towns []string) []string {
	out := []string{ReadPublic}
	if u == nil {
		return out
	}
	out = append(out, "role:"+string(u.Role))
	if u.OrgID != "" {
		out = append(out, ReadOrg(u.OrgID))
	}
	if u.DeputyID != "" {
		out = append(out, ReadDeputy(u.DeputyID))
		for _, t := range towns {
			out = append(out, ReadTown(t))
		}
	}
	return out
}

// SearchKind is a kind of item the index holds: its name, what people
// call it, and the workflow entity whose states its items have.
type SearchKind struct{ Kind, Label, Entity string }

// SearchKinds are the kinds of item the index holds, in display order.
var SearchKinds []SearchKind

// RegisterSearchKind names a kind of item for the search page's facets.
func RegisterSearchKind(kind, label, entity string) string {
	SearchKinds = append(SearchKinds, SearchKind{kind, label, entity})
	return kind
}

// SearchKindEntity returns the workflow entity of a kind of item.
func SearchKindEntity(kind string) string {
	for _, k := range SearchKinds {
		if k.Kind == kind {
			return k.Entity
		}
	}
	return kind
}

// SearchKindLabel names a kind of item.
func SearchKindLabel(kind string) string {
	for _, k := range SearchKinds {
		if k.Kind == kind {
			return k.Label
		}
	}
	return kind
}
