package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"renda/assist"
)

// cmdAssist runs the assistance tools: renda assist eval measures routing
// and categorisation on labelled files, learning from --train only.
func cmdAssist(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) == 0 || args[0] != "eval" {
		return usageError{"usage: renda assist eval --task route|category --train TRAIN.json --test TEST.json"}
	}
	fs := flag.NewFlagSet("assist eval", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	task := fs.String("task", "", "route (lead unit of a suggestion from its title) or category (of an opinion from its subject and detail)")
	trainFile := fs.String("train", "", "labelled items to learn from (JSON array)")
	testFile := fs.String("test", "", "labelled items to measure on (JSON array); never learnt from")
	rest, err := parse(fs, args[1:], env)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *trainFile == "" || *testFile == "" {
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
		return usageError{"assist eval: --task is route or category"}
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
