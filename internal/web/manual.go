package web

import (
	"net/http"

	"renda"
)

// The user manual (用户操作手册): one for each role, served at /help and
// /help/{role}, printable. Each step names the page it shows (as the demo's
// account of that role sees it) and the words on that page the reader is
// told to look for; TestManualSteps opens every such page and checks the
// words are there, and TestBrowserManualScreenshots takes the screenshots
// (static/manual/<shot>.jpg; RENDA_UPDATE_MANUAL=1 writes them), so the
// manual cannot fall behind the pages it describes.

// Manual is one role's manual.
type Manual struct {
	Role     string // citizen, deputy, unit, staff, leader, admin
	Title    string
	Intro    string
	Sections []ManualSection
}

// ManualSection is one task of the role.
type ManualSection struct {
	Title string
	Steps []ManualStep
}

// ManualStep is one thing to do, on one page.
type ManualStep struct {
	Text string
	// Page is where the step happens, as the demo's User sees it ("" for a
	// citizen); Follow, if set, is the first link on Page of that shape to
	// follow to an item's page, {id} standing for the item's id
	// (e.g. "/suggestions/{id}").
	User, Page, Follow string
	Look               []string // words on the page the text refers to
	Shot               string   // screenshot name, if the step has one
	Phone              bool     // shown as on a phone
}

// Manuals are the manuals in the order of the help index.
var Manuals = []Manual{
	{Role: "citizen", Title: "群众使用手册", Intro: "不用注册、不用下载应用：用手机扫联络站或代表名片上的二维码，或打开本网站，就能向人大代表反映问题、查询办理进度、对法规草案和规范性文件提出意见。",
		Sections: []ManualSection{
			{Title: "找到身边的代表", Steps: []ManualStep{
				{Text: "在首页点“码上找代表”，或扫联络站门口的二维码，找到所在镇（街道）的代表联络站。联络站页面列出进站代表和近期接待日。", Page: "/s", Look: []string{"码上找代表", "查询我反映的问题的办理进度"}, Shot: "citizen-stations", Phone: true},
			}},
			{Title: "向代表反映问题", Steps: []ManualStep{
				{Text: "在联络站页面点“我要向代表反映问题”，写清问题和地点，留下手机号码（只有处理的代表和工作人员能看到），可以附照片。提交后页面显示查询码，请记下。", Page: "/s/syiliao/new", Look: []string{"向代表反映问题", "您要反映的问题", "手机号码", "照片", "提交"}, Shot: "citizen-opinion", Phone: true},
			}},
			{Title: "查询办理进度并评价", Steps: []ManualStep{
				{Text: "点“查询办理进度”，输入查询码和手机号码后四位，可以看到代表的答复，并对答复作出评价。", Page: "/track", Look: []string{"查询办理进度", "查询"}, Phone: true},
			}},
			{Title: "对草案和文件提意见", Steps: []ManualStep{
				{Text: "“草案征求意见”列出正在公开征求意见的法规和决定草案，可以针对某一条提出意见。", Page: "/c", Look: []string{"草案征求意见"}},
				{Text: "认为政府等机关的规范性文件违法或者不当，可以在“规范性文件审查建议”中提出审查建议，凭查询码跟踪结果。", Page: "/review", Look: []string{"提出审查建议", "提交审查建议"}},
			}},
		}},
	{Role: "deputy", Title: "人大代表使用手册", Intro: "代表用手机即可履职：处理群众意见、提出和跟踪议案建议、参加票决和测评、查看自己的履职档案。请用工作人员发给您的账号登录。",
		Sections: []ManualSection{
			{Title: "工作台", Steps: []ManualStep{
				{Text: "登录后首先看到工作台：待处理的议案建议、新的群众意见、待参加的会议、待投票的表决都列在这里，点数字进入对应清单。", User: "deputy", Page: "/", Look: []string{"工作台", "待我处理的议案建议", "新的群众意见", "待我投票的表决"}, Shot: "deputy-home", Phone: true},
			}},
			{Title: "处理群众意见", Steps: []ManualStep{
				{Text: "打开一条群众意见，先“受理”，再“答复群众”；需要政府部门办理的点“转办”；反映集中的问题可以“转为代表建议”。群众会收到短信并可对答复评价。", User: "deputy", Page: "/opinions?mine=1&state=submitted", Follow: "/opinions/{id}", Look: []string{"受理", "答复群众", "转办", "转为代表建议"}, Shot: "deputy-opinion", Phone: true},
			}},
			{Title: "提出议案建议", Steps: []ManualStep{
				{Text: "在“议案建议”中起草，可以“先查相似事项”，避免重复提出；写好后保存草稿，邀请其他代表联名，再提交。交办、答复和办理期限都会通知您，答复后请提出反馈意见。", User: "deputy", Page: "/suggestions/new", Look: []string{"起草议案建议", "保存草稿", "先查相似事项"}},
			}},
			{Title: "票决和测评", Steps: []ManualStep{
				{Text: "会场开始表决后，在“民生实事票决”中打开表决，签到后在手机上投票。投票是无记名的，提交后得到一张回执，可在表决结束后核对匿名选票。", User: "deputy", Page: "/votes?todo=1", Look: []string{"民生实事票决"}},
			}},
			{Title: "我的履职档案", Steps: []ManualStep{
				{Text: "“我的履职”按年列出您在平台上的每一项履职活动和积分，每一条都链接到来源。对某一条可以“补充说明或申请更正”；年末可以“由履职档案生成述职报告”。", User: "deputy", Page: "/", Follow: "/deputies/{id}/record", Look: []string{"履职档案", "补充说明或申请更正", "由履职档案生成述职报告"}},
			}},
		}},
	{Role: "unit", Title: "承办单位经办人使用手册", Intro: "承办单位的经办人在平台上答复代表建议、办理转办的群众意见、落实督办事项和整改清单。期限临近和逾期都会提醒。",
		Sections: []ManualSection{
			{Title: "工作台", Steps: []ManualStep{
				{Text: "工作台列出待办理的建议、即将到期和已逾期的建议、转办给本单位的群众意见和督办事项，点数字进入清单。", User: "unit", Page: "/", Look: []string{"待办理的建议", "15天内到期", "已逾期未答复"}, Shot: "unit-home"},
			}},
			{Title: "答复代表建议", Steps: []ManualStep{
				{Text: "打开建议，答复前可以“与代表沟通”并记录沟通情况；需要更多时间的可“申请延期”；办理完毕点“答复”，填写答复内容和办理结果类别，附上答复函。", User: "unit", Page: "/suggestions?view=todo", Follow: "/suggestions/{id}", Look: []string{"答复", "申请延期", "与代表沟通"}, Shot: "unit-reply"},
			}},
			{Title: "督办事项", Steps: []ManualStep{
				{Text: "常委会会议的决议决定和审议意见交本单位办理的，在“督办事项”中报告办理情况。", User: "unit", Page: "/meeting-tasks?open=1", Look: []string{"督办事项"}},
			}},
		}},
	{Role: "staff", Title: "工作人员使用手册", Intro: "常委会各工委和办公室的工作人员在平台上登记交办议案建议、调度群众意见和 12345 工单、组织票决和测评、安排会议和监督工作。",
		Sections: []ManualSection{
			{Title: "工作台", Steps: []ManualStep{
				{Text: "工作台列出待我处理的议案建议（待登记、交办、审批、办结、公开），以及各项工作的常用入口。", User: "staff", Page: "/", Look: []string{"工作台", "待我处理的议案建议"}, Shot: "staff-home"},
			}},
			{Title: "登记和交办议案建议", Steps: []ManualStep{
				{Text: "打开待登记的建议，核对后“登记编号”，内容相同的可以“并案”；再在“交办建议”中选定主办和协办单位，系统给出推荐单位和相似事项供参考。", User: "staff", Page: "/suggestions?view=todo", Follow: "/suggestions/{id}", Look: []string{"登记编号", "并案", "交办建议", "相似事项"}, Shot: "staff-suggestion"},
			}},
			{Title: "票决和满意度测评", Steps: []ManualStep{
				{Text: "在“民生实事票决”中设置表决、登记出席，开会时“开始投票”，大屏显示投票进度；纸质票由一人录入、另一人复核；结束后公布结果和匿名选票。", User: "staff", Page: "/votes", Look: []string{"民生实事票决"}},
			}},
			{Title: "会议", Steps: []ManualStep{
				{Text: "会议页面管理议程、请假和签到，出席人数达到法定人数才能表决；会后把决议决定列为督办事项。", User: "staff", Page: "/meetings", Follow: "/meetings/{id}", Look: []string{"出席情况", "会议议程", "增加议程", "批准请假"}},
			}},
			{Title: "监督工作", Steps: []ManualStep{
				{Text: "“监督工作”是年度监督工作计划：专项工作报告、执法检查、专项工作评议、专题询问等，每一项都有期限提醒、满意度测评和整改清单。", User: "staff", Page: "/supervision", Look: []string{"年度监督工作计划"}},
			}},
		}},
	{Role: "leader", Title: "常委会领导使用手册", Intro: "常委会领导在“一屏共览”上看全市议案建议、群众意见、联络站、民生实事、监督和会议的情况，每个数字都能点开看到清单。",
		Sections: []ManualSection{
			{Title: "一屏共览", Steps: []ManualStep{
				{Text: "“一屏共览”可以投到会议室大屏，也可以在手机上看，自动刷新。点任一数字看到它统计的清单，点“口径”看它的统计方法。", User: "leader", Page: "/screen", Look: []string{"一屏共览", "议案建议", "口径"}, Shot: "leader-screen"},
			}},
			{Title: "年度履职数据", Steps: []ManualStep{
				{Text: "“年度履职数据”由系统按年计算工作报告所需的数字，可下载为文档。", User: "leader", Page: "/yearbook", Look: []string{"年度履职数据"}},
			}},
		}},
	{Role: "admin", Title: "系统管理员使用手册", Intro: "系统管理员管理账号、系统设置和节假日安排，查看审计日志。",
		Sections: []ManualSection{
			{Title: "用户", Steps: []ManualStep{
				{Text: "在“用户管理”中为工作人员、代表和承办单位经办人开设账号、停用账号和重置密码。", User: "admin", Page: "/users", Look: []string{"用户管理"}},
			}},
			{Title: "系统设置", Steps: []ManualStep{
				{Text: "“系统设置”集中了本级人大的名称、办理期限、提醒、积分标准等所有可调整的规则，修改会记入审计日志。", User: "admin", Page: "/settings", Look: []string{"系统设置", "本级人大", "保存设置"}, Shot: "admin-settings"},
			}},
			{Title: "节假日安排", Steps: []ManualStep{
				{Text: "每年国务院公布次年节假日安排后，在“节假日安排”中录入，工作日期限据此计算。", User: "admin", Page: "/calendar", Look: []string{"年节假日安排", "保存"}},
			}},
		}},
}

func manualFor(role string) (*Manual, bool) {
	for i := range Manuals {
		if Manuals[i].Role == role {
			return &Manuals[i], true
		}
	}
	return nil, false
}

func (s *Server) manualRoutes() []route {
	return []route{
		{"GET /help", nil, s.helpIndexPage},
		{"GET /help/{role}", nil, s.manualPage},
	}
}

// HelpPage lists the manuals, or shows one.
type HelpPage struct {
	Base
	Manuals []Manual
	Manual  *Manual
}

func (s *Server) helpIndexPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "help", &HelpPage{Base: s.citizenBase(r, "使用手册"), Manuals: Manuals})
}

func (s *Server) manualPage(w http.ResponseWriter, r *http.Request) error {
	m, ok := manualFor(r.PathValue("role"))
	if !ok {
		return renda.Errorf(renda.ENOTFOUND, "没有这本手册")
	}
	return s.render(w, r, "manual", &HelpPage{Base: s.citizenBase(r, m.Title), Manuals: Manuals, Manual: m})
}
