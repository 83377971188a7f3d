#!/usr/bin/env bash
# Installs the AWS Lambda Runtime Interface Emulator
# (github.com/aws/aws-lambda-runtime-interface-emulator, the Lambda Runtime
# API in front of a bootstrap, for the test that invokes real bootstraps:
# shared/lambdarie) with go install into the ignored bin folder. Prints the
# binary's path on stdout, and its progress (the first time only) on stderr.
# Safe to run again: a binary of this version, as go version -m reads it from
# the binary, is reused.
set -euo pipefail

module=github.com/aws/aws-lambda-runtime-interface-emulator
version=v0.0.0-20261030222936-bef5c4ba774d

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin/aws-lambda-rie"
go=${GO:-go}

command -v "$go" >/dev/null 2>&1 || { echo "Installing the Lambda Runtime Interface Emulator needs Go." >&2; exit 1; }
if [ -x "$bin" ] && "$go" version -m "$bin" 2>/dev/null | awk '$1 == "mod" { print $3 }' | grep -qxF "$version"; then
  echo "$bin"
  exit 0
fi

echo "installing the Lambda Runtime Interface Emulator $version (go install, once, into bin/)…" >&2
GOBIN="$root/bin" GOWORK=off "$go" install "$module/cmd/aws-lambda-rie@$version" || {
  echo "go install $module/cmd/aws-lambda-rie@$version failed: is the Go module proxy reachable?" >&2; exit 1; }
echo "the Lambda Runtime Interface Emulator $version installed in $bin" >&2
echo "$bin"
