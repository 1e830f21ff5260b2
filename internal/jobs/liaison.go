package jobs

import (
	"time"

	"renda/internal/store"
)

// liaisonSweeps remind committee members of deputies they have contacted
// too little this year (两个联系).
func liaisonSweeps(db *store.DB) []Sweep {
	return []Sweep{{Name: "liaison-reminders", Every: 6 * time.Hour, Run: db.RemindLiaison}}
}
