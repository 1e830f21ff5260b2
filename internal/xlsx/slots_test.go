package xlsx

import (
	"errors"
	"testing"
	"time"
)

// TestBooksBounded: at most one book per two processors exists at once, from
// its build until it is closed (its rows and, while written, its zipped
// file are in memory); a build beyond that waits for a Close, and a failed
// build gives its place back.
func TestBooksBounded(t *testing.T) {
	sheet := Sheet{Name: "表", Columns: []Column{{Header: "名称"}}, Rows: [][]any{{"一"}}}
	var books []*Book
	for range cap(slots) {
		b, err := Build(sheet)
		if err != nil {
			t.Fatal(err)
		}
		books = append(books, b)
	}
	done := make(chan *Book)
	go func() {
		b, err := Build(sheet)
		if err != nil {
			t.Error(err)
		}
		done <- b
	}()
	select {
	case b := <-done:
		b.Close()
		t.Fatalf("a build beyond %d books did not wait for one to be closed", len(books))
	case <-time.After(300 * time.Millisecond):
	}
	books[0].Close()
	books[0].Close() // closing twice gives back one place only
	select {
	case b := <-done:
		books[0] = b
	case <-time.After(10 * time.Second):
		t.Fatal("a closed book's place was not given to the waiting build")
	}
	for _, b := range books {
		b.Close()
	}
	if len(slots) != 0 {
		t.Errorf("%d places still taken after every book was closed", len(slots))
	}
	// A failed build (its rows' source fails) takes no place.
	broken := Sheet{Name: "表", Columns: sheet.Columns, Each: func(func([]any) error) error { return errors.New("read failed") }}
	if _, err := Build(broken); err == nil {
		t.Error("a sheet whose rows failed built")
	}
	if len(slots) != 0 {
		t.Errorf("a failed build kept its place: %d taken", len(slots))
	}
}
