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

import attrs

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


@attrs.frozen
class Pinned:
    """Where to send a delivery: the URL with its host replaced by the address it resolved to
    (connecting there, not resolving again, so a DNS answer that changes between the check
    and the connection — DNS rebinding — cannot point the request at a private address),
    with the `Host` header and the TLS server name (certificate check) of the original host."""

    url: str
    host_header: str
    server_name: str


async def resolve(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[Pinned | None, tuple[str, str] | None]:
    """(where to connect, None), or (None, (code, message)) when the host does not resolve or
    resolves to a non-public address (allow-listed hosts may resolve to any)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    allowed_anywhere = host_allowed(host, list(http_hosts))
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return None, ("unresolvable", f"host {host} could not be resolved ({exc.strerror or exc})")
    addresses = []
    for info in infos:
        try:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        except ValueError:
            return None, ("host_not_allowed", f"host {host} resolves to an unusable address")
        if not address.is_global and not allowed_anywhere:
            return None, ("host_not_allowed", f"host {host} resolves to a non-public address")
        addresses.append(address)
    if not addresses:
        return None, ("unresolvable", f"host {host} has no address")
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return Pinned(parts._replace(netloc=netloc).geturl(), host_header, host), None
