"""Direct uploads (`x-specloom.files.uploads`): `uploads.create` and `uploads.complete`.

    POST /api/v1/uploads             x-specloom: { resource: uploads, action: uploads.create }
    POST /api/v1/uploads/{id}/complete  x-specloom: { resource: uploads, action: uploads.complete }

`uploads.create` takes the file's declared `filename`, `content_type`, `size_bytes` and
`sha256`, refuses a size above `files.maxBytes` (422 `file_too_large`), reserves the id of the
file record to be, and answers 201 with the upload (`status: pending`) and its `upload_url`:
`<public url>/_specloom/uploads/<token>`, shown once (the store keeps the token's SHA-256),
valid `uploads.ttlSeconds`. The client PUTs the bytes there (runtime/http/file_transfers.py:
streamed into the blob store, never whole in memory; more bytes than declared, fewer, or
another SHA-256 refuse the upload and keep nothing; the upload becomes `received`). Sending
again replaces them until the upload is completed.

`uploads.complete` turns a received upload into a record of `files.resource` (the asset:
filename, content type, size, SHA-256 of the bytes received) and answers 201 with it; the
upload becomes `completed`. Completing it again answers 200 with the same record; an upload
whose bytes have not arrived is 409 `upload_incomplete`.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import Any

from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict, Unprocessable
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.downloads import token_key
from specloom.runtime.services.resources import new_id

from . import action
from .records import target_record

UPLOAD_PATH = "/_specloom/uploads/"
PENDING, RECEIVED, COMPLETED = "pending", "received", "completed"


def upload_namespace(surface: str) -> str:
    return f"uploads:{surface}"


def base_url(ctx: RequestContext) -> str:
    """Where clients reach this server: SPECLOOM_PUBLIC_URL, else the request's scheme and host."""
    configured = getattr(ctx.runtime.settings, "public_url", None) if ctx.runtime is not None else None
    if configured:
        return configured.rstrip("/")
    request = getattr(ctx, "request", None)
    scope = getattr(request, "scope", None) or {}
    headers = getattr(request, "headers", None) or {}
    host = headers.get("host") or "localhost"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}".rstrip("/")


def _files(ctx: RequestContext):
    files = ctx.surface.files
    if files is None or files.uploads is None:
        raise LookupError(f"{ctx.operation.operation_id}: the surface declares no x-specloom.files.uploads")
    return files


@action("uploads.create")
async def create(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **_: Any) -> Reply:
    files = _files(ctx)
    body = body if isinstance(body, dict) else {}
    size = body.get("size_bytes")
    if isinstance(size, int) and size > files.max_bytes:
        message = f"is larger than the {files.max_bytes} bytes a file may have"
        raise Unprocessable(f"body.size_bytes: {message}", code="file_too_large",
                            details=[{"path": "body.size_bytes", "code": "file_too_large", "message": message}])
    uploads = ctx.surface.resource(files.uploads)  # type: ignore[arg-type]
    assets = ctx.surface.resource(files.resource)
    token = secrets.token_urlsafe(32)
    expires = time.time() + files.upload_seconds
    await ctx.resources.store.kv_purge_expired(upload_namespace(ctx.surface.name), time.time())  # spent URLs
    doc = {k: v for k, v in body.items() if uploads.field(k) is not None and k not in uploads.read_only}
    doc.update(id=new_id(uploads.id_prefix), status=PENDING, asset_id=new_id(assets.id_prefix),
               expires_at=datetime.fromtimestamp(expires, timezone.utc).isoformat(timespec="milliseconds")
               .replace("+00:00", "Z"))
    uploads.timestamps.on_create(doc, now_iso())
    record = await ctx.resources.seed(uploads.name, doc, record_events=True)
    await ctx.resources.store.kv_put(upload_namespace(ctx.surface.name), token_key(token),
                                     {"tenant": ctx.resources.tenant, "upload": record["id"]},
                                     group=f"{ctx.resources.tenant}:{record['id']}", expires_at=expires)
    answer = {**record, "upload_url": base_url(ctx) + UPLOAD_PATH + token}
    return ctx.respond.item(answer, status=ctx.operation.success_status)


create.refusals = (422,)  # a declared size above the cap: by design (runtime/fuzz)


@action("uploads.complete")
async def complete(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    files = _files(ctx)
    upload = await target_record(ctx, arguments)
    assets = ctx.surface.resource(files.resource)
    if upload.get("status") == COMPLETED:
        existing = await ctx.resources.store.get(assets.table_name, ctx.resources.tenant, upload["asset_id"])
        if existing is not None:
            return ctx.respond.item(existing, status=200)
    if upload.get("status") != RECEIVED:
        raise Conflict("The upload's bytes have not arrived: PUT them to its upload_url first",
                       code="upload_incomplete")
    now = now_iso()
    asset = {"id": upload["asset_id"], "filename": upload["filename"], "content_type": upload["content_type"],
             "size_bytes": upload["size_bytes"], "sha256": upload["sha256"]}
    for name in ("title",):
        if assets.field(name) is not None and upload.get(name) is not None:
            asset[name] = upload[name]
    assets.timestamps.on_create(asset, now)
    created = await ctx.resources.seed(assets.name, asset, record_events=True)
    uploads = ctx.surface.resource(files.uploads)  # type: ignore[arg-type]
    await ctx.resources.store.update(uploads.table_name, ctx.resources.tenant, upload["id"],
                                     uploads.timestamps.on_change({"status": COMPLETED}, now))
    return ctx.respond.item(created, status=201)


complete.refusals = (409,)  # completing an upload whose bytes did not arrive: by design (runtime/fuzz)
