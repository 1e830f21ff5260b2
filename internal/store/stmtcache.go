package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"reflect"

	"modernc.org/sqlite"
)

// SQLite compiles every statement it runs; for the short queries of a page
// the compiling costs as much as the running (a third of the database time of
// the public station page, measured with pprof). database/sql keeps no
// statements of its own for queries run by their text, and the SQLite driver
// keeps none either, so each SQLite connection here keeps the statements it
// compiled, by their text, up to stmtCacheSize of them (least recently used
// out first), and runs a query again by resetting its statement. A statement
// still being read (an open Rows) is not shared: the same text asked for
// while it is busy is compiled afresh, as before. PostgreSQL needs none of
// this: pgx caches prepared statements per connection itself.

// 64 a connection: 256 held about 8 MB more of the server's peak memory at a
// province's volume, with no page measurably faster for it (a page's
// statements are a few, and the popular ones stay among the recent).
const stmtCacheSize = 64

// sqliteConnector opens SQLite connections that keep their statements.
type sqliteConnector struct {
	dsn string
	drv *sqlite.Driver
}

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

func (c sqliteConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what the wrapper needs of the driver's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachedStmt struct {
	query string
	stmt  interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	busy bool
	elem *list.Element
}

type cachingConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
	lru   *list.List // front: most recently used
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("store: the SQLite driver's connection lacks an interface the statement cache needs: " + reflect.TypeOf(c).String())
	}
	return &cachingConn{sqliteConn: sc, stmts: map[string]*cachedStmt{}, lru: list.New()}, nil
}

// statement returns the connection's idle compiled statement for q, compiling
// it on first use; nil when it is busy (the caller runs q uncached).
func (c *cachingConn) statement(ctx context.Context, q string) (*cachedStmt, error) {
	if s := c.stmts[q]; s != nil {
		if s.busy {
			return nil, nil
		}
		c.lru.MoveToFront(s.elem)
		return s, nil
	}
	ds, err := c.sqliteConn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	st, ok := ds.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		ds.Close()
		return nil, nil
	}
	s := &cachedStmt{query: q, stmt: st}
	s.elem = c.lru.PushFront(s)
	c.stmts[q] = s
	// Drop the least recently used idle statements beyond the limit.
	for e := c.lru.Back(); e != nil && c.lru.Len() > stmtCacheSize; {
		prev := e.Prev()
		if old := e.Value.(*cachedStmt); !old.busy && old != s {
			c.lru.Remove(e)
			delete(c.stmts, old.query)
			old.stmt.Close()
		}
		e = prev
	}
	return s, nil
}

func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.statement(ctx, q)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.QueryContext(ctx, q, args)
	}
	s.busy = true
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		s.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, s: s}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.statement(ctx, q)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.ExecContext(ctx, q, args)
	}
	s.busy = true
	defer func() { s.busy = false }()
	return s.stmt.ExecContext(ctx, args)
}

// Close finalises the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	for _, s := range c.stmts {
		s.stmt.Close()
	}
	c.stmts = nil
	return c.sqliteConn.Close()
}

// cachedRows gives its statement back when closed (the driver resets it).
type cachedRows struct {
	driver.Rows
	s      *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if !r.closed {
		r.closed = true
		r.s.busy = false
	}
	return err
}

// The driver's column types, passed on for sql.Rows.ColumnTypes.

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
