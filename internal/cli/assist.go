package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"renda/assist"
)

// cmdAssist runs the assistance tools: renda assist eval measures routing
// and categorisation on labelled files, learning from --train only.
func cmdAssist(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 || args[0] != "eval" {
		return usageError{"usage: renda assist eval --task route|category --train TRAIN.json --test TEST.json\n       renda assist eval --task neardup --messages MESSAGES.json --pairs LABELS.tsv [--threshold 0.30]"}
	}
	fs := flag.NewFlagSet("assist eval", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	task := fs.String("task", "", "route (lead unit of a suggestion from its title) or category (of an opinion from its subject and detail)")
	trainFile := fs.String("train", "", "labelled items to learn from (JSON array)")
	testFile := fs.String("test", "", "labelled items to measure on (JSON array); never learnt from")
	messagesFile := fs.String("messages", "", "neardup: the messages (JSON array of id, subject, detail)")
	pairsFile := fs.String("pairs", "", "neardup: labelled pairs, one per line: id TAB id TAB 1|0 (lines starting with # and the header skipped)")
	threshold := fs.Float64("threshold", 0.30, "neardup: the similarity at or above which a pair is detected (the assist.case_similarity setting's default)")
	rest, err := parse(fs, args[1:], env)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError{"assist eval: unexpected arguments"}
	}
	if *task == "neardup" {
		if *messagesFile == "" || *pairsFile == "" {
			return usageError{"assist eval --task neardup: give --messages and --pairs"}
		}
		var msgs []assist.Message
		if err := readJSONFile(*messagesFile, &msgs); err != nil {
			return err
		}
		pairs, err := readPairs(*pairsFile)
		if err != nil {
			return err
		}
		res, err := assist.EvalNearDup(msgs, pairs, *threshold)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(io.Out)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	if *trainFile == "" || *testFile == "" {
		return usageError{"assist eval: give --task, --train and --test"}
	}
	var out any
	switch *task {
	case "route":
		var train, test []assist.RouteItem
		if err := readJSONFile(*trainFile, &train); err != nil {
			return err
		}
		if err := readJSONFile(*testFile, &test); err != nil {
			return err
		}
		if out, err = assist.EvalRoute(train, test, nil); err != nil {
			return err
		}
	case "category":
		var train, test []assist.CategoryItem
		if err := readJSONFile(*trainFile, &train); err != nil {
			return err
		}
		if err := readJSONFile(*testFile, &test); err != nil {
			return err
		}
		if out, err = assist.EvalCategory(train, test, nil); err != nil {
			return err
		}
	default:
		return usageError{"assist eval: --task is route, category or neardup"}
	}
	enc := json.NewEncoder(io.Out)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: not a JSON array of items: %v", path, err)
	}
	return nil
}

// readPairs reads labelled pairs: id TAB id TAB 1 or 0 per line.
func readPairs(path string) ([]assist.Pair, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []assist.Pair
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "a\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || (f[2] != "0" && f[2] != "1") {
			return nil, fmt.Errorf("%s line %d: want id TAB id TAB 1|0", path, i+1)
		}
		out = append(out, assist.Pair{A: f[0], B: f[1], Same: f[2] == "1"})
	}
	return out, nil
}
