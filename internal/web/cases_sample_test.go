package web

import (
	"time"

	"renda"
	"renda/assist"
)

func init() {
	b := sampleBase()
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)
	k := &assist.Case{ID: "01jexamplecase00000000000", TownshipName: "塔山瑶族乡", Title: "狮园村通组公路有好几处坑洼", State: assist.CaseProposed,
		Size: 3, ProposedAt: at, CreatedAt: at, UpdatedAt: at,
		Items: []assist.CaseItem{{Kind: "hotline", ID: "01jexampleopinion00000000", Title: "来电人反映：狮园村通组公路有坑洼", Score: 0.82, At: at, State: "submitted", URL: "/opinions/01jexampleopinion00000000"}}}
	samples["cases"] = &CasesPage{Base: b, Items: []*assist.Case{k}, State: assist.CaseProposed, States: assist.CaseFlow.Table().States, Size: 5, Deputy: true}
	samples["case"] = &CasePage{Base: b, Case: k, Deputy: true, ItemStates: map[string]string{k.Items[0].ID: "待处理"},
		History: []renda.AuditRecord{{Action: "group", Entity: "assist_case", EntityID: k.ID, To: assist.CaseOpen, At: at}}}
}
