"""A real SAML 2.0 identity provider for the suite and the demo: pysaml2's ``Server`` behind
a small WSGI application, in a thread.

It signs with a key of its own (made at start), publishes its metadata in a file that the
service provider's settings name, and trusts the service provider's metadata given to it
(``trust_sp``). It answers an AuthnRequest (HTTP-Redirect binding) with a Response sent by
an auto-submitting HTML form (HTTP-POST binding), for the person ``next_login`` names (the
suite) or the one chosen on its page (the demo). Single logout: HTTP-Redirect.

On demand it misbehaves (``misbehave``): ``"unsigned"`` (no signature at all),
``"foreign_key"`` (signed by another key than the one of its metadata),
``"wrong_audience"`` (an assertion for another service), ``"expired"`` (issued 15
minutes ago, valid 5), ``"replay"`` (sends back the last response it gave).

Run for the demo (``make demo-idp``)::

    python -m tests.federation.saml_idp   # EduConnect-like on :8081, académie on :8082
"""

from __future__ import annotations

import base64
import datetime
import html
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
import time_machine
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from preau.federation.keys import self_signed_pair

XMLSEC = "/usr/bin/xmlsec1"
# EduConnect's attributes (URI names) as the services that use it read them.
FR_EDUCT_ID = "urn:oid:1.3.6.1.4.1.20326.10.999.1.57"
FR_EDUCT_AFFILIATION = "urn:oid:1.3.6.1.4.1.20326.10.999.1.7"
GIVEN_NAME = "urn:oid:2.5.4.42"
SURNAME = "urn:oid:2.5.4.4"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
CHILDREN_INE = "FrEduCtEleveINE"

# The attribute names the service provider's settings give for each kind of provider.
EDUCONNECT_ATTRIBUTES = {"subject": FR_EDUCT_ID, "first_name": GIVEN_NAME,
                         "last_name": SURNAME, "children_ine": CHILDREN_INE}
ACADEMIE_ATTRIBUTES = {"subject": "name_id", "first_name": GIVEN_NAME, "last_name": SURNAME,
                       "email": MAIL}


def educonnect_person(*, subject: str, first_name: str, last_name: str,
                      children_ine: list[str]) -> dict:
    """What EduConnect releases for a parent (« resp1d »: a primary pupil's guardian)."""
    return {"subject": subject, "attributes": {
        FR_EDUCT_ID: [subject], FR_EDUCT_AFFILIATION: ["resp1d"], GIVEN_NAME: [first_name],
        SURNAME: [last_name], CHILDREN_INE: children_ine}}


def academie_person(*, subject: str, first_name: str, last_name: str, email: str) -> dict:
    """What an académie's federation releases for a teacher (persistent NameID)."""
    return {"subject": subject, "attributes": {
        GIVEN_NAME: [first_name], SURNAME: [last_name], MAIL: [email]}}


POLICY = {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                      "name_form": NAME_FORMAT_URI}}


class _AudiencePolicy(Policy):
    """The provider's policy, but its assertions name another service as their audience."""

    audience = ""

    def conditions(self, sp_entity_id):
        return super().conditions(self.audience)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class SamlIdp:
    """One identity provider: ``start()``, then ``metadata_path`` for the service provider
    and ``trust_sp(xml)`` with the service provider's metadata."""

    name: str
    entity_id: str
    folder: Path
    people: dict[str, dict] = field(default_factory=dict)  # login → released identity
    port: int = 0
    next_login: str | None = None
    misbehave: str | None = None
    last_response: str | None = None
    responses: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.key_file, self.cert_file = self._pair("idp")
        self.foreign_key_file, self.foreign_cert_file = self._pair("foreign")
        self.sp_metadata_file = self.folder / f"{self.name}-sp-metadata.xml"
        self.metadata_path = self.folder / f"{self.name}-idp-metadata.xml"
        self._server = None
        self._foreign = None
        self._httpd = None

    def _pair(self, kind: str) -> tuple[Path, Path]:
        key, cert = (self.folder / f"{self.name}-{kind}-key.pem",
                     self.folder / f"{self.name}-{kind}-cert.pem")
        if not (key.exists() and cert.exists()):
            self_signed_pair(key_path=key, cert_path=cert, common_name=f"{self.name} {kind}")
        return key, cert

    # --- lifecycle --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SamlIdp:
        self._httpd = make_server("127.0.0.1", self.port, self.wsgi, server_class=WSGIServer,
                                  handler_class=_QuietHandler)
        self.port = self._httpd.server_port
        threading.Thread(target=self._httpd.serve_forever, daemon=True,
                         name=f"saml-idp-{self.name}").start()
        self.metadata_path.write_text(self._metadata_xml(), encoding="utf-8")
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def trust_sp(self, sp_metadata_xml: str) -> None:
        self.sp_metadata_file.write_text(sp_metadata_xml, encoding="utf-8")
        self._server = Server(config=self._config(self.key_file, self.cert_file))
        self._foreign = Server(config=self._config(self.foreign_key_file,
                                                   self.foreign_cert_file))

    def _config(self, key_file: Path, cert_file: Path, *, with_sp: bool = True) -> IdPConfig:
        base = self.base_url
        config = IdPConfig()
        config.load({
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "service": {"idp": {
                "name": self.name,
                "endpoints": {
                    "single_sign_on_service": [(f"{base}/sso/redirect",
                                                saml2.BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(f"{base}/slo/redirect",
                                               saml2.BINDING_HTTP_REDIRECT)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": True,
                "policy": POLICY,
            }},
            "metadata": {"local": [str(self.sp_metadata_file)]} if with_sp else {},
        })
        return config

    def _metadata_xml(self) -> str:
        return str(entity_descriptor(self._config(self.key_file, self.cert_file,
                                                  with_sp=False)))

    # --- the protocol -----------------------------------------------------------------

    def wsgi(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            query.update({k: v[0] for k, v in parse_qs(body).items()})
        try:
            if path == "/metadata":
                return self._answer(start_response, "200 OK", self._metadata_xml(),
                                    "text/xml; charset=utf-8")
            if path == "/sso/redirect":
                return self._sso(start_response, query)
            if path == "/slo/redirect":
                return self._slo(start_response, query)
        except Exception as error:  # a test peer answers, never dies
            return self._answer(start_response, "400 Bad Request", f"Erreur : {error}")
        return self._answer(start_response, "404 Not Found", "Introuvable")

    @staticmethod
    def _answer(start_response, status: str, body: str,
                content_type: str = "text/html; charset=utf-8", headers=()):
        start_response(status, [("Content-Type", content_type), *headers])
        return [body.encode()]

    def _sso(self, start_response, query: dict):
        request = self._server.parse_authn_request(
            query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"), sigalg=query.get("SigAlg"),
            signature=query.get("Signature"))
        login = query.get("login") or self.next_login
        if login is None:  # the demo: choose who signs in
            return self._answer(start_response, "200 OK", self._chooser(query))
        person = self.people[login]
        if self.misbehave == "replay" and self.last_response is not None:
            encoded = self.last_response
        else:
            encoded = self.answer_for(request.message, person)
            self.last_response = encoded
        self.responses.append(encoded)
        destination = request.message.assertion_consumer_service_url
        return self._answer(start_response, "200 OK", _post_form(
            destination, {"SAMLResponse": encoded,
                          "RelayState": query.get("RelayState", "")}))

    def answer_for(self, authn_request, person: dict) -> str:
        """The base64 Response to ``authn_request`` for ``person`` (misbehaving if asked)."""
        server = self._foreign if self.misbehave == "foreign_key" else self._server
        sp_entity_id = authn_request.issuer.text
        audience = sp_entity_id
        if self.misbehave == "wrong_audience":
            audience = "https://autre-service.example/saml2/metadata/"
        signed = self.misbehave != "unsigned"
        kwargs = {
            "identity": person["attributes"], "in_response_to": authn_request.id,
            "destination": authn_request.assertion_consumer_service_url,
            "sp_entity_id": sp_entity_id,
            "name_id": NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["subject"],
                              sp_name_qualifier=sp_entity_id,
                              name_qualifier=self.entity_id),
            "authn": {"class_ref": saml2.saml.AUTHN_PASSWORD_PROTECTED,
                      "authn_auth": self.entity_id},
            "sign_response": signed, "sign_assertion": signed,
        }
        if self.misbehave == "expired":
            issued = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=15)
            with time_machine.travel(issued, tick=False):
                response = server.create_authn_response(**kwargs)
        elif audience != sp_entity_id:
            policy = _AudiencePolicy(restrictions=POLICY, mds=server.metadata)
            policy.audience = audience
            response = server.create_authn_response(**kwargs, release_policy=policy)
        else:
            response = server.create_authn_response(**kwargs)
        return base64.b64encode(str(response).encode()).decode()

    def _chooser(self, query: dict) -> str:
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" '
                         f'value="{html.escape(v)}">' for k, v in query.items())
        buttons = "".join(
            f'<p><button name="login" value="{html.escape(login)}">'
            f'{html.escape(_display(person))}</button></p>'
            for login, person in self.people.items())
        return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>'
                f'{html.escape(self.name)} (démonstration)</title></head><body><main>'
                f'<h1>{html.escape(self.name)} — fournisseur d\'identité de démonstration</h1>'
                f'<p>Qui se connecte ?</p><form method="post" action="/sso/redirect">'
                f'{hidden}{buttons}</form></main></body></html>')

    def _slo(self, start_response, query: dict):
        request = self._server.parse_logout_request(
            query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"), sigalg=query.get("SigAlg"),
            signature=query.get("Signature"))
        response = self._server.create_logout_response(request.message,
                                                       [saml2.BINDING_HTTP_REDIRECT])
        info = self._server.apply_binding(saml2.BINDING_HTTP_REDIRECT, str(response),
                                          destination=response.destination,
                                          relay_state=query.get("RelayState", ""),
                                          response=True)
        location = dict(info["headers"])["Location"]
        return self._answer(start_response, "302 Found", "", headers=[("Location", location)])


def _display(person: dict) -> str:
    attributes = person["attributes"]
    return " ".join(attributes.get(GIVEN_NAME, []) + attributes.get(SURNAME, []))


def _post_form(action: str, fields: dict) -> str:
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Retour à '
            f'Préau</title></head><body onload="document.forms[0].submit()"><form '
            f'method="post" action="{html.escape(action)}">{inputs}<noscript><button>'
            f'Continuer</button></noscript></form></body></html>')


# --- The demo: ``make demo-saml`` ---------------------------------------------------------

DEMO_PORTS = {"educonnect": 8081, "academie": 8082}


def _demo_people() -> tuple[dict, dict, list[str]]:
    """The EduConnect people (the demo's « parent », whom Préau links by the INE of her
    children, and a parent it does not know, who links with a code or a password) and the
    académie's (the demo's « enseignant », linked by the address), read from the demo's
    database; the academic domains to trust."""
    from preau.accounts.models import User
    from preau.people.models import Guardianship

    families = {"inconnu": educonnect_person(subject="demo-ec-0002", first_name="Dominique",
                                             last_name="Inconnu", children_ine=[])}
    staff, domains = {}, []
    parent = User.objects.filter(username="parent").select_related("person").first()
    if parent is not None and parent.person is not None:
        person = parent.person
        ines = [ine for ine in Guardianship.objects.filter(guardian=person, is_legal=True)
                .values_list("pupil__ine", flat=True) if ine]
        families["parent"] = educonnect_person(
            subject="demo-ec-0001", first_name=person.first_name,
            last_name=person.usage_name or person.last_name, children_ine=ines)
    teacher = User.objects.filter(username="enseignant").select_related("person").first()
    if teacher is not None and teacher.person is not None and teacher.person.email:
        person = teacher.person
        staff["enseignant"] = academie_person(subject="demo-aca-0001",
                                              first_name=person.first_name,
                                              last_name=person.last_name, email=person.email)
        domains.append(person.email.rpartition("@")[2].lower())
    return families, staff, domains


def main(argv: list[str] | None = None) -> None:
    """Start the demo's two providers, write their metadata and the settings the local
    configuration reads (``<state-dir>/providers.json``), and serve until stopped."""
    import argparse
    import json
    import os
    import sys
    import time

    parser = argparse.ArgumentParser(description="Les fournisseurs SAML de démonstration.")
    parser.add_argument("--state-dir", default="var/saml-idp")
    args = parser.parse_args(argv)
    state = Path(args.state_dir).resolve()
    backend = Path(__file__).resolve().parents[2] / "backend"
    sys.path.insert(0, str(backend))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import DatabaseError

    from preau.federation.saml import saml_sp_config

    try:
        families, staff, domains = _demo_people()
    except DatabaseError:  # no demo database yet (`make demo` seeds it)
        families, staff, domains = {"inconnu": educonnect_person(
            subject="demo-ec-0002", first_name="Dominique", last_name="Inconnu",
            children_ine=[])}, {}, []
        print("Pas encore de base de démonstration : lancez `make demo`, puis relancez.")
    idps = {
        "educonnect": SamlIdp(name="educonnect", entity_id="http://127.0.0.1:8081/educonnect",
                              folder=state, people=families, port=DEMO_PORTS["educonnect"]),
        "academie": SamlIdp(name="academie", entity_id="http://127.0.0.1:8082/academie",
                            folder=state, people=staff, port=DEMO_PORTS["academie"]),
    }
    for idp in idps.values():
        idp.start()
    providers = {
        "educonnect": {"label": "EduConnect (démonstration)", "audience": "families",
                       "entity_id": idps["educonnect"].entity_id,
                       "metadata": {"local": [str(idps["educonnect"].metadata_path)]},
                       "attributes": EDUCONNECT_ATTRIBUTES},
        "academie": {"label": "Compte académique (démonstration)", "audience": "staff",
                     "entity_id": idps["academie"].entity_id,
                     "metadata": {"local": [str(idps["academie"].metadata_path)]},
                     "attributes": ACADEMIE_ATTRIBUTES, "email_domains": domains},
    }
    (state / "providers.json").write_text(json.dumps(providers, indent=2), encoding="utf-8")
    sp_metadata = str(entity_descriptor(saml_sp_config()))
    for idp in idps.values():
        idp.trust_sp(sp_metadata)
    print("Fournisseurs SAML de démonstration :")
    for key, idp in idps.items():
        print(f"  {key}: {idp.base_url} — {', '.join(idp.people) or 'personne'}")
    print(f"Réglages écrits dans {state / 'providers.json'} : (re)lancez `make demo`.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        for idp in idps.values():
            idp.stop()


if __name__ == "__main__":
    main()
