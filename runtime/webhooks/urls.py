"""Which URLs may receive webhooks, checked when a subscription is made and again before each
delivery: `https` only, a host name with a dot or a public IP address, no credentials in the
URL, no fragment. Hosts on
the deployment's `webhook_http_hosts` allow-list (`SPECLOOM_WEBHOOK_HTTP_HOSTS`, patterns as in
`ingest.remote`'s `allowedHosts`) may also use `http` and private addresses — for tests and
development (`127.0.0.1`, `localhost`). Before sending, the host's addresses are resolved and a
host that resolves to a private, loopback or link-local address is refused unless allow-listed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from ..actions.ingest import host_allowed, url_problem as ingest_url_problem

MAX_URL_LENGTH = 2048


def url_problem(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(code, message) of why `url` may not receive webhooks, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "invalid_url", f"is longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "invalid_url", "is not a valid URL"
    listed = bool(host) and host_allowed(host, list(http_hosts))
    schemes = ["https", "http"] if listed else ["https"]
    problem = ingest_url_problem(url, {"schemes": schemes, "allowedHosts": [host or "-"]})
    if problem is not None:
        return problem
    if parts.fragment or url.endswith("#"):
        return "invalid_url", "must not carry a fragment"
    if any(ch.isspace() or ord(ch) < 0x21 for ch in url):
        return "invalid_url", "must not contain spaces or control characters"
    if listed:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not address.is_global:
            return "host_not_allowed", f"host {host} is not a public address"
        return None
    lowered = host.lower()
    if "." not in lowered or lowered == "localhost" or lowered.endswith(".localhost"):
        return "host_not_allowed", f"host {host} is not a public host name"
    return None


async def address_problem(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Refuse a host that resolves to a non-public address (unless allow-listed)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host_allowed(host, list(http_hosts)):
        return None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        return "unresolvable", f"host {host} could not be resolved ({exc.strerror or exc})"
    for info in infos:
        try:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        except ValueError:
            return "host_not_allowed", f"host {host} resolves to an unusable address"
        if not address.is_global:
            return "host_not_allowed", f"host {host} resolves to a non-public address"
    return None
