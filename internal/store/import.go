package store

import (
	"context"
	"strconv"
	"strings"

	"renda"
	"renda/internal/xlsx"
)

// DeputyColumns are the columns of the deputies workbook (export, template, import).
var DeputyColumns = []xlsx.Column{
	{Header: "代码", Width: 12, Help: "代表的公开代码；留空则新增，填写已有代码则更新该代表"},
	{Header: "姓名", Width: 10, Required: true},
	{Header: "性别", Width: 6, Required: true, Help: "男 或 女"},
	{Header: "民族", Width: 8, Required: true},
	{Header: "出生年份", Width: 9},
	{Header: "政治面貌", Width: 12},
	{Header: "工作单位及职务", Width: 30},
	{Header: "代表构成", Width: 14},
	{Header: "所属人大", Width: 24, Required: true, Help: "与系统中人大名称一致，如 某某市人民代表大会"},
	{Header: "届次", Width: 6, Required: true, Help: "数字，如 18"},
	{Header: "代表团", Width: 16},
	{Header: "选区", Width: 16},
	{Header: "专业小组", Width: 14},
	{Header: "所在乡镇", Width: 12, Help: "代表进站履职的乡镇（街道）名称"},
	{Header: "手机号码", Width: 14},
	{Header: "状态", Width: 8, Help: "在任、暂停履职 或 资格终止；留空为在任"},
	{Header: "备注", Width: 20},
}

var deputyFieldColumn = map[string]string{
	"name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_year": "出生年份", "party": "政治面貌", "occupation": "工作单位及职务",
	"sector": "代表构成", "congress_id": "所属人大", "term_id": "届次", "delegation_id": "代表团", "district": "选区", "group_id": "专业小组",
	"region_id": "所在乡镇", "phone": "手机号码", "status": "状态", "note": "备注", "code": "代码",
}

// DeputyRows returns deputies as rows of DeputyColumns, phones shown as viewer may see them.
func DeputyRows(ds []*renda.Deputy) [][]any {
	rows := make([][]any, 0, len(ds))
	for _, d := range ds {
		var by, term any // numbers, as numbers; empty when unknown
		if d.BirthYear > 0 {
			by = d.BirthYear
		}
		if d.TermNumber > 0 {
			term = d.TermNumber
		}
		rows = append(rows, []any{d.Code, d.Name, d.Gender, d.Ethnicity, by, d.Party, d.Occupation, d.Sector, d.CongressName,
			term, d.DelegationName, d.District, d.GroupName, d.RegionName, d.Phone, d.Status.Label(), d.Note})
	}
	return rows
}

// ImportDeputies creates or updates deputies from workbook rows in one
// transaction. Every bad row and column is reported in an *xlsx.ImportError
// (together with earlier problems passed in), and then nothing is imported.
func (db *DB) ImportDeputies(ctx context.Context, actor *renda.User, rows []xlsx.Row, problems []xlsx.RowError) (created, updated int, err error) {
	if !renda.CanManageReference(actor) {
		return 0, 0, renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以导入代表")
	}
	err = db.write(ctx, actor, func(tx *Tx) error {
		errs := append([]xlsx.RowError(nil), problems...)
		congresses, err := tx.nameIndex("SELECT name, id FROM congresses")
		if err != nil {
			return err
		}
		groups, err := tx.nameIndex("SELECT name, id FROM deputy_groups")
		if err != nil {
			return err
		}
		regions, err := tx.nameIndex("SELECT name, id FROM regions WHERE level = 'township' AND valid_to IS NULL")
		if err != nil {
			return err
		}
		existing, err := tx.nameIndex("SELECT code, id FROM deputies")
		if err != nil {
			return err
		}
		type item struct {
			line int
			d    *renda.Deputy
		}
		var items []item
		seenCodes := map[string]int{}
		for _, row := range rows {
			bad := func(col, msg string) { errs = append(errs, xlsx.RowError{Line: row.Line, Column: col, Message: msg}) }
			d := &renda.Deputy{Code: row.Get("代码"), Name: row.Get("姓名"), Gender: row.Get("性别"), Ethnicity: row.Get("民族"),
				Party: row.Get("政治面貌"), Occupation: row.Get("工作单位及职务"), Sector: row.Get("代表构成"), District: row.Get("选区"),
				Phone: row.Get("手机号码"), Note: row.Get("备注")}
			if d.Code != "" {
				if prev, dup := seenCodes[d.Code]; dup {
					bad("代码", "与第 "+strconv.Itoa(prev)+" 行的代码重复")
				}
				seenCodes[d.Code] = row.Line
				d.ID = existing[d.Code]
				if d.ID == "" {
					bad("代码", "系统中没有代码为“"+d.Code+"”的代表；新增代表请将代码留空")
				}
			}
			if v := row.Get("出生年份"); v != "" {
				n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
				if err != nil {
					bad("出生年份", "应为四位数字年份，如 1975")
				}
				d.BirthYear = n
			}
			switch row.Get("状态") {
			case "", "在任":
				d.Status = renda.DeputyActive
			case "暂停履职", "暂停执行代表职务":
				d.Status = renda.DeputySuspended
			case "资格终止", "终止":
				d.Status = renda.DeputyTerminated
			default:
				bad("状态", "应为 在任、暂停履职 或 资格终止")
				d.Status = renda.DeputyActive
			}
			if name := row.Get("所属人大"); name != "" {
				if d.CongressID = congresses[name]; d.CongressID == "" {
					bad("所属人大", "系统中没有“"+name+"”")
				}
			}
			if v := row.Get("届次"); v != "" {
				n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(v, "第"), "届"), ".0"))
				switch {
				case err != nil:
					bad("届次", "应为数字，如 18") // reported even when the congress is unknown too
				case d.CongressID == "":
					// the congress is reported above: the term cannot be looked up
				case tx.queryRow("SELECT id FROM terms WHERE congress_id = ? AND number = ?", d.CongressID, n).Scan(&d.TermID) != nil:
					bad("届次", "“"+row.Get("所属人大")+"”没有第 "+strconv.Itoa(n)+" 届")
				}
			}
			if name := row.Get("代表团"); name != "" && d.TermID != "" {
				if err := tx.queryRow("SELECT id FROM delegations WHERE term_id = ? AND name = ?", d.TermID, name).Scan(&d.DelegationID); err != nil {
					bad("代表团", "本届没有“"+name+"”")
				}
			}
			if name := row.Get("专业小组"); name != "" {
				if d.GroupID = groups[name]; d.GroupID == "" {
					bad("专业小组", "系统中没有专业小组“"+name+"”")
				}
			}
			if name := row.Get("所在乡镇"); name != "" {
				if d.RegionID = regions[name]; d.RegionID == "" {
					bad("所在乡镇", "系统中没有乡镇（街道）“"+name+"”")
				}
			}
			congressID, termID := d.CongressID, d.TermID
			if congressID == "" {
				d.CongressID = "0000000000placeholder" // reported above; keeps Validate to the other fields
			}
			if termID == "" {
				d.TermID = "0000000000placeholder"
			}
			if err := d.Validate(); err != nil {
				for _, fe := range renda.ErrorFields(err) {
					if fe.Field != "congress_id" && fe.Field != "term_id" {
						bad(deputyFieldColumn[fe.Field], fe.Message)
					}
				}
			}
			d.CongressID, d.TermID = congressID, termID
			items = append(items, item{row.Line, d})
		}
		if len(errs) > 0 {
			return xlsx.Problems(errs)
		}
		for _, it := range items {
			isNew := it.d.ID == ""
			if err := tx.saveDeputy(it.d, false); err != nil {
				return &xlsx.ImportError{Rows: []xlsx.RowError{{Line: it.line, Message: renda.ErrorMessage(db.wrap(err))}}}
			}
			if isNew {
				created++
			} else {
				updated++
			}
		}
		tx.Record(renda.Change{Action: "import", Entity: "deputy", EntityID: "xlsx", Note: "导入代表 " + strconv.Itoa(len(items)) + " 名"})
		return nil
	})
	return created, updated, err
}

// nameIndex reads a two-column query into a map from the first column to the second.
func (tx *Tx) nameIndex(q string, args ...any) (map[string]string, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// OrgColumns are the columns of the organisations workbook.
var OrgColumns = []xlsx.Column{
	{Header: "单位代码", Width: 12, Required: true, Help: "字母、数字、- 或 _；已有代码则更新该单位"},
	{Header: "单位名称", Width: 32, Required: true},
	{Header: "简称", Width: 12},
	{Header: "类别", Width: 14, Required: true, Help: "如 政府工作部门、乡镇（街道）、人民法院"},
	{Header: "上级单位代码", Width: 12},
	{Header: "承办单位", Width: 9, Help: "是 或 否"},
	{Header: "联系人", Width: 10},
	{Header: "联系电话", Width: 14},
	{Header: "地址", Width: 30},
	{Header: "排序", Width: 6},
}

var orgFieldColumn = map[string]string{"code": "单位代码", "name": "单位名称", "short_name": "简称", "kind": "类别", "parent_id": "上级单位代码",
	"contact_person": "联系人", "contact_phone": "联系电话", "address": "地址"}

// OrgRows returns organisations as rows of OrgColumns.
func OrgRows(os []*renda.Organization, codeOf map[string]string) [][]any {
	rows := make([][]any, 0, len(os))
	for _, o := range os {
		h := "否"
		if o.HandlingUnit {
			h = "是"
		}
		rows = append(rows, []any{o.Code, o.Name, o.ShortName, o.Kind.Label(), codeOf[o.ParentID], h, o.ContactPerson, o.ContactPhone, o.Address, o.Sort})
	}
	return rows
}

// ImportOrganizations creates or updates organisations from workbook rows,
// all or nothing, reporting every bad row and column.
func (db *DB) ImportOrganizations(ctx context.Context, actor *renda.User, rows []xlsx.Row, problems []xlsx.RowError) (created, updated int, err error) {
	if !renda.CanManageReference(actor) {
		return 0, 0, renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以导入单位")
	}
	kinds := map[string]renda.OrgKind{}
	for _, k := range renda.OrgKinds {
		kinds[k.Label()] = k
		kinds[string(k)] = k
	}
	err = db.write(ctx, actor, func(tx *Tx) error {
		errs := append([]xlsx.RowError(nil), problems...)
		existing, err := tx.nameIndex("SELECT code, id FROM organizations")
		if err != nil {
			return err
		}
		inFile := map[string]int{}
		for _, row := range rows {
			if c := row.Get("单位代码"); c != "" {
				if prev, dup := inFile[c]; dup {
					errs = append(errs, xlsx.RowError{Line: row.Line, Column: "单位代码", Message: "与第 " + strconv.Itoa(prev) + " 行重复"})
				}
				inFile[c] = row.Line
			}
		}
		type item struct {
			line       int
			o          *renda.Organization
			parentCode string
		}
		var items []item
		for _, row := range rows {
			bad := func(col, msg string) { errs = append(errs, xlsx.RowError{Line: row.Line, Column: col, Message: msg}) }
			o := &renda.Organization{Code: row.Get("单位代码"), Name: row.Get("单位名称"), ShortName: row.Get("简称"),
				ContactPerson: row.Get("联系人"), ContactPhone: row.Get("联系电话"), Address: row.Get("地址"), Active: true}
			o.ID = existing[o.Code]
			if k, ok := kinds[row.Get("类别")]; ok {
				o.Kind = k
			} else if row.Get("类别") != "" {
				bad("类别", "类别“"+row.Get("类别")+"”不存在")
				o.Kind = renda.OrgOther
			}
			switch row.Get("承办单位") {
			case "是", "Y", "y", "1", "true":
				o.HandlingUnit = true
			case "", "否", "N", "n", "0", "false":
			default:
				bad("承办单位", "应为 是 或 否")
			}
			if v := row.Get("排序"); v != "" {
				n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
				if err != nil {
					bad("排序", "应为整数")
				}
				o.Sort = n
			}
			pc := row.Get("上级单位代码")
			if pc != "" && existing[pc] == "" && inFile[pc] == 0 {
				bad("上级单位代码", "没有代码为“"+pc+"”的单位")
			}
			if err := o.Validate(); err != nil {
				for _, fe := range renda.ErrorFields(err) {
					if fe.Field != "kind" || row.Get("类别") == "" {
						bad(orgFieldColumn[fe.Field], fe.Message)
					}
				}
			}
			items = append(items, item{row.Line, o, pc})
		}
		if len(errs) > 0 {
			return xlsx.Problems(errs)
		}
		// Two passes: first every unit, then the links to parents in the file.
		for _, it := range items {
			isNew := it.o.ID == ""
			if !isNew {
				if err := tx.queryRow("SELECT active FROM organizations WHERE id = ?", it.o.ID).Scan(boolScan{&it.o.Active}); err != nil {
					return err
				}
			}
			parent := it.o.ParentID
			it.o.ParentID = existing[it.parentCode]
			if it.o.ParentID == "" {
				it.o.ParentID = parent
			}
			if err := tx.saveOrganization(it.o, false); err != nil {
				return &xlsx.ImportError{Rows: []xlsx.RowError{{Line: it.line, Message: renda.ErrorMessage(db.wrap(err))}}}
			}
			existing[it.o.Code] = it.o.ID
			if isNew {
				created++
			} else {
				updated++
			}
		}
		for _, it := range items {
			if it.parentCode != "" && it.o.ParentID != existing[it.parentCode] {
				if _, err := tx.exec("UPDATE organizations SET parent_id = ? WHERE id = ?", existing[it.parentCode], it.o.ID); err != nil {
					return err
				}
			}
		}
		tx.Record(renda.Change{Action: "import", Entity: "organization", EntityID: "xlsx", Note: "导入单位 " + strconv.Itoa(len(items)) + " 个"})
		return nil
	})
	return created, updated, err
}
