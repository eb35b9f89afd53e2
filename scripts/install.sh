#!/usr/bin/env bash
# Installs the exact dependency tree of package-lock.json, Node 24 included (the `node` devDependency).
# `npm ci` is the deterministic path; if the registry lacks an optional build named in the lockfile,
# fall back to `npm install`, which resolves the same pinned versions without it.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ -x node_modules/.bin/node ] && [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then
  exit 0
fi
echo "Installing dependencies (npm ci)…"
if ! npm ci --no-audit --no-fund --loglevel=error; then
  echo "npm ci failed; retrying with npm install (same pinned versions)…"
  npm install --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/node --version
