"""The client's address behind a reverse proxy, for the login lockout (django-axes).

Behind the documented proxy every request comes from 127.0.0.1, so a lockout per
(username, address) would lock the real administrator out as soon as anyone typed five wrong
passwords. With ``SYNCADMIN_TRUSTED_PROXIES`` (comma-separated addresses of the proxies in
front of syncadmin) the address is taken from ``X-Forwarded-For``: walking it from the right,
the first address that is not a trusted proxy. A request that does not come from a trusted
proxy is judged by its own address (a forged header changes nothing). So an attacker locks
out only his own address, never the real user's.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client address of ``request`` (see the module docstring); None when unknown."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = set(getattr(settings, "SYNCADMIN_TRUSTED_PROXIES", ()))
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") or ""
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _valid(hop)
        if address is None:
            return remote  # a malformed chain: trust only what the proxy itself is
        if address not in trusted:
            return address
    return remote
