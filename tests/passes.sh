#!/usr/bin/env bash
# `make test`'s two passes, the suite on SQLite and on PostgreSQL, run at once: most tests
# wait on a server, a subprocess or a socket, so together they take little more than the
# longer one alone (docs/reliability.md). The PostgreSQL pass prints as it goes; the SQLite
# pass's output follows when both are done. TEST_SERIAL=1 runs them one after the other.
# Each pass has its own --basetemp: pytest prunes old numbered temp dirs, and two sessions
# sharing the default root could prune each other's.
set -uo pipefail
pytest=${PYTEST:-.venv/bin/pytest}
tmp=$(mktemp -d -t otesse-test-XXXXXX)

if [ "${TEST_SERIAL:-}" = 1 ]; then
  "$pytest" --database sqlite --basetemp="$tmp/sqlite" "$@" &&
    "$pytest" --database postgresql --basetemp="$tmp/postgresql" "$@"
  status=$?
  [ $status = 0 ] && rm -rf "$tmp"
  exit $status
fi

"$pytest" --database sqlite --basetemp="$tmp/sqlite" "$@" >"$tmp/sqlite.log" 2>&1 &
sqlite_pid=$!
trap 'kill $sqlite_pid 2>/dev/null' INT TERM
echo "== PostgreSQL pass (the SQLite pass runs beside it; its output follows) =="
"$pytest" --database postgresql --basetemp="$tmp/postgresql" "$@"
postgresql=$?
wait $sqlite_pid
sqlite=$?
echo "== SQLite pass =="
cat "$tmp/sqlite.log"
echo "== passes: SQLite exit $sqlite, PostgreSQL exit $postgresql =="
if [ $sqlite = 0 ] && [ $postgresql = 0 ]; then
  rm -rf "$tmp"
  exit 0
fi
echo "temp dirs of the failed run kept in $tmp"
exit 1
