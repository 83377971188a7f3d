#!/usr/bin/env bash
# Installs stripe-mock (github.com/stripe/stripe-mock, Stripe's API mock
# server for the Stripe adapter's tests) with go install into the ignored
# bin folder. Prints the binary's path on stdout, and its progress (the first
# time only) on stderr. Safe to run again: a binary of this version, as
# go version -m reads it from the binary, is reused.
set -euo pipefail

version=v0.203.0

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin/stripe-mock"
go=${GO:-go}

command -v "$go" >/dev/null 2>&1 || { echo "Installing stripe-mock needs Go." >&2; exit 1; }
if [ -x "$bin" ] && "$go" version -m "$bin" 2>/dev/null | awk '$1 == "mod" { print $3 }' | grep -qxF "$version"; then
  echo "$bin"
  exit 0
fi

echo "installing stripe-mock $version (go install, once, into bin/)…" >&2
GOBIN="$root/bin" GOWORK=off "$go" install "github.com/stripe/stripe-mock@$version" || {
  echo "go install github.com/stripe/stripe-mock@$version failed: is the Go module proxy reachable?" >&2; exit 1; }
echo "stripe-mock $version installed in $bin" >&2
echo "$bin"
