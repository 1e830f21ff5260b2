package renda

// voteSettings are the per-deployment settings of this workflow.
var voteSettings = []SettingDef{}
