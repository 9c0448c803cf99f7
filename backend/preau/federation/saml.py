"""Préau as a SAML 2.0 service provider (djangosaml2 on pysaml2 and xmlsec1): its
configuration, built from the settings for every identity provider the operator lists
(docs/federation.md; threat model in docs/security.md, "Signing in through an identity
provider (SAML)").

The operator lists the providers in ``PREAU_SAML_IDPS`` (empty: SAML is off)::

    PREAU_SAML_IDPS = {
        "educonnect": {
            "label": "EduConnect",
            "audience": "families",                 # or "staff"
            "entity_id": "https://educonnect.education.gouv.fr/idp",
            "metadata": {"local": ["/etc/preau/educonnect-idp.xml"]},
            #   or {"remote": [{"url": "https://…/metadata.xml", "cert": "/etc/…/signer.pem"}]}
            "attributes": {                         # the names the provider documents
                "subject": "urn:oid:1.3.6.1.4.1.20326.10.999.1.57",   # FrEduCtId
                "first_name": "urn:oid:2.5.4.42",                     # givenName
                "last_name": "urn:oid:2.5.4.4",                       # sn
                "children_ine": "FrEduCtEleveINE",
            },
            # staff providers: "email_domains": ["ac-creteil.fr"]
        },
    }

``subject`` may be ``"name_id"``: the assertion's persistent NameID is then the subject.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import time
from pathlib import Path

import saml2
from django.conf import settings
from django.urls import reverse
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT

logger = logging.getLogger("preau.federation")

CONFIG_SECONDS = 60 * 60  # remote metadata is fetched again after this
_configs: dict[str, tuple[float, SPConfig]] = {}


def sp_entity_id() -> str:
    return settings.PREAU_SAML_SP.get("entity_id") or (
        settings.PREAU_SITE_URL + reverse("saml:metadata"))


def _metadata_sources() -> dict:
    local, remote = [], []
    for key, idp in settings.PREAU_SAML_IDPS.items():
        sources = idp.get("metadata", {})
        for path in sources.get("local", []):
            if Path(path).is_file():
                local.append(str(path))
            else:
                logger.warning("SAML provider %s: metadata file %s is missing", key, path)
        remote.extend(sources.get("remote", []))
    metadata = {}
    if local:
        metadata["local"] = local
    if remote:
        metadata["remote"] = remote
    return metadata


def sp_config_dict() -> dict:
    """The pysaml2 configuration of the service provider."""
    base = settings.PREAU_SITE_URL
    sp = settings.PREAU_SAML_SP
    return {
        "entityid": sp_entity_id(),
        "xmlsec_binary": settings.PREAU_XMLSEC_BINARY,
        "allow_unknown_attributes": True,
        # Clock skew tolerated between the provider and us, in seconds (both ways).
        "accepted_time_diff": settings.PREAU_SAML_ACCEPTED_TIME_DIFF,
        "service": {"sp": {
            "name": "Préau",
            "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            "endpoints": {
                "assertion_consumer_service": [
                    (base + reverse("saml:acs"), saml2.BINDING_HTTP_POST)],
                "single_logout_service": [
                    (base + reverse("saml:ls"), saml2.BINDING_HTTP_REDIRECT),
                    (base + reverse("saml:ls-post"), saml2.BINDING_HTTP_POST)],
            },
            "authn_requests_signed": True,
            "logout_requests_signed": True,
            # Every assertion signed by the provider's key from its metadata; a signature
            # of the response alone is not enough.
            "want_assertions_signed": True,
            "want_response_signed": False,
            "want_assertions_or_response_signed": True,
            # An answer must answer a request this browser started (no IdP-initiated
            # sign-in): the request's id waits in the SAML session, used once.
            "allow_unsolicited": False,
            "only_use_keys_in_metadata": True,
        }},
        "metadata": _metadata_sources(),
        "key_file": str(sp["key_file"]),
        "cert_file": str(sp["cert_file"]),
        "encryption_keypairs": [{"key_file": str(sp["key_file"]),
                                 "cert_file": str(sp["cert_file"])}],
    }


def saml_sp_config(request=None) -> SPConfig:
    """djangosaml2's configuration loader (``SAML_CONFIG_LOADER``): one ``SPConfig`` per
    set of settings and of metadata files' versions, kept an hour (remote metadata loaded
    once)."""
    config = sp_config_dict()
    # A provider's metadata file replaced (new keys, a new address) is read again at once.
    files = sorted(config["metadata"].get("local", []))
    stamps = [(path, Path(path).stat().st_mtime_ns) for path in files]
    key = hashlib.sha256(json.dumps([config, stamps], sort_keys=True, default=str).encode()
                         ).hexdigest()
    now = time.monotonic()
    cached = _configs.get(key)
    if cached is not None and now - cached[0] < CONFIG_SECONDS:
        return cached[1]
    sp_config = SPConfig()
    sp_config.load(copy.deepcopy(config))
    _configs.clear()
    _configs[key] = (now, sp_config)
    return sp_config


def provider_key_of(entity_id: str) -> str | None:
    """The key in ``PREAU_SAML_IDPS`` of the provider with this entity id."""
    for key, idp in settings.PREAU_SAML_IDPS.items():
        if idp.get("entity_id") == entity_id:
            return key
    return None


def released_attributes(*, provider: str, assertion, name_id: str) -> tuple[str, dict]:
    """The subject and the attributes of an assertion, named as Préau names them
    (``first_name``, ``last_name``, ``email``, ``children_ine``), from the attribute names
    the settings give for this provider (matched on the SAML name or the friendly name)."""
    released: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement or []:
        for attribute in statement.attribute:
            values = [str(value.text).strip() for value in attribute.attribute_value
                      if value.text is not None]
            for name in (attribute.name, attribute.friendly_name):
                if name:
                    released.setdefault(name, []).extend(values)
    names = settings.PREAU_SAML_IDPS[provider].get("attributes", {})
    subject_name = names.get("subject", "name_id")
    subject = name_id if subject_name == "name_id" else (released.get(subject_name) or [""])[0]
    attributes = {ours: released.get(theirs, [])
                  for ours, theirs in names.items() if ours != "subject"}
    return subject, attributes
