package renda

import "strings"

// Deployment names the people's congress a deployment of renda serves. Pages,
// letters, text messages and interfaces take every name from here (that is,
// from the deployment.* settings); no code names a county by itself.
type Deployment struct {
	Name         string // the standing committee as pages call it: 某某市人大常委会
	FullName     string // its full name: 某某市人民代表大会常务委员会
	ShortName    string // 某某人大
	Region       string // the county-level division: 某某市
	RegionCode   string // its administrative division code (Open311 jurisdiction_id)
	City         string // the districted city above it: 某某市
	Office       string // the working body that assigns suggestions and answers for the stations
	SMSSignature string // 【…】, at the head of every text message
}

// DeploymentOf returns the deployment's names in Chinese, with the
// fallbacks the settings describe (an empty full name, short name or office
// is the committee's name; an empty SMS signature is 【name】).
func DeploymentOf(s *Settings) Deployment {
	d := Deployment{
		Name:         s.String("deployment.name"),
		FullName:     s.String("deployment.full_name"),
		ShortName:    s.String("deployment.short_name"),
		Region:       s.String("deployment.region"),
		RegionCode:   s.String("deployment.region_code"),
		City:         s.String("deployment.city"),
		Office:       s.String("deployment.office"),
		SMSSignature: s.String("deployment.sms_signature"),
	}
	if d.FullName == "" {
		d.FullName = d.Name
	}
	if d.ShortName == "" {
		d.ShortName = d.Name
	}
	if d.Office == "" {
		d.Office = d.Name
	}
	d.SMSSignature = SMSSignature(d.SMSSignature, d.Name)
	return d
}

// DeploymentIn returns the names for pages in language lang: in English,
// the English names where the settings give them.
func DeploymentIn(s *Settings, lang string) Deployment {
	d := DeploymentOf(s)
	if lang != "en" {
		return d
	}
	if en := s.String("deployment.name_en"); en != "" {
		d.Name, d.FullName, d.ShortName, d.Office = en, en, en, en
	}
	if en := s.String("deployment.region_en"); en != "" {
		d.Region = en
	}
	if en := s.String("deployment.city_en"); en != "" {
		d.City = en
	}
	return d
}

// SMSSignature returns the signature a text message starts with: sig in
// 【】 brackets (added if missing), or 【name】 when sig is empty.
func SMSSignature(sig, name string) string {
	sig = strings.TrimSpace(sig)
	if sig == "" {
		sig = name
	}
	sig = strings.TrimSuffix(strings.TrimPrefix(sig, "【"), "】")
	return "【" + sig + "】"
}

// Signed returns an SMS text with the signature at its head, once.
func (d Deployment) Signed(body string) string {
	if strings.HasPrefix(body, d.SMSSignature) {
		return body
	}
	return d.SMSSignature + body
}
