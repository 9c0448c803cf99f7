"""Start the provider: ``python -m tests.federation.oidc_provider --port 8001 --state-dir DIR
--client-id ID --client-secret SECRET --redirect-uri URI [--people FILE]``.

It makes its RSA signing key once (kept in the state folder), migrates its SQLite
database, registers the one client (confidential, authorization code, RS256 ID tokens,
consent skipped) and its people, writes ``client.json`` (issuer, client id and secret:
what the demo's settings read), then serves on 127.0.0.1 until stopped. Without
``--people``, the demo's people (``DEMO_PEOPLE``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

# The demo's person (password "demo"): Préau does not recognise them by themself, so the
# first sign-in asks which Préau login it is (the demo's « parent » and its password, or an
# invitation code), then the link holds.
DEMO_PEOPLE = {
    "parent.demo": {"password": "demo", "subject": "demo-parent-0001",
                    "given_name": "Camille", "family_name": "Martin",
                    "email": "camille.martin@example.org", "eleves_ine": []},
}


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        return


def signing_key(state_dir: Path) -> None:
    path = state_dir / "signing-key.pem"
    if path.exists():
        return
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def register(*, client_id: str, client_secret: str, redirect_uris: list[str],
             people: dict[str, dict]) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    application_model = get_application_model()
    application = application_model.objects.filter(client_id=client_id).first()
    application = application or application_model(client_id=client_id)
    application.name = "Préau"
    application.client_type = application_model.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
    application.algorithm = application_model.RS256_ALGORITHM
    application.redirect_uris = " ".join(redirect_uris)
    application.client_secret = client_secret
    application.skip_authorization = True
    application.save()
    user_model = get_user_model()
    for username, person in people.items():
        user = user_model.objects.filter(username=username).first() or user_model(
            username=username)
        user.set_password(person["password"])
        user.first_name, user.last_name = person["given_name"], person["family_name"]
        user.email = person["email"]
        user.save()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--people", type=Path)
    args = parser.parse_args(argv)

    state_dir = args.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    signing_key(state_dir)
    people = (json.loads(args.people.read_text(encoding="utf-8")) if args.people
              else DEMO_PEOPLE)
    (state_dir / "people.json").write_text(json.dumps(people, indent=1), encoding="utf-8")
    os.environ["OIDC_PROVIDER_STATE_DIR"] = str(state_dir)
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{args.port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.federation.oidc_provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    register(client_id=args.client_id, client_secret=args.client_secret,
             redirect_uris=args.redirect_uri, people=people)
    # What Préau's demo settings read to offer this provider (config/settings/local.py).
    (state_dir / "client.json").write_text(json.dumps({
        "issuer": os.environ["OIDC_PROVIDER_ISSUER"], "client_id": args.client_id,
        "client_secret": args.client_secret}), encoding="utf-8")
    server = make_server("127.0.0.1", args.port, get_wsgi_application(),
                         server_class=ThreadingServer, handler_class=QuietHandler)
    print(f"Fournisseur OpenID Connect : http://127.0.0.1:{args.port}/o "
          f"(client {args.client_id})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
