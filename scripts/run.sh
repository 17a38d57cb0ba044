#!/usr/bin/env bash
# Start the web server and a task worker; stop both on Ctrl-C.
set -euo pipefail
host=$1 port=$2
py=.venv/bin/python
mkdir -p var
"$py" manage.py rounds_start
"$py" manage.py task_worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
cat <<MSG

Klachtpad is running.
  Public procedure pages: http://$host:$port/           (English: http://$host:$port/en/)
  Complaint form:         http://$host:$port/next/klacht/  (any organisation: /<slug>/klacht/)
  Staff workspace:        http://$host:$port/staff/
  Platform admin:         http://$host:$port/admin/
MSG
"$py" manage.py demo_logins
cat <<MSG
    <slug> is one of the five organisations: iederzijnwerk, next, nexxtep, permens,
    zorgkracht12. The first sign-in shows a QR code: scan it with an authenticator app
    (FreeOTP, Aegis, Google or Microsoft Authenticator) and type its 6-digit code.
  Task worker log:        var/worker.log  (letters as PDF, mail, hourly reminders)
  Mail is not sent:       every mail is written to a file in var/mail/
Stop with Ctrl-C.

MSG
"$py" manage.py runserver "$host:$port"
