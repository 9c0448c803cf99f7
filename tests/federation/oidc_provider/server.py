"""The suite's OpenID Connect provider in a process of its own, for the tests.

``OidcProviderServer(people=…, redirect_uris=…)`` starts ``python -m
tests.federation.oidc_provider`` on a free port of 127.0.0.1 with a fresh state folder
(its own SQLite database and a new RSA signing key), waits until its discovery document
answers, and stops it at the end of the ``with`` block."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from tests.realtime.servers import REPO, _stop, _wait_for, free_port

CLIENT_ID = "preau-test"
CLIENT_SECRET = "secret-of-the-suite-client"
START_TIMEOUT = 60.0


class OidcProviderServer:
    def __init__(self, *, people: dict[str, dict], redirect_uris: list[str]) -> None:
        self.people = people
        self.redirect_uris = redirect_uris
        self.port = free_port()
        self.state = tempfile.TemporaryDirectory(prefix="preau-oidc-provider-")
        self.process: subprocess.Popen | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    @property
    def state_dir(self) -> Path:
        return Path(self.state.name)

    def settings_entry(self, **overrides) -> dict:
        """This provider as an entry of ``PREAU_OIDC_PROVIDERS``."""
        return {"label": "Fournisseur de test", "audience": "families",
                "issuer": self.issuer, "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "scopes": ["openid", "profile", "email", "eleves"],
                "claims": {"children_ine": "eleves_ine"}, **overrides}

    def journal(self) -> list[dict]:
        """What the provider received at its authorization and token endpoints."""
        path = self.state_dir / "provider" / "journal.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.issuer}/.well-known/openid-configuration",
                                timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def start(self) -> OidcProviderServer:
        people_file = self.state_dir / "people-given.json"
        people_file.write_text(json.dumps(self.people), encoding="utf-8")
        command = [sys.executable, "-m", "tests.federation.oidc_provider",
                   "--port", str(self.port), "--state-dir", str(self.state_dir / "provider"),
                   "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                   "--people", str(people_file)]
        for uri in self.redirect_uris:
            command += ["--redirect-uri", uri]
        environment = {key: value for key, value in os.environ.items()
                       if key != "DJANGO_SETTINGS_MODULE"}
        self.process = subprocess.Popen(command, cwd=REPO, env=environment,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _wait_for(self._answers, timeout=START_TIMEOUT, what="the OpenID Connect provider",
                  process=self.process)
        return self

    def stop(self) -> None:
        _stop(self.process)
        self.process = None
        self.state.cleanup()

    def __enter__(self) -> OidcProviderServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
