"""The hand-written peer of the side-by-side benchmark: Shopvo's list, get and create products,
written the way a careful FastAPI user would, doing the same work specloom does for them.

- The same API keys: the key id is looked up in specloom's `sl_credentials` table on every
  request, the whole token is HMAC-SHA-256'd under the same pepper and compared in constant
  time, the scope is checked, and the key's tenant must be the path's `siteId` (else 404).
- The same rows: `shopvo__products` in the same SQLite file, keyset paging on `seq`.
- Pydantic models for the request body (the same bounds as the spec) and the answers.
- Create honours an `Idempotency-Key`: the key and the answer are stored in the same
  transaction as the product, and a retry with the same key replays the answer.

Not done (specloom does it): rate limits, request signing, response validation.

    SPECLOOM_BENCH_DB=/path/bench.db SPECLOOM_PEPPER=… uvicorn benchmarks.fastapi_peer:create_app --factory
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import string
import threading
from datetime import datetime, timezone
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

_PREFIXES = ("sk_live_", "sk_test_")
_ID_ALPHABET = string.ascii_lowercase + string.digits


class Product(BaseModel):
    id: str
    name: str
    slug: str
    description: str | None = None
    sku: str | None = None
    price: int
    compareAtPrice: int | None = None  # noqa: N815 (the API's field names)
    images: list[str] = []
    status: Literal["ACTIVE", "DRAFT", "ARCHIVED"] = "ACTIVE"
    featured: bool = False
    brandId: str | None = None  # noqa: N815
    categoryIds: list[str] = []  # noqa: N815
    createdAt: str  # noqa: N815
    updatedAt: str  # noqa: N815


class ProductCreate(BaseModel):
    model_config = {"extra": "forbid"}
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)
    description: str | None = Field(default=None, max_length=5000)
    sku: str | None = Field(default=None, max_length=64)
    price: int = Field(ge=0, le=100_000_000)
    compareAtPrice: int | None = Field(default=None, ge=0, le=100_000_000)  # noqa: N815
    images: list[Annotated[str, Field(max_length=2000)]] = Field(default=[], max_length=20)
    status: Literal["ACTIVE", "DRAFT", "ARCHIVED"] = "ACTIVE"
    featured: bool = False
    brandId: str | None = Field(default=None, max_length=64)  # noqa: N815
    categoryIds: list[Annotated[str, Field(max_length=64)]] = Field(default=[], max_length=20)  # noqa: N815


class ProductEnvelope(BaseModel):
    success: bool = True
    data: Product


class CursorPage(BaseModel):
    success: bool = True
    items: list[Product]
    cursor: str | None
    hasNextPage: bool  # noqa: N815
    limit: int


class Database:
    """One SQLite connection per worker thread (FastAPI runs `def` endpoints in a pool)."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()
        columns = {row[1] for row in self.connection().execute("PRAGMA table_info(shopvo__products)")}
        self.columns = {field: "f_" + field.lower() for field in ("status", "featured", "brandId", "slug")
                        if "f_" + field.lower() in columns}
        self.connection().execute(
            "CREATE TABLE IF NOT EXISTS peer_idempotency (key_id TEXT, idem_key TEXT, body_hash TEXT, "
            "status INTEGER, response TEXT, PRIMARY KEY (key_id, idem_key))")
        self.connection().commit()
        self.pepper = os.environ.get("SPECLOOM_PEPPER") or self.connection().execute(
            "SELECT value FROM sl_meta WHERE key = 'pepper'").fetchone()[0]

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self.local.conn = conn
        return conn


def create_app() -> FastAPI:
    db = Database(os.environ["SPECLOOM_BENCH_DB"])
    app = FastAPI(title="Shopvo peer")

    def credential(authorization: Annotated[str | None, Header()] = None) -> dict:
        unauthorized = HTTPException(401, "Invalid API key")
        if not authorization or not authorization.startswith("Bearer "):
            raise unauthorized
        token = authorization[len("Bearer "):]
        prefix = next((p for p in _PREFIXES if token.startswith(p)), None)
        if prefix is None:
            raise unauthorized
        key_id, _, secret = token[len(prefix):].partition("_")
        row = db.connection().execute(
            "SELECT tenant, secret_hash, scopes, revoked_at FROM sl_credentials WHERE key_id = ? AND surface = 'shopvo'",
            (key_id,)).fetchone()
        digest = hmac.new(db.pepper.encode(), token.encode(), hashlib.sha256).hexdigest()
        if row is None or row[3] is not None or not hmac.compare_digest(digest, row[1]):
            raise unauthorized
        return {"key_id": key_id, "tenant": row[0], "scopes": set(json.loads(row[2]))}

    def scoped(scope: str):
        def check(siteId: str, key: dict = Depends(credential)) -> dict:  # noqa: N803
            if scope not in key["scopes"] and "admin:*" not in key["scopes"]:
                raise HTTPException(403, "Missing scope")
            if key["tenant"] != siteId:
                raise HTTPException(404, "Not found")
            return key
        return check

    @app.exception_handler(HTTPException)
    async def error_envelope(request, exc: HTTPException):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.get("/api/v1/{siteId}/products", response_model=CursorPage)
    def list_products(siteId: str, key: dict = Depends(scoped("read:catalog")),  # noqa: N803
                      limit: int = Query(20, ge=1, le=100), cursor: str | None = None,
                      status: Literal["ACTIVE", "DRAFT", "ARCHIVED"] = "ACTIVE"):
        conn = db.connection()
        after = 0
        if cursor:
            row = conn.execute("SELECT seq FROM shopvo__products WHERE tenant = ? AND id = ?",
                               (siteId, cursor)).fetchone()
            if row is None:
                raise HTTPException(400, "Invalid cursor")
            after = row[0]
        rows = conn.execute(
            f"SELECT id, doc FROM shopvo__products WHERE tenant = ? AND {db.columns['status']} = ? AND seq > ? "
            "ORDER BY seq LIMIT ?", (siteId, status, after, limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        return CursorPage(items=[Product.model_validate_json(doc) for _, doc in rows],
                          cursor=rows[-1][0] if rows else None, hasNextPage=more, limit=limit)

    @app.get("/api/v1/{siteId}/products/{productId}", response_model=ProductEnvelope)
    def get_product(siteId: str, productId: str, key: dict = Depends(scoped("read:catalog"))):  # noqa: N803
        row = db.connection().execute(
            f"SELECT doc FROM shopvo__products WHERE tenant = ? AND (id = ? OR {db.columns['slug']} = ?) "
            "ORDER BY id = ? DESC LIMIT 1", (siteId, productId, productId, productId)).fetchone()
        if row is None:
            raise HTTPException(404, "Product not found")
        return ProductEnvelope(data=Product.model_validate_json(row[0]))

    @app.post("/api/v1/{siteId}/products", status_code=201, response_model=ProductEnvelope)
    def create_product(siteId: str, body: ProductCreate, key: dict = Depends(scoped("write:catalog")),  # noqa: N803
                       idempotency_key: Annotated[str | None, Header(max_length=255)] = None):
        conn = db.connection()
        body_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        with conn:
            if idempotency_key:
                seen = conn.execute("SELECT body_hash, status, response FROM peer_idempotency "
                                    "WHERE key_id = ? AND idem_key = ?", (key["key_id"], idempotency_key)).fetchone()
                if seen:
                    if seen[0] != body_hash:
                        raise HTTPException(409, "Idempotency-Key reused with another request")
                    return JSONResponse(json.loads(seen[2]), status_code=seen[1])
            now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            product = Product(id="prd_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(20)),
                              createdAt=now, updatedAt=now, **body.model_dump())
            doc = product.model_dump_json()
            try:
                conn.execute(
                    f"INSERT INTO shopvo__products (id, tenant, doc, {', '.join(db.columns.values())}) "
                    f"VALUES (?, ?, ?, {', '.join('?' for _ in db.columns)})",
                    (product.id, siteId, doc, *(
                        int(v) if isinstance(v, bool) else v
                        for v in (getattr(product, f) for f in db.columns))))
            except sqlite3.IntegrityError:
                raise HTTPException(409, "A product with this slug already exists") from None
            answer = ProductEnvelope(data=product)
            if idempotency_key:
                conn.execute("INSERT INTO peer_idempotency VALUES (?, ?, ?, ?, ?)",
                             (key["key_id"], idempotency_key, body_hash, 201, answer.model_dump_json()))
        return answer

    return app
