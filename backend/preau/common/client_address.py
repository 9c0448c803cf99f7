"""The client's address, behind the trusted proxies or not (docs/security.md)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False)
            for item in getattr(settings, "PREAU_TRUSTED_PROXIES", [])]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, unless the request comes from a trusted proxy
    (``PREAU_TRUSTED_PROXIES``); then the rightmost address of ``PREAU_CLIENT_IP_HEADER``
    that is not itself a trusted proxy. A header sent by anyone else is ignored."""
    remote = request.META.get("REMOTE_ADDR") or ""
    networks = _trusted_networks()
    if not remote or not networks or not _is_trusted(remote, networks):
        return remote or "unknown"
    header = request.META.get(getattr(settings, "PREAU_CLIENT_IP_HEADER",
                                      "HTTP_X_FORWARDED_FOR"), "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return remote  # a garbled chain: trust nothing beyond our proxy
        if not _is_trusted(address, networks):
            return address
    return remote
