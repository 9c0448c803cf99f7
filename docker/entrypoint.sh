#!/bin/sh
# Préau container entrypoint.
#
# Without arguments: serve on PORT (default 8000) with WEB_CONCURRENCY worker
# processes, according to PREAU_SERVER:
#   wsgi — the HTTP API and the web app through Django's WSGI handler (granian);
#          several times cheaper per request than ASGI (docs/benchmarks.md);
#   asgi — HTTP and the WebSocket (/ws/events/) with uvicorn (the default: one
#          container serves everything; the `ws` service of compose.yaml uses it
#          for /ws/ only).
# With arguments: run them from /app/backend instead, e.g.
#   docker compose run --rm web python manage.py createsuperuser
#
# This script never applies database migrations: that is the separate
# one-shot command `python manage.py migrate --noinput` (the `migrate`
# service in docker/compose.yaml), run once per deployment.
set -eu

cd /app/backend

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

# The proxy is the only client that can reach this port; trust its
# X-Forwarded-* headers (client address and https scheme).
if [ "${PREAU_SERVER:-asgi}" = "wsgi" ]; then
    exec granian config.wsgi:application \
        --interface wsgi \
        --host 0.0.0.0 \
        --port "${PORT:-8000}" \
        --workers "${WEB_CONCURRENCY:-2}" \
        --blocking-threads "${WSGI_THREADS:-4}" \
        --no-access-log \
        --workers-kill-timeout 20
fi
exec uvicorn config.asgi:application \
    --host 0.0.0.0 \
    --port "${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --proxy-headers \
    --forwarded-allow-ips='*' \
    --lifespan off \
    --timeout-graceful-shutdown 20
