#!/usr/bin/env python3
"""The proxy's configuration for a deployment without Docker, written from docker/nginx.conf.

docker/nginx.conf is the one proxy configuration of the project (its maps, its log format
that masks the iCal tokens, gzip, the routes to the WSGI and the ASGI servers). Without
Docker there is no embedded DNS to re-resolve ``web`` and ``ws``: this script writes the same
file with the two upstreams on fixed addresses, without ``resolver``, ``zone`` and
``resolve`` (which also lets nginx older than 1.27.3 — Debian 12 has 1.22 — run it), and
with the listening address, the pid file and the log files given. Every change is checked:
a docker/nginx.conf that no longer has what it replaces is an error, not a silent copy.

    python3 scripts/nginx_host_conf.py --web 127.0.0.1:8000 --ws 127.0.0.1:8001 \\
        --listen 80 > /etc/nginx/nginx.conf

docs/operations.md, "Running without Docker"; tests/deploy/ runs the result.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "docker" / "nginx.conf"


def _replace(text: str, pattern: str, replacement: str, *, count: int = 1) -> str:
    new, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise SystemExit(f"docker/nginx.conf: expected {count} × {pattern!r}, found {found}")
    return new


def host_conf(*, web: str, ws: str, listen: str, pid: str, log_dir: str,
              source: str | None = None) -> str:
    text = source if source is not None else SOURCE.read_text()
    text = _replace(text, r"^error_log \S+ (\w+);$", f"error_log {log_dir}/error.log \\1;")
    text = _replace(text, r"^pid \S+;$", f"pid {pid};")
    text = _replace(text, r"^(\s*)access_log \S+ main;$", f"\\1access_log {log_dir}/access.log main;")
    text = _replace(text, r"^\s*resolver [^;]+;\n", "")
    text = _replace(text, r"^\s*zone preau_\w+ \d+k;\n", "", count=2)
    text = _replace(text, r"server web:8000 resolve;", f"server {web};")
    text = _replace(text, r"server ws:8000 resolve;", f"server {ws};")
    text = _replace(text, r"listen 80 default_server;", f"listen {listen} default_server;")
    header = ("# Written by scripts/nginx_host_conf.py from docker/nginx.conf: edit that file, "
              "then write this one again.\n")
    return header + text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web", default="127.0.0.1:8000", help="the WSGI server (granian)")
    parser.add_argument("--ws", default="127.0.0.1:8001", help="the ASGI server (uvicorn)")
    parser.add_argument("--listen", default="80", help="nginx's listening address or port")
    parser.add_argument("--pid", default="/run/nginx.pid")
    parser.add_argument("--log-dir", default="/var/log/nginx")
    args = parser.parse_args(argv)
    sys.stdout.write(host_conf(web=args.web, ws=args.ws, listen=args.listen, pid=args.pid,
                               log_dir=args.log_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
