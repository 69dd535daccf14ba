"""Downloads of blob-backed files (`x-specloom.files`): links, grants, counting.

A record of the `downloads.resource` (Alva's purchase) grants the files its `assets` rule
reaches (its product GIDs → their mappings → their asset ids). When its e-mail is sent, one
link per file is minted: `<public url>/_specloom/downloads/<token>`, the token 32 random bytes
(base64url) of which the store keeps only a SHA-256 (`downloads:<surface>`), expiring after
`linkSeconds`. A download (runtime/http/file_transfers.py) first takes one use under the
record's row lock (`Store.modify`): refused while the record's `allowedWhen` fields do not
hold (access revoked: 403 `access_revoked`) or when `usedField` has reached `limitField` +
`extraField` (403 `download_limit_reached`; no limit when `limitField` is null), so
concurrent downloads never take more than the limit. Then it streams the file.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from specloom.backends.base import Mutation, Refused
from specloom.generator.ir import Downloads, Surface

from .resources import TenantResources

PATH = "/_specloom/downloads/"


def namespace(surface: str) -> str:
    return f"downloads:{surface}"


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def blob_key(surface: str, tenant: str, record_id: str) -> str:
    """Where a file record's bytes are kept in the blob store."""
    return f"{surface}/{tenant}/{record_id}"


def _field_values(record: dict[str, Any], path: str) -> list[Any]:
    """The values of a field, or of a field of each entry of an array field (`items.product_id`:
    the products an order's lines name)."""
    head, _, rest = path.partition(".")
    values = record.get(head)
    values = values if isinstance(values, list) else ([] if values is None else [values])
    if rest:
        values = [v for entry in values if isinstance(entry, dict) for v in _field_values(entry, rest)]
    return values


async def granted_assets(resources: TenantResources, downloads: Downloads, record: dict[str, Any]) -> list[str]:
    """The file ids a grant record reaches, in order, once each."""
    values = _field_values(record, downloads.assets_field)
    if downloads.via is None:
        return list(dict.fromkeys(str(v) for v in values))
    via = resources.surface.resource(downloads.via)
    found: list[str] = []
    for value in values:
        if (downloads.match or "id") == "id":  # by id: the record itself, not an indexed field
            match = await resources.store.get(via.table_name, resources.tenant, str(value))
        else:
            match = await resources.store.find(via.table_name, resources.tenant, downloads.match, value)
        for asset in (match or {}).get(downloads.assets_of or "", []) or []:
            if asset not in found:
                found.append(asset)
    return found


async def mint_links(resources: TenantResources, downloads: Downloads, record: dict[str, Any],
                     base_url: str, now: float | None = None) -> list[str]:
    """One fresh download link per file the record grants (kept hashed, expiring)."""
    at = now if now is not None else time.time()
    await resources.store.kv_purge_expired(namespace(resources.surface.name), at)  # links past their time
    links = []
    for asset_id in await granted_assets(resources, downloads, record):
        token = secrets.token_urlsafe(32)
        await resources.store.kv_put(namespace(resources.surface.name), token_key(token),
                                     {"tenant": resources.tenant, "grant": record["id"], "asset": asset_id},
                                     group=f"{resources.tenant}:{record['id']}",
                                     expires_at=at + downloads.link_seconds)
        links.append(base_url.rstrip("/") + PATH + token)
    return links


async def mint_link_entries(resources: TenantResources, downloads: Downloads, record: dict[str, Any],
                            base_url: str, now: float | None = None) -> list[dict[str, Any]]:
    """`mint_links`, with each link's file: `{file_id, filename, content_type, size_bytes, url,
    expires_at}` (an API answering a customer's download links)."""
    at = now if now is not None else time.time()
    files = resources.surface.files
    assert files is not None
    file_resource = resources.surface.resource(files.resource)
    await resources.store.kv_purge_expired(namespace(resources.surface.name), at)
    entries = []
    for asset_id in await granted_assets(resources, downloads, record):
        asset = await resources.store.get(file_resource.table_name, resources.tenant, asset_id)
        if asset is None:  # a file deleted since it was granted
            continue
        token = secrets.token_urlsafe(32)
        await resources.store.kv_put(namespace(resources.surface.name), token_key(token),
                                     {"tenant": resources.tenant, "grant": record["id"], "asset": asset_id},
                                     group=f"{resources.tenant}:{record['id']}",
                                     expires_at=at + downloads.link_seconds)
        entries.append({"file_id": asset_id, "filename": asset.get("filename"),
                        "content_type": asset.get("content_type"), "size_bytes": asset.get("size_bytes"),
                        "url": base_url.rstrip("/") + PATH + token,
                        "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at + downloads.link_seconds))})
    return entries


class DownloadRefused(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message
        super().__init__(message)


def allowed(downloads: Downloads, record: dict[str, Any]) -> bool:
    return all(record.get(field) in values for field, values in downloads.allowed_when.items())


def limit_of(downloads: Downloads, record: dict[str, Any]) -> int | None:
    limit = record.get(downloads.limit_field) if downloads.limit_field else None
    if limit is None:
        return None
    return int(limit) + int(record.get(downloads.extra_field) or 0 if downloads.extra_field else 0)


async def take_download(surface: Surface, store, tenant: str, grant_id: str) -> dict[str, Any]:
    """Count one download of the grant record under its row lock; the record after it
    (raises DownloadRefused: access not allowed, or the limit reached)."""
    files = surface.files
    assert files is not None and files.downloads is not None
    downloads = files.downloads
    resource = surface.resource(downloads.resource)

    def take(current: dict[str, Any]) -> Mutation:
        if not allowed(downloads, current):
            raise Refused("access_revoked")
        used = int(current.get(downloads.used_field) or 0)
        limit = limit_of(downloads, current)
        if limit is not None and used >= limit:
            raise Refused("download_limit_reached")
        return Mutation({downloads.used_field: used + 1})

    try:
        updated = await store.modify(resource.table_name, tenant, grant_id, take)
    except Refused as exc:
        message = ("Access to these downloads was revoked" if exc.reason == "access_revoked"
                   else "The download limit of this purchase is reached")
        raise DownloadRefused(exc.reason, message) from None
    if updated is None:
        raise DownloadRefused("not_found", "This download link is unknown or has expired")
    return updated


async def still_allowed(surface: Surface, store, tenant: str, grant_id: str) -> bool:
    files = surface.files
    assert files is not None and files.downloads is not None
    resource = surface.resource(files.downloads.resource)
    record = await store.get(resource.table_name, tenant, grant_id)
    return record is not None and allowed(files.downloads, record)
