#!/usr/bin/env bash
# npm test: everything CI checks, in order. Installs dependencies and starts (or installs)
# PostgreSQL and Redis first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh
echo "== lint"; npx --no-install eslint .
echo "== type-check"; npx --no-install tsc --noEmit -p tsconfig.json
echo "== build"; npm run build --silent
echo "== tests"; NODE_OPTIONS=--experimental-vm-modules npx --no-install jest --ci "$@"
