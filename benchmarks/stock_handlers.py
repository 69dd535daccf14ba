"""Handlers for stock Connexion in the side-by-side benchmark: the same store call and the same
envelope as specloom's generated `list_products`, written the way a Connexion user would."""

from __future__ import annotations

import math

from specloom.backends.base import Filter, PageRequest, Query

STATE: dict = {}


async def bearer_info(token: str):
    credential = await STATE["api_keys"].verify(token)
    if credential is None:
        return None
    return {"sub": credential.key_id, "scope": list(credential.scopes), "tenant": credential.tenant}


async def listProducts(siteId, page=1, limit=20, status="ACTIVE", **kwargs):  # noqa: N802,N803
    store = STATE["store"]
    filters = tuple(Filter(k, v) for k, v in (("status", status),) if v is not None)
    result = await store.list("shopvo__products", siteId, Query(filters=filters),
                              PageRequest(limit=limit, offset=(page - 1) * limit))
    return {"success": True, "items": result.items,
            "pagination": {"page": page, "limit": limit, "total": result.total,
                           "totalPages": math.ceil(result.total / limit)}}, 200
