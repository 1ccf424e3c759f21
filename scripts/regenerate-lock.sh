#!/usr/bin/env bash
# Rewrites package-lock.json from nothing: no node_modules, no previous lock, an empty npm cache.
# Only a lock resolved that way records every platform's optional native packages (npm keeps what an
# incremental install on one platform saw), so `npm ci` then works on Linux, macOS and Windows alike.
# Run it after every change to package.json's dependencies, then `npm ci`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root/package.json" "$scratch/"
(
  cd "$scratch"
  npm_config_cache="$scratch/.npm-cache" npm install --package-lock-only --ignore-scripts --no-audit --no-fund
)
cp "$scratch/package-lock.json" "$root/package-lock.json"
echo "regenerate-lock: package-lock.json rewritten; now run npm ci (npm test checks the lock is complete)"
