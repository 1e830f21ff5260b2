// Command opinions measures 码上找代表 on this machine: the public station
// page under concurrent load (as the public gets it, from the five-second
// cache of public pages, and rendered afresh) next to a bare net/http handler
// doing one read of the same database in the same run, and citizens'
// submissions per second with durable commits (SQLite synchronous=FULL, as
// renda opens it).
//
//	go build -o /tmp/renda ./cmd/renda && go run ./bench/opinions -renda /tmp/renda
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite"

	"renda/bench/load"
)

func main() {
	bin := flag.String("renda", "/tmp/renda", "the renda binary to measure")
	workers := flag.Int("c", 32, "concurrent clients for the page")
	writers := flag.Int("w", 8, "concurrent clients for submissions")
	dur := flag.Duration("d", 10*time.Second, "duration of each load run")
	pages := flag.Bool("pages", true, "measure the station page (false: submissions only)")
	oneAddr := flag.Bool("one-address", false, "submit from one address (the rate limit's count then grows with every submission)")
	flag.Parse()
	dir, _ := os.MkdirTemp("", "renda-bench-opinions-")
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "renda.db")
	addr := freeAddr()
	base := "http://" + addr
	fmt.Printf("machine: %d CPUs (GOMAXPROCS %d), %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())

	t0 := time.Now()
	// The bench's own address is a trusted proxy, so that each submission can
	// come from its own citizen's address (X-Forwarded-For), as the public's do.
	cmd := exec.Command(*bin, "serve", "--demo", "--no-jobs", "--log-level", "warn", "--db", "sqlite:"+dbPath, "--data-dir", dir, "--addr", addr,
		"--trusted-proxies", "127.0.0.1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	waitReady(base)
	fmt.Printf("renda with the demo county ready in %v\n", time.Since(t0).Round(time.Millisecond))
	ctx := context.Background()
	if *pages {
		measurePages(ctx, base, dbPath, *workers, *dur)
	}
	cpu0 := cpuTime(cmd.Process.Pid)
	n := submissions(ctx, base, *writers, *dur, *oneAddr)
	if used := cpuTime(cmd.Process.Pid) - cpu0; n > 0 && used > 0 {
		fmt.Printf("renda's CPU during the submissions: %v, %.2f ms a submission\n", used.Round(10*time.Millisecond), float64(used)/float64(time.Millisecond)/float64(n))
	}
}

// cpuTime is the CPU time (user and system) a process has used so far
// (Linux; 0 elsewhere).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name (in parentheses): utime and
	// stime are the 12th and 13th, in clock ticks (100 a second).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	var u, s int64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &s)
	return time.Duration(u+s) * 10 * time.Millisecond
}

// measurePages measures the public station page from the cache, rendered
// afresh, and a bare handler doing one read of the same database.
func measurePages(ctx context.Context, base, dbPath string, workers int, dur time.Duration) {
	// 1. The public station page, full renda (middleware, 3 queries, template).
	page := func() *http.Request { r, _ := http.NewRequest("GET", base+"/s/stashan", nil); return r }
	load.Run(ctx, workers, 2*time.Second, page)
	fmt.Printf("GET /s/stashan (renda page),            %d clients: %s\n", workers, load.Run(ctx, workers, dur, page))
	// The same page rendered every time: a query string bypasses the
	// five-second cache of public pages.
	fresh := func() *http.Request { r, _ := http.NewRequest("GET", base+"/s/stashan?fresh=1", nil); return r }
	fmt.Printf("GET /s/stashan?fresh=1 (rendered),       %d clients: %s\n", workers, load.Run(ctx, workers, dur, fresh))

	// 2. A bare net/http handler doing one read of the same database file.
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=query_only(ON)&_pragma=busy_timeout(10000)")
	if err != nil {
		fatal(err)
	}
	db.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	db.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	bare := http.NewServeMux()
	bare.HandleFunc("GET /s/{code}", func(w http.ResponseWriter, r *http.Request) {
		var name, address string
		if err := db.QueryRowContext(r.Context(), "SELECT name, address FROM stations WHERE code = ?", r.PathValue("code")).Scan(&name, &address); err != nil {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1><p>%s</p>", name, name, address)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	srv := &http.Server{Handler: bare}
	go func() { _ = srv.Serve(ln) }()
	bareURL := "http://" + ln.Addr().String() + "/s/stashan"
	bareReq := func() *http.Request { r, _ := http.NewRequest("GET", bareURL, nil); return r }
	load.Run(ctx, workers, 2*time.Second, bareReq)
	fmt.Printf("GET /s/stashan (bare net/http, 1 read), %d clients: %s\n", workers, load.Run(ctx, workers, dur, bareReq))
	_ = srv.Close()
	db.Close()
}

// submissions measures citizens' submissions, each from its own address
// (oneAddr: all from the bench's), and returns how many were made.
func submissions(ctx context.Context, base string, writers int, dur time.Duration, oneAddr bool) int {

	// 3. Submissions, each one durable commit (the rate limits raised for the run).
	token := login(base)
	put, _ := http.NewRequest("PUT", base+"/api/v1/settings", strings.NewReader(`{"opinion.rate_ip_per_hour":"10000"}`))
	put.Header.Set("Authorization", "Bearer "+token)
	put.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(put); err != nil || resp.StatusCode != 204 {
		fatal(fmt.Errorf("raise the rate limit: %v %v", resp, err))
	}
	var n atomic.Int64
	submit := func() *http.Request {
		i := n.Add(1)
		body, _ := json.Marshal(map[string]string{"station": "stashan", "content": fmt.Sprintf("压测意见 %d：塔山村三组路灯坏了，晚上出行不安全。", i), "category": "道路交通"})
		r, _ := http.NewRequest("POST", base+"/api/v1/opinions", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if !oneAddr {
			r.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		}
		return r
	}
	res := load.Run(ctx, writers, dur, submit)
	fmt.Printf("POST /api/v1/opinions (durable),        %d clients: %s\n", writers, res)
	return res.Requests
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitReady(base string) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	fatal(fmt.Errorf("renda at %s not ready", base))
}

func login(base string) string {
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"admin","password":"renda-demo-2024"}`))
	if err != nil {
		fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		fatal(fmt.Errorf("login: %v", err))
	}
	return out.Token
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
