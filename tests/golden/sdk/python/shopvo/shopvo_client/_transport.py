"""Sending operations over httpx, synchronously (`SyncTransport`) and with asyncio
(`AsyncTransport`): the tenant filled in, credentials chosen and renewed, requests signed, one
idempotency key per logical write, retries on 429 (after `Retry-After`) and on network errors
where repeating is safe, and errors raised as typed exceptions with the surface's envelope."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any, Mapping

import httpx

from ._auth import Credentials
from ._core import (Operation, RetrySettings, Signer, dig, encode_body, expand_path, idempotency_header,
                    new_idempotency_key, query_items)
from ._errors import ApiConnectionError, ApiError, error_for
from ._pagination import AsyncPage, Page
from ._surface import SIGNING, SURFACE, TENANT, VERSION

USER_AGENT = f"specloom-{SURFACE}-python/{VERSION}"
IN_FLIGHT = "idempotency_in_flight"  # the server still runs the first request with this key


class _Prepared:
    __slots__ = ("method", "url", "headers", "content", "schemes", "generations", "key")

    def __init__(self, method: str, url: str, headers: dict[str, str], content: bytes,
                 schemes: tuple[str, ...], generations: dict[str, int], key: str | None):
        self.method, self.url, self.headers, self.content = method, url, headers, content
        self.schemes, self.generations, self.key = schemes, generations, key


class _Base:
    def __init__(self, base_url: str, credentials: Credentials, *, tenant: str | None = None,
                 signing_secret: str | None = None, retry: RetrySettings | None = None,
                 headers: Mapping[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.tenant = tenant
        self.signer = Signer(signing_secret) if signing_secret and SIGNING else None
        self.signature_header: str = SIGNING["header"] if SIGNING else ""
        self.retry = retry or RetrySettings()
        self.default_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}

    # -- building a request

    def key_for(self, op: Operation, given: str | None) -> str | None:
        """The idempotency key of one logical call: the caller's, or one made now and kept for
        every retry of the call."""
        if given is not None:
            return given
        if op.idempotent_write and idempotency_header(op.method):
            return new_idempotency_key()
        return None

    def prepare(self, op: Operation, path: Mapping[str, Any], query: Mapping[str, Any] | None,
                body: Any, headers: Mapping[str, Any] | None, key: str | None) -> _Prepared:
        values = dict(path)
        if TENANT and "{" + TENANT["param"] + "}" in op.path:
            if self.tenant is None:
                raise ValueError(f"{op.operation_id} needs the client's {TENANT['option']}")
            values[TENANT["param"]] = self.tenant
        target = expand_path(op.path, values)
        pairs = query_items(query or {})
        if pairs:
            target += "?" + str(httpx.QueryParams(tuple(pairs)))
        content = encode_body(body, op.content_type)
        out = dict(self.default_headers)
        if body is not None:
            out["Content-Type"] = op.content_type
        for name, value in (headers or {}).items():
            if value is not None:
                out[name] = str(value)
        header = idempotency_header(op.method)
        if key is not None and header:
            out[header] = key
        schemes = self.credentials.choose(op)
        out.update(self.credentials.headers(schemes))
        if self.signer is not None and schemes:  # the server checks the signature of every credentialed request
            out[self.signature_header] = self.signer.header(op.method, target, content)
        return _Prepared(op.method, self.base_url + target, out, content, schemes,
                         self.credentials.generations(schemes), key)

    def token_prepare(self, scheme: str) -> _Prepared:
        endpoint, body, own = self.credentials.token_request(scheme)
        op = Operation(endpoint["operation_id"], endpoint["method"], endpoint["path"], auth=(own,) if own else (),
                       content_type=endpoint["content_type"], uses_tenant=True)
        return self.prepare(op, {}, None, body, None, None)

    # -- reading an answer

    @staticmethod
    def body_of(response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None

    def error(self, prepared: _Prepared, response: httpx.Response) -> ApiError:
        return error_for(response.status_code, self.body_of(response), response.headers, method=prepared.method,
                         url=prepared.url, text=response.text)

    def finish(self, op: Operation, prepared: _Prepared, response: httpx.Response) -> Any:
        if response.status_code >= 400:
            raise self.error(prepared, response)
        body = self.body_of(response)
        issues = op.issues
        if issues and body is not None:
            self.credentials.adopt(issues["scheme"], dig(body, issues.get("data") or ()),
                                   token_field=issues["token_field"], refresh_field=issues.get("refresh_field"))
        return body

    @staticmethod
    def unwrap(op: Operation, body: Any) -> Any:
        """What a method returns: the item or items at the operation's data path, or the body."""
        if op.result == "empty":
            return None
        if op.result in ("item", "list"):
            return dig(body, op.data)
        return body

    @staticmethod
    def first_query(op: Operation, query: Mapping[str, Any] | None) -> dict[str, Any]:
        """The first page's query: on a list that pages both ways, the cursor that selects
        cursor paging, unless the caller asked for a page number."""
        query = dict(query or {})
        paging = op.paging
        if paging is not None and paging.style == "cursor" and paging.first_cursor is not None:
            name = paging.cursor_param or "cursor"
            if query.get(name) is None and (paging.page_param is None or query.get(paging.page_param) is None):
                query[name] = paging.first_cursor
        return query

    def status_delay(self, attempt: int, prepared: _Prepared, response: httpx.Response,
                     resent: bool = False) -> float | None:
        """Seconds to wait before sending again (None: the answer stands). A 409 to a write sent
        again after a network error, while its first sending still runs, is waited out too (by
        its code `idempotency_in_flight`, or on a surface whose errors carry no code, by being
        that resent write)."""
        status = response.status_code
        if status == 409 and prepared.key is not None and attempt < self.retry.max_retries:
            code = self.error(prepared, response).code
            if code == IN_FLIGHT or (code is None and resent):
                return self.retry.backoff(attempt)
        if status < 400:
            return None
        return self.retry.status_delay(attempt, status, response.headers)

    def network_delay(self, attempt: int, prepared: _Prepared, exc: httpx.TransportError) -> float | None:
        connect_failed = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
        return self.retry.network_delay(attempt, prepared.method, prepared.key is not None, connect_failed)


class SyncTransport(_Base):
    def __init__(self, base_url: str, credentials: Credentials, *, timeout: float = 30.0,
                 http_client: httpx.Client | None = None, **options: Any):
        super().__init__(base_url, credentials, **options)
        self.http = http_client or httpx.Client(timeout=timeout)
        self._owns_http = http_client is None
        self._renewing = threading.Lock()

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def _send(self, prepared: _Prepared) -> httpx.Response:
        return self.http.request(prepared.method, prepared.url, headers=prepared.headers, content=prepared.content)

    def _renew(self, scheme: str, seen: int) -> ApiError | None:
        """Get `scheme` a new token unless another call already did; the refusal, if refused."""
        with self._renewing:
            state = self.credentials.states[scheme]
            if state.generation != seen:
                return None  # another call renewed it meanwhile
            prepared = self.token_prepare(scheme)
            response = self._send(prepared)
            if response.status_code < 400 and self.credentials.adopt(scheme, self.body_of(response), state.endpoint):
                return None
            self.credentials.forget(scheme)
            return self.error(prepared, response)

    def _ensure_tokens(self, op: Operation) -> None:
        for scheme in self.credentials.needs_token(self.credentials.choose(op)):
            refused = self._renew(scheme, self.credentials.states[scheme].generation)
            if refused is not None:
                raise refused

    def request(self, op: Operation, path: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
                body: Any = None, headers: Mapping[str, Any] | None = None, idempotency_key: str | None = None) -> Any:
        """Send one logical call (with its retries); the answer's body, or a typed error."""
        key = self.key_for(op, idempotency_key)
        attempt, renewed, resent = 0, False, False
        while True:
            self._ensure_tokens(op)
            prepared = self.prepare(op, path or {}, query, body, headers, key)
            try:
                response = self._send(prepared)
            except httpx.TransportError as exc:
                delay = self.network_delay(attempt, prepared, exc)
                if delay is None:
                    raise ApiConnectionError(f"{prepared.method} {prepared.url}: {exc!r}") from exc
                attempt, resent = attempt + 1, True
                time.sleep(delay)
                continue
            if response.status_code == 401 and not renewed:
                scheme = self.credentials.renewable(prepared.schemes)
                if scheme is not None:
                    renewed = True
                    if self._renew(scheme, prepared.generations[scheme]) is None:
                        continue
            delay = self.status_delay(attempt, prepared, response, resent)
            if delay is not None:
                attempt += 1
                time.sleep(delay)
                continue
            return self.finish(op, prepared, response)


    def call(self, op: Operation, path: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
             body: Any = None, headers: Mapping[str, Any] | None = None, idempotency_key: str | None = None) -> Any:
        return self.unwrap(op, self.request(op, path, query, body, headers, idempotency_key))

    def page(self, op: Operation, path: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
             headers: Mapping[str, Any] | None = None) -> Page[Any]:
        paging = op.paging
        assert paging is not None
        first = self.first_query(op, query)

        def fetch(q: dict[str, Any]) -> Page[Any]:
            return Page(self.request(op, path, q, None, headers), paging, q, fetch)

        return fetch(first)


class AsyncTransport(_Base):
    def __init__(self, base_url: str, credentials: Credentials, *, timeout: float = 30.0,
                 http_client: httpx.AsyncClient | None = None, **options: Any):
        super().__init__(base_url, credentials, **options)
        self.http = http_client or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http_client is None
        self._renewing: asyncio.Lock | None = None

    async def close(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    async def _send(self, prepared: _Prepared) -> httpx.Response:
        return await self.http.request(prepared.method, prepared.url, headers=prepared.headers,
                                       content=prepared.content)

    async def _renew(self, scheme: str, seen: int) -> ApiError | None:
        if self._renewing is None:
            self._renewing = asyncio.Lock()
        async with self._renewing:
            state = self.credentials.states[scheme]
            if state.generation != seen:
                return None  # another call renewed it meanwhile
            prepared = self.token_prepare(scheme)
            response = await self._send(prepared)
            if response.status_code < 400 and self.credentials.adopt(scheme, self.body_of(response), state.endpoint):
                return None
            self.credentials.forget(scheme)
            return self.error(prepared, response)

    async def _ensure_tokens(self, op: Operation) -> None:
        for scheme in self.credentials.needs_token(self.credentials.choose(op)):
            refused = await self._renew(scheme, self.credentials.states[scheme].generation)
            if refused is not None:
                raise refused

    async def request(self, op: Operation, path: Mapping[str, Any] | None = None,
                      query: Mapping[str, Any] | None = None, body: Any = None,
                      headers: Mapping[str, Any] | None = None, idempotency_key: str | None = None) -> Any:
        """Send one logical call (with its retries); the answer's body, or a typed error."""
        key = self.key_for(op, idempotency_key)
        attempt, renewed, resent = 0, False, False
        while True:
            await self._ensure_tokens(op)
            prepared = self.prepare(op, path or {}, query, body, headers, key)
            try:
                response = await self._send(prepared)
            except httpx.TransportError as exc:
                delay = self.network_delay(attempt, prepared, exc)
                if delay is None:
                    raise ApiConnectionError(f"{prepared.method} {prepared.url}: {exc!r}") from exc
                attempt, resent = attempt + 1, True
                await asyncio.sleep(delay)
                continue
            if response.status_code == 401 and not renewed:
                scheme = self.credentials.renewable(prepared.schemes)
                if scheme is not None:
                    renewed = True
                    if await self._renew(scheme, prepared.generations[scheme]) is None:
                        continue
            delay = self.status_delay(attempt, prepared, response, resent)
            if delay is not None:
                attempt += 1
                await asyncio.sleep(delay)
                continue
            return self.finish(op, prepared, response)

    async def call(self, op: Operation, path: Mapping[str, Any] | None = None,
                   query: Mapping[str, Any] | None = None, body: Any = None,
                   headers: Mapping[str, Any] | None = None, idempotency_key: str | None = None) -> Any:
        return self.unwrap(op, await self.request(op, path, query, body, headers, idempotency_key))

    async def page(self, op: Operation, path: Mapping[str, Any] | None = None,
                   query: Mapping[str, Any] | None = None, headers: Mapping[str, Any] | None = None) -> AsyncPage[Any]:
        paging = op.paging
        assert paging is not None
        first = self.first_query(op, query)

        async def fetch(q: dict[str, Any]) -> AsyncPage[Any]:
            return AsyncPage(await self.request(op, path, q, None, headers), paging, q, fetch)

        return await fetch(first)
