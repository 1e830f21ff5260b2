package secret_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"renda/internal/secret"
)

func TestSealOpenIndex(t *testing.T) {
	k1 := bytes.Repeat([]byte{1}, 32)
	k2 := bytes.Repeat([]byte{2}, 32)
	a, _ := secret.New(k1)
	b, _ := secret.New(k2)
	s1, s2 := a.Seal("13812345678"), a.Seal("13812345678")
	if s1 == s2 {
		t.Error("sealing twice gives the same text: the nonce is not random")
	}
	if strings.Contains(s1, "13812345678") {
		t.Error("sealed text contains the plain text")
	}
	if p, err := a.Open(s1); err != nil || p != "13812345678" {
		t.Errorf("open: %q %v", p, err)
	}
	if _, err := b.Open(s1); err == nil {
		t.Error("another key opened it")
	}
	if _, err := a.Open(s1[:len(s1)-2] + "AA"); err == nil {
		t.Error("a tampered value opened")
	}
	if a.Index("13812345678") != a.Index("13812345678") || a.Index("13812345678") == b.Index("13812345678") {
		t.Error("index is not stable per key, or the same across keys")
	}
	if a.Seal("") != "" {
		t.Error("empty value sealed")
	}
	if _, err := secret.New([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "secret.key")
	k1, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil || !created || len(k1) != 32 {
		t.Fatalf("create: %v %v", created, err)
	}
	k2, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("load: %v %v", created, err)
	}
	if _, err := secret.ParseKey("not a key"); err == nil {
		t.Error("garbage key parsed")
	}
}
