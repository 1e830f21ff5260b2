package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"renda/internal/store"
)

// LoadCached fills an empty database with the demo county as Load does,
// but on PostgreSQL through a cache on disk (store.LoadViaCache): the first
// load of a day by this executable writes the loaded tables to cacheDir
// (DefaultCacheDir if ""), and later loads that day copy them back in
// instead of building the county again. The county is the same either way
// (it is built around the day); only the World (the ids of what was built)
// is not returned, so the tests that need it use Load.
func LoadCached(ctx context.Context, db *store.DB, log *slog.Logger, cacheDir string) error {
	if cacheDir == "" {
		cacheDir = DefaultCacheDir()
	}
	if cacheDir == "" {
		_, err := load(ctx, db, log, "", "")
		return err
	}
	version, err := executableHash()
	if err != nil {
		if log != nil {
			log.Warn("demo cache off: cannot read the executable", "err", err)
		}
		cacheDir = ""
	}
	_, err = load(ctx, db, log, cacheDir, version)
	return err
}

// DefaultCacheDir is where LoadCached keeps its cache: $RENDA_DEMO_CACHE
// if set ("off": no cache), else the user's cache directory, or the
// temporary directory.
func DefaultCacheDir() string {
	if v := os.Getenv("RENDA_DEMO_CACHE"); v != "" {
		if v == "off" {
			return ""
		}
		return v
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "renda", "demo")
}

// executableHash is a hash of this program's executable: any change of the
// code or the migrations changes it.
func executableHash() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
