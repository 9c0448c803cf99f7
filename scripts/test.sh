#!/usr/bin/env bash
# `make test`: the backend suite (pytest, TEST_WORKERS workers) and the web app's suite
# (vitest) side by side.
#
# The backend's workers spend much of their time waiting on PostgreSQL, Redis, Chromium and
# the servers they start (about 1.1 cores busy of 2 in a quiet run, docs/testing.md); the
# web app's suite is pure CPU. It runs at a low priority (nice 10), so it takes mostly what
# the backend leaves idle and barely slows a browser test (its own waits are long enough for
# that: src/test/setup.ts); its report is printed after the backend's. Either suite failing
# fails the command.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
WORKERS="${TEST_WORKERS:-2}"

web_log="$(mktemp)"
trap 'rm -f "$web_log"' EXIT

(cd frontend && exec nice -n 10 npm test --silent) >"$web_log" 2>&1 &
web_pid=$!

env -u PYTHONDONTWRITEBYTECODE "$VENV/bin/pytest" -n "$WORKERS" --dist loadgroup "$@"
backend=$?

wait "$web_pid"
web=$?
echo
echo "--- web app (vitest) ---"
cat "$web_log"

if [ "$backend" -ne 0 ] || [ "$web" -ne 0 ]; then
  echo "make test: failed (backend: exit $backend, web app: exit $web)" >&2
  exit 1
fi
