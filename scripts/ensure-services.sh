#!/usr/bin/env bash
# Makes sure a PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and a Redis (127.0.0.1:6379)
# answer, as the tests expect. Starts them when installed but stopped; installs them from Debian's
# packages when missing (needs root). Does nothing when TEST_DATABASE_SERVER_URL / TEST_REDIS_URL
# point elsewhere. Also installs Dovecot's IMAP server, which the replies test runs privately.
set -euo pipefail

log() { echo "[services] $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1
  fi
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root apt-get install -y -qq "$@" >/dev/null
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

ensure_postgres() {
  if [ -n "${TEST_DATABASE_SERVER_URL:-}" ] || pg_up; then return 0; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "PostgreSQL is not installed: installing the Debian package"
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    as_root pg_createcluster "$version" main >/dev/null
  fi
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # The tests connect as postgres over TCP without a password, as on the CI machines.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main restart
  for _ in $(seq 1 50); do pg_up && return 0; sleep 0.2; done
  log "PostgreSQL did not come up on 127.0.0.1:5432"; return 1
}

ensure_redis() {
  if [ -n "${TEST_REDIS_URL:-}" ] || redis_up; then return 0; fi
  if ! command -v redis-server >/dev/null; then
    log "Redis is not installed: installing the Debian package"
    apt_install redis-server
  fi
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do redis_up && return 0; sleep 0.2; done
  log "Redis did not come up on 127.0.0.1:6379"; return 1
}

# The page tests drive Debian's Chromium, and look at Korean text: without a CJK font Hangul shows as boxes.
ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    log "Chromium is not installed: installing the Debian package"
    apt_install chromium
  fi
  # Read the whole list first: `fc-list | grep -q` fails under pipefail when grep stops early.
  if [ -z "$(fc-list :lang=ko family 2>/dev/null)" ]; then
    log "no CJK font: installing fonts-noto-cjk"
    apt_install fonts-noto-cjk
  fi
}

# The replies test starts a Dovecot of its own (test/support/private-dovecot.ts): only the binaries
# are needed, not the system service.
ensure_dovecot() {
  if [ ! -x /usr/sbin/dovecot ]; then
    log "Dovecot is not installed: installing the Debian package dovecot-imapd"
    apt_install dovecot-imapd
  fi
}

# The calendar tests read every feed and invite with Python's icalendar and vobject and with
# libical (test/support/ics-check.py), from Debian's python3, where these packages install.
ensure_calendar_parsers() {
  if /usr/bin/python3 -c 'import icalendar, vobject, gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib' >/dev/null 2>&1; then return 0; fi
  log "calendar parsers missing: installing python3-icalendar python3-vobject gir1.2-ical-3.0 python3-gi"
  apt_install python3-icalendar python3-vobject gir1.2-ical-3.0 python3-gi
}

ensure_postgres
ensure_redis
ensure_browser
ensure_dovecot
ensure_calendar_parsers
log "PostgreSQL, Redis, Chromium, fonts, Dovecot and calendar parsers are ready"
