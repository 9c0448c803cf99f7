#!/usr/bin/env bash
# Back up the database: a consistent custom-format dump (pg_dump -Fc); the site can stay up.
#
#   scripts/backup.sh DATABASE_URL [FILE]      (FILE defaults to preau-YYYY-MM-DD.dump)
#
# The uploaded files (MEDIA_ROOT) are backed up separately: see docs/operations.md.
set -euo pipefail
url="${1:?usage: backup.sh DATABASE_URL [FILE]}"
file="${2:-preau-$(date +%F).dump}"
pg_dump --format=custom --no-owner --no-privileges --file="${file}.partial" --dbname="${url}"
# Check the dump is readable before it replaces anything.
pg_restore --list "${file}.partial" >/dev/null
mv -f "${file}.partial" "${file}"
echo "backup: ${file} ($(stat -c %s "${file}") bytes)"
