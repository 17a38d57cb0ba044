"""The internet address a request comes from, for rate limits, lockouts and the access
log, and whether it came over HTTPS, also behind reverse proxies.

A proxy's headers are believed only when the connection itself comes from a trusted
proxy (``KLACHTPAD_TRUSTED_PROXIES``: addresses or networks). The client is then the
right-most address in X-Forwarded-For that is not a trusted proxy: what a client writes
into that header itself stands further left and is never taken. python-ipware and
django-ipware trust a header when it merely names a trusted proxy, not when the
connection comes from one, so this small check is Klachtpad's own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.KLACHTPAD_TRUSTED_PROXIES)))


def forwarded_client(remote: str, forwarded_for: str) -> str | None:
    """The client behind trusted proxies, or None when ``remote`` is no trusted proxy
    (or the header names no valid address)."""
    if not _trusted(remote):
        return None
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return None  # a mangled header: believe nothing of it
        if not _trusted(hop):
            return hop
    return None


class TrustedProxyMiddleware:
    """Behind a trusted proxy, the request's address and scheme become the client's:
    REMOTE_ADDR is the client, and X-Forwarded-Proto: https makes the request secure.
    Placed first, so that everything after it (the HTTPS redirect, CSRF's origin check,
    axes, rate limits, the access log) sees the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        remote = str(meta.get("REMOTE_ADDR", ""))
        if _trusted(remote):
            client = forwarded_client(remote, str(meta.get("HTTP_X_FORWARDED_FOR", "")))
            if client is not None:
                meta["KLACHTPAD_PROXY_ADDR"] = remote
                meta["REMOTE_ADDR"] = client
            proto = str(meta.get("HTTP_X_FORWARDED_PROTO", "")).split(",")[0].strip().lower()
            if proto in ("http", "https"):
                meta["wsgi.url_scheme"] = proto
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The client's address (the proxy's middleware has put it in REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR", "") or "-")


def axes_client_address(request: HttpRequest) -> str | None:
    """The same address for django-axes; None when a request has none (a test's sign-in
    without a connection), since axes keeps the address in an IP field."""
    return str(request.META.get("REMOTE_ADDR", "")) or None
