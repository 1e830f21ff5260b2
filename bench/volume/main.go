// Command volume measures the hot pages of a running renda at a province's
// volume: a database filled by `renda seed --synthetic N` (on the demo
// county) served by `renda serve`, then every list, view, statistics page,
// home page and search asked for by one client and by eight, back to back,
// with p50 and p99 of every request kept. With -pid it reads the server's
// peak resident memory (VmHWM) at the end.
//
//	renda seed --synthetic 250000 --db sqlite:/data/big.db
//	renda serve --db sqlite:/data/big.db --no-jobs --addr 127.0.0.1:8090 &
//	go run ./bench/volume -base http://127.0.0.1:8090 -pid $!
//
// The accounts are the demo county's (staff, unit, leader, deputy, staff-bs) with the demo
// password: only a demo database can be measured this way.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"renda/bench/load"
)

// pages are what the issue asks to be fast: lists, filters, overdue views,
// statistics of a year and of all years, home pages, search, exports' reads.
var pages = []struct{ name, who, path string }{
	{"staff list", "staff", "/api/v1/suggestions?limit=20"},
	{"overdue", "staff", "/api/v1/suggestions?overdue=true&limit=20"},
	{"unit list", "unit", "/api/v1/suggestions?limit=20"},
	{"stats all years", "staff", "/api/v1/suggestions/stats"},
	{"stats of a year", "staff", "/api/v1/suggestions/stats?year=2025"},
	{"unit stats", "unit", "/api/v1/suggestions/stats"},
	{"opinions list", "staff", "/api/v1/opinions?limit=20"},
	{"opinions overdue", "staff", "/api/v1/opinions?state=overdue&limit=20"},
	{"opinion stats", "staff", "/api/v1/opinions/stats"},
	{"search 路灯 (staff)", "staff", "/api/v1/search?q=" + url.QueryEscape("路灯")},
	{"search 水 (unit)", "unit", "/api/v1/search?q=" + url.QueryEscape("水")},
	{"12345 orders", "staff", "/api/v1/hotline/orders?limit=20"},
	{"year's figures 2025", "staff", "/api/v1/yearbook/2025"},
	{"audit log", "staff", "/api/v1/audit?limit=20"},
	{"published replies", "staff", "/api/v1/replies?limit=20"},
	{"leaders' screen /screen", "leader", "/screen"},
	{"staff home /", "staff", "/"},
	{"unit home /", "unit", "/"},
	{"station page (fresh)", "", "/s/stashan?fresh=1"},
	{"staff list page", "staff", "/suggestions"},
	{"a suggestion's page", "staff", "/suggestions/{suggestion}"},
	{"an opinion's page", "staff", "/opinions/{opinion}"},
	{"search page 路灯", "staff", "/search?q=" + url.QueryEscape("路灯")},
	{"deputy home /", "deputy", "/"},
	{"township screen", "staff-bs", "/screen"},
	{"a suggestion's assistance", "staff", "/suggestions/{suggestion}/assist?part=1"},
	{"an opinion's assistance", "staff", "/opinions/{opinion}/assist?part=1"},
	{"export of a year's items", "staff", "/suggestions/export.xlsx?year=2025"},
	{"export of a month's opinions", "staff", "/opinions/export.xlsx?from=2025-06-01&to=2025-06-30"},
}

// newest replaces {suggestion} and {opinion} in the pages' paths with the
// newest item of each list, so that the item pages measured exist.
func newest(base, cookie string) map[string]string {
	out := map[string]string{}
	for name, path := range map[string]string{"{suggestion}": "/api/v1/suggestions?limit=1", "{opinion}": "/api/v1/opinions?limit=1"} {
		r, _ := http.NewRequest("GET", base+path, nil)
		r.AddCookie(&http.Cookie{Name: "renda_session", Value: cookie})
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			fatal(err)
		}
		var list struct{ Items []struct{ ID string } }
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil || len(list.Items) == 0 {
			fatal(fmt.Errorf("%s: no item to measure (%v)", path, err))
		}
		out[name] = list.Items[0].ID
	}
	return out
}

func main() {
	base := flag.String("base", "http://127.0.0.1:8090", "the running renda")
	password := flag.String("password", "renda-demo-2024", "the demo accounts' password")
	clients := flag.String("c", "1,8", "client counts to measure, comma-separated")
	dur := flag.Duration("d", 10*time.Second, "duration of each run")
	only := flag.String("only", "", "measure only pages whose name contains this")
	pid := flag.Int("pid", 0, "the server's process id, to read its peak memory")
	session := flag.String("session", "", "a session's id, to measure its statistics too")
	flag.Parse()
	if *session != "" {
		pages = append(pages, struct{ name, who, path string }{"stats of a session", "staff", "/api/v1/suggestions/stats?session_id=" + url.QueryEscape(*session)})
	}
	fmt.Printf("machine: %d CPUs, %s; %s\n", runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	cookies := map[string]string{}
	for _, who := range []string{"staff", "unit", "leader", "deputy", "staff-bs"} {
		cookies[who] = login(*base, who, *password)
	}
	ids := newest(*base, cookies["staff"])
	var counts []int
	for _, c := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fatal(fmt.Errorf("bad client count %q", c))
		}
		counts = append(counts, n)
	}
	ctx := context.Background()
	for _, p := range pages {
		if *only != "" && !strings.Contains(p.name, *only) {
			continue
		}
		newReq := func() *http.Request {
			path := p.path
			for k, v := range ids {
				path = strings.ReplaceAll(path, k, v)
			}
			r, _ := http.NewRequest("GET", *base+path, nil)
			if p.who != "" {
				r.AddCookie(&http.Cookie{Name: "renda_session", Value: cookies[p.who]})
			}
			return r
		}
		if err := check(newReq()); err != nil {
			fatal(fmt.Errorf("%s: %w", p.name, err))
		}
		for _, n := range counts {
			res := load.Run(ctx, n, *dur, newReq)
			fmt.Printf("%-26s %d client(s): %s\n", p.name, n, res)
		}
	}
	if *pid > 0 {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *pid)); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(l, "VmHWM") || strings.HasPrefix(l, "VmRSS") {
					fmt.Println("server", strings.Join(strings.Fields(l), " "))
				}
			}
		}
	}
}

// check asks once and insists on 200, so that a run never measures errors.
func check(r *http.Request) error {
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %s", r.URL.Path, resp.Status)
	}
	return nil
}

// login signs in through the page's form and returns the session cookie.
func login(base, user, password string) string {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"username": {user}, "password": {password}})
	if err != nil {
		fatal(err)
	}
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "renda_session" && ck.Value != "" {
			return ck.Value
		}
	}
	var p struct{ Detail string }
	_ = json.NewDecoder(resp.Body).Decode(&p)
	fatal(fmt.Errorf("login as %s: %s %s", user, resp.Status, p.Detail))
	return ""
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "volume:", err)
	os.Exit(1)
}
