package renda_test

import (
	"encoding/json"
	"strings"
	"testing"

	"renda"
)

func TestDeploymentNames(t *testing.T) {
	// The defaults name no place, and fall back to the committee's name.
	d := renda.DeploymentOf(renda.NewSettings(nil))
	if d.Name != "本级人大常委会" || d.Office != d.Name || d.SMSSignature != "【本级人大常委会】" || d.Region == "" || d.RegionCode != "" {
		t.Errorf("defaults: %+v", d)
	}
	for _, def := range renda.AllSettings() {
		if s, ok := def.Default.(string); ok && strings.Contains(s, "常宁") {
			t.Errorf("%s defaults to %q", def.Key, s)
		}
	}
	stored := map[string]json.RawMessage{}
	for k, v := range map[string]string{
		"deployment.name": "耒阳市人大常委会", "deployment.full_name": "", "deployment.short_name": "", "deployment.region": "耒阳市",
		"deployment.city": "衡阳市", "deployment.office": "", "deployment.sms_signature": "耒阳人大",
		"deployment.name_en": "Leiyang Municipal People's Congress Standing Committee", "deployment.region_en": "Leiyang",
	} {
		stored[k], _ = json.Marshal(v)
	}
	set := renda.NewSettings(stored)
	d = renda.DeploymentIn(set, "zh")
	want := renda.Deployment{Name: "耒阳市人大常委会", FullName: "耒阳市人大常委会", ShortName: "耒阳市人大常委会", Region: "耒阳市", City: "衡阳市",
		Office: "耒阳市人大常委会", SMSSignature: "【耒阳人大】"}
	if d != want {
		t.Errorf("zh:\n got %+v\nwant %+v", d, want)
	}
	en := renda.DeploymentIn(set, "en")
	if en.Name != "Leiyang Municipal People's Congress Standing Committee" || en.FullName != en.Name || en.Region != "Leiyang" ||
		en.City != "衡阳市" || en.SMSSignature != "【耒阳人大】" {
		t.Errorf("en: %+v", en)
	}
	if got := d.Signed("请按期答复"); got != "【耒阳人大】请按期答复" {
		t.Errorf("Signed: %q", got)
	}
	if got := d.Signed("【耒阳人大】请按期答复"); got != "【耒阳人大】请按期答复" {
		t.Errorf("signed twice: %q", got)
	}
	for in, want := range map[string]string{"": "【名称】", "  【签名】 ": "【签名】", "签名": "【签名】", "【签名": "【签名】"} {
		if got := renda.SMSSignature(in, "名称"); got != want {
			t.Errorf("SMSSignature(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextSettingLimits(t *testing.T) {
	def, ok := renda.SettingByKey("deployment.name")
	if !ok {
		t.Fatal("no deployment.name")
	}
	if _, err := renda.ParseSetting(def, "  "); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("an empty required text: %v", err)
	}
	if _, err := renda.ParseSetting(def, strings.Repeat("人", def.Max+1)); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("a text over %d characters: %v", def.Max, err)
	}
	if v, err := renda.ParseSetting(def, " 耒阳市人大常委会 "); err != nil || string(v) != `"耒阳市人大常委会"` {
		t.Errorf("a good name: %s %v", v, err)
	}
	office, _ := renda.SettingByKey("deployment.office")
	if v, err := renda.ParseSetting(office, ""); err != nil || string(v) != `""` {
		t.Errorf("an optional text left empty: %s %v", v, err)
	}
}
