"""Handlers for stock Connexion in the side-by-side benchmark: the same store calls and the same
envelopes as specloom's generated handlers for list, get and create products, written the way a
Connexion user would (no rate limits, signing or idempotency: stock Connexion has none)."""

from __future__ import annotations

import math

from specloom.backends.base import Filter, PageRequest, Query
from specloom.runtime.errors import NotFound

STATE: dict = {}


async def bearer_info(token: str):
    credential = await STATE["api_keys"].verify(token)
    if credential is None:
        return None
    return {"sub": credential.key_id, "scope": list(credential.scopes), "tenant": credential.tenant}


def _resources(site_id: str):
    from specloom.runtime.services.resources import TenantResources

    return TenantResources(STATE["surface"], STATE["store"], site_id)


async def listProducts(siteId, page=1, limit=20, status="ACTIVE", cursor=None, **kwargs):  # noqa: N802,N803
    store = STATE["store"]
    filters = tuple(Filter(k, v) for k, v in (("status", status),) if v is not None)
    if cursor is not None:  # the first keyset page (the benchmark's "list 20")
        result = await store.list("shopvo__products", siteId, Query(filters=filters),
                                  PageRequest(limit=limit, keyset=True, with_total=False))
        last = result.items[-1]["id"] if result.items else None
        return {"success": True, "items": result.items, "cursor": last, "hasNextPage": result.has_next,
                "limit": limit}, 200
    result = await store.list("shopvo__products", siteId, Query(filters=filters),
                              PageRequest(limit=limit, offset=(page - 1) * limit))
    return {"success": True, "items": result.items,
            "pagination": {"page": page, "limit": limit, "total": result.total,
                           "totalPages": math.ceil(result.total / limit)}}, 200


async def getProduct(siteId, productId, **kwargs):  # noqa: N802,N803
    try:
        product = await _resources(siteId).lookup("products", productId)
    except NotFound:
        return {"error": "Product not found"}, 404
    return {"success": True, "data": product}, 200


async def createProduct(siteId, body, **kwargs):  # noqa: N802,N803
    product = await _resources(siteId).create("products", body)
    return {"success": True, "data": product}, 201
