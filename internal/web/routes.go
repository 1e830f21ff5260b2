package web

import "renda"

// foundationRoutes are the pages every deployment has: sign-in, the home
// page, the directory of deputies and organisations, reference data and
// administration. Each feature adds its own in its file (suggestions.go, …).
func (s *Server) foundationRoutes() []route {
	admin := []renda.Role{renda.RoleAdmin}
	ref := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /{$}", nil, s.home},
		{"GET /login", nil, s.loginPage},
		{"POST /login", nil, s.loginSubmit},
		{"POST /logout", signedIn, s.logout},
		{"GET /account", signedIn, s.accountPage},
		{"POST /account/password", signedIn, s.changePassword},
		{"GET /notifications", signedIn, s.notificationsPage},
		{"POST /notifications/read", signedIn, s.markRead},

		{"GET /deputies", signedIn, s.deputiesPage},
		{"GET /deputies/new", ref, s.deputyNewPage},
		{"POST /deputies", ref, s.deputyCreate},
		{"GET /deputies/export.xlsx", staffSide, s.deputiesExport},
		{"GET /deputies/template.xlsx", ref, s.deputiesTemplate},
		{"GET /deputies/import", ref, s.deputiesImportPage},
		{"POST /deputies/import", ref, s.deputiesImport},
		{"GET /deputies/{id}", signedIn, s.deputyPage},
		{"GET /deputies/{id}/edit", ref, s.deputyEditPage},
		{"POST /deputies/{id}", ref, s.deputyUpdate},
		{"GET /deputies/{id}/photo", nil, s.deputyPhoto},
		{"POST /deputies/{id}/photo", ref, s.deputyPhotoUpload},

		{"GET /organizations", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}, s.orgsPage},
		{"GET /organizations/new", ref, s.orgNewPage},
		{"POST /organizations", ref, s.orgCreate},
		{"GET /organizations/export.xlsx", staffSide, s.orgsExport},
		{"GET /organizations/template.xlsx", ref, s.orgsTemplate},
		{"GET /organizations/import", ref, s.orgsImportPage},
		{"POST /organizations/import", ref, s.orgsImport},
		{"GET /organizations/{id}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}, s.orgPage},
		{"GET /organizations/{id}/edit", ref, s.orgEditPage},
		{"POST /organizations/{id}", ref, s.orgUpdate},

		{"GET /regions", staffSide, s.regionsPage},
		{"GET /regions/new", ref, s.regionNewPage},
		{"POST /regions", ref, s.regionCreate},
		{"GET /regions/{id}/edit", ref, s.regionEditPage},
		{"POST /regions/{id}", ref, s.regionUpdate},

		{"GET /congresses", staffSide, s.congressesPage},
		{"GET /congresses/{id}", staffSide, s.congressPage},
		{"POST /congresses/{id}/terms", ref, s.termCreate},
		{"POST /terms/{id}/sessions", ref, s.sessionCreate},
		{"POST /terms/{id}/delegations", ref, s.delegationCreate},
		{"GET /sessions/{id}/edit", ref, s.sessionEditPage},
		{"POST /sessions/{id}", ref, s.sessionUpdate},
		{"GET /groups", staffSide, s.groupsPage},
		{"POST /groups", ref, s.groupCreate},
		{"GET /calendar", staffSide, s.calendarPage},
		{"POST /calendar", ref, s.calendarSave},

		{"GET /users", admin, s.usersPage},
		{"GET /users/new", admin, s.userNewPage},
		{"POST /users", admin, s.userCreate},
		{"GET /users/{id}", admin, s.userPage},
		{"POST /users/{id}", admin, s.userUpdate},
		{"POST /users/{id}/disable", admin, s.userDisable},
		{"POST /users/{id}/enable", admin, s.userEnable},
		{"POST /users/{id}/password", admin, s.userResetPassword},
		{"GET /audit", ref, s.auditPage},
		{"GET /settings", admin, s.settingsPage},
		{"POST /settings", admin, s.settingsSave},
		{"GET /outbox", admin, s.outboxPage},
	}
}
