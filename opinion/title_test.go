package opinion

import "testing"

// TestSuggestionTitleReadsNaturally (issue 9, point 24): no "。的", no "…".
func TestSuggestionTitleReadsNaturally(t *testing.T) {
	for content, want := range map[string]string{
		"村口的路灯坏了三个月，晚上看不见路。": "关于村口的路灯坏了三个月的建议",
		"塔山村自来水浑浊。":          "关于塔山村自来水浑浊的建议",
		"关于修缮机耕道":            "关于修缮机耕道的建议",
		"我们村到镇上的通组公路有三处坑洼雨天电动车经常打滑希望尽快修补": "关于解决塔山瑶族乡道路交通问题的建议",
	} {
		o := &Opinion{Content: content, Category: "道路交通", TownshipName: "塔山瑶族乡"}
		if got := o.SuggestionTitle(); got != want {
			t.Errorf("%q: %q, want %q", content, got, want)
		}
	}
}
