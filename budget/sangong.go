package budget

// SanGongItem is one of the 三公经费 by the economic classification code
// that finance bureaus already use for it (部门预算支出经济分类科目):
// official travel abroad, official reception, and official vehicles (their
// purchase and their running costs).
type SanGongItem struct {
	Code, Name string
}

// SanGongItems in the order of the published 三公经费 tables.
var SanGongItems = []SanGongItem{
	{"30212", "因公出国（境）费用"},
	{"30217", "公务接待费"},
	{"31013", "公务用车购置费"},
	{"30231", "公务用车运行维护费"},
}

// SanGongCodes lists the economic codes of the 三公经费.
func SanGongCodes() []string {
	out := make([]string, len(SanGongItems))
	for i, it := range SanGongItems {
		out[i] = it.Code
	}
	return out
}

// IsSanGong reports whether an economic code is one of the 三公经费.
func IsSanGong(code string) bool {
	for _, it := range SanGongItems {
		if it.Code == code {
			return true
		}
	}
	return false
}

// GrowthAbove reports whether cur grew over prev by more than percent
// (exactly at it is no warning). Spending where there was none the year
// before is growth; nothing this year never is.
func GrowthAbove(cur, prev Fen, percent int) bool {
	return cur > 0 && int64(cur)*100 > int64(prev)*int64(100+percent)
}
