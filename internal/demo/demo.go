// Package demo loads the demo county: 常宁市 with its townships and villages,
// its congresses, deputies on four levels, organisations and handling units,
// and one account for each role. Everything is deterministic (one seeded
// random source), the names of people are invented, and the web pages say
// so on every page ("演示数据").
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"renda"
	"renda/internal/password"
	"renda/internal/store"
)

// Password is the password of every demo account. It exists only in demo mode.
const Password = "renda-demo-2024"

//go:embed data/changning-divisions.json
var divisionsJSON []byte

// Account is one demo account, for printing at start.
type Account struct {
	Username, Role, Description string
}

// Accounts lists the demo accounts.
var Accounts = []Account{
	{"admin", "admin", "系统管理员"},
	{"staff", "staff", "工作人员（联工委）"},
	{"leader", "leader", "常委会副主任"},
	{"deputy", "deputy", "市人大代表"},
	{"deputy2", "deputy", "市人大代表"},
	{"unit", "unit", "经办人（常宁市住房和城乡建设局）"},
	{"unit2", "unit", "经办人（常宁市水利局）"},
	{"unit-czj", "unit", "经办人（常宁市财政局，决议督办事项）"},
	{"staff-bs", "staff", "乡镇人大工作人员（白沙镇：一屏共览只见本镇）"},
}

// World is the demo county as loaded: what the feature seeders build on.
type World struct {
	Rand *rand.Rand
	Now  time.Time

	// SessionAbsentee is the deputy absent twice without leave from the
	// county congress (代表法 art. 62): once from the third session, entered
	// by staff because renda was not used yet, and once from the sixth,
	// computed from that session's registration, leave and check-ins — the
	// alert staff see. Set by seedMeetingSessions. A field of the world, not
	// a package variable: tests load several demo worlds in one process.
	SessionAbsentee string

	Province, City, County *renda.Region
	Townships              []*renda.Region // in code order
	TownByName             map[string]*renda.Region
	Villages               map[string][]*renda.Region // by township id

	ProvinceCongress, CityCongress, CountyCongress *renda.Congress
	ProvinceTerm, CityTerm, CountyTerm             *renda.Term
	CountySessions                                 []*renda.Session           // by number - 1
	TownCongress                                   map[string]*renda.Congress // by township id
	TownTerm                                       map[string]*renda.Term
	TownSessions                                   map[string][]*renda.Session
	Delegations                                    map[string]*renda.Delegation // by township id
	Groups                                         map[string]*renda.Group      // by name

	Deputies []*renda.Deputy
	ByLevel  map[renda.Level][]*renda.Deputy

	Orgs                               map[string]*renda.Organization // by code
	HandlingUnits                      []*renda.Organization
	StandingCommittee, Office, Liaison *renda.Organization

	Admin, Staff, Leader, Deputy1, Deputy2, Unit1, Unit2 *renda.User
	Users                                                map[string]*renda.User

	PasswordHash string
}

// System is the actor of demo loading in the audit trail.
var System = &renda.User{ID: "demo", Username: "demo", DisplayName: "演示数据", Role: renda.RoleAdmin}

// Load fills an empty database with the demo county and returns it.
func Load(ctx context.Context, db *store.DB, log *slog.Logger) (*World, error) {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, fmt.Errorf("demo: the database already holds data; the demo county is loaded only into an empty database")
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	start := time.Now()
	w := &World{Rand: rand.New(rand.NewPCG(20240122, 430482)), Now: db.Clock().Now(), Users: map[string]*renda.User{}}
	steps := []struct {
		name string
		fn   func(context.Context, *store.DB, *World) error
	}{
		{"deployment", seedDeployment},
		{"regions", seedRegions},
		{"congresses", seedCongresses},
		{"organizations", seedOrganizations},
		{"deputies", seedDeputies},
		{"users", seedUsers},
		{"suggestions", seedSuggestions},
		{"opinions", seedOpinions},
		{"cases", func(ctx context.Context, db *store.DB, _ *World) error { return db.SweepRecurringCases(ctx) }},
		{"votes", seedVotes},
		{"records", seedRecords},
		{"liaison", seedLiaison},
		{"duty_reports", seedDutyReports},
		{"filings", seedFilings},
		{"supervision", seedSupervision},
		{"budget", seedBudget},
		{"meetings", seedMeetings},
		{"meeting_documents", seedMeetingDocuments},
		{"meeting_sessions", seedMeetingSessions},
		{"news", seedNews},
		{"township_staff", seedTownshipStaff},
	}
	// On PostgreSQL the county is built in a temporary SQLite database and
	// copied over in bulk (store.LoadVia): the same rows, a few hundred
	// statements instead of tens of thousands.
	err = db.LoadVia(ctx, func(db *store.DB) error {
		for _, s := range steps {
			t := time.Now()
			if err := s.fn(ctx, db, w); err != nil {
				return fmt.Errorf("demo: %s: %w", s.name, err)
			}
			log.Info("demo loaded", "part", s.name, "took", time.Since(t).Round(time.Millisecond))
		}
		return db.Seed(ctx, System, func(tx *store.Tx) error { return tx.SetMeta("demo", "true") })
	})
	if err != nil {
		return nil, err
	}
	log.Info("demo county ready", "took", time.Since(start).Round(time.Millisecond))
	return w, nil
}

// Deployment is what the demo county calls itself: the deployment.*
// settings, which every page, letter and text message takes its names from.
var Deployment = map[string]string{
	"deployment.name":          "常宁市人大常委会",
	"deployment.full_name":     "常宁市人民代表大会常务委员会",
	"deployment.short_name":    "常宁人大",
	"deployment.region":        "常宁市",
	"deployment.region_code":   "430482",
	"deployment.city":          "衡阳市",
	"deployment.office":        "常宁市人大常委会选举任免联络工作委员会",
	"deployment.sms_signature": "【常宁市人大常委会】",
	"deployment.name_en":       "Changning Municipal People's Congress Standing Committee",
	"deployment.region_en":     "Changning",
	"deployment.city_en":       "Hengyang",
}

func seedDeployment(ctx context.Context, db *store.DB, w *World) error {
	return db.UpdateSettings(ctx, System, Deployment)
}

type divisions struct {
	County struct {
		Code, Name string
		Parent     struct{ Code, Name string }
		Province   struct{ Code, Name string }
	}
	Townships []struct {
		Code, Name string
		Villages   []struct{ Code, Name string }
	}
}

// validFrom is when the demo's divisions took effect (the 2023 code list).
var validFrom = renda.NewDate(2023, 1, 1)

func seedRegions(ctx context.Context, db *store.DB, w *World) error {
	var d divisions
	if err := json.Unmarshal(divisionsJSON, &d); err != nil {
		return err
	}
	w.TownByName = map[string]*renda.Region{}
	w.Villages = map[string][]*renda.Region{}
	return db.Seed(ctx, System, func(tx *store.Tx) error {
		w.Province = &renda.Region{Code: d.County.Province.Code, Name: d.County.Province.Name, Level: renda.RegionProvince, Kind: "省", ValidFrom: validFrom}
		if err := tx.SaveRegion(w.Province); err != nil {
			return err
		}
		w.City = &renda.Region{Code: d.County.Parent.Code, Name: d.County.Parent.Name, Level: renda.RegionCity, Kind: "地级市", ParentID: w.Province.ID, ValidFrom: validFrom}
		if err := tx.SaveRegion(w.City); err != nil {
			return err
		}
		w.County = &renda.Region{Code: d.County.Code, Name: d.County.Name, Level: renda.RegionCounty, Kind: "县级市", ParentID: w.City.ID, ValidFrom: validFrom}
		if err := tx.SaveRegion(w.County); err != nil {
			return err
		}
		for _, t := range d.Townships {
			kind := "镇"
			switch {
			case hasSuffix(t.Name, "街道"):
				kind = "街道"
			case hasSuffix(t.Name, "瑶族乡"):
				kind = "民族乡"
			case hasSuffix(t.Name, "乡"):
				kind = "乡"
			}
			town := &renda.Region{Code: t.Code, Name: t.Name, Level: renda.RegionTownship, Kind: kind, ParentID: w.County.ID, ValidFrom: validFrom}
			if err := tx.SaveRegion(town); err != nil {
				return err
			}
			w.Townships = append(w.Townships, town)
			w.TownByName[t.Name] = town
			for _, v := range t.Villages {
				vk := "村"
				if hasSuffix(v.Name, "社区") {
					vk = "社区"
				}
				vil := &renda.Region{Code: v.Code, Name: trimSuffix(v.Name, "委会"), Level: renda.RegionVillage, Kind: vk, ParentID: town.ID, ValidFrom: validFrom}
				if err := tx.SaveRegion(vil); err != nil {
					return err
				}
				w.Villages[town.ID] = append(w.Villages[town.ID], vil)
			}
		}
		return nil
	})
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

func trimSuffix(s, suf string) string {
	if hasSuffix(s, suf) {
		return s[:len(s)-len(suf)]
	}
	return s
}

func seedUsers(ctx context.Context, db *store.DB, w *World) error {
	hash, err := password.Hash(Password)
	if err != nil {
		return err
	}
	w.PasswordHash = hash
	mk := func(username, name string, role renda.Role, org, deputy string) (*renda.User, error) {
		u, err := db.CreateUserHashed(ctx, System, store.NewUser{Username: username, DisplayName: name, Role: role, OrgID: org, DeputyID: deputy}, hash)
		if err == nil {
			w.Users[username] = u
		}
		return u, err
	}
	county := w.ByLevel[renda.LevelCounty]
	steps := []struct {
		dst            **renda.User
		username, name string
		role           renda.Role
		org, deputy    string
	}{
		{&w.Admin, "admin", "系统管理员", renda.RoleAdmin, w.Orgs["bgs"].ID, ""},
		{&w.Staff, "staff", "周晓梅", renda.RoleStaff, w.Liaison.ID, ""},
		{&w.Leader, "leader", "谭国华", renda.RoleLeader, w.StandingCommittee.ID, ""},
		{&w.Deputy1, "deputy", county[0].Name, renda.RoleDeputy, "", county[0].ID},
		{&w.Deputy2, "deputy2", county[1].Name, renda.RoleDeputy, "", county[1].ID},
		{&w.Unit1, "unit", "住建局经办人 刘洋", renda.RoleUnit, w.Orgs["zjj"].ID, ""},
		{&w.Unit2, "unit2", "水利局经办人 陈静", renda.RoleUnit, w.Orgs["slj"].ID, ""},
	}
	for _, s := range steps {
		u, err := mk(s.username, s.name, s.role, s.org, s.deputy)
		if err != nil {
			return fmt.Errorf("user %s: %w", s.username, err)
		}
		*s.dst = u
	}
	return nil
}
