package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"text/tabwriter"

	"renda/vote"
)

// voteCommands are the commands of the livelihood-project vote.
func voteCommands() map[string]func(context.Context, []string, Env, IO) error {
	return map[string]func(context.Context, []string, Env, IO) error{"vote": cmdVote}
}

func cmdVote(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 || args[0] != "tally" {
		return usageError{"usage: renda vote tally [--result RESULT.json | --adopt N --base N --pct P] BALLOTS.json"}
	}
	return cmdTally(ctx, args[1:], env, io)
}

// publishedBallot is one entry of GET /api/v1/votes/{id}/ballots.
type publishedBallot struct {
	Receipt string            `json:"receipt"`
	Choices map[string]string `json:"choices"`
}

// cmdTally recounts a published list of anonymous ballots with the same
// rules renda uses (vote.ComputeResult). Given renda's published result
// (--result, GET /api/v1/votes/{id}/result), it takes the rules, the base
// and the paper totals from it and checks that the recount agrees; it
// exits 1 if it does not.
func cmdTally(ctx context.Context, args []string, env Env, io IO) error {
	fs := flag.NewFlagSet("vote tally", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	resultFile := fs.String("result", "", "renda's published result (JSON) to check against; supplies --adopt, --base and the rules")
	adopt := fs.Int("adopt", 0, "number of projects to adopt (N)")
	base := fs.Int("base", 0, "number of eligible deputies the threshold is a share of (default: the number of ballots)")
	pct := fs.Int("pct", 50, "a project passes with more yes votes than this percentage of --base")
	ratingPct := fs.Int("rating-pct", 50, "rating votes: the percentage satisfied votes must exceed")
	rest, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"vote tally: give one file: the ballots as published (GET /api/v1/votes/{id}/ballots)"}
	}
	raw, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	var ballots []publishedBallot
	if err := json.Unmarshal(raw, &ballots); err != nil {
		return fmt.Errorf("%s: not a list of ballots: %w", rest[0], err)
	}
	seen := map[string]bool{}
	for _, b := range ballots {
		if seen[b.Receipt] {
			return fmt.Errorf("%s: receipt %s appears twice", rest[0], b.Receipt)
		}
		seen[b.Receipt] = true
	}

	v := &vote.Vote{Kind: vote.Livelihood, Adopt: *adopt}
	rules := vote.ResultRules{AdoptPct: *pct, RatingPct: *ratingPct}
	var want *vote.Result
	var paper *vote.PaperTotals
	eligible := *base
	if *resultFile != "" {
		rb, err := os.ReadFile(*resultFile)
		if err != nil {
			return err
		}
		want = &vote.Result{}
		if err := json.Unmarshal(rb, want); err != nil || want.Items == nil {
			return fmt.Errorf("%s: not a renda result (GET /api/v1/votes/{id}/result)", *resultFile)
		}
		v.Kind, v.Adopt, rules, eligible = want.Kind, want.Adopt, want.Rules, want.Eligible
		for _, it := range want.Items {
			v.Candidates = append(v.Candidates, vote.Candidate{ID: it.ID, Title: it.Title})
		}
		if want.Paper > 0 {
			paper = &vote.PaperTotals{Ballots: want.Paper, Counts: map[string]map[string]int{}, ConfirmedBy: "published"}
			for _, it := range want.Items {
				paper.Counts[it.ID] = it.Paper
			}
		}
	} else {
		var ids []string
		for _, b := range ballots {
			for id, c := range b.Choices {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
				if c == vote.ChoiceSatisfied || c == vote.ChoiceBasic || c == vote.ChoiceDissatisfied {
					v.Kind = vote.ProjectRating
				}
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			v.Candidates = append(v.Candidates, vote.Candidate{ID: id, Title: id})
		}
		if eligible == 0 {
			eligible = len(ballots)
		}
		if !v.Rating() && v.Adopt < 1 {
			return usageError{"vote tally: give --adopt N (or --result)"}
		}
	}
	var bs []vote.Ballot
	for _, b := range ballots {
		bs = append(bs, vote.Ballot(b.Choices))
	}
	got := vote.ComputeResult(v, bs, paper, eligible, eligible, rules)
	if rules.BaseAll && want != nil {
		got = vote.ComputeResult(v, bs, paper, eligible, want.Members, rules)
	}

	tw := tabwriter.NewWriter(io.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(io.Out, "选票 %d 张（电子 %d，纸质 %d）", got.Ballots, got.Electronic, got.Paper)
	if !v.Rating() {
		fmt.Fprintf(io.Out, "；通过需赞成 %d 票（基数 %d），拟选 %d 个", got.Needed, got.Base, v.Adopt)
	}
	fmt.Fprintln(io.Out)
	if v.Rating() {
		fmt.Fprintln(tw, "项目\t满意\t基本满意\t不满意\t结果")
		for _, it := range got.Items {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", it.Title, it.Counts[vote.ChoiceSatisfied], it.Counts[vote.ChoiceBasic], it.Counts[vote.ChoiceDissatisfied], it.Grade)
		}
	} else {
		fmt.Fprintln(tw, "名次\t项目\t赞成\t反对\t弃权\t结果")
		for _, it := range got.Items {
			outcome := "未当选"
			switch {
			case it.Adopted:
				outcome = "当选"
			case it.Tie:
				outcome = "票数相同，待主席团决定"
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%s\n", it.Rank, it.Title, it.Yes, it.No, it.Abstain, outcome)
		}
	}
	tw.Flush()
	for _, n := range got.Notes {
		fmt.Fprintln(io.Out, n)
	}
	if want == nil {
		return nil
	}
	var diffs []string
	if got.Ballots != want.Ballots {
		diffs = append(diffs, fmt.Sprintf("选票总数：重新计票 %d，renda 公布 %d", got.Ballots, want.Ballots))
	}
	for i, it := range got.Items {
		w := want.Items[i]
		decided := w.Decided != ""
		switch {
		case it.Yes != w.Yes || it.No != w.No || it.Abstain != w.Abstain:
			diffs = append(diffs, fmt.Sprintf("%s：重新计票 %d/%d/%d，renda 公布 %d/%d/%d", it.Title, it.Yes, it.No, it.Abstain, w.Yes, w.No, w.Abstain))
		case v.Rating() && !mapsEqual(it.Counts, w.Counts):
			diffs = append(diffs, fmt.Sprintf("%s：测评票数不一致", it.Title))
		case it.Grade != w.Grade:
			diffs = append(diffs, fmt.Sprintf("%s：重新计票为%s，renda 公布为%s", it.Title, it.Grade, w.Grade))
		case !decided && it.Adopted != w.Adopted:
			diffs = append(diffs, fmt.Sprintf("%s：重新计票%s当选，renda 公布%s当选", it.Title, yesNo(it.Adopted), yesNo(w.Adopted)))
		}
		if decided {
			fmt.Fprintf(io.Out, "注：“%s”由主席团决定%s。\n", w.Title, map[bool]string{true: "列入", false: "不列入"}[w.Adopted])
		}
	}
	if len(diffs) > 0 {
		for _, d := range diffs {
			fmt.Fprintln(io.Out, "不一致："+d)
		}
		return errors.New("the recount does not agree with renda's published result")
	}
	fmt.Fprintln(io.Out, "重新计票结果与 renda 公布的结果一致。")
	return nil
}

func yesNo(b bool) string {
	if b {
		return ""
	}
	return "未"
}

func mapsEqual(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
