"""A private PostgreSQL cluster for the fault tests: initdb + pg_ctl on a free port.

The machine's shared PostgreSQL (port 5432) and Redis are never touched: the cluster lives
in its own temporary directory, listens on 127.0.0.1 on a free port, and is stopped and
removed by the fixture that made it. As root, the server runs as the ``postgres`` account
(PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from tests.realtime.servers import REPO, free_port

BACKEND = REPO / "backend"


def postgres_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda path: int(path.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


class PostgresCluster:
    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL server binaries are not installed")
        self.bin = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="preau-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str, timeout: float = 120) -> None:
        result = subprocess.run(
            [*self.as_postgres, *command], capture_output=True, text=True, timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}{log[-2000:]}")

    def init(self) -> PostgresCluster:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> PostgresCluster:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                  "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                      "-t", "60", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, *, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str) -> str:
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def manage(*arguments: str, database_url: str, var_dir: Path, timeout: float = 600) -> str:
    """``manage.py <arguments>`` against that database, in its own process."""
    env = {
        **{k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "PREAU_VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
    }
    result = subprocess.run([sys.executable, "manage.py", *arguments], cwd=BACKEND, env=env,
                            capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)}: {result.stdout}{result.stderr}")
    return result.stdout
