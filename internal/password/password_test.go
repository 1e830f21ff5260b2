package password_test

import (
	"strings"
	"testing"

	"renda/internal/password"
)

func TestHashAndCheck(t *testing.T) {
	h, err := password.Hash("渡口村-2024-secret")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q %v", h, err)
	}
	h2, _ := password.Hash("渡口村-2024-secret")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if ok, err := password.Check(h, "渡口村-2024-secret"); !ok || err != nil {
		t.Errorf("right password: %v %v", ok, err)
	}
	if ok, _ := password.Check(h, "渡口村-2024-secreT"); ok {
		t.Error("wrong password accepted")
	}
	if _, err := password.Check("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a foreign hash format accepted")
	}
}
