package store

import (
	"fmt"
	"time"

	"renda"
)

// Instants are stored as text in UTC with a fixed width, so that text order
// is time order on both databases; days as 2006-01-02.
const tsFormat = "2006-01-02T15:04:05.000000Z"

// ts formats an instant for a query; the zero time becomes NULL.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(tsFormat)
}

// day formats a date for a query; the zero date becomes NULL.
func day(d renda.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// nz turns "" into NULL, for optional references.
func nz(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// tsScan scans a stored instant (or NULL) into t.
type tsScan struct{ t *time.Time }

func (s tsScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	case time.Time:
		*s.t = v.UTC()
	default:
		return fmt.Errorf("store: cannot scan %T as an instant", v)
	}
	return nil
}

func (s tsScan) parse(v string) error {
	if v == "" {
		*s.t = time.Time{}
		return nil
	}
	t, err := time.Parse(tsFormat, v)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, v)
	}
	if err != nil {
		return fmt.Errorf("store: bad instant %q", v)
	}
	*s.t = t
	return nil
}

// dayScan scans a stored day (or NULL) into d.
type dayScan struct{ d *renda.Date }

func (s dayScan) Scan(v any) error {
	var str string
	switch v := v.(type) {
	case nil:
		*s.d = renda.Date{}
		return nil
	case string:
		str = v
	case []byte:
		str = string(v)
	case time.Time:
		*s.d = renda.NewDate(v.Year(), v.Month(), v.Day())
		return nil
	default:
		return fmt.Errorf("store: cannot scan %T as a day", v)
	}
	d, err := renda.ParseDate(str)
	if err != nil {
		return fmt.Errorf("store: bad day %q", str)
	}
	*s.d = d
	return nil
}

// strScan scans text or NULL into a string ("" for NULL).
type strScan struct{ s *string }

func (s strScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.s = ""
	case string:
		*s.s = v
	case []byte:
		*s.s = string(v)
	default:
		*s.s = fmt.Sprint(v)
	}
	return nil
}

// intScan scans a number or NULL into an int (0 for NULL).
type intScan struct{ n *int }

func (s intScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.n = 0
	case int64:
		*s.n = int(v)
	case int32:
		*s.n = int(v)
	case float64:
		*s.n = int(v)
	case []byte, string:
		_, err := fmt.Sscan(fmt.Sprint(v), s.n)
		return err
	default:
		return fmt.Errorf("store: cannot scan %T as an int", v)
	}
	return nil
}

// boolScan scans a boolean stored as BOOLEAN (PostgreSQL) or 0/1 (SQLite).
type boolScan struct{ b *bool }

func (s boolScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.b = false
	case bool:
		*s.b = v
	case int64:
		*s.b = v != 0
	case string:
		*s.b = v == "1" || v == "true" || v == "t"
	case []byte:
		*s.b = string(v) == "1" || string(v) == "true" || string(v) == "t"
	default:
		return fmt.Errorf("store: cannot scan %T as a bool", v)
	}
	return nil
}

// Compile-time checks.
var _ = []interface{ Scan(any) error }{tsScan{}, dayScan{}, strScan{}, intScan{}, boolScan{}}
