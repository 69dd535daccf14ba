"""Credentials for a fuzz run: for each tenant, one credential per security scheme in use.

How a credential is *made* depends on the scheme's `x-specloom` family and is looked up in
`PROVISIONERS`; today there is the `apiKey` family. A later family (OAuth tokens, customer
sessions, publishable keys) plugs in by registering a provisioner for its family name:

    @provisioner("customerSession")
    class CustomerSessionProvisioner:
        async def issue(self, runtime, scheme, tenant) -> str:
            return await runtime.sessions.open(tenant, ...)

or, with no provisioner registered, through the runtime's own authentication family for the
scheme when it can `provision(tenant, scopes)` request headers (`runtime.families`).

How a credential is *sent* depends only on the standard OpenAPI security scheme (http bearer,
apiKey in a header, query parameter or cookie), so the fuzz code never changes for a family.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

import attrs

from specloom.generator.ir import Operation, SecurityScheme, Surface

from .errors import FuzzUsageError

if TYPE_CHECKING:
    from specloom.runtime.surface_runtime import SurfaceRuntime

FUZZ_SCOPES = ("admin:*",)


class Provisioner(Protocol):
    async def issue(self, runtime: "SurfaceRuntime", scheme: SecurityScheme, tenant: str | None) -> str:
        """A new credential (the secret a client sends) for `tenant`, with every scope."""


PROVISIONERS: dict[str, Provisioner] = {}


def provisioner(family: str) -> Callable[[type], type]:
    """Register the provisioner class of a security-scheme family."""

    def register(cls: type) -> type:
        PROVISIONERS[family] = cls()
        return cls

    return register


@provisioner("apiKey")
class ApiKeyProvisioner:
    async def issue(self, runtime: "SurfaceRuntime", scheme: SecurityScheme, tenant: str | None) -> str:
        prefix = scheme.prefixes[0] if scheme.prefixes else None
        issued = await runtime.api_keys.issue(tenant or "", FUZZ_SCOPES, prefix=prefix)
        return issued.token


@attrs.frozen
class Placement:
    """Where a credential goes in a request, from the OpenAPI security scheme."""

    location: str  # header | query | cookie
    name: str
    template: str = "{}"  # e.g. "Bearer {}"
    schemathesis_key: str = "api_key"  # the key of Schemathesis' `auth.openapi.<scheme>` entry

    def value(self, secret: str) -> str:
        return self.template.format(secret)


def placement(name: str, definition: dict[str, Any]) -> Placement:
    kind = str(definition.get("type", "")).lower()
    bearer = kind == "http" and str(definition.get("scheme", "")).lower() == "bearer"
    if bearer or kind in ("oauth2", "openidconnect"):
        return Placement("header", "Authorization", "Bearer {}", "bearer")
    if kind == "apikey" and definition.get("in") in ("header", "query", "cookie") and definition.get("name"):
        return Placement(definition["in"], definition["name"])
    raise FuzzUsageError(f"security scheme {name!r} ({kind or 'no type'}) cannot be fuzzed yet: "
                         "only bearer tokens and API keys in a header, query parameter or cookie")


@attrs.frozen
class SchemeCredential:
    scheme: str
    secret: str
    placement: Placement


@attrs.frozen
class Identity:
    """One tenant's credentials, for every security scheme the surface uses."""

    label: str  # "A" (the fuzzed tenant) or "B" (the isolation probe)
    tenant: str | None
    credentials: tuple[SchemeCredential, ...]

    @property
    def placeholder(self) -> str:
        """How reproductions name this identity's secret(s): `$KEY_A`, or one per scheme."""
        return ", ".join(self.placeholder_for(c) for c in self.credentials) or f"$KEY_{self.label}"

    def placeholder_for(self, credential: SchemeCredential) -> str:
        if len(self.credentials) == 1:
            return f"$KEY_{self.label}"
        return "$" + re.sub(r"\W", "_", credential.scheme).upper() + f"_{self.label}"

    def sent_with(self, schemes: Iterable[str] | None) -> "Identity":
        """This identity with only the credentials of `schemes` (all of them for None)."""
        if schemes is None:
            return self
        wanted = set(schemes)
        return attrs.evolve(self, credentials=tuple(c for c in self.credentials if c.scheme in wanted))

    def container(self, location: str) -> dict[str, str]:
        return {c.placement.name: c.placement.value(c.secret)
                for c in self.credentials if c.placement.location == location}

    @property
    def headers(self) -> dict[str, str]:
        return self.container("header")

    @property
    def query(self) -> dict[str, str]:
        return self.container("query")

    @property
    def cookies(self) -> dict[str, str]:
        return self.container("cookie")

    def schemathesis_auth(self) -> dict[str, dict[str, str]]:
        """The `auth.openapi` table of a Schemathesis config."""
        return {c.scheme: {c.placement.schemathesis_key: c.secret} for c in self.credentials}


def schemes_for(operation: Operation, identity: Identity) -> tuple[str, ...] | None:
    """The schemes to present for an operation: its first security alternative this identity
    can satisfy (none for a public operation; None, meaning all, when no alternative fits)."""
    if operation.is_public:
        return ()
    held = {c.scheme for c in identity.credentials}
    for requirement in operation.security:
        names = tuple(r.scheme for r in requirement)
        if set(names) <= held:
            return names
    return None


def schemes_in_use(surface: Surface, operation_ids: set[str] | None = None) -> list[SecurityScheme]:
    used = {r.scheme for op in surface.operations
            if operation_ids is None or op.operation_id in operation_ids
            for req in op.security for r in req}
    return [s for s in surface.security_schemes if s.name in used]


def _definitions(document: dict[str, Any]) -> dict[str, Any]:
    return document.get("components", {}).get("securitySchemes", {})


class FamilyProvisioner:
    """A scheme whose runtime authentication family provisions request headers itself."""

    def __init__(self, family: Any, where: Placement):
        self.family = family
        self.where = where

    async def issue(self, runtime: "SurfaceRuntime", scheme: SecurityScheme, tenant: str | None) -> str:
        headers = await self.family.provision(tenant or "", FUZZ_SCOPES)
        value = next((v for k, v in headers.items() if k.lower() == self.where.name.lower()), None)
        prefix = self.where.template.split("{}")[0]
        if self.where.location != "header" or value is None or not value.startswith(prefix):
            raise FuzzUsageError(f"the {scheme.family!r} family of security scheme {scheme.name!r} provisioned "
                                 f"{', '.join(headers) or 'nothing'}, not the {self.where.name} its spec declares")
        return value[len(prefix):]


def _issuer(runtime: "SurfaceRuntime", scheme: SecurityScheme, where: Placement) -> Provisioner:
    issuer = PROVISIONERS.get(scheme.family)
    if issuer is not None:
        return issuer
    family = getattr(runtime, "families", {}).get(scheme.name)
    if family is not None and callable(getattr(family, "provision", None)):
        return FamilyProvisioner(family, where)
    known = ", ".join(sorted(PROVISIONERS)) or "none"
    raise FuzzUsageError(f"no fuzz provisioner for security scheme {scheme.name!r} "
                         f"(x-specloom family {scheme.family!r}; provisioners exist for: {known})")


async def provision(runtime: "SurfaceRuntime", document: dict[str, Any], schemes: list[SecurityScheme],
                    tenant: str | None, label: str) -> Identity:
    """Issue a credential for `tenant` for each scheme, through the scheme family's provisioner."""
    definitions = _definitions(document)
    credentials = []
    for scheme in schemes:
        where = placement(scheme.name, definitions.get(scheme.name, {}))
        secret = await _issuer(runtime, scheme, where).issue(runtime, scheme, tenant)
        credentials.append(SchemeCredential(scheme.name, secret, where))
    return Identity(label, tenant, tuple(credentials))


def given(document: dict[str, Any], schemes: list[SecurityScheme], token: str, tenant: str | None,
          label: str) -> Identity:
    """An identity from a token passed on the command line (a running deployment)."""
    definitions = _definitions(document)
    return Identity(label, tenant, tuple(
        SchemeCredential(s.name, token, placement(s.name, definitions.get(s.name, {}))) for s in schemes))


def mask(text: str, identities: list[Identity]) -> str:
    """Replace every secret in `text` by its identity's placeholder, so a reproduction neither
    leaks a real credential nor carries a throwaway one: `-H "Authorization: Bearer $KEY_A"`."""
    for identity in identities:
        for cred in identity.credentials:
            if not cred.secret:
                continue
            secret, placeholder = re.escape(cred.secret), identity.placeholder_for(cred)
            # a shell-quoted word holding the secret becomes a double-quoted one, so $KEY expands
            text = re.sub(rf"'([^'\"$`\\]*){secret}([^'\"$`\\]*)'",
                          lambda m: f'"{m.group(1)}{placeholder}{m.group(2)}"', text)
            text = text.replace(cred.secret, placeholder)
    return text
