#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL when it is reachable.
# KLACHTPAD_REQUIRE_POSTGRES=1 (set by CI) makes a missing PostgreSQL a failure;
# KLACHTPAD_REQUIRE_BROWSER=1 does the same for Debian's chromium, and
# KLACHTPAD_REQUIRE_IMAP=1 for Debian's dovecot (the IMAP server the inbox tests read).
set -uo pipefail
py=.venv/bin/python
pg_url=${KLACHTPAD_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/klachtpad}
status=0

echo "== Test suite on SQLite"
env -u DATABASE_URL "$py" -m pytest "$@" || status=1

if "$py" - "$pg_url" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL not reachable: {error}".strip())
    sys.exit(1)
PY
then
  echo "== Test suite on PostgreSQL ($pg_url)"
  DATABASE_URL=$pg_url "$py" -m pytest -m "not browser and not production" "$@" || status=1
elif [ "${KLACHTPAD_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required (KLACHTPAD_REQUIRE_POSTGRES=1) but not reachable: failing."
  status=1
else
  echo "NOTE: PostgreSQL is not running here; the suite ran on SQLite only."
fi
exit $status
