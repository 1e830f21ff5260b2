package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
)

func workbook(t *testing.T, cols []xlsx.Column, rows [][]any) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, xlsx.Sheet{Name: "表", Title: "导入", Columns: cols, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestImportDeputiesAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		row := func(name, gender, term, phone, town string) []any {
			return []any{"", name, gender, "汉族", "1980", "中共党员", "教师", "专业技术人员", "常宁市人民代表大会", term, "柏坊镇代表团", "", "", town, phone, "在任", ""}
		}
		bad := workbook(t, store.DeputyColumns, [][]any{
			row("赵一", "男", "18", "13900000001", "柏坊镇"),
			row("", "女", "18", "13900000002", "柏坊镇"),    // no name
			row("钱三", "不详", "17", "139", "不存在镇"),        // bad gender, no 17th term, bad phone, unknown town
			row("孙四", "女", "十八", "13900000004", "宜阳街道"), // 届次 must be a number
		})
		rows, probs, err := xlsx.Read(bad, store.DeputyColumns)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = db.ImportDeputies(ctx, f.Staff, rows, probs)
		var ie *xlsx.ImportError
		if !errorsAs(err, &ie) {
			t.Fatalf("import with bad rows: %v", err)
		}
		want := map[string]bool{"4/姓名": true, "5/性别": true, "5/届次": true, "5/手机号码": true, "5/所在乡镇": true, "6/届次": true}
		got := map[string]bool{}
		for _, p := range ie.Rows {
			got[itoa(p.Line)+"/"+p.Column] = true
		}
		for k := range want {
			if !got[k] {
				t.Errorf("not reported: row/column %s (got %v)", k, ie.Rows)
			}
		}
		if got["3/姓名"] || got["3/性别"] {
			t.Errorf("a good row reported: %v", ie.Rows)
		}
		if _, n, _ := db.Deputies(ctx, f.Staff, renda.DeputyFilter{}); n != 2 {
			t.Fatalf("a failed import wrote deputies: %d", n)
		}
		good := workbook(t, store.DeputyColumns, [][]any{row("赵一", "男", "18", "13900000001", "柏坊镇"), row("孙四", "女", "18", "", "宜阳街道")})
		rows, probs, err = xlsx.Read(good, store.DeputyColumns)
		if err != nil {
			t.Fatal(err)
		}
		created, updated, err := db.ImportDeputies(ctx, f.Staff, rows, probs)
		if err != nil || created != 2 || updated != 0 {
			t.Fatalf("import: %d %d %v", created, updated, err)
		}
		// Round trip: export, change one cell, import again → an update.
		all, _, _ := db.Deputies(ctx, f.Staff, renda.DeputyFilter{Limit: 100})
		exported := store.DeputyRows(all)
		for _, r := range exported {
			if r[1] == "赵一" {
				r[6] = "校长"
			}
		}
		rows, probs, err = xlsx.Read(workbook(t, store.DeputyColumns, exported), store.DeputyColumns)
		if err != nil {
			t.Fatal(err)
		}
		created, updated, err = db.ImportDeputies(ctx, f.Staff, rows, probs)
		if err != nil || created != 0 || updated != 4 {
			t.Fatalf("re-import: %d created, %d updated, %v", created, updated, err)
		}
		list, _, _ := db.Deputies(ctx, f.Admin, renda.DeputyFilter{Q: "赵一"})
		if len(list) != 1 || list[0].Occupation != "校长" || list[0].Phone != "13900000001" {
			t.Errorf("after round trip: %+v", list)
		}
		if _, _, err := db.ImportDeputies(ctx, f.UnitUser, rows, nil); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit imported deputies: %v", err)
		}
	})
}

func TestImportRejectsUnknownColumns(t *testing.T) {
	cols := append([]xlsx.Column{}, store.OrgColumns...)
	cols = append(cols, xlsx.Column{Header: "多余的列"})
	_, _, err := xlsx.Read(workbook(t, cols, [][]any{{"a", "b", "", "政府工作部门", "", "是", "", "", "", 1, "x"}}), store.OrgColumns)
	var ie *xlsx.ImportError
	if !errorsAs(err, &ie) || !strings.Contains(ie.Rows[0].Message, "多余的列") {
		t.Fatalf("unknown column: %v", err)
	}
	_, _, err = xlsx.Read(strings.NewReader("not a workbook"), store.OrgColumns)
	if renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("not a workbook: %v", err)
	}
}

func TestImportOrganizations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		rows, probs, err := xlsx.Read(workbook(t, store.OrgColumns, [][]any{
			{"jtj", "常宁市交通运输局", "交通运输局", "政府工作部门", "", "是", "王五", "0734-7221234", "", 10},
			{"jtj-1", "常宁市公路建设养护中心", "公路中心", "政府工作部门", "jtj", "是", "", "", "", 11},
			{"zjj", "常宁市住房和城乡建设局", "住建局", "政府工作部门", "", "是", "李明", "13900001111", "新地址", 5},
		}), store.OrgColumns)
		if err != nil {
			t.Fatal(err)
		}
		created, updated, err := db.ImportOrganizations(ctx, f.Admin, rows, probs)
		if err != nil || created != 2 || updated != 1 {
			t.Fatalf("import: %d %d %v", created, updated, err)
		}
		child, err := db.OrganizationByCode(ctx, f.Admin, "jtj-1")
		if err != nil || child.ParentName != "常宁市交通运输局" {
			t.Errorf("parent from the same file: %+v %v", child, err)
		}
		zjj, _ := db.OrganizationByCode(ctx, f.Admin, "zjj")
		if zjj.Address != "新地址" || zjj.ID != f.Unit1.ID {
			t.Errorf("update by code: %+v", zjj)
		}
	})
}
