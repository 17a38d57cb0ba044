#!/usr/bin/env bash
# Fails when the Dutch catalogue is behind the source (a text added or changed without
# extraction), or holds texts without a Dutch translation. The catalogue is left as it was.
set -euo pipefail
py=${PY:-.venv/bin/python}
po=src/klachtpad/locale/nl/LC_MESSAGES/django.po
kept=$(mktemp)
cp "$po" "$kept"
trap 'cp "$kept" "$po"; rm -f "$kept"' EXIT
(cd src/klachtpad && "../../$py" ../../manage.py makemessages -l nl --no-obsolete --no-location -v0)
# Compared as content: one line per text, in order, without the extraction date.
same() { msgcat --no-wrap --sort-output "$1" | grep -v '^"POT-Creation-Date'; }
if ! diff -q <(same "$kept") <(same "$po") >/dev/null; then
  echo "The Dutch catalogue is behind the source. Run, in src/klachtpad:"
  echo "  ../../.venv/bin/python ../../manage.py makemessages -l nl --no-obsolete --no-location"
  echo "then translate the new texts. What changes:"
  diff <(same "$kept") <(same "$po") | head -20 || true
  exit 1
fi
for catalogue in src/klachtpad/locale/*/LC_MESSAGES/django.po; do
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$catalogue" 2>&1)
  if [[ "$stats" == *untranslated* || "$stats" == *fuzzy* ]]; then
    echo "$catalogue: $stats"
    exit 1
  fi
done
