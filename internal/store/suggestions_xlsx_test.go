package store_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// TestSuggestionSummaryOpensInLibreOffice writes the 办理情况汇总表 and has
// LibreOffice convert it to UTF-8 CSV: the Chinese text must come back intact.
func TestSuggestionSummaryOpensInLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		storetest.SkipOrFail(t, "libreoffice is not installed (apt-get install -y libreoffice-calc)")
	}
	clock := renda.NewTestClock(time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST))
	db := storetest.Open(t, store.SQLite, clock)
	e := &sugEnv{t: t, db: db, clock: clock, f: storetest.Fixture(t, db), ctx: context.Background()}
	s := e.assigned()
	e.act(e.f.UnitUser, s.ID, "contact", renda.V("method", "phone"))
	e.act(e.f.UnitUser, s.ID, "reply", renda.V("category", "B", "text", "已列入计划"))
	dir := t.TempDir()
	path := filepath.Join(dir, "汇总表.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.WriteSuggestionSummary(e.ctx, e.f.Staff, store.SuggestionStatsFilter{Year: 2024}, "2024年代表议案建议办理情况汇总表", out); err != nil {
		t.Fatal(err)
	}
	out.Close()
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "汇总表.csv"))
	if err != nil {
		t.Fatalf("no CSV: %v", err)
	}
	text := string(csv)
	for _, want := range []string{"2024年代表议案建议办理情况汇总表", "十八届四次会议第1号", "关于加快城区背街小巷改造的建议", "王建国", "刘秀兰",
		"常宁市住房和城乡建设局", "常宁市水利局（协办）", "城乡建设", "已答复", "2024-04-10"} {
		if !strings.Contains(text, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "??") {
		t.Errorf("Chinese turned into question marks:\n%s", text)
	}
}
