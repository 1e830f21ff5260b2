package renda

// suggestionSettings are the per-deployment settings of this workflow.
var suggestionSettings = []SettingDef{}
