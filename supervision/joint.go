package supervision

import (
	"slices"
	"strings"

	"renda"
)

// Congresses are the levels of congress an activity may be joint with or
// organised by (the API's values).
var (
	JointWith  = []renda.Option{{Value: "city", Label: "衡阳市人大常委会"}, {Value: "province", Label: "湖南省人大常委会"}}
	Levels     = []renda.Option{{Value: "county", Label: "县级"}, {Value: "city", Label: "市级"}, {Value: "province", Label: "省级"}}
	Organisers = []renda.Option{{Value: "county", Label: "本级人大常委会"}, {Value: "city", Label: "衡阳市人大常委会"}, {Value: "province", Label: "湖南省人大常委会"}}
)

func optionLabel(opts []renda.Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// JointLabel is the congress an item is joint with, in Chinese ("" if none).
func (it *Item) JointLabel() string {
	if it.JointWith == "" {
		return ""
	}
	return optionLabel(JointWith, it.JointWith)
}

// OrganiserLabel is who organised a joint item, in Chinese.
func (it *Item) OrganiserLabel() string { return optionLabel(Organisers, it.JointOrganiser) }

// LevelLabels are the levels whose deputies took part, in Chinese.
func (it *Item) LevelLabels() []string {
	var out []string
	for _, l := range it.JointLevels {
		out = append(out, optionLabel(Levels, l))
	}
	return out
}

// LevelsLabel lists the levels whose deputies took part, in Chinese.
func (it *Item) LevelsLabel() string { return strings.Join(it.LevelLabels(), "、") }

var jointFields = []renda.Field{
	{Name: "joint_with", Label: "联合开展的上级人大", Kind: renda.FieldChoice, Required: true, Options: JointWith},
	{Name: "organiser", Label: "组织方", Kind: renda.FieldChoice, Required: true, Options: Organisers},
	{Name: "levels", Label: "参加的代表层级", Kind: renda.FieldChoices, Required: true, Options: Levels},
}

// markJoint records that the item is carried out jointly with a higher
// congress (上下联动): organised by this congress or by the one it is joint
// with, and which levels' deputies took part.
func markJoint(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	with, org := in.Text("joint_with"), in.Text("organiser")
	if org != "county" && org != with {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：组织方应为本级或联合开展的上级人大常委会", Fields: []renda.FieldError{{Field: "organiser", Message: "应为本级或联合开展的上级人大常委会"}}}
	}
	levels := in.List("levels")
	var ls []string
	for _, o := range Levels { // in the levels' order, once each
		if slices.Contains(levels, o.Value) {
			ls = append(ls, o.Value)
		}
	}
	it.JointWith, it.JointOrganiser, it.JointLevels = with, org, ls
	out.Note = "与" + it.JointLabel() + "联合开展，" + it.OrganiserLabel() + "组织，" + it.LevelsLabel() + "人大代表参加"
	return nil
}
