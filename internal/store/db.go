// Package store keeps renda's data in SQLite or PostgreSQL, through
// database/sql. All SQL lives here. A public method is one transaction; it
// applies the domain's rules (renda.Workflow.Step, Validate) and writes the
// change together with its audit record.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"renda"
	"renda/internal/secret"
	"renda/station"
)

// Dialect is the kind of database underneath.
type Dialect int

// Dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

//go:embed migrations
var migrations embed.FS

// Options configure a DB.
type Options struct {
	Clock  renda.Clock  // default: the system clock
	Box    *secret.Box  // encrypts personal data; required
	Logger *slog.Logger // default: slog.Default()
	// MustExist refuses a SQLite file that does not exist yet instead of
	// creating it (and its folder): for tools that only read.
	MustExist bool
	// AuditKey signs the audit chain's head and checkpoints (HMAC-SHA256);
	// kept outside the database. Optional: without it the chain is
	// unkeyed, as before.
	AuditKey []byte
}

// DB is renda's database.
type DB struct {
	dialect Dialect
	dsn     string
	path    string  // the SQLite file
	w       *sql.DB // writes (SQLite: one connection, BEGIN IMMEDIATE)
	r       *sql.DB // reads (SQLite: a pool of query-only connections)
	clock   renda.Clock
	box     *secret.Box
	log     *slog.Logger

	auditKey       []byte
	lastCheckpoint atomic.Int64 // the head's seq last written to the log

	// SQLite: every write transaction goes through one goroutine that
	// commits several at once (group commit, see writer).
	wq       chan *writeJob
	wqClosed chan struct{}
	// The groups committed whose WAL is not synced yet (see syncer), and
	// the sync (syncWAL; tests replace it).
	syncq        chan func(error)
	subjInMemory bool // the writer's connection keeps temporary files in memory (commitGroup)
	sync         func() error

	// sealing counts votes' seals still running after the close that
	// started them has answered; Close waits for them.
	sealing sync.WaitGroup

	linkBase atomic.Pointer[string] // the site's address, for links in text messages

	cacheMu     sync.Mutex
	settings    *renda.Settings
	settingsVer int64
	calendar    *renda.Calendar
	calendarVer int64
	stations    map[stationKey]*station.Station // the public stations of version stationsVer (StationByCode)
	stationsVer int64
	kept        map[string]keptValue // figures read again only after a while (remember)
}

// keptValue is a figure kept in memory and when it was read.
type keptValue struct {
	v  any
	at time.Time
}

// remember returns the figure kept under key if it was read less than ttl
// ago, else reads it with fill and keeps it: for figures that a page needs
// only roughly and that cost a scan (how big the search index is, the most
// frequent lead units).
func remember[T any](db *DB, key string, ttl time.Duration, fill func() (T, error)) (T, error) {
	db.cacheMu.Lock()
	k, ok := db.kept[key]
	db.cacheMu.Unlock()
	if ok && time.Since(k.at) < ttl {
		return k.v.(T), nil
	}
	v, err := fill()
	if err != nil {
		return v, err
	}
	db.cacheMu.Lock()
	if db.kept == nil {
		db.kept = map[string]keptValue{}
	}
	db.kept[key] = keptValue{v: v, at: time.Now()}
	db.cacheMu.Unlock()
	return v, nil
}

// Open opens the database named by dsn: "sqlite:PATH" (or a path ending in
// .db) or a "postgres://" URL. It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Clock == nil {
		opts.Clock = renda.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Box == nil {
		return nil, errors.New("store: a secret box for personal data is required")
	}
	db := &DB{dsn: dsn, clock: opts.Clock, box: opts.Box, log: opts.Logger, auditKey: opts.AuditKey}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db.dialect = Postgres
		pg, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		pg.SetMaxOpenConns(24)
		pg.SetMaxIdleConns(8)
		pg.SetConnMaxIdleTime(5 * time.Minute)
		db.w, db.r = pg, pg
	default:
		path, ok := strings.CutPrefix(dsn, "sqlite:")
		if !ok && !strings.HasSuffix(dsn, ".db") {
			return nil, fmt.Errorf("store: --db must be sqlite:PATH or a postgres:// URL, not %q", dsn)
		}
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, errors.New("store: sqlite: needs a file path, e.g. sqlite:./data/renda.db")
		}
		if opts.MustExist {
			if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
				return nil, fmt.Errorf("store: no SQLite database at %s: give --db sqlite:PATH of renda's database (a new one is made by renda migrate)", path)
			}
		} else if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		db.dialect, db.path = SQLite, path
		// synchronous(FULL): a commit reported to a user survives a crash of
		// the machine, not only of the process.
		common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_pragma=synchronous(FULL)&_pragma=secure_delete(ON)"
		// Each connection keeps the statements it compiled (stmtcache.go).
		w := sql.OpenDB(sqliteConnector{dsn: "file:" + escapePath(path) + "?_pragma=journal_mode(WAL)&_txlock=immediate&" + common, drv: &sqlite.Driver{}})
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		// Make the file and switch it to WAL before readers arrive.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		// Readers keep a page cache of 1 MB each instead of SQLite's 2 MB:
		// the OS keeps the file's pages anyway, and at a province's volume
		// the caches fill to their bound whatever it is (with one export at
		// a time, the server's peak under load 195 → 171 MB, the pages no
		// slower: docs/performance.md).
		r := sql.OpenDB(sqliteConnector{dsn: "file:" + escapePath(path) + "?_pragma=query_only(ON)&_pragma=cache_size(-1000)&" + common, drv: &sqlite.Driver{}})
		n := max(4, runtime.NumCPU()*2)
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		db.w, db.r = w, r
		db.wq, db.wqClosed = make(chan *writeJob, 256), make(chan struct{})
		db.syncq, db.sync = make(chan func(error), 256), db.syncWAL
		go db.writer()
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", db.dialect, err)
	}
	return db, nil
}

func escapePath(p string) string {
	return strings.NewReplacer("?", "%3f", "#", "%23").Replace(p)
}

// Close closes the database.
func (db *DB) Close() error {
	db.sealing.Wait()
	if db.wq != nil {
		close(db.wq)
		<-db.wqClosed
		db.wq = nil
	}
	var err error
	if db.r != nil && db.r != db.w {
		err = db.r.Close()
	}
	if db.w != nil {
		err = errors.Join(err, db.w.Close())
	}
	return err
}

// Dialect tells which database is underneath.
func (db *DB) Dialect() Dialect { return db.dialect }

// Path returns the SQLite file, or "" on PostgreSQL.
func (db *DB) Path() string { return db.path }

// Clock returns the clock the store fixes "now" from.
func (db *DB) Clock() renda.Clock { return db.clock }

// Box returns the personal-data box.
func (db *DB) Box() *secret.Box { return db.box }

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate brings the schema up to date. On PostgreSQL a session lock keeps
// two servers starting at once from migrating twice.
func (db *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.String())
	if err != nil {
		return err
	}
	// Each workflow numbers its migrations in its own range (see
	// docs/architecture.md), so a release may bring a migration numbered
	// below one a database already has: apply it all the same.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.w, sub, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		db.log.Info("migrated", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "took", r.Duration)
	}
	return db.EnsureSearchIndex(ctx)
}

// --- transactions ---

// Tx is one transaction. "Now" is fixed when it begins, from the store's
// clock; changes recorded with Record are appended to the audit trail just
// before it commits.
type Tx struct {
	db      *DB
	tx      *sql.Tx
	ctx     context.Context
	now     time.Time
	actor   *renda.User
	changes []renda.Change
	memo    map[string]any       // values read once per transaction (settings, calendar)
	bumped  bool                 // a cached thing changed in this transaction (bumpCache)
	idx     *indexQueue          // the group's search entries waiting for its commit (SQLite; nil: written at once)
	stmts   map[string]*sql.Stmt // prepared statements, kept in long seeding transactions (see SeedAs)

	// The audit trail's head as this transaction left it (see appendAudit):
	// read and locked once, written back once when the transaction ends.
	audit struct {
		loaded, dirty bool
		seq           int64
		hash          string
	}
	enqueued int // messages put in the outbox so far (see Replay)
}

// Now returns the transaction's time.
func (tx *Tx) Now() time.Time { return tx.now }

// Today returns the transaction's day in China Standard Time.
func (tx *Tx) Today() renda.Date { return renda.DateOf(tx.now) }

// Actor returns who acts (nil for the public or the system).
func (tx *Tx) Actor() *renda.User { return tx.actor }

// Record adds a change to the audit trail of this transaction.
func (tx *Tx) Record(c renda.Change) { tx.changes = append(tx.changes, c) }

// write runs fn in a write transaction as actor and commits it with its
// audit records. The error fn returns is returned unchanged. On SQLite the
// transaction may be committed together with others' (group commit): it
// returns only once the commit is durable.
func (db *DB) write(ctx context.Context, actor *renda.User, fn func(*Tx) error) error {
	if db.wq != nil {
		j := &writeJob{ctx: ctx, actor: actor, fn: fn, done: make(chan error, 1)}
		select {
		case db.wq <- j:
		case <-ctx.Done():
			return db.wrap(ctx.Err())
		}
		return db.wrap(<-j.done)
	}
	sqltx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err)
	}
	tx := &Tx{db: db, tx: sqltx, ctx: ctx, now: db.clock.Now().UTC(), actor: actor}
	if err := fn(tx); err != nil {
		_ = sqltx.Rollback()
		return db.wrap(err)
	}
	if err := tx.finishAudit(); err != nil {
		_ = sqltx.Rollback()
		return db.wrap(err)
	}
	if err := sqltx.Commit(); err != nil {
		return db.wrap(err)
	}
	return nil
}

// writeJob is one write transaction waiting for the SQLite writer.
type writeJob struct {
	ctx   context.Context
	actor *renda.User
	fn    func(*Tx) error
	done  chan error
}

// maxGroup is how many transactions one commit carries at most.
const maxGroup = 64

// writer runs SQLite's write transactions, several to a commit: it takes
// the jobs waiting (at most maxGroup), runs each inside a savepoint of one
// transaction — a job that fails is rolled back to its savepoint and told,
// the others go on — and commits once, so one fsync makes many requests
// durable. Each job learns its outcome only after the sync that follows
// the commit (syncer), while the writer runs the next group. A job whose
// request was cancelled before its turn is not run; once running, a job
// ignores cancellation (interrupting SQLite mid-statement would roll back
// the whole group).
func (db *DB) writer() {
	synced := make(chan struct{})
	go db.syncer(synced)
	defer func() {
		close(db.syncq)
		<-synced
		close(db.wqClosed)
	}()
	for j := range db.wq {
		db.commitGroup(takeWaiting(db.wq, []*writeJob{j}, maxGroup))
	}
}

func (db *DB) commitGroup(group []*writeJob) {
	ctx := context.Background()
	errs := make([]error, len(group))
	finish := func(commitErr error) {
		if commitErr != nil {
			db.forgetConfig()
		}
		for i, j := range group {
			if errs[i] == nil {
				errs[i] = commitErr
			}
			j.done <- errs[i]
		}
	}
	// The group's commit writes its WAL frames without waiting for them to
	// reach the disk (synchronous NORMAL for this commit only); the syncer
	// makes them durable and only then tells the group, while this
	// goroutine runs the next group (see syncer).
	if _, err := db.w.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		finish(err)
		return
	}
	if !db.subjInMemory {
		// Each job runs in a savepoint, and SQLite keeps the pages a job
		// changes that an earlier job of the group changed too in a
		// sub-journal, a temporary file past 64 KB: a sixth of a
		// submission's CPU went to writing it. Temporary files in memory
		// keep it there (a group's few hundred KB). Set here, after the
		// migrations, whose sorts may be large, on the writer's one
		// connection.
		if _, err := db.w.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
			finish(err)
			return
		}
		db.subjInMemory = true
	}
	defer db.w.ExecContext(ctx, "PRAGMA synchronous = FULL")
	sqltx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		finish(err)
		return
	}
	fail := func(err error) {
		_ = sqltx.Rollback()
		finish(err)
	}
	idx := &indexQueue{}
	ran := false
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := sqltx.ExecContext(ctx, "SAVEPOINT job"); err != nil {
			errs[i] = err
			continue
		}
		idx.start()
		tx := &Tx{db: db, tx: sqltx, ctx: ctx, now: db.clock.Now().UTC(), actor: j.actor, idx: idx}
		err := runJob(tx, j.fn)
		if err == nil {
			err = tx.finishAudit()
		}
		tx.closeStmts()
		if err != nil {
			errs[i] = err
			idx.rollback()
			if _, rerr := sqltx.ExecContext(ctx, "ROLLBACK TO job"); rerr != nil {
				// The transaction is lost: nobody's work in it is kept.
				fail(fmt.Errorf("store: rollback to savepoint: %w", rerr))
				return
			}
		} else {
			idx.release()
			ran = true
		}
		if _, err := sqltx.ExecContext(ctx, "RELEASE job"); err != nil {
			fail(fmt.Errorf("store: release savepoint: %w", err))
			return
		}
	}
	if !ran {
		_ = sqltx.Rollback()
		db.syncq <- finish // nothing to sync, but told in order
		return
	}
	// The group's search entries, in one go (see indexQueue).
	tx := &Tx{db: db, tx: sqltx, ctx: ctx, now: db.clock.Now().UTC()}
	if err := runJob(tx, func(tx *Tx) error { return tx.indexDocs(idx.done) }); err != nil {
		fail(fmt.Errorf("store: search index: %w", err))
		return
	}
	if err := sqltx.Commit(); err != nil {
		finish(err)
		return
	}
	db.syncq <- finish
}

// syncer makes the groups' commits durable: it takes every group committed
// since its last sync, syncs the WAL once (fsync: the frames of each, and
// of anything committed before, are then on the disk) and only then tells
// each group's jobs their outcome. Meanwhile the writer runs the next
// group, so the disk's wait and the work of the next requests overlap: one
// fsync after another, each making every commit since the one before
// durable. A checkpoint (run inside a commit) syncs the WAL before it
// copies frames to the database and the database after, so a commit's
// frames are durable in one or the other. Nothing is acknowledged before
// the sync that covers it; what is committed is visible to readers a few
// milliseconds before, as with any commit. If the sync fails, each job
// waiting on it is told so.
func (db *DB) syncer(done chan<- struct{}) {
	defer close(done)
	for first := range db.syncq {
		batch := takeWaiting(db.syncq, []func(error){first}, math.MaxInt)
		err := db.sync()
		if err != nil {
			db.log.Error("sync of the write-ahead log failed", "err", err)
			err = fmt.Errorf("store: the change could not be made durable: %w", err)
		}
		for _, tell := range batch {
			tell(err)
		}
	}
}

// takeWaiting adds to batch what is waiting in ch, without waiting, until
// batch holds max or ch is empty or closed.
func takeWaiting[T any](ch <-chan T, batch []T, max int) []T {
	for len(batch) < max {
		select {
		case next, ok := <-ch:
			if !ok {
				return batch
			}
			batch = append(batch, next)
		default:
			return batch
		}
	}
	return batch
}

// syncWAL fsyncs the SQLite write-ahead log (opened anew each time: a
// checkpoint may have restarted it). A missing log has nothing to sync.
func (db *DB) syncWAL() error {
	f, err := os.OpenFile(db.path+"-wal", os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// runJob runs a job's function, turning a panic into its error so that one
// request cannot stop the writer for everyone.
func runJob(tx *Tx, fn func(*Tx) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: panic in a write transaction: %v", p)
		}
	}()
	return fn(tx)
}

// read runs fn in a read-only transaction, for a consistent list and count.
func (db *DB) read(ctx context.Context, fn func(*Tx) error) error {
	sqltx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err)
	}
	defer sqltx.Rollback()
	tx := &Tx{db: db, tx: sqltx, ctx: ctx, now: db.clock.Now().UTC()}
	return db.wrap(fn(tx))
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	if st := tx.prepared(q); st != nil {
		return st.ExecContext(tx.ctx, args...)
	}
	return tx.tx.ExecContext(tx.ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) query(q string, args ...any) (*sql.Rows, error) {
	if st := tx.prepared(q); st != nil {
		return st.QueryContext(tx.ctx, args...)
	}
	return tx.tx.QueryContext(tx.ctx, tx.db.rebind(q), args...)
}

// each runs q and calls fn on each row, closing the rows when done.
func (tx *Tx) each(q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (tx *Tx) queryRow(q string, args ...any) *sql.Row {
	if st := tx.prepared(q); st != nil {
		return st.QueryRowContext(tx.ctx, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, tx.db.rebind(q), args...)
}

// prepared returns a statement prepared once in this transaction, when the
// transaction keeps them (a long seeding transaction running the same
// queries thousands of times); nil otherwise.
func (tx *Tx) prepared(q string) *sql.Stmt {
	if tx.stmts == nil {
		return nil
	}
	if st, ok := tx.stmts[q]; ok {
		return st
	}
	st, err := tx.tx.PrepareContext(tx.ctx, tx.db.rebind(q))
	if err != nil {
		return nil // the unprepared path reports the error
	}
	tx.stmts[q] = st
	return st
}

// count runs a SELECT COUNT(*) query.
func (tx *Tx) count(q string, args ...any) (int, error) {
	var n int
	err := tx.queryRow(q, args...).Scan(&n)
	return n, err
}

// exists reports whether a query returns a row.
func (tx *Tx) exists(q string, args ...any) (bool, error) {
	var one int
	err := tx.queryRow(q, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// forUpdate is appended to a SELECT that must lock its rows on PostgreSQL
// (SQLite's single writer already serialises write transactions).
func (db *DB) forUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// skipLocked is forUpdate for work queues: rows locked by another server
// are skipped rather than waited for.
func (db *DB) skipLocked() string {
	if db.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

var rebound sync.Map

// rebind turns ? placeholders into $1, $2, … for PostgreSQL. Queries never
// contain a literal question mark.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// --- errors ---

// wrap translates driver errors into renda errors: unique and foreign-key
// violations become conflicts the user can understand; other errors pass.
func (db *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	var re *renda.Error
	if errors.As(err, &re) {
		return err
	}
	switch {
	case isUnique(err):
		return &renda.Error{Code: renda.ECONFLICT, Message: "与已有记录重复（编号、名称或代码已被使用）"}
	case isForeignKey(err):
		return &renda.Error{Code: renda.ECONFLICT, Message: "所引用的记录不存在，或本记录仍被其他记录引用"}
	}
	return err
}

func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func isForeignKey(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// notFound turns sql.ErrNoRows into a renda ENOTFOUND with msg.
func notFound(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return &renda.Error{Code: renda.ENOTFOUND, Message: msg}
	}
	return err
}

// closeStmts closes the statements this transaction prepared.
func (tx *Tx) closeStmts() {
	for q, st := range tx.stmts {
		st.Close()
		delete(tx.stmts, q)
	}
}
