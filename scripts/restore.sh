#!/usr/bin/env bash
# Restore a dump made by backup.sh into a database (stop the web processes first).
#
#   scripts/restore.sh FILE DATABASE_URL
#
# Objects of the dump are dropped and re-created (--clean --if-exists); the restore runs in
# one transaction and stops at the first error, so a failed restore leaves the target as it
# was.
set -euo pipefail
file="${1:?usage: restore.sh FILE DATABASE_URL}"
url="${2:?usage: restore.sh FILE DATABASE_URL}"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="${url}" "${file}"
echo "restore: ${file} restored"
