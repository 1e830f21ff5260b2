package project

import (
	"testing"

	"renda"
)

func TestProjectBehind(t *testing.T) {
	p := &Project{Status: "in_progress", PlanStart: renda.NewDate(2024, 3, 1), PlanDeadline: renda.NewDate(2024, 12, 31), Progress: 20}
	if p.Behind(renda.NewDate(2024, 4, 1), 15) {
		t.Error("behind one month in")
	}
	if !p.Behind(renda.NewDate(2024, 9, 1), 15) {
		t.Error("not behind at 20% in September")
	}
	p.Progress = 90
	if !p.Behind(renda.NewDate(2025, 1, 5), 15) {
		t.Error("not behind after the deadline")
	}
}
