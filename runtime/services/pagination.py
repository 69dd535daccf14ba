"""Keyset cursors, in one of two styles (`x-specloom.pagination.cursorStyle`).

`opaque` (the default): opaque, tamper-evident cursors bound to a tenant and a query. A cursor
is base64url(JSON of the keyset position, direction and a hash of tenant + operation + filters)
followed by an HMAC tag. A cursor from another tenant, another filter set or edited by hand
fails verification and is answered with 400.

`lastId`: the cursor is the id of the last record seen (Shopvo: `?cursor=prd_abc123`, and the
response's `cursor` is the last item's id). The list finds that record in the request's tenant
(`Store.keyset_position`: its sort values and insertion order) and pages on after it by keyset,
with the request's filters and sort, however deep; an id the tenant does not have (another
tenant's included) is answered with the same 400 `invalid_cursor`. Such cursors only go forward.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from specloom.runtime.errors import BadRequest

OPAQUE, LAST_ID = "opaque", "lastId"


def invalid_cursor() -> BadRequest:
    return BadRequest("Invalid cursor", code="invalid_cursor")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorCodec:
    def __init__(self, secret: bytes):
        self._key = hashlib.sha256(b"specloom-cursor:" + secret).digest()

    @staticmethod
    def binding(tenant: str | None, operation_id: str, query: Any) -> str:
        raw = json.dumps([tenant, operation_id, query], sort_keys=True, default=str).encode()
        return hashlib.sha256(raw).hexdigest()[:24]

    def encode(self, position: tuple, direction: str, binding: str) -> str:
        payload = _b64(json.dumps({"p": list(position), "d": direction, "b": binding},
                                  separators=(",", ":")).encode())
        tag = _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:16])
        return f"{payload}.{tag}"

    def decode(self, cursor: str, binding: str) -> tuple[tuple, str]:
        """(position, direction) of a valid cursor for this binding; BadRequest otherwise."""
        invalid = invalid_cursor()
        payload, _, tag = cursor.partition(".")
        try:
            expected = _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:16])
            # bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500)
            if not tag or not hmac.compare_digest(tag.encode(), expected.encode()):
                raise invalid
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeDecodeError):
            raise invalid from None
        if data.get("b") != binding or data.get("d") not in ("next", "previous"):
            raise invalid
        return tuple(data["p"]), data["d"]
