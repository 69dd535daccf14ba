"""specloom's own checks, run by Schemathesis on every response next to its built-in ones.

- `specloom_identical_401s`: every 401 of the run has the same body, byte for byte (a 401 must
  not tell a missing key from a revoked one from a malformed one).
- `specloom_tenant_isolation`: whatever tenant A reads, tenant B asks for the same way (same
  request, B's credential and B's tenant in the path) and must not get any of A's records.
- `specloom_idempotent_replay`: an operation that takes an `Idempotency-Key` header answers a
  replay of a successful request with the same key with the same status and body. It does
  nothing for a surface that declares no idempotency.

Checks are registered with Schemathesis once, globally, and act only while a fuzz session is
active (`activate`), so other Schemathesis users in the same process are not affected.
`filter_failure` is a schema-local hook that drops two kinds of false failures: a made-up
pagination cursor is not "valid data", so its rejection is not a failure when a server-issued
start cursor works; and a path parameter Schemathesis judged in its percent-encoded form is not
"invalid data" when its decoded value matches the schema.
"""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from typing import Any, Iterator
from urllib.parse import unquote

import attrs
import schemathesis
from requests.structures import CaseInsensitiveDict
from schemathesis.core.failures import Failure

from specloom.generator.ir import Operation, Surface

from .provisioning import Identity, schemes_for

ACCEPTED_NEGATIVE_DATA = "ST201"  # Schemathesis' stable codes: `negative_data_rejection` failures,
REJECTED_POSITIVE_DATA = "ST202"  # and `positive_data_acceptance` failures
IDEMPOTENCY_HEADER = "Idempotency-Key"


class UnauthorizedBodiesDiffer(Failure):
    code = "SL101"
    checks = ("specloom_identical_401s",)
    kind_title = "401 responses differ"


class TenantLeak(Failure):
    code = "SL102"
    checks = ("specloom_tenant_isolation",)
    kind_title = "Another tenant sees this tenant's records"


class AlternativeRefused(Failure):
    code = "SL105"
    checks = ("specloom_security_alternatives",)
    kind_title = "A declared security alternative is refused"


class IdempotentReplayDiffers(Failure):
    code = "SL104"
    checks = ("specloom_idempotent_replay",)
    kind_title = "Idempotent replay differs"


def label(method: str, path: str) -> str:
    """Schemathesis' label of an operation: `GET /api/v1/{siteId}/products`."""
    return f"{method.upper()} {path}"


@attrs.define
class Session:
    """What the checks know about the run in progress."""

    surface: Surface
    main: Identity
    other: Identity | None
    operations: dict[str, Operation]  # by label
    idempotency: dict[str, str]  # operation label -> idempotency header
    cursors: dict[str, tuple[str, ...]]  # operation label -> its cursor query parameters
    first_401: tuple[bytes, str] | None = None  # body, and the operation that answered it
    extra_requests: int = 0
    rate_limited: int = 0  # check failures dropped because the deployment answered 429: nothing was learnt
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    @classmethod
    def build(cls, surface: Surface, document: dict[str, Any], main: Identity, other: Identity | None) -> "Session":
        idempotency = {}
        declared = getattr(surface, "idempotency", None)  # x-specloom idempotency, where the runtime has it
        wanted = (declared.header if declared is not None else IDEMPOTENCY_HEADER).lower()
        for op in surface.operations:
            header = next((name for name in _header_parameters(document, op.path, op.method)
                           if name.lower() == wanted), None)
            if header is None and declared is not None and declared.applies_to(op.method):
                header = declared.header
            if header is not None:
                idempotency[label(op.method, op.path)] = header
        cursors = {label(op.method, op.path): tuple(p.name for p in op.params_with_role("cursor", "previous_cursor"))
                   for op in surface.operations if op.params_with_role("cursor", "previous_cursor")}
        operations = {label(op.method, op.path): op for op in surface.operations}
        return cls(surface=surface, main=main, other=other, operations=operations, idempotency=idempotency,
                   cursors=cursors)

    def count_request(self) -> None:
        with self.lock:
            self.extra_requests += 1

    def is_public(self, operation: str) -> bool:
        """An operation that needs no credential answers 401 for reasons of its own (an OAuth
        token endpoint's `invalid_client`), not as the one 401 of the authentication policy."""
        return any(op.is_public and label(op.method, op.path) == operation for op in self.surface.operations)

    def see_401(self, body: bytes, operation: str) -> tuple[bytes, str] | None:
        """Remember the first 401 body; the first one when this one differs from it."""
        with self.lock:
            if self.first_401 is None:
                self.first_401 = (body, operation)
                return None
            return None if body == self.first_401[0] else self.first_401


def _header_parameters(document: dict[str, Any], path: str, method: str) -> Iterator[str]:
    item = document.get("paths", {}).get(path, {})
    operation = item.get(method.lower(), {})
    for param in [*item.get("parameters", []), *operation.get("parameters", [])]:
        if "$ref" in param:
            ref = param["$ref"]
            node: Any = document
            for part in ref.removeprefix("#/").split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            param = node
        if param.get("in") == "header" and param.get("name"):
            yield param["name"]


_ACTIVE: Session | None = None


@contextlib.contextmanager
def activate(session: Session) -> Iterator[Session]:
    global _ACTIVE
    _ACTIVE = session
    try:
        yield session
    finally:
        _ACTIVE = None


_VALID_WITHOUT_CURSOR = (401, 403, 404, 409, 429)


def _ok(status: int) -> bool:
    return 200 <= status < 300


def _json(response) -> Any:
    try:
        return response.json()
    except Exception:  # noqa: BLE001 - not JSON: nothing to compare
        return None


def record_ids(document: Any) -> set[str]:
    """Every string under an `id` key, at any depth: the records a response shows."""
    found: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("id")
            if isinstance(value, str) and value:
                found.add(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def as_identity(case, identity: Identity, previous: Identity, tenant_parameter: str | None):
    """The same request as another identity: its credentials, and its tenant in the path."""
    theirs = {k.lower() for k in previous.headers}
    headers = CaseInsensitiveDict({k: v for k, v in (case.headers or {}).items() if k.lower() not in theirs})
    headers.update(identity.headers)
    query = {k: v for k, v in (case.query or {}).items() if k not in previous.query}
    query.update(identity.query)
    cookies = {k: v for k, v in (case.cookies or {}).items() if k not in previous.cookies}
    cookies.update(identity.cookies)
    probe = case.derive(headers=headers, query=query, cookies=cookies)
    if tenant_parameter and tenant_parameter in probe.path_parameters and identity.tenant is not None:
        probe.path_parameters[tenant_parameter] = identity.tenant
    return probe


def _short(body: bytes, limit: int = 300) -> str:
    text = body.decode("utf-8", errors="replace")
    return text if len(text) <= limit else text[:limit] + "…"


@schemathesis.check
def specloom_identical_401s(ctx, response, case) -> bool | None:
    session = _ACTIVE
    if session is None or response.status_code != 401 or session.is_public(case.operation.label):
        return None
    first = session.see_401(response.content, case.operation.label)
    if first is not None:
        raise UnauthorizedBodiesDiffer(
            operation=case.operation.label,
            message=(f"This 401 body differs from the first 401 of the run (from {first[1]}):\n"
                     f"  first: {_short(first[0])}\n  this:  {_short(response.content)}\n"
                     "Every 401 must be identical, so that it does not tell a client why its credential failed."))
    return True


@schemathesis.check
def specloom_tenant_isolation(ctx, response, case) -> bool | None:
    session = _ACTIVE
    if session is None or session.other is None or case.method.upper() != "GET" or not _ok(response.status_code):
        return None
    tenant_parameter = session.surface.tenant_parameter
    if tenant_parameter and case.path_parameters.get(tenant_parameter) != session.main.tenant:
        return None
    ids = record_ids(_json(response))
    if not ids:
        return None
    operation = session.operations.get(case.operation.label)
    other = session.other.sent_with(schemes_for(operation, session.other)) if operation else session.other
    probe = as_identity(case, other, session.main, tenant_parameter)
    session.count_request()
    try:
        theirs = probe.call()
    except Exception:  # noqa: BLE001 - a transport error on the probe proves nothing either way
        return None
    leaked = ids & record_ids(_json(theirs)) if _ok(theirs.status_code) else set()
    if leaked:
        shown = ", ".join(sorted(leaked)[:5]) + (" …" if len(leaked) > 5 else "")
        raise TenantLeak(
            operation=case.operation.label,
            message=(f"Tenant {session.other.tenant} got {len(leaked)} record(s) of tenant {session.main.tenant} "
                     f"({shown}) asking the same way with its own credential:\n"
                     f"  {probe.as_curl_command()}\n  -> {theirs.status_code} {_short(theirs.content)}"))
    return True


@schemathesis.check
def specloom_idempotent_replay(ctx, response, case) -> bool | None:
    session = _ACTIVE
    header = session.idempotency.get(case.operation.label) if session is not None else None
    if session is None or header is None or not _ok(response.status_code):
        return None
    headers = CaseInsensitiveDict(case.headers or {})
    if headers.get(header):
        first, replay = response, case.derive(headers=headers, keep_auth=True)
    else:
        headers[header] = f"specloom-fuzz-{uuid.uuid4().hex}"
        session.count_request()
        try:
            first = case.derive(headers=CaseInsensitiveDict(headers), keep_auth=True).call()
        except Exception:  # noqa: BLE001
            return None
        if not _ok(first.status_code):
            return None
        replay = case.derive(headers=CaseInsensitiveDict(headers), keep_auth=True)
    session.count_request()
    try:
        again = replay.call()
    except Exception:  # noqa: BLE001
        return None
    if (again.status_code, again.content) != (first.status_code, first.content):
        raise IdempotentReplayDiffers(
            operation=case.operation.label,
            message=(f"Replaying the request with the same {header} gave another answer:\n"
                     f"  first:  {first.status_code} {_short(first.content)}\n"
                     f"  replay: {again.status_code} {_short(again.content)}\n"
                     f"  {replay.as_curl_command()}"))
    return True


def filter_failure(context, failure, case, response) -> bool:
    """A schema-local `filter_failure` hook: drop the kinds of false failures below, and any
    failure judged on a 429: the deployment's rate limiter answered before the part under test
    could (an unauthenticated request after the client's failures limit, a window spent while the
    run's waits ran out), so the check learnt nothing; the run counts them instead."""
    judged_on_429 = (getattr(response, "status_code", None) == 429 or getattr(failure, "status_code", None) == 429
                     or re.search(r"\b[Gg]ot `?429\b", getattr(failure, "message", "") or "") is not None)
    if judged_on_429:
        if _ACTIVE is not None:
            with _ACTIVE.lock:
                _ACTIVE.rate_limited += 1
        return False
    code = getattr(failure, "code", None)
    if code == REJECTED_POSITIVE_DATA:
        return opaque_cursor_filter(context, failure, case, response)
    if code == ACCEPTED_NEGATIVE_DATA:
        return not _negative_only_when_percent_encoded(case)
    return True


def _negative_only_when_percent_encoded(case) -> bool:
    """Schemathesis keeps path parameters percent-encoded and may judge the encoded text against
    the schema (`maxLength: 64` against 93 characters of `%C2%B6…`), calling a valid request
    invalid. True when the path is the only "negative" part and every decoded value is valid."""
    from jsonschema import Draft202012Validator

    session = _ACTIVE
    meta = case.meta
    operation = session.operations.get(case.operation.label) if session is not None else None
    if operation is None or meta is None or getattr(meta.phase.data, "mutations", ()):
        return False
    negative = {location.value for location, component in meta.components.items() if component.mode.is_negative}
    if negative != {"path"}:
        return False
    for param in operation.params:
        if param.location != "path" or param.name not in case.path_parameters:
            continue
        value = case.path_parameters[param.name]
        value = unquote(value) if isinstance(value, str) else value
        if not Draft202012Validator(param.schema).is_valid(_coerced(value, param.schema)):
            return False
    return True


def _coerced(value: Any, schema: dict[str, Any]) -> Any:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if isinstance(value, str) and "string" not in kinds:
        for kind, convert in (("integer", int), ("number", float)):
            if kind in kinds:
                try:
                    return convert(value)
                except ValueError:
                    pass
        if "boolean" in kinds and value in ("true", "false"):
            return value == "true"
    return value


def opaque_cursor_filter(context, failure, case, response) -> bool:
    """Keep a `positive_data_acceptance` failure only when the request is still refused with its
    made-up cursor replaced by the server-issued start cursor (an empty one): answered neither
    2xx nor another answer valid data may get (401, 403, 404, 409, 429)."""
    session = _ACTIVE
    if session is None or getattr(failure, "code", None) != REJECTED_POSITIVE_DATA:
        return True
    names = [n for n in session.cursors.get(case.operation.label, ()) if (case.query or {}).get(n) not in (None, "")]
    if not names:
        return True
    retry = case.derive(query={**case.query, **{n: "" for n in names}}, keep_auth=True)
    session.count_request()
    try:
        answer = retry.call()
    except Exception:  # noqa: BLE001
        return True
    # with the start cursor it is served, or answered as valid data may be (a record of the
    # path that is not there: 404, a delivery history of a made-up subscription): the cursor
    # alone was refused
    return not (_ok(answer.status_code) or answer.status_code in _VALID_WITHOUT_CURSOR)
