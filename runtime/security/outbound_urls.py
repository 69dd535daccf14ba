"""The outbound-URL policy: which URLs the server itself may fetch or post to. Every
server-side request goes through it — remote ingest (`ingest.remote`) and webhook delivery —
so an attacker who controls a URL cannot turn the server against hosts it must not reach
(server-side request forgery).

- `host_allowed`: a host against an allow-list of exact names or `*.example.com` patterns.
- `allow_listed_url_problem`: the rule for fetching from named hosts only (`ingest.remote`'s
  `allowedHosts` and `schemes`): an allowed scheme, a host on the list, no credentials.
- `public_url_problem`: the rule for webhook subscription URLs, checked when a subscription is
  made and again before each delivery: `https` only, a host name with a dot or a public IP
  address, no credentials in the URL, no fragment. Hosts on the deployment's allow-list
  (`SPECLOOM_WEBHOOK_HTTP_HOSTS`, same patterns) may also use `http` and private addresses —
  for tests and development (`127.0.0.1`, `localhost`).
- `resolve`: before sending, the host's addresses are resolved and a host that resolves to a
  private, loopback or link-local address is refused unless allow-listed; the request then
  connects to the address that was checked (`Pinned`), never resolving the name again.
"""

from __future__ import annotations

import asyncio
import fnmatch
import ipaddress
import socket
from typing import Iterable
from urllib.parse import urlsplit

import attrs

MAX_URL_LENGTH = 2048


def host_allowed(host: str, patterns: Iterable[str]) -> bool:
    """Exact host names, or `*.example.com` for any subdomain of example.com."""
    host = host.lower().rstrip(".")
    for pattern in patterns:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and fnmatch.fnmatchcase(host, pattern):
                return True
        elif host == pattern:
            return True
    return False


def allow_listed_url_problem(url: str, *, schemes: Iterable[str],
                             allowed_hosts: Iterable[str]) -> tuple[str, str] | None:
    """(code, message) of why `url` may not be fetched from the allow-listed hosts, or None."""
    schemes, allowed_hosts = list(schemes), list(allowed_hosts)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises for a malformed port
    except ValueError:
        return "invalid_url", "is not a valid URL"
    if parts.scheme.lower() not in schemes:
        return "scheme_not_allowed", f"must use {' or '.join(schemes)}"
    if not host:
        return "invalid_url", "has no host"
    if parts.username is not None or parts.password is not None:
        return "invalid_url", "must not carry credentials"
    if not host_allowed(host, allowed_hosts):
        return "host_not_allowed", (f"host {host} is not allowed for remote ingest; allowed hosts: "
                                    f"{', '.join(allowed_hosts) or 'none'}")
    return None


def public_url_problem(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(code, message) of why `url` may not receive webhooks, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "invalid_url", f"is longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "invalid_url", "is not a valid URL"
    listed = bool(host) and host_allowed(host, http_hosts)
    schemes = ["https", "http"] if listed else ["https"]
    problem = allow_listed_url_problem(url, schemes=schemes, allowed_hosts=[host or "-"])
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
    allowed_anywhere = host_allowed(host, http_hosts)
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
