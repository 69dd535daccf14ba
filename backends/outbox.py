"""The outbox table both backends keep (`sl_outbox`), as SQL text shared by them.

A row is an event recorded by a write (`subscription` NULL) or one delivery of an event to one
subscription. The worker (runtime/webhooks/dispatcher.py) claims due rows, turns an event into its
deliveries and sends each delivery, retrying with backoff; `claim`/`claimed_until` is the lease
of the process working on a row. See `Store.outbox_claim` for the contract.
"""

from __future__ import annotations

from typing import Any, Sequence

from .base import OUTBOX_FIELDS, OUTBOX_SETTLE_FIELDS


def create_table(real: str) -> list[str]:
    """DDL of the outbox (`real`: the dialect's floating-point type)."""
    return [
        f"""CREATE TABLE IF NOT EXISTS sl_outbox (
            id TEXT PRIMARY KEY, surface TEXT NOT NULL, tenant TEXT NOT NULL, event TEXT NOT NULL,
            subscription TEXT, body TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at {real} NOT NULL,
            claim TEXT, claimed_until {real}, last_status INTEGER, last_error TEXT,
            delivered_at {real}, created_at {real} NOT NULL, updated_at {real} NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS ix_sl_outbox_due ON sl_outbox (surface, status, next_attempt_at)",
    ]


def insert_sql(p: str) -> str:
    return (f"INSERT INTO sl_outbox ({', '.join(OUTBOX_FIELDS)}) "
            f"VALUES ({', '.join(p for _ in OUTBOX_FIELDS)})")


def insert_params(row: dict[str, Any]) -> tuple:
    defaults = {"subscription": None, "status": "pending", "attempts": 0, "last_status": None,
                "last_error": None, "delivered_at": None}
    full = {**defaults, **row}
    return tuple(full[f] for f in OUTBOX_FIELDS)


def due_sql(p: str, *, lock: bool) -> str:
    """Ids of due, unclaimed rows of a surface (params: surface, now, now, limit)."""
    return ("SELECT id FROM sl_outbox WHERE surface = {p} AND status = 'pending' "
            "AND next_attempt_at <= {p} AND (claimed_until IS NULL OR claimed_until <= {p}) "
            "ORDER BY next_attempt_at, created_at, id LIMIT {p}"
            + (" FOR UPDATE SKIP LOCKED" if lock else "")).format(p=p)


RETURNING = "RETURNING " + ", ".join((*OUTBOX_FIELDS, "claim"))
COLUMNS = (*OUTBOX_FIELDS, "claim")


def settle_sql(p: str, changes: dict[str, Any]) -> tuple[str, list[str]]:
    names = [k for k in changes if k in OUTBOX_SETTLE_FIELDS]
    unknown = set(changes) - set(OUTBOX_SETTLE_FIELDS)
    if unknown:
        raise ValueError(f"outbox rows cannot be settled with {sorted(unknown)}")
    sets = ", ".join([*(f"{n} = {p}" for n in names), "claim = NULL", "claimed_until = NULL",
                      f"updated_at = {p}"])
    return f"UPDATE sl_outbox SET {sets} WHERE id = {p} AND claim = {p}", names


def list_sql(p: str, *, tenant: bool, deliveries: bool) -> str:
    where = ["surface = {p}", "subscription IS NOT NULL" if deliveries else "subscription IS NULL"]
    if tenant:
        where.append("tenant = {p}")
    return (f"SELECT {', '.join(COLUMNS)} FROM sl_outbox WHERE {' AND '.join(where)} "
            "ORDER BY created_at DESC, id DESC LIMIT {p}").format(p=p)


def pending_sql(p: str) -> str:
    """Rows still to be handled, per event (params: surface): the backlog `/metrics` shows."""
    return ("SELECT event, COUNT(*) FROM sl_outbox WHERE surface = {p} AND status = 'pending' "
            "GROUP BY event ORDER BY event").format(p=p)


def purge_sql(p: str) -> str:
    """Finished rows (delivered, failed, or an event already fanned out) last touched before a
    time (params: surface, before). Pending rows are never purged."""
    return ("DELETE FROM sl_outbox WHERE surface = {p} AND status IN ('delivered', 'failed', "
            "'dispatched') AND updated_at < {p}").format(p=p)


def as_row(values: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(COLUMNS, values))
