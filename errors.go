package renda

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in one table (internal/httpx).
const (
	EINVALID      = "invalid"            // the input is wrong; the message says how
	EMALFORMED    = "malformed"          // the request body cannot be read at all (e.g. broken JSON)
	ENOTFOUND     = "not_found"          // no such object, or the caller may not see it
	EMETHOD       = "method_not_allowed" // the address exists but not for this HTTP method
	EFORBIDDEN    = "forbidden"          // the caller may see the object but not do this
	ECONFLICT     = "conflict"           // the object's state does not allow this now
	EUNAUTHORIZED = "unauthorized"       // not signed in, or wrong credentials
	ETOOMANY      = "too_many"           // throttled
	ETOOLARGE     = "too_large"          // request or file too large
	EINTERNAL     = "internal"           // a bug or an outage; never shown in detail
)

// Error is renda's one error type. Message is written for the person who
// will read it (Chinese first); Fields names the input fields at fault.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// FieldError says what is wrong with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("renda %s: %s (%s: %s)", e.Code, e.Message, e.Fields[0].Field, e.Fields[0].Message)
	}
	return fmt.Sprintf("renda %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message: their detail belongs in the log, not on a page.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "系统内部错误，请稍后再试或联系管理员。"
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems struct {
	fields []FieldError
}

// Add records that field is wrong.
func (p *Problems) Add(field, format string, args ...any) {
	p.fields = append(p.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Has reports whether field already has a problem.
func (p *Problems) Has(field string) bool {
	for _, f := range p.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when nothing was added, else an EINVALID *Error listing every field.
func (p *Problems) Err() error {
	if len(p.fields) == 0 {
		return nil
	}
	msg := "输入有误：" + p.fields[0].Message
	if len(p.fields) > 1 {
		msg = fmt.Sprintf("输入有误（共 %d 处）：%s 等", len(p.fields), p.fields[0].Message)
	}
	return &Error{Code: EINVALID, Message: msg, Fields: p.fields}
}
