"""Container health probe for the Préau image (Dockerfile HEALTHCHECK).

GETs ``/api/v1/health/`` on the local ASGI server and exits 0 on a 2xx answer,
1 otherwise. Standard library only: the image has no curl or wget.

The request carries a ``Host`` header taken from ``ALLOWED_HOSTS`` so that
Django does not reject it as a disallowed host; the health path is exempt from
the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``), so plain HTTP is fine.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

HEALTH_PATH = "/api/v1/health/"


def probe_host(allowed_hosts: str) -> str:
    """First concrete name of ALLOWED_HOSTS (".example.org" → "example.org")."""
    for entry in allowed_hosts.split(","):
        name = entry.strip().lstrip(".")
        if name and "*" not in name:
            return name
    return "localhost"


def main() -> int:
    port = os.environ.get("PORT", "8000")
    url = f"http://127.0.0.1:{port}{HEALTH_PATH}"
    request = urllib.request.Request(
        url, headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", ""))}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 - loopback http
            status = response.status
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: {url} answered {exc.code}")
        return 1
    except OSError as exc:  # connection refused, timeout, ...
        print(f"unhealthy: {url}: {exc}")
        return 1
    if 200 <= status < 300:
        return 0
    print(f"unhealthy: {url} answered {status}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
