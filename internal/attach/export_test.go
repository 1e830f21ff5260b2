package attach

// PeakDecodes reports the most images decoded at once so far.
func PeakDecodes() int { return int(peakDecodes.Load()) }
