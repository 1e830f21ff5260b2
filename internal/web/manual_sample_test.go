package web

func init() {
	b := sampleBase()
	samples["help"] = &HelpPage{Base: b, Manuals: Manuals}
	samples["manual"] = &HelpPage{Base: b, Manuals: Manuals, Manual: &Manuals[0]}
}
