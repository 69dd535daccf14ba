"""The bytes of blob-backed files (`x-specloom.files`), outside the JSON API:

    PUT /_specloom/uploads/<token>     the bytes of a direct upload (runtime/actions/uploads.py)
    GET /_specloom/downloads/<token>   a download link of a delivery e-mail (runtime/services/downloads.py)

The token in the path is the credential, as in a pre-signed URL: unguessable (32 random
bytes), expiring, kept in the store only as its SHA-256. Both stream: an upload goes into the
blob store chunk by chunk as it arrives (its SHA-256 computed on the way), a download is read
from it chunk by chunk, so neither holds a file in memory, whatever its size.

An upload is refused, keeping nothing, when it sends more bytes than the upload declared (at
once, from Content-Length or as soon as the count passes it), fewer, or bytes of another
SHA-256: 422 `size_mismatch` / `checksum_mismatch` in the surface's error envelope. A download
takes one use of its grant first (under the grant's row lock), answers 403 `access_revoked` or
`download_limit_reached` when it may not, and stops at once — the connection is closed mid-file
— when the grant's access is revoked while it streams (checked every CHECK_EVERY chunks).
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any
from urllib.parse import quote

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from specloom.backends.blobs import BlobMissing, blob_store
from specloom.runtime.actions.uploads import COMPLETED, RECEIVED, UPLOAD_PATH, upload_namespace
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import ApiError, Conflict, Forbidden, MethodNotAllowed, NotFound, Unprocessable
from specloom.runtime.services import downloads as dl

log = logging.getLogger("specloom.files")
CHECK_EVERY = 4  # chunks (of 1 MiB) between two looks at whether a download may go on


class FileTransfers:
    def __init__(self, app: ASGIApp, *, runtime: Any):
        self.app = app
        self.runtime = runtime

    @property
    def blobs(self):
        return blob_store(self.runtime.store, self.runtime.settings.blob_dir)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        files = self.runtime.surface.files
        if scope["type"] != "http" or files is None:
            return await self.app(scope, receive, send)
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        method = scope["method"]
        try:
            if path.startswith(UPLOAD_PATH) and files.uploads is not None:
                if method != "PUT":  # in the surface's error envelope, like the API's own 405
                    raise MethodNotAllowed("Method not allowed: PUT the bytes to this URL", headers={"Allow": "PUT"})
                return await self.upload(path[len(UPLOAD_PATH):], scope, receive, send)
            if path.startswith(dl.PATH) and files.downloads is not None:
                if method != "GET":
                    raise MethodNotAllowed("Method not allowed: GET this link", headers={"Allow": "GET"})
                return await self.download(path[len(dl.PATH):], send)
        except ApiError as error:
            return await self._error(send, error)
        await self.app(scope, receive, send)

    # -- answers ----------------------------------------------------------------------------
    async def _error(self, send: Send, error: ApiError) -> None:
        body = self.runtime.render_error(error)
        await send({"type": "http.response.start", "status": error.status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-store")]
                    + [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]})
        await send({"type": "http.response.body", "body": body})

    # -- uploads ----------------------------------------------------------------------------
    async def upload(self, token: str, scope: Scope, receive: Receive, send: Send) -> None:
        runtime, store = self.runtime, self.runtime.store
        await runtime.ensure_ready()
        files = runtime.surface.files
        found = await store.kv_get(upload_namespace(runtime.surface.name), dl.token_key(token), time.time()) \
            if token else None
        if found is None:
            raise NotFound("This upload URL is unknown or has expired", code="upload_not_found")
        tenant = found["value"]["tenant"]
        uploads = runtime.surface.resource(files.uploads)
        upload = await store.get(uploads.table_name, tenant, found["value"]["upload"])
        if upload is None:
            raise NotFound("This upload URL is unknown or has expired", code="upload_not_found")
        if upload.get("status") == COMPLETED:
            raise Conflict("This upload is completed; its bytes can no longer change", code="upload_completed")
        declared, expected = int(upload["size_bytes"]), str(upload["sha256"]).lower()
        headers = dict((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"])
        length = headers.get("content-length")
        if length is not None and length.isascii() and length.isdigit() and int(length) != declared:
            raise _size_mismatch(declared, int(length))
        writer = await self.blobs.writer()
        digest, received, kept = hashlib.sha256(), 0, False
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client went away: nothing is kept
                chunk = message.get("body", b"")
                if chunk:
                    received += len(chunk)
                    if received > declared:
                        raise _size_mismatch(declared, received, more=True)
                    digest.update(chunk)
                    await writer.write(chunk)
                if not message.get("more_body", False):
                    break
            if received != declared:
                raise _size_mismatch(declared, received)
            if digest.hexdigest() != expected:
                message = f"the bytes' SHA-256 is {digest.hexdigest()}, the upload declared {expected}"
                raise Unprocessable(f"Upload refused: {message}; nothing was kept", code="checksum_mismatch",
                                    details=[{"path": "body", "code": "checksum_mismatch", "message": message}])
            await writer.commit(dl.blob_key(runtime.surface.name, tenant, upload["asset_id"]))
            kept = True
        finally:
            if not kept:
                await writer.abort()
        now = now_iso()
        updated = await store.update(uploads.table_name, tenant, upload["id"],
                                     uploads.timestamps.on_change({"status": RECEIVED}, now))
        body = orjson.dumps(runtime.envelopes.render("item", {"item": updated}))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    # -- downloads --------------------------------------------------------------------------
    async def download(self, token: str, send: Send) -> None:
        runtime, store = self.runtime, self.runtime.store
        await runtime.ensure_ready()
        surface = runtime.surface
        found = await store.kv_get(dl.namespace(surface.name), dl.token_key(token), time.time()) if token else None
        if found is None:
            raise NotFound("This download link is unknown or has expired", code="link_not_found")
        tenant, grant, asset_id = found["value"]["tenant"], found["value"]["grant"], found["value"]["asset"]
        assets = surface.resource(surface.files.resource)
        asset = await store.get(assets.table_name, tenant, asset_id)
        key = dl.blob_key(surface.name, tenant, asset_id)
        size = await self.blobs.size(key) if asset is not None else None
        if asset is None or size is None:
            raise NotFound("The file of this link is not available", code="file_not_found")
        try:
            await dl.take_download(surface, store, tenant, grant)
        except dl.DownloadRefused as refused:
            error = NotFound if refused.code == "not_found" else Forbidden
            raise error(refused.message, code=refused.code) from None
        filename = str(asset.get("filename") or asset_id)
        ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", str(asset.get("content_type") or "application/octet-stream").encode("latin-1", "replace")),
            (b"content-length", str(size).encode()), (b"content-disposition", disposition.encode("latin-1", "replace")),
            (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
        sent = 0
        try:
            async for chunk in self.blobs.read(key):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                sent += 1
                if sent % CHECK_EVERY == 0 and not await dl.still_allowed(surface, store, tenant, grant):
                    log.info("download of %s stopped: access to it was revoked", asset_id)
                    raise _Stopped()
        except (BlobMissing, _Stopped):
            return  # the response is left unfinished: the server closes the connection mid-file
        await send({"type": "http.response.body", "body": b"", "more_body": False})


class _Stopped(Exception):
    pass


def _size_mismatch(declared: int, got: int, *, more: bool = False) -> Unprocessable:
    message = (f"more than the {declared} bytes the upload declared" if more
               else f"{got} bytes, the upload declared {declared}")
    return Unprocessable(f"Upload refused: {message}; nothing was kept", code="size_mismatch",
                         details=[{"path": "body", "code": "size_mismatch", "message": message}])
