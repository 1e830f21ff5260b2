package renda

import "time"

// RegionLevel is a level of the administrative division tree (行政区划).
type RegionLevel string

// Region levels, from the top.
const (
	RegionProvince RegionLevel = "province"
	RegionCity     RegionLevel = "city"
	RegionCounty   RegionLevel = "county"
	RegionTownship RegionLevel = "township" // 乡、镇、街道
	RegionVillage  RegionLevel = "village"  // 村、社区
)

// RegionLevels in order from the top.
var RegionLevels = []RegionLevel{RegionProvince, RegionCity, RegionCounty, RegionTownship, RegionVillage}

// Label returns the level's Chinese name.
func (l RegionLevel) Label() string {
	switch l {
	case RegionProvince:
		return "省"
	case RegionCity:
		return "市（地级）"
	case RegionCounty:
		return "县（市、区）"
	case RegionTownship:
		return "乡镇（街道）"
	case RegionVillage:
		return "村（社区）"
	}
	return string(l)
}

// Region is one administrative division, with its statistical code
// (统计用区划代码). Divisions change: a record is valid from one date and,
// once replaced or merged, until another.
type Region struct {
	ID        string      `json:"id"`
	Code      string      `json:"code"`
	Name      string      `json:"name"`
	Level     RegionLevel `json:"level"`
	Kind      string      `json:"kind,omitempty"` // 街道, 镇, 乡, 民族乡, 社区, 村
	ParentID  string      `json:"parent_id,omitempty"`
	ValidFrom Date        `json:"valid_from"`
	ValidTo   Date        `json:"valid_to"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`

	ParentName string `json:"parent_name,omitempty"`
	Children   int    `json:"children"`
}

// Current reports whether the region is valid on day d.
func (r *Region) Current(d Date) bool {
	return !r.ValidFrom.After(d) && (r.ValidTo.IsZero() || r.ValidTo.After(d))
}

// HasCongress reports whether a township-level unit elects its own congress:
// towns (镇) and townships (乡) do, subdistricts (街道) do not.
func (r *Region) HasCongress() bool {
	return r.Level != RegionTownship || r.Kind != "街道"
}

// Validate checks a region before it is saved.
func (r *Region) Validate() error {
	var p Problems
	r.Code = p.Line("code", "区划代码", r.Code, true, 12)
	if r.Code != "" && !AllDigits(r.Code) {
		p.Add("code", "区划代码只能由数字组成")
	}
	r.Name = p.Line("name", "名称", r.Name, true, 50)
	p.OneOf("level", "层级", string(r.Level), true, "province", "city", "county", "township", "village")
	r.Kind = p.Line("kind", "类型", r.Kind, false, 10)
	if r.ValidFrom.IsZero() {
		p.Add("valid_from", "请填写生效日期")
	}
	if !r.ValidTo.IsZero() && !r.ValidTo.After(r.ValidFrom) {
		p.Add("valid_to", "失效日期必须晚于生效日期")
	}
	if r.ParentID != "" && !ValidID(r.ParentID) {
		p.Add("parent_id", "上级区划不存在")
	}
	return p.Err()
}

// AllDigits reports whether s is non-empty and all ASCII digits.
func AllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// RegionFilter selects regions.
type RegionFilter struct {
	Q        string
	Level    RegionLevel
	ParentID string
	OnDate   Date // only regions valid on this day (zero: all)
	Limit    int
	Offset   int
}
