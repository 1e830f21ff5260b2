package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"renda/internal/cli"
	"renda/internal/store"
	"renda/internal/storetest"
)

// run runs a command in-process and returns its exit code and output.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, func(k string) string { return env[k] }, cli.IO{In: strings.NewReader(stdin), Out: &out, Err: &errOut})
	return code, out.String(), errOut.String()
}

// serve starts "renda serve" and returns its base URL and a stop function.
func serve(t *testing.T, env map[string]string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(k string) string { return env[k] },
			cli.IO{In: strings.NewReader(""), Out: pw, Err: &errOut})
		pw.Close()
		done <- code
	}()
	lines := bufio.NewScanner(pr)
	url := ""
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "renda is serving at "); ok {
			url, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("serve did not start: exit %d\n%s", <-done, errOut.String())
	}
	return url, func() error {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				return fmt.Errorf("serve exited %d: %s", code, errOut.String())
			}
			return nil
		case <-time.After(30 * time.Second):
			return fmt.Errorf("serve did not shut down")
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	url, stop := serve(t, nil, "--demo", "--db", "sqlite:"+filepath.Join(dir, "renda.db"), "--data-dir", dir)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/": "常宁市", "/login": "演示账号"} {
		if code, body := get(t, url+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, body lacks %q", path, code, want)
		}
	}
	// /metrics is not public: refused without --metrics-token or --metrics-addr.
	if code, _ := get(t, url+"/metrics"); code != http.StatusForbidden {
		t.Errorf("anonymous /metrics: %d, want 403", code)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.Header.Get("X-Request-ID") == "" {
		t.Errorf("no request id: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// A second start on the same database keeps the demo (and does not load it twice).
	url, stop = serve(t, nil, "--demo", "--db", "sqlite:"+filepath.Join(dir, "renda.db"), "--data-dir", dir)
	if code, body := get(t, url+"/"); code != 200 || !strings.Contains(body, "演示数据") {
		t.Errorf("restart: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestMetricsNotPublic: with --metrics-token, /metrics on the site answers
// 401 without the token and serves the scraper that has it; with
// --metrics-addr the metrics are on that address only.
func TestMetricsNotPublic(t *testing.T) {
	dir := t.TempDir()
	url, stop := serve(t, nil, "--db", "sqlite:"+filepath.Join(dir, "renda.db"), "--metrics-token", "scrape-secret-123")
	defer stop()
	get(t, url+"/healthz")
	scrape := func(url, token string) (int, string) {
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := scrape(url+"/metrics", ""); code != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d, want 401", code)
	}
	if code, _ := scrape(url+"/metrics", "wrong-token"); code != http.StatusUnauthorized {
		t.Errorf("/metrics with a wrong token: %d, want 401", code)
	}
	if code, body := scrape(url+"/metrics", "scrape-secret-123"); code != 200 || !strings.Contains(body, `renda_http_requests_total{code="200",route="GET /healthz"}`) {
		t.Errorf("/metrics with the token: %d\n%.400s", code, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// A separate address: free to read there, refused on the site.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	maddr := ln.Addr().String()
	ln.Close()
	url, stop2 := serve(t, nil, "--db", "sqlite:"+filepath.Join(dir, "renda.db"), "--metrics-addr", maddr)
	defer stop2()
	get(t, url+"/healthz")
	if code, _ := scrape(url+"/metrics", ""); code != http.StatusForbidden {
		t.Errorf("/metrics on the site with --metrics-addr: %d, want 403", code)
	}
	var code int
	var body string
	for range 50 { // the metrics listener starts beside the site's
		if code, body = scrape("http://"+maddr+"/metrics", ""); code == 200 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code != 200 || !strings.Contains(body, "renda_http_requests_total") {
		t.Errorf("/metrics on --metrics-addr: %d", code)
	}
}

func TestFlagsFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"RENDA_DB": "sqlite:" + filepath.Join(dir, "env.db"), "RENDA_DATA_DIR": dir}
	if code, _, errOut := run(t, env, "", "seed", "--demo"); code != 0 {
		t.Fatalf("seed with RENDA_DB: %d %s", code, errOut)
	}
	if code, out, errOut := run(t, env, "", "seed", "--synthetic", "3"); code != 0 || !strings.Contains(out, "added 3 suggestions, ") {
		t.Errorf("seed --synthetic: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, env, "", "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("verify with RENDA_DB: %d %s", code, out)
	}
	// A flag on the command line wins over the environment: an empty database is not renda's.
	if code, _, errOut := run(t, env, "", "audit", "verify", "--db", "sqlite:"+filepath.Join(dir, "other.db")); code == 0 || !strings.Contains(errOut, "renda migrate") {
		t.Errorf("verify an empty database: %d %s", code, errOut)
	}
	if code, _, _ := run(t, map[string]string{"RENDA_LOG_LEVEL": "loud"}, "", "version"); code != 0 {
		t.Errorf("version: %d", code)
	}
	if code, _, errOut := run(t, nil, "", "serve", "--trusted-proxies", "10.0.0.0/8,proxy.example"); code != 2 || !strings.Contains(errOut, "--trusted-proxies") {
		t.Errorf("serve with a bad --trusted-proxies: exit %d %s", code, errOut)
	}
	if code, _, _ := run(t, nil, "", "no-such-command"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestAuditVerifyNamesTheTamperedRecord(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			dir := t.TempDir()
			dsn := storetest.DSN(t, d)
			args := []string{"--db", dsn, "--data-dir", dir}
			if code, _, errOut := run(t, nil, "", append([]string{"seed", "--demo"}, args...)...); code != 0 {
				t.Fatalf("seed: %d %s", code, errOut)
			}
			if code, out, _ := run(t, nil, "", append([]string{"audit", "verify"}, args...)...); code != 0 || !strings.Contains(out, "intact") {
				t.Fatalf("intact chain: %d %s", code, out)
			}
			raw := rawDB(t, dsn)
			for _, c := range []struct{ stmt, want string }{
				{"UPDATE audit_log SET note = 'changed' WHERE seq = 42", "record 42"},
				{"UPDATE audit_log SET note = '' WHERE seq = 42", ""}, // restore
				{"DELETE FROM audit_log WHERE seq = 100", "record 101"},
			} {
				if _, err := raw.Exec(c.stmt); err != nil {
					t.Fatal(err)
				}
				code, _, errOut := run(t, nil, "", append([]string{"audit", "verify"}, args...)...)
				if c.want == "" {
					if code != 0 {
						t.Errorf("after restoring: %d %s", code, errOut)
					}
					continue
				}
				if code == 0 || !strings.Contains(errOut, c.want) {
					t.Errorf("after %q: exit %d, stderr %q, want it to name %s", c.stmt, code, errOut, c.want)
				}
			}
		})
	}
}

func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, src := "pgx", dsn
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, src = "sqlite", p
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestBackupOpensAsIs(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "live.db")
	url, stop := serve(t, nil, "--demo", "--db", dsn, "--data-dir", dir)
	defer stop()
	backup := filepath.Join(dir, "backup.db")
	// Back up while the server runs (and serves).
	if code, out, errOut := run(t, nil, "", "backup", backup, "--db", dsn, "--data-dir", dir); code != 0 || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _ := get(t, url+"/healthz"); code != 200 {
		t.Error("server unhealthy during backup")
	}
	if code, _, errOut := run(t, nil, "", "backup", backup, "--db", dsn, "--data-dir", dir); code == 0 {
		t.Errorf("backup over an existing file succeeded: %s", errOut)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, nil, "", "audit", "verify", "--db", "sqlite:"+backup, "--data-dir", dir); code != 0 {
		t.Fatalf("backup's audit trail: %d %s", code, out)
	}
	url2, stop2 := serve(t, nil, "--db", "sqlite:"+backup, "--data-dir", dir)
	defer stop2()
	if code, body := get(t, url2+"/"); code != 200 || !strings.Contains(body, "演示数据") {
		t.Errorf("serving the backup: %d", code)
	}
	// A command started with another key refuses the database rather than show garbage.
	other := t.TempDir()
	if code, _, errOut := run(t, nil, "", "user", "list", "--db", "sqlite:"+backup, "--data-dir", other); code == 0 || !strings.Contains(errOut, "secret key") {
		t.Errorf("wrong key: %d %s", code, errOut)
	}
}

// TestBackupAndVerifyFromElsewhere: run from another directory, with no
// key at hand, backup and audit verify work, create no file but the backup
// (no stray data/secret.key), and the backup is readable by its owner only.
// Without --data-dir, the key of a SQLite database is looked for beside it.
func TestBackupAndVerifyFromElsewhere(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "live.db")
	if code, _, errOut := run(t, nil, "", "seed", "--demo", "--db", dsn); code != 0 {
		t.Fatalf("seed: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); err != nil {
		t.Errorf("the key is not beside the database: %v", err)
	}
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, out, errOut := run(t, nil, "", "backup", backup, "--db", dsn, "--data-dir", filepath.Join(elsewhere, "nokey")); code != 0 {
		t.Fatalf("backup from elsewhere: %d %s %s", code, out, errOut)
	}
	if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v %v, want 0600", st.Mode(), err)
	}
	if code, out, errOut := run(t, nil, "", "audit", "verify", "--db", dsn, "--data-dir", filepath.Join(elsewhere, "nokey")); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify from elsewhere: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, nil, "", "audit", "verify", "--db", "sqlite:"+backup); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify of the backup: %d %s", code, out)
	}
	// The default database is not here: an error, and nothing is created.
	if code, _, errOut := run(t, nil, "", "audit", "verify"); code == 0 || !strings.Contains(errOut, "no SQLite database") {
		t.Errorf("audit verify without a database: %d %s", code, errOut)
	}
	if code, _, _ := run(t, nil, "", "backup", filepath.Join(t.TempDir(), "b.db")); code == 0 {
		t.Error("backup without a database succeeded")
	}
	if left, _ := os.ReadDir(elsewhere); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("files created in the working directory: %v", names)
	}
	// The live folder holds the database, its key and nothing new.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); n != "live.db" && n != "secret.key" && !strings.HasPrefix(n, "live.db-") {
			t.Errorf("unexpected file beside the database: %s", n)
		}
	}
}

func TestUsersAndTokens(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "renda.db")
	args := []string{"--db", dsn, "--data-dir", dir}
	if code, out, errOut := run(t, nil, "strong-pass-2024\n", append([]string{"user", "add", "chief", "--role", "admin", "--name", "管理员"}, args...)...); code != 0 {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, nil, "weak\n", append([]string{"user", "add", "weakling", "--role", "staff"}, args...)...); code == 0 || !strings.Contains(errOut, "10") {
		t.Errorf("weak password accepted: %s", errOut)
	}
	if code, _, _ := run(t, nil, "strong-pass-2024\n", append([]string{"user", "add", "chief", "--role", "admin"}, args...)...); code == 0 {
		t.Error("duplicate user accepted")
	}
	code, tok, errOut := run(t, nil, "", append([]string{"token", "create", "--user", "chief", "--name", "hotline"}, args...)...)
	if code != 0 || len(strings.TrimSpace(tok)) < 40 {
		t.Fatalf("token create: %d %q %s", code, tok, errOut)
	}
	url, stop := serve(t, nil, args...)
	defer stop()
	req, _ := http.NewRequest("GET", url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("token works: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	if code, out, _ := run(t, nil, "", append([]string{"user", "list"}, args...)...); code != 0 || !strings.Contains(out, "chief") {
		t.Errorf("user list: %s", out)
	}
	if code, _, _ := run(t, nil, "", append([]string{"user", "disable", "chief"}, args...)...); code != 0 {
		t.Error("disable")
	}
	resp, _ = http.DefaultClient.Do(req)
	if resp.StatusCode != 401 {
		t.Errorf("token of a disabled user: %d", resp.StatusCode)
	}
	if code, _, _ := run(t, nil, "another-pass-2025\n", append([]string{"user", "passwd", "chief"}, args...)...); code != 0 {
		t.Error("passwd")
	}
}

func TestServeOnPostgres(t *testing.T) {
	if len(storetest.Dialects(t)) < 2 {
		storetest.SkipOrFail(t, "RENDA_TEST_POSTGRES is not set")
	}
	dsn := storetest.DSN(t, store.Postgres)
	dir := t.TempDir()
	url, stop := serve(t, nil, "--demo", "--db", dsn, "--data-dir", dir)
	defer stop()
	if code, body := get(t, url+"/readyz"); code != 200 {
		t.Fatalf("readyz on PostgreSQL: %d %s", code, body)
	}
	if code, body := get(t, url+"/"); code != 200 || !strings.Contains(body, "常宁市人大代表") {
		t.Errorf("home on PostgreSQL: %d", code)
	}
}

// TestServePageCacheFlag: --page-cache 0 turns the anonymous page cache
// off (a change shows at once); a negative or malformed duration is a usage
// error.
func TestServePageCacheFlag(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "renda.db")
	url, stop := serve(t, nil, "--demo", "--page-cache", "0", "--db", "sqlite:"+path, "--data-dir", dir)
	if code, body := get(t, url+"/s/stashan"); code != 200 || strings.Contains(body, "新址会客厅") {
		t.Fatalf("station page: %d", code)
	}
	sqldb, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer sqldb.Close()
	if _, err := sqldb.Exec(`UPDATE stations SET address = '新址会客厅' WHERE code = 'stashan'`); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, url+"/s/stashan"); code != 200 || !strings.Contains(body, "新址会客厅") {
		t.Errorf("with the cache off the change is not shown at once: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"-1s", "soon"} {
		if code, _, errOut := run(t, nil, "", "serve", "--page-cache", bad, "--db", "sqlite:"+path, "--data-dir", dir); code != 2 {
			t.Errorf("--page-cache %s: exit %d %s", bad, code, errOut)
		}
	}
}
