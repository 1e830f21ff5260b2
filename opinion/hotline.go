package opinion

import (
	"renda"
	"strings"
	"time"
)

// HotlineTypes are the kinds of 12345 work orders (工单类型).
var HotlineTypes = []string{"咨询", "求助", "投诉", "举报", "建议"}

// HotlineOrder is a work order of the 12345 hotline that the platform passed
// to the deputies (人大代表专席): the integration's own record, kept as the
// platform sent it, idempotent on Number. Each order is also an Opinion
// (channel "hotline"), so it shows in the inboxes and figures like any other
// citizen input.
type HotlineOrder struct {
	ID          string    `json:"id"`
	Number      string    `json:"number"`
	Channel     string    `json:"channel"` // the hotline's own channel: 电话, 微信, 网站, APP …
	ReceivedAt  time.Time `json:"received_at"`
	RegionCode  string    `json:"region_code"`
	Type        string    `json:"type"`
	Content     string    `json:"content"`
	Due         time.Time `json:"due"`
	Source      string    `json:"source"` // api or import
	OpinionID   string    `json:"opinion_id"`
	CreatedAt   time.Time `json:"created_at"`
	RegionName  string    `json:"region_name,omitempty"`
	State       string    `json:"state,omitempty"` // of its opinion
	HandlerName string    `json:"handler_name,omitempty"`
}

// Validate checks an order as received.
func (h *HotlineOrder) Validate() error {
	var p renda.Problems
	h.Number = p.Line("number", "工单编号", h.Number, true, 40)
	for _, r := range h.Number {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			p.Add("number", "工单编号只能包含字母、数字、- 和 _")
			break
		}
	}
	h.Channel = p.Line("channel", "来源渠道", h.Channel, false, 20)
	if h.ReceivedAt.IsZero() {
		p.Add("received_at", "请提供受理时间（RFC 3339，如 2024-05-06T09:30:00+08:00）")
	}
	h.RegionCode = p.Line("region_code", "区划代码", h.RegionCode, true, 12)
	if h.RegionCode != "" && !renda.AllDigits(h.RegionCode) {
		p.Add("region_code", "区划代码只能由数字组成")
	}
	h.Type = p.OneOf("type", "工单类型", h.Type, true, HotlineTypes...)
	h.Content = p.Text("content", "工单内容", h.Content, true, 4000)
	if h.Due.IsZero() {
		p.Add("due", "请提供办理时限（RFC 3339）")
	} else if !h.ReceivedAt.IsZero() && h.Due.Before(h.ReceivedAt) {
		p.Add("due", "办理时限不能早于受理时间")
	}
	return p.Err()
}

// HotlineReply is what the 12345 platform reports back about an opinion
// forwarded to it: signed for, extended, returned, or a result.
type HotlineReply struct {
	Ref    string    `json:"ref"`    // the opinion's id, as renda sent it
	Number string    `json:"number"` // the platform's own order number
	Event  string    `json:"event"`  // signed, extended, returned, replied
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

// Validate checks a reply from the platform.
func (h *HotlineReply) Validate() error {
	var p renda.Problems
	if !renda.ValidID(h.Ref) {
		p.Add("ref", "ref 应为转办时 renda 发出的编号")
	}
	h.Number = p.Line("number", "工单编号", h.Number, false, 40)
	h.Event = p.OneOf("event", "事件", h.Event, true, "signed", "extended", "returned", "replied")
	h.Text = p.Text("text", "内容", h.Text, h.Event == "replied" || h.Event == "returned", 4000)
	if h.At.IsZero() {
		p.Add("at", "请提供发生时间（RFC 3339）")
	}
	return p.Err()
}

// HotlineAction maps a platform event to the opinion workflow's action.
func HotlineAction(event string) string {
	switch event {
	case "signed":
		return "sign"
	case "extended":
		return "extend"
	case "returned":
		return "return"
	case "replied":
		return "reply"
	}
	return event
}

// Integration is an outside system allowed to call renda: the 12345 platform
// (HMAC-signed orders) or an Open311 client (api_key). Its secret is stored
// encrypted and shown once, when it is made.
type Integration struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"` // hotline, open311 or finance
	Name      string    `json:"name"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used_at,omitzero"`
}

// Integration kinds.
const (
	IntegrationHotline = "hotline"
	IntegrationOpen311 = "open311"
	// IntegrationFinance is the finance bureau's system pushing budget
	// data (package budget), signed like the 12345 platform's orders.
	IntegrationFinance = "finance"
)

// Validate checks an integration before it is saved.
func (i *Integration) Validate() error {
	var p renda.Problems
	i.Kind = p.OneOf("kind", "类型", i.Kind, true, IntegrationHotline, IntegrationOpen311, IntegrationFinance)
	i.Name = p.Line("name", "名称", strings.TrimSpace(i.Name), true, 60)
	return p.Err()
}

// KindLabel names the integration's kind.
func (i *Integration) KindLabel() string {
	if i.Kind == IntegrationHotline {
		return "12345 热线平台"
	}
	if i.Kind == IntegrationFinance {
		return "财政预算系统"
	}
	return "Open311 应用"
}

// StateLabel names the state of the order's opinion.
func (h *HotlineOrder) StateLabel() string { return Flow.StateLabel(h.State) }
