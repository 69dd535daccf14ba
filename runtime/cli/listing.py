"""What the operators' listings share (`keys list`, `clients list`, `tenants list`): the
credentials of a surface as rows without any secret (no hash, no sealed signing secret: only
whether there is one), with when each was last used (runtime/services/last_used.py), and printing
rows as an aligned table or, with `--json`, one JSON object per line. An empty listing says so
(on stderr with `--json`, so stdout stays JSON lines)."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable

from specloom.runtime.services.last_used import last_used

from .common import err, out


async def credential_rows(store, surface: str, kinds: Iterable[str] | None = None, *,
                          exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The surface's credentials of `kinds` (all but `exclude` when None), oldest first."""
    wanted = set(kinds) if kinds is not None else None
    left_out = set(exclude)
    used = await last_used(store, surface)
    rows = []
    for row in await store.list_credentials(surface):
        if (wanted is not None and row["kind"] not in wanted) or row["kind"] in left_out:
            continue
        rows.append({**row, "last_used_at": used.get(row["key_id"]), "revoked": row["revoked_at"] is not None})
    return rows


def print_rows(rows: list[dict[str, Any]], columns: list[tuple[str, str]], *, as_json: bool, empty: str) -> None:
    """`columns`: (field, heading). Lists and dicts are shown `a b` and `k=v`; None as `-`."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, sort_keys=True) + "\n")
        if not rows:
            err.print(empty)
        return
    if not rows:
        out.print(empty)
        return
    cells = [[heading.upper() for _, heading in columns]]
    cells += [[_cell(row.get(field)) for field, _ in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for line in cells:
        out.print("  ".join(value.ljust(width) for value, width in zip(line, widths)).rstrip(), markup=False)


def _cell(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}={v}" for k, v in value.items())
    return str(value)
