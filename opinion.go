package renda

// opinionSettings are the per-deployment settings of this workflow.
var opinionSettings = []SettingDef{}
