package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// profile is what login saves: where the API is, who is signed in, where.
type profile struct {
	API    string `json:"api"`
	Tenant string `json:"tenant,omitempty"`
	User   string `json:"user,omitempty"`
	Token  string `json:"token,omitempty"`
	// Issuer and ClientID name the identity provider of a device login.
	Issuer   string `json:"issuer,omitempty"`
	ClientID string `json:"clientId,omitempty"`
}

// config is the profiles file.
type config struct {
	Profiles map[string]profile `json:"profiles"`
}

// configPath is the profiles file: $SELFSERVE_CONFIG, else selfserve/config.json
// in the user's config directory.
func configPath(env func(string) string) string {
	if p := env("SELFSERVE_CONFIG"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "selfserve", "config.json")
}

// loadConfig reads the profiles file; a missing file is no profiles.
func loadConfig(path string) (config, error) {
	cfg := config{Profiles: map[string]profile{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, usagef("reading the profiles: %v", err)
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, usagef("the profiles file %s is not valid: %v", path, err)
	}
	if cfg.Profiles == nil {
		cfg.Profiles = map[string]profile{}
	}
	return cfg, nil
}

// saveProfile writes p as name, readable by the user alone (0600): it
// holds a token.
func saveProfile(path, name string, p profile) error {
	cfg, err := loadConfig(path)
	if err != nil {
		return err
	}
	cfg.Profiles[name] = p
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving the profile: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("saving the profile: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil { // an older file kept its mode
		return fmt.Errorf("saving the profile: %w", err)
	}
	return os.Rename(tmp, path)
}
