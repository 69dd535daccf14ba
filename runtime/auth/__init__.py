"""Authentication families: how a credential of one security-scheme family is presented,
verified and (for tests and fuzzing) provisioned.

Each family is one module in this package that registers a class under the name a spec's
security scheme gives as `x-specloom.family`. Its family-specific settings live in the
scheme's `x-specloom.options`, validated at lint time by
`generator/schemas/families/<family>.schema.json`. A deployment may register its own class
under an existing name to replace a verifier.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security.credentials import Credential

if TYPE_CHECKING:  # pragma: no cover
    from specloom.generator.ir import SecurityScheme


class Family(Protocol):
    name: ClassVar[str]

    def __init__(self, runtime: Any, scheme: "SecurityScheme") -> None: ...

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        """The credential the request presents for this scheme, or None (never raises for a
        bad credential: the auth policy answers every failure with the same 401)."""

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        """Request headers carrying a fresh, valid credential (tests and fuzzing)."""


FAMILIES: dict[str, type] = {}


def register(cls):
    FAMILIES[cls.name] = cls
    return cls


def _discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def family_class(name: str) -> type:
    if name not in FAMILIES:  # import them all, even when one module was imported directly
        _discover()
    try:
        return FAMILIES[name]
    except KeyError:
        raise LookupError(f"no authentication family {name!r}; known: {', '.join(sorted(FAMILIES))}") from None


def build_families(runtime: Any) -> dict[str, Any]:
    """One family instance per security scheme of the surface, by scheme name."""
    return {scheme.name: family_class(scheme.family)(runtime, scheme)
            for scheme in runtime.surface.security_schemes}
