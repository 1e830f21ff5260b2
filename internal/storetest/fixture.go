package storetest

import (
	"context"
	"testing"

	"renda"
	"renda/internal/password"
	"renda/internal/store"
)

// Password is the password of every fixture account.
const Password = "fixture-pass-2024"

// Fix is a small county: one county congress with a term and a session,
// two townships, a working body, two handling units, two deputies, and one
// account for each role (two deputies, two unit clerks).
type Fix struct {
	County, Town1, Town2    *renda.Region
	Congress                *renda.Congress
	Term                    *renda.Term
	Session                 *renda.Session
	Delegation              *renda.Delegation
	Office, Unit1, Unit2    *renda.Organization
	Deputy1, Deputy2        *renda.Deputy
	Admin, Staff, Leader    *renda.User
	DeputyUser, DeputyUser2 *renda.User
	UnitUser, UnitUser2     *renda.User
}

var fixtureHash string

// Fixture fills db with the small county.
func Fixture(t testing.TB, db *store.DB) *Fix {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	root := &renda.User{ID: "system", Username: "system", DisplayName: "测试", Role: renda.RoleAdmin}
	f := &Fix{}
	f.County = &renda.Region{Code: "430482", Name: "常宁市", Level: renda.RegionCounty, Kind: "县级市", ValidFrom: renda.NewDate(2020, 1, 1)}
	must(db.SaveRegion(ctx, root, f.County))
	f.Town1 = &renda.Region{Code: "430482101", Name: "柏坊镇", Level: renda.RegionTownship, Kind: "镇", ParentID: f.County.ID, ValidFrom: renda.NewDate(2020, 1, 1)}
	must(db.SaveRegion(ctx, root, f.Town1))
	f.Town2 = &renda.Region{Code: "430482001", Name: "宜阳街道", Level: renda.RegionTownship, Kind: "街道", ParentID: f.County.ID, ValidFrom: renda.NewDate(2020, 1, 1)}
	must(db.SaveRegion(ctx, root, f.Town2))
	f.Congress = &renda.Congress{Name: "常宁市人民代表大会", Level: renda.LevelCounty, RegionID: f.County.ID}
	must(db.SaveCongress(ctx, root, f.Congress))
	f.Term = &renda.Term{CongressID: f.Congress.ID, Number: 18, StartDate: renda.NewDate(2021, 9, 20), EndDate: renda.NewDate(2026, 9, 19)}
	must(db.SaveTerm(ctx, root, f.Term))
	f.Session = &renda.Session{TermID: f.Term.ID, Number: 4, StartDate: renda.NewDate(2024, 1, 9), EndDate: renda.NewDate(2024, 1, 12)}
	must(db.SaveSession(ctx, root, f.Session))
	f.Delegation = &renda.Delegation{TermID: f.Term.ID, Name: "柏坊镇代表团", RegionID: f.Town1.ID}
	must(db.SaveDelegation(ctx, root, f.Delegation))
	f.Office = &renda.Organization{Code: "lgw", Name: "常宁市人大常委会选举任免联络工作委员会", ShortName: "联工委", Kind: renda.OrgWorkingBody}
	must(db.SaveOrganization(ctx, root, f.Office))
	f.Unit1 = &renda.Organization{Code: "zjj", Name: "常宁市住房和城乡建设局", ShortName: "住建局", Kind: renda.OrgDepartment, HandlingUnit: true, ContactPerson: "李明", ContactPhone: "13900001111"}
	must(db.SaveOrganization(ctx, root, f.Unit1))
	f.Unit2 = &renda.Organization{Code: "slj", Name: "常宁市水利局", ShortName: "水利局", Kind: renda.OrgDepartment, HandlingUnit: true}
	must(db.SaveOrganization(ctx, root, f.Unit2))
	f.Deputy1 = &renda.Deputy{Name: "王建国", Gender: "男", Ethnicity: "汉族", BirthYear: 1972, Party: "中共党员", Occupation: "柏坊镇农民",
		Sector: "农民", CongressID: f.Congress.ID, TermID: f.Term.ID, DelegationID: f.Delegation.ID, RegionID: f.Town1.ID, Phone: "13812345678"}
	must(db.SaveDeputy(ctx, root, f.Deputy1))
	f.Deputy2 = &renda.Deputy{Name: "刘秀兰", Gender: "女", Ethnicity: "瑶族", BirthYear: 1980, Occupation: "教师", Sector: "专业技术人员",
		CongressID: f.Congress.ID, TermID: f.Term.ID, DelegationID: f.Delegation.ID, RegionID: f.Town1.ID, Phone: "13712345678"}
	must(db.SaveDeputy(ctx, root, f.Deputy2))
	if fixtureHash == "" {
		h, err := password.Hash(Password)
		must(err)
		fixtureHash = h
	}
	mk := func(username, name string, role renda.Role, org, deputy string) *renda.User {
		u, err := db.CreateUserHashed(ctx, nil, store.NewUser{Username: username, DisplayName: name, Role: role, OrgID: org, DeputyID: deputy}, fixtureHash)
		must(err)
		return u
	}
	f.Admin = mk("admin", "管理员", renda.RoleAdmin, "", "")
	f.Staff = mk("staff", "联工委工作人员", renda.RoleStaff, f.Office.ID, "")
	f.Leader = mk("leader", "常委会副主任", renda.RoleLeader, "", "")
	f.DeputyUser = mk("deputy", "王建国", renda.RoleDeputy, "", f.Deputy1.ID)
	f.DeputyUser2 = mk("deputy2", "刘秀兰", renda.RoleDeputy, "", f.Deputy2.ID)
	f.UnitUser = mk("unit", "住建局经办人", renda.RoleUnit, f.Unit1.ID, "")
	f.UnitUser2 = mk("unit2", "水利局经办人", renda.RoleUnit, f.Unit2.ID, "")
	return f
}
