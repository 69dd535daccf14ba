"""Test mode: the sandbox of a tenant.

A credential issued with its scheme's `testPrefix` (`specloom keys create … --test`, Shopvo's
`sk_test_…`) is a test-mode credential. Its requests run in the tenant's sandbox: a storage
partition of its own, named `<tenant>` + `SUFFIX`, while paths still name the tenant itself.
Everything the runtime keeps per tenant follows the request's tenant, so what a test key
creates — records, events, webhook subscriptions and their deliveries, jobs, mail — lives in
the sandbox, invisible to live keys, and the reverse. What leaves the server names the tenant
as the client knows it (`public_tenant`): a webhook's `siteId` is `T`, never the partition.
The tenant's settings (runtime/services/tenant_settings.py) are read through: a sandbox sees
the tenant's own, and may override them.

The suffix starts with an ASCII control character, which tenant names never hold: the CLI
refuses one, and a path naming a tenant with it is answered 404 (runtime/policies/auth.py), so
no request reaches a sandbox but through a test-mode credential."""

from __future__ import annotations

MARK = "\x1f"  # ASCII unit separator: never in a tenant name
SUFFIX = MARK + "test"


def storage_tenant(tenant: str, test: bool) -> str:
    """Where the requests of a (test-mode) credential of `tenant` keep their data."""
    return tenant + SUFFIX if test else tenant


def public_tenant(tenant: str) -> str:
    """The tenant as clients name it, for a storage tenant (a sandbox's is its tenant's)."""
    return tenant.split(MARK, 1)[0]


def is_sandbox(tenant: str) -> bool:
    return tenant.endswith(SUFFIX)


def has_mark(tenant: str) -> bool:
    """Whether a tenant named from outside (a path, a command line) holds control characters."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in tenant)
