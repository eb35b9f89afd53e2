#!/usr/bin/env bash
# npm run demo: install what is missing, build, then run PostgreSQL, Redis, a mail catcher,
# the API and the worker with the demo data (see README, "Run it").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npm run build --silent
demo=(node_modules/.bin/node --enable-source-maps dist/scripts/demo.js)
if ! command -v setsid >/dev/null; then
  exec "${demo[@]}"
fi
# The demo runs in a session of its own, so Ctrl-C reaches it alone (not PostgreSQL, Redis, the
# API and the worker all at once): it then stops them in order, the API and the worker first.
# It also stops by itself once this script or what started it (npm) is gone.
DEMO_WATCH_PIDS="$$ $PPID" setsid "${demo[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM HUP
status=0
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" && status=0 || status=$?
done
exit "$status"
