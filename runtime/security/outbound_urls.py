"""The outbound-URL policy: which URLs the server itself may fetch or post to. Every
server-side request goes through it — remote ingest (`ingest.remote`) and webhook delivery —
so an attacker who controls a URL cannot turn the server against hosts it must not reach
(server-side request forgery).

- `host_allowed`: a host against an allow-list of exact names or `*.example.com` patterns.
- `allow_listed_url_problem`: the rule for fetching from named hosts only (`ingest.remote`'s
  `allowedHosts` and `schemes`): an allowed scheme, a host on the list, no credentials.
- `public_url_problem`: the rule for webhook subscription URLs, checked when a subscription is
  made and again before each delivery: `https` only, a public host, no credentials in the URL,
  no fragment. The host is read as the resolver that delivery goes through reads it
  (`public_host_problem`): IDNA-encoded, and a numeric host in any notation the system resolver
  accepts (`127.1`, `0177.0.0.1`, `127.000.000.001`, `0x7f.1`, `2130706433`) is the address it
  spells, which must be public; a name must be a valid host name (no percent-encoding, no zone
  id) with a dot, outside the suffixes that never name a public host (`localhost`, `internal`
  as in `metadata.google.internal`, `local`, `test`…). Hosts on the deployment's allow-list
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
import re
import socket
from typing import Iterable
from urllib.parse import urlsplit

import attrs

MAX_URL_LENGTH = 2048
# top-level names that never name a public host: RFC 6761 (localhost, test, invalid, example),
# RFC 6762 (local, and the private-network names of its appendix G), RFC 7686 (onion), RFC 8375
# (home.arpa), ICANN's `internal` (cloud metadata: metadata.google.internal)
NON_PUBLIC_SUFFIXES = ("localhost", "local", "internal", "test", "invalid", "example", "onion", "arpa",
                       "localdomain", "lan", "home", "corp", "intranet", "private")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMBER = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")  # a label a resolver may read as part of an address


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
    return public_host_problem(host)


def numeric_addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address] | None:
    """The addresses `host` spells in any notation the system resolver takes for an address
    (`127.1`, `0177.0.0.1`, `0x7f000001`, `::ffff:127.0.0.1`), or None when it is a name. The
    resolver's own parser (getaddrinfo with AI_NUMERICHOST): no lookup is made."""
    try:
        infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError, ValueError):
        return None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def public_host_problem(host: str) -> tuple[str, str] | None:
    """(code, message) of why `host` (a URL's host, without brackets or a trailing dot) is not
    a public host, or None. It is read as delivery's resolver reads it: IDNA-encoded first
    (fullwidth `１２７.0.0.1` is 127.0.0.1), then as an address if the resolver takes it for one."""
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return "invalid_url", f"host {host} is not a valid host name"
    addresses = numeric_addresses(name)
    if addresses is not None:
        if not addresses or not all(address.is_global for address in addresses):
            return "host_not_allowed", f"host {host} is not a public address"
        return None
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        return "invalid_url", f"host {host} is not a valid host name"
    if len(labels) < 2:
        return "host_not_allowed", f"host {host} is not a public host name"
    if _NUMBER.match(labels[-1]):
        return "invalid_url", f"host {host} is neither an address nor a host name"
    if any(name == suffix or name.endswith("." + suffix) for suffix in NON_PUBLIC_SUFFIXES):
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
