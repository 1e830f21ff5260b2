package web

import (
	"slices"
	"strings"

	"renda"
)

// NavItem is one entry of the main menu.
type NavItem struct {
	Label  string
	Href   string
	Active bool
	Roles  []renda.Role // who sees it (empty: everyone signed in)
	Order  int
}

// nav returns the menu for u, in order, with the current section marked.
func (s *Server) nav(u *renda.User, path string) []NavItem {
	all := []NavItem{
		{Label: "工作台", Href: "/", Order: 0},
		{Label: "代表", Href: "/deputies", Order: 50},
		{Label: "单位", Href: "/organizations", Order: 55, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}},
		{Label: "基础数据", Href: "/congresses", Order: 60, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}},
		{Label: "用户", Href: "/users", Order: 80, Roles: []renda.Role{renda.RoleAdmin}},
		{Label: "审计日志", Href: "/audit", Order: 81, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff}},
		{Label: "设置", Href: "/settings", Order: 82, Roles: []renda.Role{renda.RoleAdmin}},
	}
	all = slices.Concat(all, s.suggestionNav(), s.opinionNav(), s.voteNav(), recordNav(u), s.filingNav(), s.supervisionNav(), s.meetingNav(), dutyReportNav(u), liaisonNav(), s.budgetNav())
	all = append(all, s.portalNav()...)
	slices.SortStableFunc(all, func(a, b NavItem) int { return a.Order - b.Order })
	var out []NavItem
	best := -1
	for _, it := range all {
		if len(it.Roles) > 0 && !u.Is(it.Roles...) {
			continue
		}
		out = append(out, it)
	}
	// Mark the longest matching prefix as the current section.
	for i, it := range out {
		if it.Href == "/" {
			if path == "/" {
				best = i
			}
			continue
		}
		if (path == it.Href || strings.HasPrefix(path, it.Href+"/")) && (best < 0 || len(it.Href) > len(out[best].Href)) {
			best = i
		}
	}
	if best < 0 {
		for i, it := range out {
			if sectionOf(path) == sectionOf(it.Href) && it.Href != "/" {
				best = i
				break
			}
		}
	}
	if best >= 0 {
		out[best].Active = true
	}
	return out
}

// sectionOf groups reference-data pages under 基础数据.
func sectionOf(path string) string {
	for _, p := range []string{"/regions", "/congresses", "/calendar", "/groups"} {
		if strings.HasPrefix(path, p) {
			return "/congresses"
		}
	}
	for _, p := range []string{"/outbox"} {
		if strings.HasPrefix(path, p) {
			return "/settings"
		}
	}
	return path
}
