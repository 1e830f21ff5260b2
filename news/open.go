package news

import "renda"

// SettingPopoloGender makes deputies' gender part of the Popolo export
// (GET /api/v1/popolo). Off by default: a deputy's public page does not
// show it, and open data publishes no more than the public pages.
const SettingPopoloGender = "open.popolo_gender"

var _ = renda.RegisterSettings(renda.SettingDef{Key: SettingPopoloGender, Group: "开放数据", Label: "开放数据中公开代表的性别", Kind: renda.KindBool, Default: false,
	Help: "开启后，代表名单的开放数据（Popolo 格式）包含代表的性别；默认不公开，与代表公开页面一致。"})
