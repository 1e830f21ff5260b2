package renda

import "time"

// OrgKind classifies an organisation.
type OrgKind string

// Organisation kinds.
const (
	OrgStandingCommittee OrgKind = "standing_committee" // 人大常委会
	OrgWorkingBody       OrgKind = "working_body"       // 常委会工作机构：办公室、联工委、法工委…
	OrgGovernment        OrgKind = "government"         // 人民政府
	OrgDepartment        OrgKind = "department"         // 政府工作部门
	OrgCourt             OrgKind = "court"              // 人民法院
	OrgProcuratorate     OrgKind = "procuratorate"      // 人民检察院
	OrgSupervisory       OrgKind = "supervisory"        // 监察委员会
	OrgTownship          OrgKind = "township"           // 乡镇人民政府、街道办事处
	OrgEnterprise        OrgKind = "enterprise"         // 驻市单位、企业（供电、通信、自来水…）
	OrgOther             OrgKind = "other"
)

// OrgKinds in display order.
var OrgKinds = []OrgKind{OrgStandingCommittee, OrgWorkingBody, OrgGovernment, OrgDepartment, OrgCourt, OrgProcuratorate, OrgSupervisory, OrgTownship, OrgEnterprise, OrgOther}

// Label returns the kind's Chinese name.
func (k OrgKind) Label() string {
	switch k {
	case OrgStandingCommittee:
		return "人大常委会"
	case OrgWorkingBody:
		return "常委会工作机构"
	case OrgGovernment:
		return "人民政府"
	case OrgDepartment:
		return "政府工作部门"
	case OrgCourt:
		return "人民法院"
	case OrgProcuratorate:
		return "人民检察院"
	case OrgSupervisory:
		return "监察委员会"
	case OrgTownship:
		return "乡镇（街道）"
	case OrgEnterprise:
		return "驻市单位及企业"
	case OrgOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Organization is a body renda knows: the standing committee and its working
// bodies, and the units that handle suggestions (承办单位).
type Organization struct {
	ID            string    `json:"id"`
	Code          string    `json:"code"` // short code, unique, used in imports
	Name          string    `json:"name"`
	ShortName     string    `json:"short_name,omitempty"`
	Kind          OrgKind   `json:"kind"`
	ParentID      string    `json:"parent_id,omitempty"`
	RegionID      string    `json:"region_id,omitempty"`
	HandlingUnit  bool      `json:"handling_unit"` // may be assigned suggestions
	ContactPerson string    `json:"contact_person,omitempty"`
	ContactPhone  string    `json:"contact_phone,omitempty"` // full or masked, as the reader may see
	Address       string    `json:"address,omitempty"`
	Active        bool      `json:"active"`
	Sort          int       `json:"sort"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	ParentName string `json:"parent_name,omitempty"`
	RegionName string `json:"region_name,omitempty"`
}

// Validate checks an organisation before it is saved.
func (o *Organization) Validate() error {
	var p Problems
	o.Code = p.Line("code", "单位代码", o.Code, true, 30)
	for _, r := range o.Code {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			p.Add("code", "单位代码只能包含字母、数字、- 和 _")
			break
		}
	}
	o.Name = p.Line("name", "单位名称", o.Name, true, 60)
	o.ShortName = p.Line("short_name", "简称", o.ShortName, false, 20)
	if !o.Kind.Valid() {
		p.Add("kind", "请选择单位类别")
	}
	if o.ParentID != "" && !ValidID(o.ParentID) {
		p.Add("parent_id", "上级单位不存在")
	}
	if o.RegionID != "" && !ValidID(o.RegionID) {
		p.Add("region_id", "所属区划不存在")
	}
	o.ContactPerson = p.Line("contact_person", "联系人", o.ContactPerson, false, 30)
	o.ContactPhone = NormalizePhone(o.ContactPhone)
	if o.ContactPhone != "" && !ValidPhone(o.ContactPhone) {
		p.Add("contact_phone", "联系电话格式不正确（手机 11 位，或 0734-1234567）")
	}
	o.Address = p.Line("address", "地址", o.Address, false, 100)
	return p.Err()
}

// OrgFilter selects organisations.
type OrgFilter struct {
	Q            string
	Kind         OrgKind
	HandlingOnly bool
	ActiveOnly   bool
	Limit        int
	Offset       int
}

// AuditView is the copy of o kept in the audit trail: the phone masked.
func (o *Organization) AuditView() any {
	c := *o
	c.ContactPhone = MaskPhone(c.ContactPhone)
	return &c
}
