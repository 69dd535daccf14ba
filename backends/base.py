"""The Store protocol every backend implements, the values it speaks in, and its exceptions.

A store keeps everything with state: resources (one table per resource, the whole document
plus indexed columns for the fields a spec filters, sorts or looks up by), credentials, tenants
and small runtime metadata such as the server pepper. Every resource call names its tenant:
a store never returns a row of another tenant.
"""

from __future__ import annotations

import re
from contextlib import AbstractAsyncContextManager
from typing import Any, Callable, Hashable, Iterable, Literal, Protocol, Sequence, runtime_checkable

import attrs

ColumnType = Literal["text", "integer", "real", "boolean"]
FilterOp = Literal["eq", "contains", "gte", "lte", "ne", "gt", "lt"]


class StoreError(Exception):
    """Base class of everything a store raises on purpose."""


class StoreUnavailable(StoreError):
    """The backend URL cannot be opened or the database cannot be reached right now (bad path,
    server down, connection lost and not recoverable by one retry). HTTP: 503 + Retry-After."""


class StoreConflict(StoreError):
    """The transaction lost a race with another one (a deadlock, a serialization failure) and
    was rolled back whole: running it again is safe. A unit of work that raises it is run again
    by the HTTP layer; elsewhere, HTTP: 503 + Retry-After."""


class StoreFull(StoreError):
    """The store refused a write for lack of space (disk full, quota). Nothing was written.
    HTTP: 507 + Retry-After."""


class StoreReadOnly(StoreError):
    """The store cannot be written (a read-only file, a read-only database or transaction).
    Nothing was written. HTTP: 503 + Retry-After; at start-up: exit 2 with one line."""


class UnknownCursor(StoreError):
    """A keyset page after a record (`PageRequest.after_id`, a lastId cursor) the tenant does
    not have. HTTP: 400, the cursor is invalid."""


class UniqueViolation(StoreError):
    """A write would break a uniqueness rule; `fields` names the rule."""

    def __init__(self, table: str, fields: Sequence[str]):
        self.table = table
        self.fields = tuple(fields)
        super().__init__(f"{table}: another record already has this {', '.join(fields)}")


@attrs.frozen
class Column:
    """A document field copied into its own indexed column."""

    field: str  # the field name in the document (camelCase as the spec has it)
    type: ColumnType = "text"

    @property
    def sql_name(self) -> str:
        return "f_" + "".join(ch if ch.isalnum() else "_" for ch in self.field).lower()


_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _identifier(_inst, attribute, value):
    if not _IDENT.match(value):
        raise ValueError(f"{attribute.name} {value!r} is not a safe SQL identifier")


_INT = re.compile(r"[+-]?[0-9]+")
# a decimal number in ASCII: float() would also take "５", "1_0", "nan" and "inf"
_REAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TRUE, _FALSE = ("true", "1"), ("false", "0")


def coerce(type_: ColumnType, value: Any) -> tuple[bool, Any]:
    """`value` as a value of a column of `type_`: (True, converted) or (False, None) when it
    has no such value (a list, an object, "abc" for an integer column). Both backends index
    documents and compare filter values through this, so a value that does not fit a column
    matches nothing on either backend, rather than erroring on one of them."""
    if value is None:
        return True, None
    if isinstance(value, (dict, list, tuple)):
        return False, None
    if type_ == "text":
        if isinstance(value, bool):
            return True, "true" if value else "false"
        return True, value if isinstance(value, str) else repr(value)
    if type_ == "boolean":
        if isinstance(value, bool):
            return True, value
        if isinstance(value, (int, float)) and value in (0, 1):
            return True, bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return True, value.strip().lower() in _TRUE
        return False, None
    if isinstance(value, bool):
        return False, None
    if type_ == "integer":
        if isinstance(value, int):
            return (True, value) if -2 ** 63 <= value < 2 ** 63 else (False, None)
        if isinstance(value, float):
            return (True, int(value)) if value.is_integer() and abs(value) < 2 ** 63 else (False, None)
        if isinstance(value, str) and _INT.fullmatch(value.strip()):
            return coerce(type_, int(value.strip()))
        return False, None
    # real
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        if not _REAL.fullmatch(value.strip()):
            return False, None
        number = float(value.strip())
    else:
        return False, None
    return (True, number) if number == number and abs(number) != float("inf") else (False, None)


@attrs.frozen
class FlagRule:
    """A boolean `field` true for at most one record among those of a tenant sharing `within`
    (a variant's `isDefault` within its `productId`). The store keeps it on every write, in
    the write's own transaction: setting the flag clears it on the others of the group (their
    `touch` field, e.g. updatedAt, takes the written record's value); with `first_is_set` the
    first record of a group gets it; with `promote_on_delete` deleting the flagged record
    passes it to the oldest remaining one. A partial unique index backs the rule."""

    field: str
    within: str
    first_is_set: bool = False
    promote_on_delete: bool = False
    touch: str | None = None


@attrs.frozen
class Table:
    """What a backend needs to know to store one resource."""

    name: str = attrs.field(validator=_identifier)
    columns: tuple[Column, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()  # field groups unique within a tenant
    flag: FlagRule | None = None  # both its fields must be columns
    resource: str = ""  # the spec's resource name, for messages (default: the table name)
    # fields whose per-value record counts the store keeps per tenant (beside each tenant's
    # total), so an offset page filtered by one of them (a list's declared default filter,
    # `status=ACTIVE`) answers its exact `total` without counting rows (backends/counts.py)
    counted: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.resource or self.name

    def column(self, field: str) -> Column:
        for col in self.columns:
            if col.field == field:
                return col
        raise KeyError(f"{self.name} has no indexed column for field {field!r}")

    def row_values(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The indexed column values of a document, keyed by SQL column name: each value
        converted to its column's type (`coerce`), None where it does not fit."""
        return {col.sql_name: coerce(col.type, doc.get(col.field))[1] for col in self.columns}

    def flag_group(self, doc: dict[str, Any]) -> Any:
        """The value of a document's flag group (its `within` field), as stored."""
        assert self.flag is not None
        return coerce(self.column(self.flag.within).type, doc.get(self.flag.within))[1]

    def flagged(self, doc: dict[str, Any]) -> bool:
        assert self.flag is not None
        return coerce("boolean", doc.get(self.flag.field))[1] is True


@attrs.frozen
class Mutation:
    """What a `Store.modify` callback decides: changes to the locked record, and records to
    insert in the same transaction (a ledger entry, say)."""

    changes: dict[str, Any]
    inserts: tuple[tuple[str, dict[str, Any]], ...] = ()


Written = tuple[str, "dict[str, Any] | None", "dict[str, Any]"]
"""One record a write transaction stored: (table, the record before or None when new, after)."""

Outbox = Callable[[list[Written]], "Sequence[dict[str, Any]]"]
"""What a write asks to be recorded with it: given the records the transaction stored, the
outbox rows to insert in that same transaction (see `Store.outbox_claim`). Commit writes both,
rollback neither: an event is never lost after a commit nor sent for a write that failed."""

OUTBOX_FIELDS = ("id", "surface", "tenant", "event", "subscription", "body", "status", "attempts",
                 "next_attempt_at", "last_status", "last_error", "delivered_at", "created_at",
                 "updated_at")
OUTBOX_SETTLE_FIELDS = ("status", "attempts", "next_attempt_at", "last_status", "last_error",
                        "delivered_at", "body")  # body: a mailed one-time code is erased once sent


class Refused(StoreError):
    """Raised by a `Store.modify` callback to refuse a change; nothing is written."""

    def __init__(self, reason: str, **info: Any):
        self.reason = reason
        self.info = info
        super().__init__(reason)


@attrs.frozen
class Filter:
    field: str
    value: Any
    op: FilterOp = "eq"
    # whether a record without a value in the field matches too (a comparison with nothing is
    # otherwise false): "expires after now, or never" (runtime/services/read_derivations.py)
    nulls: bool = False


@attrs.frozen
class SortKey:
    field: str
    descending: bool = False


@attrs.frozen
class Query:
    filters: tuple[Filter, ...] = ()
    search: str | None = None
    search_in: tuple[str, ...] = ()
    sort: tuple[SortKey, ...] = ()


@attrs.frozen
class PageRequest:
    """Either an offset page (`offset`) or a keyset page (`after`, a position from a Page)."""

    limit: int
    offset: int = 0
    after: tuple | None = None
    before: tuple | None = None
    keyset: bool = False
    with_total: bool = True
    # a keyset page after the record with this id (a lastId cursor), resolved by the store in
    # the same read as the page (one statement on PostgreSQL); unknown in the tenant: UnknownCursor
    after_id: str | None = None


@attrs.frozen
class Page:
    items: list[dict[str, Any]]
    total: int | None
    has_next: bool
    # keyset positions of the first and last item, for building cursors
    first_position: tuple | None = None
    last_position: tuple | None = None
    has_previous: bool = False


@runtime_checkable
class Store(Protocol):
    """What the runtime asks of a backend. All resource methods are tenant-scoped."""

    url: str

    async def migrate(self, tables: Iterable[Table], *, surface: str | None = None,
                      options: Any = None) -> list[str]:
        """Bring the schema to `tables` (backends/migrations.py plans it): additive changes
        are applied, in one transaction under a lock every process shares; if the plan refuses
        a change (`migrations.MigrationRefused`), nothing is applied. With a `surface`, the
        applied schema is recorded per surface, so later changes are diffed against it
        (a resource that left the spec, a column that was not maintained). Returns the steps."""
        ...

    async def plan_migration(self, tables: Iterable[Table], *, surface: str | None = None,
                             options: Any = None) -> Any:
        """The `migrations.Plan` that `migrate` would carry out; nothing is changed."""
        ...

    async def insert(self, table: str, tenant: str, doc: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any]:
        """Store a new record; `outbox` rows (if any) go in the same transaction."""
        ...

    async def get(self, table: str, tenant: str, id: str) -> dict[str, Any] | None: ...

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None: ...

    async def update(
        self, table: str, tenant: str, id: str, changes: dict[str, Any], *,
        outbox: Outbox | None = None
    ) -> dict[str, Any] | None: ...

    async def delete(self, table: str, tenant: str, id: str) -> bool: ...

    async def modify(self, table: str, tenant: str, id: str,
                     change: "Callable[[dict[str, Any]], Mutation]", *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        """Read-decide-write one record under a row lock: `change(doc)` sees the current
        record and returns a Mutation (or raises Refused); its changes and inserts, and the
        `outbox` rows for them, are written in one transaction. Invariants (a balance never below zero, a counter never below its
        floor) hold under any concurrency because no other writer can interleave. Returns the
        updated record, or None when there is none. `change` must not block or await."""
        ...

    async def list(self, table: str, tenant: str, query: Query, page: PageRequest) -> Page: ...

    async def get_with(self, table: str, tenant: str, id: str,
                       children: Sequence[tuple[str, Query, int]]) -> tuple[dict[str, Any] | None,
                                                                           list[list[dict[str, Any]]]]:
        """A record and, in the same read (one statement on PostgreSQL, one job on SQLite), the
        first `limit` records of each (table, query, limit) in `children`, in the query's order
        (an operation's `embed`: a product with its variants). The child queries are run whether
        or not the record exists."""
        ...

    async def tenants(self, table: str) -> list[str]:
        """The tenants that hold records in `table`, in order: for work done across tenants
        in the background (scheduled sweeps, runtime/services/sweeps.py), which then reads
        each tenant's records through the tenant-scoped calls."""
        ...

    async def keyset_position(self, table: str, tenant: str, id: str, query: Query) -> tuple | None:
        """The keyset position (as `Page.last_position` gives them) of the record `id` of
        `tenant` in the order `query` sorts by; None when the tenant has no such record. A
        lastId cursor (`pagination.cursorStyle: lastId`) pages on from it."""
        ...

    # credentials and tenants (runtime tables)
    async def put_credential(self, credential: dict[str, Any]) -> None: ...

    async def get_credential(self, key_id: str) -> dict[str, Any] | None: ...

    async def revoke_credential(self, surface: str, key_id: str, at: str) -> bool: ...

    def credential_epoch(self) -> Hashable | None:
        """A cheap token that changes whenever any process on the store changes a credential
        (put, revoke, new limits), read before a credential to cache it with; None: do not cache
        (backends/credential_epochs.py)."""
        ...

    async def set_credential_rate_limits(self, surface: str, key_id: str,
                                         rate_limits: dict[str, int]) -> bool:
        """Give a live credential its own limits for rate-limit rules that allow them
        (`{rule name: limit}`, its plan); False when there is no such live credential."""
        ...

    async def count_credentials(self, surface: str) -> int: ...

    async def put_tenant(self, surface: str, tenant: str, approved: bool) -> None: ...

    # operators' listings (`specloom keys list`, `tenants list`, `clients list`): never a secret
    async def list_credentials(self, surface: str) -> list[dict[str, Any]]:
        """Every credential of `surface`, oldest first: key_id, tenant, kind, scopes,
        created_at, revoked_at, rate_limits and `signing_secret` as a bool (whether it has
        one); never the secret's hash."""
        ...

    async def list_tenants(self, surface: str) -> list[dict[str, Any]]:
        """The tenants recorded for `surface` (approved or suspended): tenant, approved."""
        ...

    async def get_tenant(self, surface: str, tenant: str) -> dict[str, Any] | None: ...

    async def meta_get_or_set(self, key: str, value: str) -> str: ...

    # units of work
    def transaction(self) -> AbstractAsyncContextManager[None]:
        """A unit of work: every store call made by this task (and by tasks it starts) until
        the block ends runs in one transaction, committed when the block ends normally and
        rolled back when it raises, so a request's writes and the record of its outcome
        (idempotency) land together or not at all. Calls made outside the block by other
        tasks are not part of it and never see its uncommitted writes. Blocks nest (the inner
        one is a savepoint); a write method's own transaction inside a block is a savepoint
        too, so a refused write (UniqueViolation, Refused) undoes only itself."""
        ...

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback()` once the caller's unit of work has committed (its outermost
        block), or at once outside one; never if it is rolled back. For work that must not
        start before the writes it depends on are there (a job a request queued)."""
        ...

    # idempotency records: one per (scope, key); see runtime/policies/idempotency.py
    async def idempotency_begin(self, scope: str, key: str, fingerprint: str, claim: str, now: float,
                                expires_at: float, stale_before: float) -> dict[str, Any] | None:
        """Claim (scope, key) for a new request under the token `claim`: None when claimed,
        else the existing record ({fingerprint, state: "in_flight" | "done", status, headers,
        body}). Expired records and in-flight claims older than `stale_before` (a crashed
        process's) are replaced, and the new claim token replaces theirs."""
        ...

    async def idempotency_complete(self, scope: str, key: str, claim: str, status: int,
                                   headers: list[tuple[str, str]], body: bytes) -> bool:
        """Record the outcome of the claimed request: False (nothing written) when the claim
        is no longer `claim` (it went stale and another request took it over). Called inside
        the request's unit of work, so the outcome commits with the request's writes."""
        ...

    async def idempotency_release(self, scope: str, key: str, claim: str) -> None:
        """Drop the in-flight claim `claim` (a request that stored nothing to replay); a
        completed record or another request's claim is kept."""
        ...

    # small runtime records (tokens, sessions, one-time codes, jobs, mail) by namespace
    async def kv_put(self, namespace: str, key: str, value: dict[str, Any], *,
                     group: str | None = None, expires_at: float | None = None) -> None:
        """Insert or replace a record; `group` ties records together (a refresh-token family)."""
        ...

    async def kv_get(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        """{value, group, expires_at, consumed} of a live record (None if missing or expired)."""
        ...

    async def kv_add(self, namespace: str, key: str, value: dict[str, Any], *, expires_at: float,
                     now: float) -> bool:
        """Insert a record unless a live one holds the key (an expired one is replaced): True
        when this call stored it. Of concurrent callers, in any process, exactly one wins (an
        accepted request signature, runtime/policies/signing.py)."""
        ...

    async def kv_consume(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        """Atomically mark a live, unconsumed record consumed and return its value; None when
        it is missing, expired or already consumed (exactly one concurrent caller wins)."""
        ...

    async def kv_list(self, namespace: str, group: str, now: float) -> list[dict[str, Any]]:
        """Values of the live records of a group, oldest first."""
        ...

    async def kv_delete(self, namespace: str, key: str) -> bool: ...

    async def kv_delete_group(self, namespace: str, group: str) -> int: ...

    async def kv_purge_expired(self, namespace: str, now: float) -> int:
        """Delete the records of `namespace` that expired at or before `now`; how many went."""
        ...

    # rate limits: fixed-window counters shared by every process on the store
    async def rate_limit_hits(self, hits: Sequence[tuple[str, int, float]]) -> list[int]:
        """Count one request in each (bucket, window, expires_at) at once — one statement, one
        transaction, whatever the number of rules; the counts including this one, in order."""
        ...

    async def rate_limit_hit(self, bucket: str, window: int, expires_at: float) -> int:
        """Count one request in (bucket, window); returns the count including this one."""
        ...

    # the outbox: events recorded by writes (`outbox=`), and their deliveries. Rows are
    # dicts of OUTBOX_FIELDS; `body` is the exact text to send, times are Unix seconds.
    async def outbox_claim(self, surface: str, now: float, lease_until: float,
                           limit: int) -> list[dict[str, Any]]:
        """Claim up to `limit` due rows of `surface` (status `pending`, `next_attempt_at` <=
        now, not claimed by a live lease) until `lease_until`; each row comes back with its
        `claim` token. Several processes may claim at once: a row is handed to one of them
        (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one write transaction). A claim whose
        lease ran out (its process died) can be claimed again."""
        ...

    async def outbox_settle(self, id: str, claim: str, changes: dict[str, Any], now: float,
                            inserts: Sequence[dict[str, Any]] = ()) -> bool:
        """Release a claimed row with `changes` (OUTBOX_SETTLE_FIELDS) and insert `inserts`
        (new rows: an event's deliveries) in one transaction; False (nothing written) when
        the claim is no longer this one."""
        ...

    async def outbox_add(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert new outbox rows (a queued e-mail: runtime/services/mail.py) in the caller's
        unit of work, so they commit with the write that queued them or not at all."""
        ...

    async def outbox_list(self, surface: str, *, tenant: str | None = None,
                          deliveries: bool = True, limit: int = 100) -> list[dict[str, Any]]:
        """The newest rows of `surface` first: deliveries (rows naming a subscription) or,
        with `deliveries=False`, the events themselves."""
        ...

    async def outbox_pending(self, surface: str) -> dict[str, int]:
        """How many rows of `surface` are pending, per event (the backlog)."""
        ...

    async def outbox_purge(self, surface: str, before: float) -> int:
        """Delete the finished rows of `surface` (delivered, failed, fanned-out events) last
        changed before `before`; how many went. Rows still to be delivered are kept."""
        ...

    async def close(self) -> None: ...
