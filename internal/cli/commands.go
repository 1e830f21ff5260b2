package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/pprof"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"renda"
	"renda/internal/demo"
	"renda/internal/httpx"
	"renda/internal/jobs"
	"renda/internal/notify"
	"renda/internal/server"
	"renda/internal/store"
	"renda/internal/web"
)

func cmdServe(ctx context.Context, args []string, env Env, io IO) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	baseURL := fs.String("base-url", "", "public URL of the site, used in links and QR codes (default: http://ADDR)")
	demoFlag := fs.Bool("demo", false, "load the demo county into an empty database and print the demo accounts")
	proxies := fs.String("trusted-proxies", "", "reverse proxies whose X-Forwarded-For is believed: CIDR[,CIDR…] (default none: X-Forwarded-For is ignored)")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics and Go's profiles (/debug/pprof/) without a token on this separate, internal address, e.g. 127.0.0.1:9090; on --addr, /metrics needs --metrics-token and the profiles are not served")
	metricsToken := fs.String("metrics-token", "", "bearer token a scraper presents to read /metrics on --addr (default none: /metrics on --addr is refused)")
	noJobs := fs.Bool("no-jobs", false, "do not run background jobs (reminders, outbox) in this process")
	pdfFont := fs.String("pdf-font", "", "TrueType font file(s) for PDFs such as a meeting's minutes, comma-separated, each character set in the first that has it (default: Droid Sans Fallback, DejaVu Sans and AR PL SungtiL GB where Debian installs them)")
	pageCache := fs.Duration("page-cache", web.DefaultPageCache, "how long a public page (station, deputy) is served from memory to anonymous visitors; 0 turns the cache off")
	if _, err := parse(fs, args, env); err != nil {
		return err
	}
	trusted, err := httpx.ParseProxies(*proxies)
	if err != nil {
		return usageError{"--trusted-proxies: " + err.Error()}
	}
	log := newLogger(f.logLevel, io.Err)
	start := time.Now()
	memLimit := setMemoryLimit(env)
	db, err := f.open(ctx, log, renda.SystemClock{}, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if *demoFlag {
		empty, err := db.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if empty {
			if err := demo.LoadCached(ctx, db, log, ""); err != nil {
				return err
			}
		} else if !db.IsDemo(ctx) {
			return errors.New("--demo: this database holds real data; the demo county is loaded only into an empty database")
		}
	}
	isDemo := db.IsDemo(ctx)
	if *baseURL == "" {
		host := *addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		*baseURL = "http://" + host
	}
	if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{"--base-url must be an http(s) URL such as https://rd.example.gov.cn"}
	}
	if *pageCache < 0 {
		return usageError{"--page-cache must be a duration such as 5s, or 0 to turn the cache off"}
	}
	cache := *pageCache
	if cache == 0 {
		cache = -1 // off (server.Config's zero means the default)
	}
	reg := prometheus.NewRegistry()
	h, err := server.Handler(db, server.Config{BaseURL: strings.TrimSuffix(*baseURL, "/"), Demo: isDemo, Version: version(), TrustedProxies: trusted, PageCache: cache, MetricsToken: *metricsToken, PDFFont: *pdfFont}, log, reg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobsDone := make(chan struct{})
	if !*noJobs {
		senders := notify.Senders{}
		for _, ch := range []string{"sms", "email", "webhook", "log"} {
			senders[ch] = notify.Log{Logger: log}
		}
		addSenders(senders, env, isDemo, log)
		runner := jobs.New(db, senders, log)
		go func() { defer close(jobsDone); runner.Run(ctx) }()
	} else {
		close(jobsDone)
	}
	metricsDone := make(chan error, 1)
	if *metricsAddr != "" {
		mmux := http.NewServeMux()
		mmux.Handle("GET /metrics", server.MetricsHandler(reg))
		// Go's profiles, for an operator on this internal address only.
		mmux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mmux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
		mmux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mmux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		mmux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
		go func() {
			metricsDone <- server.Serve(ctx, *metricsAddr, mmux, log, func(bound string) {
				log.Info("metrics ready", "addr", bound)
				fmt.Fprintf(io.Out, "metrics are served at http://%s/metrics\n", bound)
			})
		}()
	} else {
		metricsDone <- nil
	}
	err = server.Serve(ctx, *addr, h, log, func(bound string) {
		log.Info("renda ready", "addr", bound, "base_url", *baseURL, "db", db.Dialect().String(), "demo", isDemo,
			"startup_ms", time.Since(start).Milliseconds(), "version", version(), "go_memory_limit_mib", memLimit>>20)
		fmt.Fprintf(io.Out, "renda is serving at http://%s (base URL %s)\n", bound, *baseURL)
		if isDemo {
			printDemoAccounts(io)
		}
	})
	cancel()
	<-jobsDone
	if merr := <-metricsDone; err == nil && merr != nil {
		err = fmt.Errorf("metrics: %w", merr)
	}
	return err
}

func printDemoAccounts(io IO) {
	fmt.Fprintln(io.Out, "")
	fmt.Fprintln(io.Out, "  ================================================================")
	fmt.Fprintln(io.Out, "  DEMO MODE (演示数据): every name, number and case is invented.")
	fmt.Fprintln(io.Out, "  Demo accounts, all with the password "+demo.Password+":")
	fmt.Fprintln(io.Out, "  ================================================================")
	tw := tabwriter.NewWriter(io.Out, 2, 4, 2, ' ', 0)
	for _, a := range demo.Accounts {
		fmt.Fprintf(tw, "    %s\t%s\t%s\n", a.Username, a.Role, a.Description)
	}
	tw.Flush()
	fmt.Fprintln(io.Out, "")
}

func cmdMigrate(ctx context.Context, args []string, env Env, io IO) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	if _, err := parse(fs, args, env); err != nil {
		return err
	}
	db, err := f.open(ctx, newLogger(f.logLevel, io.Err), renda.SystemClock{}, true)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(io.Out, "database is up to date")
	return nil
}

func cmdSeed(ctx context.Context, args []string, env Env, io IO) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	demoFlag := fs.Bool("demo", false, "load the demo county (into an empty database)")
	synthetic := fs.Int("synthetic", 0, "add N synthetic suggestions and 20×N opinions and 12345 orders (deterministic; the demo county is loaded first into an empty database)")
	if _, err := parse(fs, args, env); err != nil {
		return err
	}
	if !*demoFlag && *synthetic == 0 {
		return usageError{"seed: say what to load: --demo or --synthetic N"}
	}
	if *synthetic < 0 {
		return usageError{"--synthetic: N must be positive"}
	}
	log := newLogger(f.logLevel, io.Err)
	db, err := f.open(ctx, log, renda.SystemClock{}, true)
	if err != nil {
		return err
	}
	defer db.Close()
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if *demoFlag || empty {
		start := time.Now()
		if err := demo.LoadCached(ctx, db, log, ""); err != nil {
			return err
		}
		fmt.Fprintf(io.Out, "demo county loaded in %s\n", time.Since(start).Round(time.Millisecond))
		if *demoFlag {
			printDemoAccounts(io)
		}
	}
	if *synthetic > 0 {
		start := time.Now()
		last := time.Now()
		c, err := db.SeedSynthetic(ctx, *synthetic, func(c store.SyntheticCounts) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				log.Info("synthetic data", "suggestions", c.Suggestions, "opinions", c.Opinions, "hotline", c.Hotline)
			}
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Out, "added %d suggestions, %d opinions and %d 12345 orders in %s\n", c.Suggestions, c.Opinions, c.Hotline, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func cmdUser(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 {
		return usageError{"user: add, passwd, disable, enable or list"}
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	role := fs.String("role", "", "role: admin, staff, leader, deputy, unit")
	name := fs.String("name", "", "display name (姓名)")
	org := fs.String("org", "", "code of the user's organisation (units and staff)")
	deputy := fs.String("deputy", "", "public code of the deputy (deputy accounts)")
	pos, err := parse(fs, args[1:], env)
	if err != nil {
		return err
	}
	log := newLogger(f.logLevel, io.Err)
	db, err := f.open(ctx, log, renda.SystemClock{}, true)
	if err != nil {
		return err
	}
	defer db.Close()
	needName := func() (string, error) {
		if len(pos) != 1 {
			return "", usageError{"user " + sub + ": give exactly one USERNAME"}
		}
		return pos[0], nil
	}
	switch sub {
	case "add":
		username, err := needName()
		if err != nil {
			return err
		}
		nu := store.NewUser{Username: username, DisplayName: *name, Role: renda.Role(*role)}
		if nu.DisplayName == "" {
			nu.DisplayName = username
		}
		if *org != "" {
			o, err := db.OrganizationByCode(ctx, nil, *org)
			if err != nil {
				return err
			}
			nu.OrgID = o.ID
		}
		if *deputy != "" {
			d, err := db.DeputyByCode(ctx, nil, *deputy)
			if err != nil {
				return err
			}
			nu.DeputyID = d.ID
		}
		if nu.Password, err = readPassword(io, "password: "); err != nil {
			return err
		}
		u, err := db.CreateUser(ctx, nil, nu)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(io.Out, "created user %s (%s)\n", u.Username, u.Role)
	case "passwd":
		username, err := needName()
		if err != nil {
			return err
		}
		u, err := db.UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		pw, err := readPassword(io, "new password: ")
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, nil, u.ID, "", pw); err != nil {
			return describe(err)
		}
		fmt.Fprintf(io.Out, "password of %s changed; their sessions were signed out\n", u.Username)
	case "disable", "enable":
		username, err := needName()
		if err != nil {
			return err
		}
		u, err := db.UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		if err := db.SetUserDisabled(ctx, nil, u.ID, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(io.Out, "%sd %s\n", sub, u.Username)
	case "list":
		users, _, err := db.Users(ctx, nil, store.UserFilter{Role: renda.Role(*role), Limit: 500})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tNAME\tORGANISATION/DEPUTY\tSTATUS")
		for _, u := range users {
			st := "active"
			if u.Disabled {
				st = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\t%s\n", u.Username, u.Role, u.DisplayName, u.OrgName, u.DeputyName, st)
		}
		tw.Flush()
	default:
		return usageError{"user: unknown subcommand " + sub + " (add, passwd, disable, enable, list)"}
	}
	return nil
}

// describe adds the field messages of a renda error for the terminal.
func describe(err error) error {
	fields := renda.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(renda.ErrorMessage(err))
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}

func cmdToken(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"token: use token create --user NAME"}
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	username := fs.String("user", "", "the account the token acts as")
	label := fs.String("name", "integration", "what the token is for (shown in the audit log)")
	days := fs.Int("days", 0, "days until the token expires (0: never)")
	if _, err := parse(fs, args[1:], env); err != nil {
		return err
	}
	if *username == "" {
		return usageError{"token create: --user is required"}
	}
	db, err := f.open(ctx, newLogger(f.logLevel, io.Err), renda.SystemClock{}, true)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByUsername(ctx, *username)
	if err != nil {
		return err
	}
	if u.Disabled {
		return fmt.Errorf("user %s is disabled", u.Username)
	}
	tok, err := db.CreateSession(ctx, u, store.APIToken, *label, "cli", time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintln(io.Out, tok)
	return nil
}

func cmdBackup(ctx context.Context, args []string, env Env, io IO) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	pos, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"backup: give the FILE to write"}
	}
	db, err := f.openExisting(ctx, newLogger(f.logLevel, io.Err))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	st, err := os.Stat(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "backup written to %s (%d bytes, readable by its owner only); keep the secret key apart from it\n", pos[0], st.Size())
	return nil
}

func cmdAudit(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"audit: use audit verify"}
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	var f dbFlags
	f.register(fs)
	logs := fs.String("checkpoints", "", "renda's log file(s), comma-separated: their audit checkpoints must match the chain")
	if _, err := parse(fs, args[1:], env); err != nil {
		return err
	}
	var cps []store.AuditCheckpoint
	for _, path := range strings.Split(*logs, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		fh, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("--checkpoints: %w", err)
		}
		c, err := store.ParseAuditCheckpoints(fh)
		fh.Close()
		if err != nil {
			return fmt.Errorf("--checkpoints %s: %w", path, err)
		}
		cps = append(cps, c...)
	}
	db, err := f.openExisting(ctx, newLogger(f.logLevel, io.Err))
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.VerifyAudit(ctx, cps...)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "audit trail intact: %d records", n)
	if f.auditKey != "" {
		fmt.Fprint(io.Out, ", head signed with the audit key")
	}
	if len(cps) > 0 {
		fmt.Fprintf(io.Out, ", %d checkpoints from the log match", len(cps))
	}
	fmt.Fprintln(io.Out)
	return nil
}
