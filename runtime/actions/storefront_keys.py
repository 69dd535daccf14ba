"""`publishableKeys.*`: a tenant manages its own storefront setup through the API — its
publishable keys (family `publishableKey`) and the browser origins allowed to use them
(`x-specloom.cors.allowedOrigins: tenant`) — what `specloom keys create SURFACE --tenant T
--scheme S --origin URL` does from the command line (Scalev: "Storefront API setup manages the
public Store ID, publishable API keys, and allowed CORS origins").

    publishableKeys.create      201 {id, key, created_at, allowed_origins}: the key, shown once;
                                body origins (`with.originsField`, default `allowed_origins`)
                                are added to the tenant's allowed origins
    publishableKeys.list        the tenant's active keys, never a secret: {id, created_at}
    publishableKeys.revoke      the key the path's last parameter names (another tenant's or an
                                unknown one: 404); it stops working at once, in every process
    publishableKeys.origins     the tenant's allowed origins: [{origin}]
    publishableKeys.setOrigins  replace them with the body's list; answers the new list

They work on the request's own tenant (the business key's store) and on no resource; `with.scheme`
names the publishableKey scheme when the surface has several. An origin that is not
`scheme://host[:port]` (http or https) is the validation status with code `invalid_origin`.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Page
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import NotFound, body_field_refused
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.security.sandbox import public_tenant
from specloom.runtime.services.tenant_settings import ORIGINS, TenantSettings, normalise_origin

from . import action
from .records import path_parameters

FAMILY = "publishableKey"


def _family(ctx: RequestContext, settings: dict[str, Any]) -> Any:
    names = [s.name for s in ctx.surface.security_schemes if s.family == FAMILY]
    name = settings.get("scheme") or (names[0] if len(names) == 1 else None)
    family = ctx.runtime.families.get(name) if name else None
    if family is None:
        raise LookupError(f"{ctx.operation.operation_id}: no publishableKey security scheme "
                          f"{name or '(several: name one in with.scheme)'}")
    return family


def _tenant(ctx: RequestContext) -> str:
    return public_tenant(ctx.tenant or "")


def _origins(ctx: RequestContext, body: Any, field: str) -> list[str]:
    values = (body or {}).get(field) if isinstance(body, dict) else None
    out = []
    for i, value in enumerate(values or ()):
        try:
            out.append(normalise_origin(str(value)))
        except ValueError as exc:
            raise body_field_refused(ctx.surface.validation_status, f"{field}.{i}", "invalid_origin", str(exc)) from None
    return list(dict.fromkeys(out))


def _listed(origins: tuple[str, ...] | list[str]) -> Page:
    items = [{"origin": o} for o in origins]
    return Page(items, len(items), False)


@action("publishableKeys.create")
async def create(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    family = _family(ctx, settings)
    origins = _origins(ctx, body, settings.get("originsField", "allowed_origins"))
    issued = await family.issue(_tenant(ctx), (), origins=origins)
    row = await ctx.runtime.store.get_credential(issued["key_id"])
    answer = {"id": issued["key_id"], "key": issued["token"],
              "created_at": (row or {}).get("created_at") or now_iso(),
              "allowed_origins": issued.get("origins") or []}
    return ctx.respond.item(answer, status=ctx.operation.success_status)


async def _own_keys(ctx: RequestContext) -> list[dict[str, Any]]:
    tenant = _tenant(ctx)
    rows = await ctx.runtime.store.list_credentials(ctx.surface.name)
    return [r for r in rows if r["tenant"] == tenant and r["kind"] == FAMILY and not r.get("revoked_at")]


@action("publishableKeys.list")
async def list_(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    _family(ctx, settings)
    keys = (await _own_keys(ctx))[: ctx.surface.collection_limit]
    items = [{"id": r["key_id"], "created_at": r["created_at"]} for r in keys]
    return ctx.respond.collection(Page(items, len(items), False), status=ctx.operation.success_status)


@action("publishableKeys.revoke")
async def revoke(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    family = _family(ctx, settings)
    names = path_parameters(ctx)
    key_id = arguments.get(names[-1]) if names else None
    if key_id not in {r["key_id"] for r in await _own_keys(ctx)}:
        raise NotFound("Storefront API key not found")
    await family.revoke(key_id)
    return ctx.respond.deleted(status=ctx.operation.success_status)


@action("publishableKeys.origins")
async def origins(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    current = await TenantSettings(ctx.runtime.store, ctx.surface.name).origins(_tenant(ctx))
    return ctx.respond.collection(_listed(current), status=ctx.operation.success_status)


@action("publishableKeys.setOrigins")
async def set_origins(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    wanted = _origins(ctx, body, settings.get("originsField", "allowed_origins"))
    await TenantSettings(ctx.runtime.store, ctx.surface.name).update(_tenant(ctx), {ORIGINS: wanted})
    return ctx.respond.collection(_listed(wanted), status=ctx.operation.success_status)
