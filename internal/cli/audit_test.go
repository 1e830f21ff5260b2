package cli_test

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
)

// renda audit verify --audit-key checks the head's signature; --checkpoints
// checks the log's checkpoints against the chain.
func TestAuditVerifyWithKeyAndCheckpoints(t *testing.T) {
	d := store.SQLite
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "audit.key")
	if err := os.WriteFile(keyFile, []byte(hex.EncodeToString([]byte(strings.Repeat("k", 32)))), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", storetest.DSN(t, d), "--data-dir", dir}
	if code, _, errOut := run(t, nil, "", append([]string{"migrate"}, args...)...); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	env := map[string]string{"RENDA_AUDIT_KEY": keyFile}
	if code, _, errOut := run(t, env, "a-long-password-2026\n", append([]string{"user", "add", "clerk", "--role", "admin", "--name", "经办人"}, args...)...); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	if code, out, errOut := run(t, env, "", append([]string{"audit", "verify"}, args...)...); code != 0 || !strings.Contains(out, "signed") {
		t.Fatalf("verify with the key: %d %s %s", code, out, errOut)
	}
	other := map[string]string{"RENDA_AUDIT_KEY": hex.EncodeToString([]byte(strings.Repeat("x", 32)))}
	if code, _, _ := run(t, other, "", append([]string{"audit", "verify"}, args...)...); code == 0 {
		t.Error("verify with another key passed")
	}
	// A log that saw the chain reach further than the database now does.
	log := filepath.Join(dir, "renda.log")
	line := fmt.Sprintf(`{"time":"2026-12-05T10:00:00Z","level":"INFO","msg":"audit checkpoint","seq":%d,"hash":"%s","mac":""}`+"\n", 99999, strings.Repeat("a", 64))
	if err := os.WriteFile(log, []byte("not json\n"+line), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, nil, "", append([]string{"audit", "verify", "--checkpoints", log}, args...)...)
	if code == 0 || !strings.Contains(errOut, "deleted") {
		t.Errorf("verify against a log that saw record 99999: %d %s", code, errOut)
	}
}
