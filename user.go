package renda

import (
	_ "embed"
	"slices"
	"strings"
	"time"
)

// Role is what a user does in renda. Authorisation is decided per object
// (see the Can… functions and each workflow's rules), the role only opens doors.
type Role string

// Roles.
const (
	RoleAdmin  Role = "admin"  // system administrator: users, settings, audit log
	RoleStaff  Role = "staff"  // 工作人员 of the standing committee (联工委, 办公室, …)
	RoleLeader Role = "leader" // 常委会 leadership (主任, 副主任)
	RoleDeputy Role = "deputy" // a deputy (代表)
	RoleUnit   Role = "unit"   // 经办人 of a handling unit (承办单位)
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleStaff, RoleLeader, RoleDeputy, RoleUnit}

// Label returns the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "系统管理员"
	case RoleStaff:
		return "工作人员"
	case RoleLeader:
		return "常委会领导"
	case RoleDeputy:
		return "人大代表"
	case RoleUnit:
		return "承办单位经办人"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is someone who signs in to renda. A deputy user is linked to their
// Deputy record, a unit user to their Organization.
type User struct {
	ID          string    `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	OrgID       string    `json:"org_id,omitempty"`
	DeputyID    string    `json:"deputy_id,omitempty"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	LastLoginAt time.Time `json:"last_login_at,omitzero"`

	// Filled in by the store where useful for display.
	OrgName    string `json:"org_name,omitempty"`
	DeputyName string `json:"deputy_name,omitempty"`
}

// Is reports whether u has one of the roles. A nil user (the public) has none.
func (u *User) Is(roles ...Role) bool {
	return u != nil && slices.Contains(roles, u.Role)
}

// Name returns the name to show for u.
func (u *User) Name() string {
	if u == nil {
		return "公众"
	}
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// IsStaffSide reports whether u works for the standing committee (staff,
// leaders, admins): the people who may see every item.
func (u *User) IsStaffSide() bool { return u.Is(RoleAdmin, RoleStaff, RoleLeader) }

// CanManageUsers: only admins manage accounts.
func CanManageUsers(u *User) bool { return u.Is(RoleAdmin) }

// CanManageSettings: only admins change settings.
func CanManageSettings(u *User) bool { return u.Is(RoleAdmin) }

// CanReadAuditLog: admins and the standing committee's staff browse the
// whole audit log (read only); everyone else sees the history of the items
// they may see.
func CanReadAuditLog(u *User) bool { return u.Is(RoleAdmin, RoleStaff) }

// CanManageReference: admins and staff keep regions, congresses, deputies
// and organisations up to date.
func CanManageReference(u *User) bool { return u.Is(RoleAdmin, RoleStaff) }

// CanViewDirectory: everyone signed in may look up deputies and organisations.
func CanViewDirectory(u *User) bool { return u != nil }

// CanSeePersonalData reports whether u may see personal data (phone numbers)
// in full. Everyone else sees it masked.
func CanSeePersonalData(u *User) bool { return u.Is(RoleAdmin, RoleStaff) }

// PasswordPolicy checks a new password. It returns nil or an EINVALID error
// saying what is wrong, in Chinese.
func PasswordPolicy(username, password string) error {
	var p Problems
	n := len([]rune(password))
	var letters, digits bool
	for _, r := range password {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters = true
		}
	}
	switch {
	case n < 10:
		p.Add("password", "密码至少需要 10 个字符")
	case n > 128:
		p.Add("password", "密码最多 128 个字符")
	case !letters || !digits:
		p.Add("password", "密码需同时包含字母和数字")
	case username != "" && (containsFold(password, username) || containsFold(password, reverse(username))):
		p.Add("password", "密码不能包含用户名")
	case commonPasswords[strings.ToLower(password)]:
		p.Add("password", "这个密码太常见，请换一个")
	}
	return p.Err()
}

// commonPasswords are refused as new passwords (common_passwords.txt,
// compared in lower case).
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

//go:embed common_passwords.txt
var commonPasswordList string

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

func containsFold(s, sub string) bool {
	return sub != "" && strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
