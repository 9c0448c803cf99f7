"""Key pairs for SAML signatures: the demo's and the tests' self-signed ones (no Django
import: the settings call ``local_saml_keypair`` while they load)."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def self_signed_pair(*, key_path: Path, cert_path: Path, common_name: str,
                     days: int = 3650) -> None:
    """An RSA 2048 key and its self-signed certificate, written as PEM (the key readable by
    its owner only); written next to their place then moved, so that processes starting
    together keep one pair."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=days))
                   .sign(key, hashes.SHA256()))
    key_path.parent.mkdir(parents=True, exist_ok=True)
    suffix = f".{os.getpid()}"
    key_draft = key_path.with_name(key_path.name + suffix)
    cert_draft = cert_path.with_name(cert_path.name + suffix)
    key_draft.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.TraditionalOpenSSL,
                                            serialization.NoEncryption()))
    key_draft.chmod(0o600)
    cert_draft.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    os.replace(key_draft, key_path)
    os.replace(cert_draft, cert_path)


def local_saml_keypair(var_dir: Path) -> tuple[Path, Path]:
    """The demo's and the tests' SP key and certificate: made once, kept in ``var_dir``
    (production names its own: ``PREAU_SAML_SP_KEY_FILE``, ``PREAU_SAML_SP_CERT_FILE``).

    The pair is made in a folder of this process, then that folder is renamed into place
    in one step: processes starting together (the test workers) keep one matching pair."""
    folder = var_dir / "saml" / "sp"
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    if not (key_path.exists() and cert_path.exists()):
        draft = folder.with_name(f"sp.{os.getpid()}")
        self_signed_pair(key_path=draft / "key.pem", cert_path=draft / "cert.pem",
                         common_name="Préau SP")
        try:
            os.rename(draft, folder)
        except OSError:  # another process put its pair there first
            shutil.rmtree(draft, ignore_errors=True)
    return key_path, cert_path
