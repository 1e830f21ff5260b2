// Package cli is renda's command line: serve, migrate, seed, user, token,
// backup, audit, version (and each workflow's own commands). Every flag can
// also be set by an environment variable RENDA_<FLAG> (dashes become
// underscores), which a flag on the command line overrides.
package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"renda"
	"renda/internal/secret"
	"renda/internal/store"
)

// Version is set at build time with -ldflags "-X renda/internal/cli.Version=…".
var Version = ""

// version returns the build's version.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			return "dev-" + rev[:12] + dirty
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

// Env is the process environment as a lookup function.
type Env func(string) string

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// Run runs the command in args (without the program name) and returns the
// process's exit code.
func Run(ctx context.Context, args []string, env Env, io IO) int {
	if len(args) == 0 {
		usage(io.Err)
		return 2
	}
	cmds := map[string]func(context.Context, []string, Env, IO) error{
		"serve":   cmdServe,
		"migrate": cmdMigrate,
		"seed":    cmdSeed,
		"user":    cmdUser,
		"token":   cmdToken,
		"backup":  cmdBackup,
		"audit":   cmdAudit,
		"version": func(context.Context, []string, Env, IO) error { fmt.Fprintln(io.Out, "renda", version()); return nil },
	}
	for name, fn := range extraCommands() {
		cmds[name] = fn
	}
	fn, ok := cmds[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			usage(io.Out)
			return 0
		}
		fmt.Fprintf(io.Err, "renda: unknown command %q\n\n", args[0])
		usage(io.Err)
		return 2
	}
	if err := fn(ctx, args[1:], env, io); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(io.Err, "renda:", err)
			return 2
		}
		var ae *store.AuditVerifyError
		if errors.As(err, &ae) {
			fmt.Fprintln(io.Err, "renda: audit trail BROKEN:", err)
			return 1
		}
		fmt.Fprintln(io.Err, "renda:", err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprint(w, `renda — 智慧人大: the platform of a county people's congress and its deputies

Usage: renda <command> [flags]

Commands:
  serve                 run the web server (--addr, --db, --demo, --base-url, --page-cache,
                        --trusted-proxies, --metrics-addr, --metrics-token)
  migrate               bring the database schema up to date
  seed --demo           load the demo county into an empty database
  seed --synthetic N    add N synthetic suggestions and 20×N opinions/orders
  user add|passwd|disable|enable|list
                        manage accounts
  token create --user NAME
                        print a new API token for a user
  backup FILE           write a consistent backup while renda runs
  audit verify          check the audit trail: its hash chain, its head signed with --audit-key,
                        and the checkpoints in renda's log (--checkpoints LOG[,LOG…])
  vote tally FILE       recount a published list of anonymous ballots
  assist eval           measure unit and category proposals on labelled files (--task route|category --train F --test F)
  version               print the version

Every flag can also be given as an environment variable RENDA_<FLAG>,
e.g. RENDA_DB=postgres://… for --db. Run "renda <command> -h" for its flags.
`)
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// dbFlags are the flags every command that opens the database has.
type dbFlags struct {
	db        string
	dataDir   string
	secretKey string
	logLevel  string
	auditKey  string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "sqlite:./data/renda.db", "database: sqlite:PATH or a postgres:// URL")
	fs.StringVar(&f.dataDir, "data-dir", "", "directory for the secret key file (when --secret-key is not given; default: the SQLite database's folder, or ./data for PostgreSQL)")
	fs.StringVar(&f.secretKey, "secret-key", "", "key that encrypts personal data: 32 bytes as base64 or hex (default: the key file in --data-dir, created on first start)")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&f.auditKey, "audit-key", "", "key that signs the audit chain (kept outside the database): 32 bytes as base64 or hex, or the path of a file holding them")
}

// loadAuditKey reads --audit-key: the key itself, or a file holding it.
func (f *dbFlags) loadAuditKey() ([]byte, error) {
	if f.auditKey == "" {
		return nil, nil
	}
	if k, err := secret.ParseKey(f.auditKey); err == nil {
		return k, nil
	}
	b, err := os.ReadFile(f.auditKey)
	if err != nil {
		return nil, usageError{"--audit-key: neither a key (32 bytes as base64 or hex) nor a readable file: " + err.Error()}
	}
	k, err := secret.ParseKey(string(b))
	if err != nil {
		return nil, usageError{"--audit-key " + f.auditKey + ": " + err.Error()}
	}
	return k, nil
}

// parse parses args with environment fallbacks: RENDA_<FLAG> sets a flag's
// default, so the command line still wins. Flags may follow positional
// arguments ("user add NAME --role staff").
func parse(fs *flag.FlagSet, args []string, env Env) ([]string, error) {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "RENDA_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := env(name); v != "" {
			if err := f.Value.Set(v); err != nil && envErr == nil {
				envErr = usageError{fmt.Sprintf("%s=%q: %v", name, v, err)}
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// open opens (and migrates) the database named by the flags.
func (f *dbFlags) open(ctx context.Context, log *slog.Logger, clock renda.Clock, migrate bool) (*store.DB, error) {
	var key []byte
	var err error
	if f.secretKey != "" {
		if key, err = secret.ParseKey(f.secretKey); err != nil {
			return nil, usageError{"--secret-key: " + err.Error()}
		}
	} else {
		path := filepath.Join(f.keyDir(), "secret.key")
		var created bool
		if key, created, err = secret.LoadOrCreateKeyFile(path); err != nil {
			return nil, fmt.Errorf("secret key %s: %w", path, err)
		}
		if created {
			log.Warn("created a new secret key for personal data; back it up apart from the database", "file", path)
		}
	}
	box, err := secret.New(key)
	if err != nil {
		return nil, err
	}
	auditKey, err := f.loadAuditKey()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, f.db, store.Options{Clock: clock, Box: box, Logger: log, AuditKey: auditKey})
	if err != nil {
		return nil, err
	}
	if !migrate {
		if err := db.Ping(ctx); err != nil {
			db.Close()
			return nil, err
		}
		if _, err := db.Meta(ctx, "demo"); err != nil {
			db.Close()
			return nil, errors.New("this database has no renda tables yet: run renda migrate (or renda serve) first")
		}
	}
	if migrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
		if err := db.Init(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.CheckKey(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// keyDir is where the secret key file lives: --data-dir, or else the SQLite
// database's own folder (so a command run from another directory finds the
// key beside the database), or ./data for PostgreSQL.
func (f *dbFlags) keyDir() string {
	if f.dataDir != "" {
		return f.dataDir
	}
	if !strings.HasPrefix(f.db, "postgres://") && !strings.HasPrefix(f.db, "postgresql://") {
		path := strings.TrimPrefix(strings.TrimPrefix(f.db, "sqlite:"), "//")
		if path != "" {
			return filepath.Dir(path)
		}
	}
	return "./data"
}

// openExisting opens an existing, migrated database for commands that read
// nothing personal (backup, audit verify): no personal-data key is needed
// or loaded, and no file or directory is created — a SQLite database that
// is not there is an error, not a new empty file.
func (f *dbFlags) openExisting(ctx context.Context, log *slog.Logger) (*store.DB, error) {
	// The box is required by the store but never opens anything here; a
	// throwaway key makes sure nothing personal could be read by mistake.
	key := make([]byte, secret.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	box, err := secret.New(key)
	if err != nil {
		return nil, err
	}
	auditKey, err := f.loadAuditKey()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, f.db, store.Options{Clock: renda.SystemClock{}, Box: box, Logger: log, MustExist: true, AuditKey: auditKey})
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Meta(ctx, "demo"); err != nil {
		db.Close()
		return nil, errors.New("this database has no renda tables yet: run renda migrate (or renda serve) first")
	}
	return db, nil
}

// readPassword reads one line from in (a prompt is printed if asked).
func readPassword(io IO, prompt string) (string, error) {
	if prompt != "" {
		fmt.Fprint(io.Err, prompt)
	}
	line, err := bufio.NewReader(io.In).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
