package renda

import "slices"

// A Workflow is the transition table of one kind of item: its actions, the
// states each action may start from, the state it leads to, and who may take
// it. One function, Step, applies it; pages and the API call the store, the
// store calls Step, and nothing else changes an item's state.
type Workflow struct {
	Entity string // the audit entity name, e.g. "suggestion"
	States []StateDef
	Rules  []Rule
}

// StateDef names a state for people.
type StateDef struct {
	State string
	Label string // Chinese
}

// Rule is one action of a workflow.
type Rule struct {
	Action string
	Label  string   // Chinese, shown on buttons and in histories
	From   []string // states the action may start from
	To     string   // resulting state; "" keeps the state
	// Who lists the relations allowed to take the action: a role name
	// ("staff", "leader", "admin") or a tie to the item that the workflow's
	// owner computes ("proposer", "lead_unit", "lead_deputy", …).
	Who []string
}

// Rel is the set of relations an actor has to one item.
type Rel []string

// RoleRel returns the relations every user has by role alone.
func RoleRel(u *User) Rel {
	if u == nil {
		return Rel{"public"}
	}
	return Rel{string(u.Role)}
}

// Has reports whether r contains any of names.
func (r Rel) Has(names ...string) bool {
	for _, n := range names {
		if slices.Contains(r, n) {
			return true
		}
	}
	return false
}

// Step applies action to an item in state from, for an actor with
// relations rel. It returns the new state, or an *Error: ENOTFOUND for an
// unknown action, EFORBIDDEN when the actor may never take it on this item,
// ECONFLICT when the item's state does not allow it now.
func (w *Workflow) Step(from, action string, rel Rel) (string, error) {
	rule, ok := w.Rule(action)
	if !ok {
		return "", Errorf(ENOTFOUND, "没有“%s”这个操作", action)
	}
	if !rel.Has(rule.Who...) {
		return "", Errorf(EFORBIDDEN, "您无权对此事项执行“%s”", rule.Label)
	}
	if len(rule.From) > 0 && !slices.Contains(rule.From, from) {
		return "", Errorf(ECONFLICT, "当前状态为“%s”，不能执行“%s”", w.StateLabel(from), rule.Label)
	}
	if rule.To == "" {
		return from, nil
	}
	return rule.To, nil
}

// Rule returns the rule for action.
func (w *Workflow) Rule(action string) (Rule, bool) {
	for _, r := range w.Rules {
		if r.Action == action {
			return r, true
		}
	}
	return Rule{}, false
}

// Available lists the actions the actor may take now, for buttons.
func (w *Workflow) Available(state string, rel Rel) []Rule {
	var out []Rule
	for _, r := range w.Rules {
		if rel.Has(r.Who...) && (len(r.From) == 0 || slices.Contains(r.From, state)) {
			out = append(out, r)
		}
	}
	return out
}

// StateLabel returns the Chinese name of a state.
func (w *Workflow) StateLabel(state string) string {
	for _, s := range w.States {
		if s.State == state {
			return s.Label
		}
	}
	return state
}

// ActionLabel returns the Chinese name of an action.
func (w *Workflow) ActionLabel(action string) string {
	if r, ok := w.Rule(action); ok {
		return r.Label
	}
	return action
}

// workflows are all the workflows renda knows, for labels in audit views.
var workflows = map[string]*Workflow{}

// RegisterWorkflow makes a workflow's labels known to audit views. Each
// workflow's file calls it from a package-level var.
func RegisterWorkflow(w *Workflow) *Workflow {
	workflows[w.Entity] = w
	return w
}

// WorkflowOf returns the workflow of an entity, or nil.
func WorkflowOf(entity string) *Workflow { return workflows[entity] }
