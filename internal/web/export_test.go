package web

// SetOpinionExportPage lowers how many opinions the export reads at once,
// so that a test crosses pages with the demo's opinions; it returns a
// function that restores it.
func SetOpinionExportPage(n int) (restore func()) {
	old := opinionExportPage
	opinionExportPage = n
	return func() { opinionExportPage = old }
}

// SetOpinionExportMax lowers how many opinions one export may hold; it
// returns a function that restores it.
func SetOpinionExportMax(n int) (restore func()) {
	old := opinionExportMax
	opinionExportMax = n
	return func() { opinionExportMax = old }
}
