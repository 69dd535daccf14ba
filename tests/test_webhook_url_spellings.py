"""Webhook URLs in non-canonical spellings (issue 10, fault 8): a subscription to a private or
internal host is refused whatever its spelling, with the same reading of the host that delivery
uses (runtime/security/outbound_urls.py: the resolver's numeric parser, IDNA), over Shopvo's
`POST /webhooks`; nothing is stored. Ordinary public hosts are still accepted."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.security.outbound_urls import public_url_problem
from tests.support import pinned_clock, serve

HOOKS = "/api/v1/site_abc/webhooks"
NON_CANONICAL = [
    "https://127.1/",  # inet_aton shorthand
    "https://0177.0.0.1/",  # octal
    "https://127.000.000.001/",  # zero-padded
    "https://0x7f.0.0.1/",  # hexadecimal
    "https://2130706433/",  # one 32-bit number
    "https://0/",  # 0.0.0.0
    "https://%31%32%37.0.0.1/",  # percent-encoded host
    "https://%6c%6f%63%61%6c%68%6f%73%74/",  # percent-encoded localhost
    "https://metadata.google.internal/computeMetadata/v1/",  # cloud metadata by name
    "https://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "https://[fe80::1%25eth0]/",  # link-local with a zone id
    "https://\uff11\uff12\uff17.0.0.1/",  # fullwidth digits, 127.0.0.1 once IDNA-encoded
    "https://10.1/",  # 10.0.0.1
    "https://169.254.169.254./",  # trailing dot
    "https://printer.local/",
    "https://1.2.3.4.5/",  # neither an address nor a host name
]


@pytest.fixture(params=["sqlite", "postgres"])
def shopvo(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    settings = Settings(validate_responses=True, webhook_delivery=False, clock=pinned_clock)
    with serve("shopvo", tmp_path, backend=backend, settings=settings) as served:
        yield served


def test_non_canonical_spellings_of_private_hosts_are_refused_at_subscription(shopvo):
    headers = shopvo.auth("site_abc", ["webhooks:write", "webhooks:read"])
    for url in NON_CANONICAL:
        r = shopvo.client.post(HOOKS, headers=headers, json={"url": url, "events": ["inventory.low"]})
        assert r.status_code == 400, (url, r.text)  # Shopvo's validation status
        assert r.json()["error"].startswith("body.url: "), (url, r.text)
    assert shopvo.client.get(HOOKS, headers=headers).json()["data"] == []
    # a public host is still welcome
    ok = shopvo.client.post(HOOKS, headers=headers, json={"url": "https://hooks.example.com/shopvo",
                                                          "events": ["inventory.low"]})
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize("url", NON_CANONICAL)
def test_delivery_refuses_the_same_spellings(url):
    """The dispatcher checks a subscription's URL before each delivery with the same rule."""
    assert public_url_problem(url) is not None


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "https://93.184.216.34/x", "https://xn--bcher-kva.de/",
                                 "https://b\u00fccher.de/", "https://api.partner.co.id:8443/hooks?x=1"])
def test_public_hosts_in_any_spelling_are_accepted(url):
    assert public_url_problem(url) is None
