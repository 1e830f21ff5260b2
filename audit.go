package renda

import (
	"encoding/json"
	"time"
)

// Change is one state change as a transaction records it. The store appends
// it to the audit trail in the same transaction as the change itself.
type Change struct {
	Action   string // create, update, delete, or a workflow action
	Entity   string // deputy, organization, suggestion, …
	EntityID string
	From, To string // workflow states, if any
	Before   any    // the object before (nil on create)
	After    any    // the object after (nil on delete)
	Note     string // a reason or comment given with the action
}

// AuditRecord is one entry of the append-only, hash-chained audit trail.
type AuditRecord struct {
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	ActorID   string          `json:"actor_id,omitempty"`
	ActorName string          `json:"actor"`
	ActorRole string          `json:"actor_role,omitempty"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	From      string          `json:"from,omitempty"`
	To        string          `json:"to,omitempty"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	Note      string          `json:"note,omitempty"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// ActionLabel returns the Chinese name of the record's action.
func (a *AuditRecord) ActionLabel() string { return ActionLabel(a.Entity, a.Action) }

// FromLabel and ToLabel name the states for people.
func (a *AuditRecord) FromLabel() string { return StateLabel(a.Entity, a.From) }

// ToLabel names the resulting state.
func (a *AuditRecord) ToLabel() string { return StateLabel(a.Entity, a.To) }

// Summary names the object the record is about, from its before/after copy
// (a name, title or username), for people reading the log.
func (a *AuditRecord) Summary() string {
	for _, raw := range []json.RawMessage{a.After, a.Before} {
		if len(raw) == 0 || raw[0] != '{' {
			continue
		}
		var v map[string]any
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		for _, k := range []string{"name", "title", "username", "number"} {
			if s, ok := v[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// EntityLabel returns the Chinese name of the record's entity.
func (a *AuditRecord) EntityLabel() string { return EntityLabel(a.Entity) }

var genericActions = map[string]string{
	"create": "新建", "update": "修改", "delete": "删除", "import": "导入",
	"login": "登录", "logout": "退出登录", "password": "修改密码", "reset_password": "重置密码",
	"disable": "停用", "enable": "启用", "attach": "上传附件", "token_create": "创建 API 令牌", "token_revoke": "吊销 API 令牌",
	"setting": "修改设置", "calendar": "修改节假日",
	"reveal": "查看个人信息", "export": "导出", "download_original": "下载未加水印的原件",
	"reveal_phone":  "查看联系电话",
	"link_deputies": "确定联系代表", "contact": "常委会组成人员联系代表",
	"password_code": "发送找回密码验证码", "recover_password": "用短信验证码重设密码", "recovery_phone": "修改找回密码手机号",
}

var entityLabels = map[string]string{
	"user": "用户", "region": "行政区划", "congress": "人大", "term": "届次", "session": "会议",
	"deputy": "代表", "organization": "单位", "delegation": "代表团", "group": "专业小组",
	"setting": "设置", "calendar": "节假日", "attachment": "附件", "export": "导出",
}

// RegisterEntityLabel names an entity for audit views.
func RegisterEntityLabel(entity, label string) string {
	entityLabels[entity] = label
	return label
}

// ActionLabel returns the Chinese name of an action on an entity.
func ActionLabel(entity, action string) string {
	if w := WorkflowOf(entity); w != nil {
		if r, ok := w.Rule(action); ok {
			return r.Label
		}
	}
	if l, ok := genericActions[action]; ok {
		return l
	}
	return action
}

// StateLabel returns the Chinese name of an entity's state.
func StateLabel(entity, state string) string {
	if state == "" {
		return ""
	}
	if w := WorkflowOf(entity); w != nil {
		return w.StateLabel(state)
	}
	return state
}

// EntityLabel returns the Chinese name of an entity.
func EntityLabel(entity string) string {
	if l, ok := entityLabels[entity]; ok {
		return l
	}
	return entity
}

// AuditFilter selects audit records.
type AuditFilter struct {
	Entity   string
	EntityID string
	ActorID  string
	Action   string
	Q        string // actor name
	From, To Date
	Limit    int
	Offset   int
}
