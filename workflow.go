package renda

import (
	"slices"
)

// A Workflow is the transition table of one kind of item: its states, its
// actions (each with the states it may start from, the state it leads to,
// who may take it and the input it takes), and labels for people. A
// Machine adds what each action does; Workflow is the part every page,
// history view and test can read without knowing the item's type.
type Workflow struct {
	Entity string // the audit entity name, e.g. "suggestion"
	Label  string // what the entity is called, e.g. 议案建议
	States []StateDef
	Rules  []Rule
}

// StateDef names a state for people.
type StateDef struct {
	State string
	Label string // Chinese
}

// Rule is one action of a workflow, declared once: the pages' forms and the
// API's decoder are made from it.
type Rule struct {
	Action string
	Label  string   // Chinese, shown on buttons and in histories
	From   []string // states the action may start from; none = any
	To     string   // resulting state; "" keeps the state
	// Alt lists other states the action may lead to, chosen by what the
	// action decides (e.g. a rating of 不满意 sends a reply back for
	// rehandling): the table still names every transition.
	Alt []string
	// Who lists the relations allowed to take the action: a role name
	// ("staff", "leader", "admin") or a tie to the item that the workflow
	// computes ("proposer", "lead_unit", "handler", …), or "system" for
	// sweeps. An action nobody may take is recorded by other code paths
	// (e.g. a note on another item) and never offered.
	Who    []string
	Fields []Field
	Help   string // one line above the form
	// Confirm is asked before an irreversible action is taken.
	Confirm string
	Tone    string // "primary" (the expected next step), "danger", or ""
	// Hidden actions are not offered on the item's page or its API action
	// endpoint: they are taken through their own doors (creating the item,
	// a citizen's rating by tracking code, a sweep, a ballot).
	Hidden bool
}

// Offered reports whether the action is taken through the item's action
// endpoint and buttons.
func (r *Rule) Offered() bool { return !r.Hidden && len(r.Who) > 0 }

// Field returns the rule's field called name.
func (r *Rule) Field(name string) *Field {
	for i := range r.Fields {
		if r.Fields[i].Name == name {
			return &r.Fields[i]
		}
	}
	return nil
}

// HasFiles reports whether the action takes uploaded files.
func (r *Rule) HasFiles() bool {
	return slices.ContainsFunc(r.Fields, func(f Field) bool { return f.Kind == FieldFiles })
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

// Step checks action against the table for an item in state from and an
// actor with relations rel. It returns the new state, or an *Error:
// ENOTFOUND for an unknown action, EFORBIDDEN when the actor may never take
// it on this item, ECONFLICT when the item's state does not allow it now.
func (w *Workflow) Step(from, action string, rel Rel) (string, error) {
	rule, ok := w.Rule(action)
	if !ok {
		return "", Errorf(ENOTFOUND, "没有“%s”这个操作", truncate(action, 20))
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

// Legal reports whether the table allows action from state from to state
// to for someone: the test that replays the audit trail asks it.
func (w *Workflow) Legal(action, from, to string) bool {
	rule, ok := w.Rule(action)
	if !ok {
		return false
	}
	if len(rule.From) > 0 && !slices.Contains(rule.From, from) {
		return false
	}
	if slices.Contains(rule.Alt, to) {
		return true
	}
	if rule.To == "" {
		return to == from
	}
	return to == rule.To
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

// Available lists the actions the actor may take now by the table alone
// (a Machine also asks each action's precondition).
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

// Act is one action of a Machine: its rule, its precondition beyond state
// and relation (Pre; nil when there is none), and what it does (Do), which
// changes the item it is given and adds to the outcome. Do and Pre are pure:
// everything they read comes from the item, the input and the Env.
type Act[T any] struct {
	Rule
	Pre func(it *T, env *Env) error
	Do  func(it *T, in *Input, env *Env, out *Outcome) error
}

// Machine is a workflow with its actions' rules and effects: the one place
// an item of type T changes state. Apply decides the whole outcome of an
// action; the store loads the item, calls Apply, and persists and records
// what it returns, in one transaction.
type Machine[T any] struct {
	Entity string
	Label  string
	States []StateDef
	Acts   []Act[T]
	// State points at the item's state field.
	State func(*T) *string
	table *Workflow
}

// Register builds the machine's table and makes it known to history views
// and the audit replay. Each workflow package calls it from a package-level var.
func Register[T any](m *Machine[T]) *Machine[T] {
	w := &Workflow{Entity: m.Entity, Label: m.Label, States: m.States}
	for _, a := range m.Acts {
		w.Rules = append(w.Rules, a.Rule)
	}
	m.table = w
	RegisterWorkflow(w)
	return m
}

// Table returns the machine's transition table.
func (m *Machine[T]) Table() *Workflow { return m.table }

// Act returns the action called name.
func (m *Machine[T]) Act(name string) (*Act[T], bool) {
	for i := range m.Acts {
		if m.Acts[i].Action == name {
			return &m.Acts[i], true
		}
	}
	return nil, false
}

// Check tells whether the actor (env.Rel) may take action on it now: the
// table, then the action's precondition.
func (m *Machine[T]) Check(it *T, action string, env *Env) (*Act[T], error) {
	a, ok := m.Act(action)
	if !ok {
		return nil, Errorf(ENOTFOUND, "没有“%s”这个操作", truncate(action, 20))
	}
	if _, err := m.table.Step(*m.State(it), action, env.Rel); err != nil {
		return nil, err
	}
	if a.Pre != nil {
		if err := a.Pre(it, env); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Apply takes action on a copy of it with decoded input in, and returns the
// changed copy and the outcome, or an error and nothing changed. The copy is
// shallow: Do replaces slices and maps rather than changing them in place.
func (m *Machine[T]) Apply(it *T, action string, in *Input, env *Env) (*T, *Outcome, error) {
	a, err := m.Check(it, action, env)
	if err != nil {
		return nil, nil, err
	}
	if in == nil {
		in = NewInput()
	}
	next := *it
	from := *m.State(&next)
	out := &Outcome{Action: action, From: from, To: from}
	if a.To != "" {
		out.To = a.To
	}
	if a.Do != nil {
		if err := a.Do(&next, in, env, out); err != nil {
			return nil, nil, err
		}
	}
	*m.State(&next) = out.To
	if !m.table.Legal(action, from, out.To) {
		return nil, nil, Errorf(EINTERNAL, "%s: %s from %s may not lead to %s", m.Entity, action, from, out.To)
	}
	return &next, out, nil
}

// Available lists the actions offered to the actor now: allowed by the
// table and by their preconditions, and not hidden.
func (m *Machine[T]) Available(it *T, env *Env) []Rule {
	var out []Rule
	for _, a := range m.Acts {
		if !a.Offered() {
			continue
		}
		if _, err := m.Check(it, a.Action, env); err == nil {
			out = append(out, a.Rule)
		}
	}
	return out
}

// workflows are all the workflows renda knows, for labels in audit views.
var workflows = map[string]*Workflow{}

// RegisterWorkflow makes a workflow's labels known to audit views.
func RegisterWorkflow(w *Workflow) *Workflow {
	workflows[w.Entity] = w
	if w.Label != "" {
		RegisterEntityLabel(w.Entity, w.Label)
	}
	return w
}

// WorkflowOf returns the workflow of an entity, or nil.
func WorkflowOf(entity string) *Workflow { return workflows[entity] }

// Workflows returns every registered workflow, by entity name.
func Workflows() []*Workflow {
	var out []*Workflow
	for _, w := range workflows {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b *Workflow) int {
		if a.Entity < b.Entity {
			return -1
		}
		if a.Entity > b.Entity {
			return 1
		}
		return 0
	})
	return out
}

// StateLabel returns the Chinese name of a state.
func (m *Machine[T]) StateLabel(state string) string { return m.table.StateLabel(state) }

// ActionLabel returns the Chinese name of an action.
func (m *Machine[T]) ActionLabel(action string) string { return m.table.ActionLabel(action) }

// Rule returns the rule of action.
func (m *Machine[T]) Rule(action string) (Rule, bool) { return m.table.Rule(action) }
