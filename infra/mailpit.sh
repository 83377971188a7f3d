#!/usr/bin/env bash
# Installs Mailpit (github.com/axllent/mailpit, an SMTP server with a web UI
# and a REST API that keeps the mails it receives, for the SMTP adapter's
# tests and the local runner) with go install into the ignored bin folder.
# Prints the binary's path on stdout, and its progress (the first time only)
# on stderr. Safe to run again: a binary of this version, as go version -m
# reads it from the binary, is reused.
set -euo pipefail

version=v1.33.1

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin/mailpit"
go=${GO:-go}

command -v "$go" >/dev/null 2>&1 || { echo "Installing Mailpit needs Go." >&2; exit 1; }
if [ -x "$bin" ] && "$go" version -m "$bin" 2>/dev/null | awk '$1 == "mod" { print $3 }' | grep -qxF "$version"; then
  echo "$bin"
  exit 0
fi

echo "installing Mailpit $version (go install, once, into bin/)…" >&2
GOBIN="$root/bin" GOWORK=off "$go" install "github.com/axllent/mailpit@$version" || {
  echo "go install github.com/axllent/mailpit@$version failed: is the Go module proxy reachable?" >&2; exit 1; }
echo "Mailpit $version installed in $bin" >&2
echo "$bin"
