#!/usr/bin/env bash
# Start the web server and a task worker; stop both on Ctrl-C.
set -euo pipefail
host=$1 port=$2
py=.venv/bin/python
"$py" manage.py db_worker --queue-name default >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
cat <<MSG

Klachtpad is running.
  Public procedure pages: http://$host:$port/           (English: http://$host:$port/en/)
  Administration:         http://$host:$port/admin/     login: admin / klachtpad-demo
  Terms calculator:       http://$host:$port/admin/terms/
  Task worker log:        var/worker.log
Stop with Ctrl-C.

MSG
"$py" manage.py runserver "$host:$port"
