package web_test

import (
	"context"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/supervision"
)

// TestDemoPaperInvalidOnTheResult: the demo's 两官评议 was rated partly on
// paper, with invalid marks; its result page shows the invalid column with
// the counts, to staff and (published) to the public.
func TestDemoPaperInvalidOnTheResult(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	ctx := context.Background()
	items, _, err := a.DB.SupervisionItems(ctx, a.World.Staff, supervision.Filter{Kind: supervision.KindEvaluation})
	if err != nil {
		t.Fatal(err)
	}
	var voteID string
	for _, it := range items {
		if strings.Contains(it.Title, "两官") {
			ids, err := a.DB.SupervisionVotes(ctx, it.ID)
			if err != nil || len(ids) != 1 {
				t.Fatalf("votes of %s: %v %v", it.Title, ids, err)
			}
			voteID = ids[0]
		}
	}
	if voteID == "" {
		t.Fatal("no 两官评议 in the demo")
	}
	res, err := a.DB.Result(ctx, voteID)
	if err != nil || res == nil || !res.AnyInvalid() {
		t.Fatalf("the 两官评议's result has no invalid marks: %v", err)
	}
	for _, who := range []string{"staff", ""} {
		page := a.Browser(who).Get("/votes/" + voteID)
		body := string(page.Body)
		if page.Status != 200 || !strings.Contains(body, `<th class="num">无效</th>`) {
			t.Errorf("%q: the result page (%d) has no column of invalid marks", who, page.Status)
		}
		for _, tl := range res.Items {
			if tl.Invalid > 0 && !strings.Contains(body, `<td class="num">1</td>`) {
				t.Errorf("%q: %s's invalid mark is not shown", who, tl.Title)
			}
		}
	}
	if en := a.Browser("").Get("/votes/" + voteID + "?lang=en"); !strings.Contains(string(en.Body), "Invalid") {
		t.Errorf("the English result page names no invalid marks")
	}
}
