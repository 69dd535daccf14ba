"""Demo data: `specs/<surface>/demo.yaml` names a tenant and records per resource."""

from __future__ import annotations

from typing import Any

import yaml

from specloom.runtime.surfaces import spec_path

DEFAULT_TENANT = "demo"


def _demo_file(surface: str) -> dict[str, Any]:
    path = spec_path(surface).parent / "demo.yaml"
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def demo_tenant(surface: str) -> str:
    return str(_demo_file(surface).get("tenant", DEFAULT_TENANT))


async def load_demo(surface: str, runtime) -> int:
    """Insert the demo records into an empty tenant; returns how many were inserted."""
    from .resources import TenantResources

    data = _demo_file(surface)
    records: dict[str, list[dict[str, Any]]] = data.get("records") or {}
    if not records:
        return 0
    resources = TenantResources(runtime.surface, runtime.store, demo_tenant(surface))
    first = next(iter(records))
    if await runtime.store.get(runtime.surface.resource(first).table_name, resources.tenant,
                               records[first][0]["id"]):
        return 0
    count = 0
    for name, docs in records.items():
        for doc in docs:
            await resources.seed(name, doc)
            count += 1
    return count
