#!/usr/bin/env bash
# npm run demo: install what is missing, build, then run PostgreSQL, Redis, a mail catcher,
# the API and the worker with the demo data (see README, "Run it").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npm run build --silent
exec node_modules/.bin/node --enable-source-maps dist/scripts/demo.js
