package consultation_test

import (
	"testing"
	"time"

	"renda"
	"renda/consultation"
)

func env(day renda.Date, facts any, rel ...string) *renda.Env {
	return &renda.Env{Now: day.Start().Add(9 * time.Hour), Rel: rel, Settings: renda.NewSettings(nil),
		Calendar: renda.NewCalendar(renda.ChinaHolidays()), Facts: facts}
}

// TestLawPeriodBoundary: a law's draft is open at least 30 days: closing on
// the 29th day after opening is refused, on the 30th accepted; comments are
// taken up to and including the last day (a holiday) and refused after it.
func TestLawPeriodBoundary(t *testing.T) {
	opens := renda.NewDate(2026, 9, 1)
	mk := func(closes renda.Date) (*consultation.Consultation, error) {
		in := renda.NewInput().Set("title", "中华人民共和国某某法（草案）").Set("kind", "law").Set("body", "第一条 为了……").
			SetDate("opens_on", opens).SetDate("closes_on", closes)
		c, _, err := consultation.Flow.Apply(&consultation.Consultation{ID: "c1"}, "create", in, env(opens, nil, "staff"))
		return c, err
	}
	if _, err := mk(renda.NewDate(2026, 9, 30)); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("29 days: %v, want EINVALID", err)
	}
	c, err := mk(renda.NewDate(2026, 10, 1))
	if err != nil {
		t.Fatalf("30 days: %v", err)
	}
	if c, _, err = consultation.Flow.Apply(c, "open", nil, env(opens, nil, "staff")); err != nil {
		t.Fatal(err)
	}
	comment := func(day renda.Date) error {
		_, _, err := consultation.CommentFlow.Apply(&consultation.Comment{ID: "m1"}, "submit", renda.NewInput().Set("text", "建议增加一款"),
			env(day, &consultation.CommentFacts{Consultation: c}, "public"))
		return err
	}
	if err := comment(renda.NewDate(2026, 10, 1)); err != nil {
		t.Errorf("comment on the last day: %v", err)
	}
	if err := comment(renda.NewDate(2026, 10, 2)); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("comment after the last day: %v, want ECONFLICT", err)
	}
	if _, _, err := consultation.Flow.Apply(c, "close", nil, env(renda.NewDate(2026, 10, 1), nil, "system")); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("the sweep closes on the last day: %v, want ECONFLICT", err)
	}
	if _, _, err := consultation.Flow.Apply(c, "close", nil, env(renda.NewDate(2026, 10, 2), nil, "system")); err != nil {
		t.Errorf("the sweep closes the day after: %v", err)
	}
}
