"""Probes run once the Schemathesis engine is done, on the data the run left behind.

- unauthorized: each operation without a credential, with a malformed one and with a
  well-formed unknown one answers 401, with the same body as every other 401 of the run;
- alternatives: each security alternative of an operation (Scalev's publishable key *or*
  guest token), presented alone, gets past authentication — Schemathesis itself only ever
  presents the first one;
- isolation: each tenant-wide list read by the second tenant shares no record with the
  fuzzed tenant's;
- pagination: each list with cursor pagination, walked page by page at the smallest page size,
  yields every item once, and the same items as walking its offset pages.
"""

from __future__ import annotations

import secrets
import shlex
import string
from typing import Any
from urllib.parse import urlencode

from specloom.generator.ir import Operation, Surface
from specloom.runtime.envelopes import DEFAULTS

from .checks import AlternativeRefused, Session, TenantLeak, UnauthorizedBodiesDiffer, record_ids
from .provisioning import Identity, schemes_for
from .tally import Finding, Tally

MAX_PAGES = 1000
NOT_PROBED = (401, 403, 429)  # the probe's own credential refused, or rate limited: nothing learnt


def curl(method: str, url: str, headers: dict[str, str], body: Any = None) -> str:
    parts = ["curl", "-X", method.upper()]
    for name, value in headers.items():
        parts += ["-H", f"{name}: {value}"]
    if body is not None:
        import json

        parts += ["-H", "Content-Type: application/json", "-d", json.dumps(body)]
    return " ".join([*parts[:3], *map(shlex.quote, parts[3:]), shlex.quote(url)])


class Prober:
    def __init__(self, surface: Surface, session: Session, client, base_url: str, tally: Tally):
        self.surface = surface
        self.session = session
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.tally = tally
        self.requests = 0
        self.notes: list[str] = []

    # -- plumbing ---------------------------------------------------------------------------
    def path(self, op: Operation, identity: Identity, filler: str = "specloom-probe") -> str:
        path = op.path
        for param in op.params:
            if param.location == "path":
                value = identity.tenant if param.name == self.surface.tenant_parameter else filler
                path = path.replace("{" + param.name + "}", str(value))
        return path

    def send(self, method: str, path: str, identity: Identity | None, query: dict[str, Any] | None = None,
             body: Any = None, headers: dict[str, str] | None = None):
        sent_headers = dict(identity.headers) if identity else {}
        sent_headers.update(headers or {})
        params = {**(identity.query if identity else {}), **(query or {})}
        url = path + ("?" + urlencode(params, doseq=True) if params else "")
        self.requests += 1
        response = self.client.request(method, url, headers=sent_headers, json=body,
                                       cookies=identity.cookies if identity else None)
        return response, curl(method, self.base_url + url, sent_headers, body)

    def find(self, op: Operation, check: str, failure, message: str, reproduction: list[str]) -> None:
        self.tally.add(Finding(f"{op.method.upper()} {op.path}", check, failure.kind_title, message,
                               reproduction, "probes"))

    def tenant_wide(self, op: Operation) -> bool:
        return all(p.name == self.surface.tenant_parameter for p in op.params if p.location == "path")

    # -- probes -----------------------------------------------------------------------------
    def unauthorized(self, operations: list[Operation]) -> None:
        main = self.session.main
        if not main.credentials:
            return
        for op in operations:
            if op.is_public:
                continue
            body = {} if op.body is not None else None
            for what, headers in self._bad_credentials(main.sent_with(schemes_for(op, main))):
                blank = Identity(main.label, main.tenant, ())
                response, command = self.send(op.method, self.path(op, main), blank, body=body, headers=headers)
                if response.status_code == 429:
                    self.notes.append(f"unauthorized: {op.operation_id} not probed (rate limited)")
                    return
                if response.status_code != 401:
                    self.find(op, "specloom_identical_401s", UnauthorizedBodiesDiffer,
                              f"A request with {what} got {response.status_code}, not 401: "
                              f"{response.text[:300]}", [command])
                    continue
                first = self.session.see_401(response.content, f"{op.method.upper()} {op.path}")
                if first is not None:
                    self.find(op, "specloom_identical_401s", UnauthorizedBodiesDiffer,
                              f"The 401 for a request with {what} differs from the first 401 of the run "
                              f"(from {first[1]}):\n  first: {first[0][:300]!r}\n  this:  {response.content[:300]!r}",
                              [command])

    def alternatives(self, operations: list[Operation]) -> None:
        main = self.session.main
        held = {c.scheme for c in main.credentials}
        for op in operations:
            if op.is_public or len(op.security) < 2:
                continue
            body = {} if op.body is not None else None
            for requirement in op.security:
                names = tuple(r.scheme for r in requirement)
                if not set(names) <= held:
                    self.notes.append(f"alternatives: {op.operation_id} not probed with {' + '.join(names)} "
                                      "(no such credential provisioned)")
                    continue
                response, command = self.send(op.method, self.path(op, main), main.sent_with(names), body=body)
                if response.status_code == 429:
                    self.notes.append(f"alternatives: {op.operation_id} not probed (rate limited)")
                    break
                if response.status_code == 401:
                    self.find(op, "specloom_security_alternatives", AlternativeRefused,
                              f"The operation declares {' + '.join(names)} as one of its security "
                              f"alternatives, but a request presenting only that credential got 401: "
                              f"{response.text[:300]}", [command])

    def _bad_credentials(self, identity: Identity) -> list[tuple[str, dict[str, str]]]:
        variants: list[tuple[str, dict[str, str]]] = [("no credential", {})]
        for cred in identity.credentials:
            if cred.placement.location != "header":
                continue
            place = cred.placement
            prefixes = next((s.prefixes for s in self.surface.security_schemes if s.name == cred.scheme), ())
            well_formed = (prefixes[0] if prefixes else "") + _random(string.ascii_lowercase + string.digits, 16) \
                + "_" + _random(string.ascii_letters + string.digits, 40)
            variants += [(f"a malformed {cred.scheme} credential", {place.name: place.value("not-a-key")}),
                         (f"an unknown {cred.scheme} credential", {place.name: place.value(well_formed)})]
        return variants

    def isolation(self, operations: list[Operation]) -> None:
        other = self.session.other
        if other is None:
            self.notes.append("isolation: skipped (needs a second tenant's credential)")
            return
        main = self.session.main
        for op in operations:
            if op.method.upper() != "GET" or op.action != "list" or not self.tenant_wide(op):
                continue
            mine, _ = self.send("GET", self.path(op, main), main.sent_with(schemes_for(op, main)))
            theirs, command = self.send("GET", self.path(op, other), other.sent_with(schemes_for(op, other)))
            if not (200 <= mine.status_code < 300 and 200 <= theirs.status_code < 300):
                continue
            leaked = record_ids(_json(mine)) & record_ids(_json(theirs))
            if leaked:
                self.find(op, "specloom_tenant_isolation", TenantLeak,
                          f"Tenant {other.tenant} lists {len(leaked)} record(s) of tenant {main.tenant}: "
                          f"{', '.join(sorted(leaked)[:5])}", [command])

    def pagination(self, operations: list[Operation]) -> None:
        main = self.session.main
        envelopes = {**DEFAULTS, **self.surface.envelopes}
        items_at = _placeholder_path(envelopes.get("cursorPage"), "$items")
        next_at = _placeholder_path(envelopes.get("cursorPage"), "$nextCursor")
        for op in operations:
            cursor = op.param("cursor")
            if op.method.upper() != "GET" or cursor is None or not self.tenant_wide(op):
                continue
            if items_at is None or next_at is None:
                self.notes.append(f"pagination: {op.operation_id} skipped (no $items/$nextCursor in its cursorPage envelope)")
                continue
            limit = op.param("limit")
            query = {limit.name: int(limit.schema.get("minimum", 1))} if limit is not None else {}
            path, identity = self.path(op, main), main.sent_with(schemes_for(op, main))
            seen: list[str] = []
            token, pages = "", 0
            while pages < MAX_PAGES:
                response, command = self.send("GET", path, identity, {**query, cursor.name: token})
                pages += 1
                if response.status_code in NOT_PROBED:
                    self.notes.append(f"pagination: {op.operation_id} not walked (page {pages} answered "
                                      f"{response.status_code})")
                    return
                if not 200 <= response.status_code < 300:
                    self.find(op, "specloom_pagination", PaginationBroken,
                              f"Page {pages} of the cursor walk answered {response.status_code}: "
                              f"{response.text[:300]}", [command])
                    break
                page = _json(response)
                items = _at(page, items_at) or []
                ids = [i.get("id") for i in items if isinstance(i, dict)]
                repeated = [i for i in ids if i in seen]
                if repeated:
                    self.find(op, "specloom_pagination", PaginationBroken,
                              f"Page {pages} of the cursor walk repeats {', '.join(map(str, repeated[:5]))}, "
                              f"already on an earlier page", [command])
                    break
                seen += ids
                token = _at(page, next_at)
                if not token:
                    break
            else:
                self.find(op, "specloom_pagination", PaginationBroken,
                          f"The cursor walk did not end after {MAX_PAGES} pages", [command])
            walked = self._offset_walk(op, path, identity, query)
            if walked is not None and set(walked) != set(seen):
                missing = sorted(set(walked) - set(seen))
                extra = sorted(set(seen) - set(walked))
                self.find(op, "specloom_pagination", PaginationBroken,
                          f"Walking the cursor pages gave other items than walking the offset pages "
                          f"(missing from the cursor walk: {', '.join(missing[:5]) or 'none'}; "
                          f"only in the cursor walk: {', '.join(extra[:5]) or 'none'})", [command])
            self.notes.append(f"pagination: {op.operation_id} walked {pages} cursor page(s), {len(seen)} item(s)")

    def _offset_walk(self, op: Operation, path: str, identity: Identity, query: dict[str, Any]) -> list[str] | None:
        page_param = op.param("page")
        page_at = _placeholder_path({**DEFAULTS, **self.surface.envelopes}.get("page"), "$items")
        if page_param is None or page_at is None:
            return None
        ids: list[str] = []
        for number in range(1, MAX_PAGES + 1):
            response, _ = self.send("GET", path, identity, {**query, page_param.name: number})
            if not 200 <= response.status_code < 300:
                return None
            items = _at(_json(response), page_at) or []
            if not items:
                break
            ids += [i.get("id") for i in items if isinstance(i, dict)]
        return ids


class PaginationBroken(Exception):
    kind_title = "Walking the pages does not yield each item once"


def _random(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _json(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _placeholder_path(template: Any, placeholder: str, at: tuple = ()) -> tuple | None:
    if template == placeholder:
        return at
    if isinstance(template, dict):
        for key, value in template.items():
            found = _placeholder_path(value, placeholder, (*at, key))
            if found is not None:
                return found
    return None


def _at(document: Any, path: tuple) -> Any:
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document
