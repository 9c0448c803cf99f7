#!/bin/sh
# Préau container entrypoint.
#
# Without arguments: serve HTTP and the WebSocket (/ws/events/) with uvicorn,
# WEB_CONCURRENCY worker processes on PORT (default 8000).
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
exec uvicorn config.asgi:application \
    --host 0.0.0.0 \
    --port "${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --proxy-headers \
    --forwarded-allow-ips='*' \
    --lifespan off \
    --timeout-graceful-shutdown 20
