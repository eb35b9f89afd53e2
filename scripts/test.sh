#!/usr/bin/env bash
# npm test: everything CI checks, in order. Installs dependencies and starts (or installs)
# PostgreSQL and Redis first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh
echo "== lint"; npx --no-install eslint . && npx --no-install prettier --check .
echo "== type-check"; npx --no-install tsc --noEmit -p tsconfig.json
echo "== build"; npm run build --silent
# Dates and times must not depend on the server's zone: the whole suite runs far from both
# Paris and Seoul, and the date and time specs run again in Paris.
echo "== tests (TZ=Pacific/Auckland)"
TZ=Pacific/Auckland NODE_OPTIONS=--experimental-vm-modules npx --no-install jest --ci "$@"
if [ "$#" -eq 0 ]; then
  echo "== date and time tests (TZ=Europe/Paris)"
  TZ=Europe/Paris NODE_OPTIONS=--experimental-vm-modules npx --no-install jest --ci test/forums/date-poll test/forums/holidays test/common/time test/feeds/calendar-feed test/feeds/calendar-clocks
fi
