package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"renda"
)

// actionBody is the request body of a workflow's
// POST …/{id}/actions/{action}: its schema and its decoding are made from
// the workflow's declaration of each action's fields (renda.Rule.Fields).
type actionBody struct{ w *renda.Workflow }

// schema is the union of the offered actions' fields; each says which
// actions take it.
func (b actionBody) schema() map[string]any {
	props := map[string]any{}
	users := map[string][]string{}
	var order []string
	for _, rule := range b.w.Rules {
		if !rule.Offered() {
			continue
		}
		for _, f := range rule.Fields {
			if f.Kind == renda.FieldFiles {
				continue
			}
			if _, ok := props[f.Name]; !ok {
				props[f.Name] = fieldSchema(f)
				order = append(order, f.Name)
			}
			users[f.Name] = append(users[f.Name], rule.Action)
		}
	}
	for _, name := range order {
		p := props[name].(map[string]any)
		p["description"] = p["description"].(string) + " (actions: " + strings.Join(users[name], ", ") + ")"
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false,
		"description": "The fields of the action named in the path; each action takes only its own."}
}

func fieldSchema(f renda.Field) map[string]any {
	s := map[string]any{"description": f.Label}
	switch f.Kind {
	case renda.FieldBool:
		s["type"] = "boolean"
	case renda.FieldInt:
		s["type"] = "integer"
	case renda.FieldDate:
		s["type"], s["format"] = "string", "date"
	case renda.FieldChoices, renda.FieldRefs:
		s["type"], s["items"] = "array", map[string]any{"type": "string"}
	default:
		s["type"] = "string"
		if f.Kind == renda.FieldLine || f.Kind == renda.FieldText {
			max := f.Max
			if max == 0 {
				max = 2000
			}
			s["maxLength"] = max
		}
	}
	if len(f.Options) > 0 {
		var enum []string
		for _, o := range f.Options {
			enum = append(enum, o.Value)
		}
		if f.Kind == renda.FieldChoices {
			s["items"] = map[string]any{"type": "string", "enum": enum}
		} else {
			s["enum"] = enum
		}
	}
	return s
}

// actionValues decodes an action's JSON body into raw input by the rule's
// fields: each member must be one of them and of its type. An empty body
// is an action without input.
func actionValues(r *http.Request, rule renda.Rule) (renda.Values, error) {
	var raw map[string]json.RawMessage
	if r.ContentLength != 0 {
		if err := decode(r, &raw); err != nil {
			return nil, err
		}
	}
	v := renda.Values{}
	var p renda.Problems
	for name, msg := range raw {
		f := rule.Field(name)
		if f == nil || f.Kind == renda.FieldFiles {
			p.Add(name, "“%s”不接受输入项“%s”", rule.Label, trunc(name, 30))
			continue
		}
		if string(msg) == "null" {
			continue
		}
		switch f.Kind {
		case renda.FieldBool:
			var b bool
			if json.Unmarshal(msg, &b) != nil {
				p.Add(name, "%s应为 true 或 false", f.Label)
				continue
			}
			v[name] = []string{strconv.FormatBool(b)}
		case renda.FieldInt:
			var n int
			if json.Unmarshal(msg, &n) != nil {
				p.Add(name, "%s应为整数", f.Label)
				continue
			}
			v[name] = []string{strconv.Itoa(n)}
		case renda.FieldChoices, renda.FieldRefs:
			var list []string
			if json.Unmarshal(msg, &list) != nil {
				p.Add(name, "%s应为字符串数组", f.Label)
				continue
			}
			v[name] = list
		default:
			var s string
			if json.Unmarshal(msg, &s) != nil {
				p.Add(name, "%s应为字符串", f.Label)
				continue
			}
			v[name] = []string{s}
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// offeredRule returns the rule of an action the item's endpoint offers.
func offeredRule(w *renda.Workflow, action string) (renda.Rule, error) {
	rule, ok := w.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Rule{}, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	return rule, nil
}
