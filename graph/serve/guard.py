"""Who may ask: the Host a request names and the site it comes from.

A loopback endpoint is still reachable from a browser: a page on another site
can send it a form post, and a DNS-rebinding page (a name that first resolves
to the attacker, then to 127.0.0.1) can read its answers. So requests must name
this server in ``Host`` (an IP address, ``localhost``, the machine's bound name,
or a name given with ``--allow-host``), and a request that a browser marks as
coming from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin``
that is not this server and not an origin allowed with ``--cors``) is refused.

>>> guard = RequestGuard("127.0.0.1", ["kg.example"])
>>> guard.problem({"HTTP_HOST": "127.0.0.1:7878"}) is None
True
>>> guard.problem({"HTTP_HOST": "attacker.example:7878"})[:8]
'the Host'
>>> guard.problem({"HTTP_HOST": "kg.example", "HTTP_ORIGIN": "https://evil.example"})[:8]
'requests'
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit


def _host_name(host_header: str) -> str:
    """The name part of a Host header, lower case, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class RequestGuard:
    """Checks Host, Origin and Sec-Fetch-Site on every request."""

    def __init__(self, bound_host: str, allow_hosts: Iterable[str] = (), cors: Iterable[str] = ()):
        self.names = {"localhost", _host_name(bound_host)} | {_host_name(h) for h in allow_hosts}
        self.cors = {origin.rstrip("/").lower() for origin in cors}

    def host_allowed(self, host_header: str) -> bool:
        name = _host_name(host_header)
        # An IP address cannot be rebound by DNS; a name must be one this server answers to.
        return bool(name) and (_is_ip(name) or name in self.names)

    def origin_allowed(self, origin: str, host_header: str) -> bool:
        origin = origin.rstrip("/").lower()
        if origin in self.cors:
            return True
        parts = urlsplit(origin)
        return bool(parts.netloc) and parts.netloc == host_header.strip().lower()

    def problem(self, environ) -> str | None:
        """Why this request is refused (403), or None."""
        host = environ.get("HTTP_HOST") or ""
        if not self.host_allowed(host):
            return (
                f"the Host {host!r} is not a name this endpoint answers to "
                "(start it with --allow-host NAME to add one)"
            )
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin != "null" and not self.origin_allowed(origin, host):
            return "requests from other web sites are refused (see --cors)"
        if origin == "null" or environ.get("HTTP_SEC_FETCH_SITE") == "cross-site":
            if not (origin and origin.rstrip("/").lower() in self.cors):
                return "requests from other web sites are refused (see --cors)"
        return None

    def cors_headers(self, environ) -> list[tuple[str, str]]:
        """Access-Control headers for an allowed cross-origin reader, else none."""
        origin = (environ.get("HTTP_ORIGIN") or "").rstrip("/").lower()
        if origin and origin in self.cors:
            return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        return []
