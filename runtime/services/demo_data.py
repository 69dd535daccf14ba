"""Demo data: `specs/<surface>/demo.yaml`, a data file (runtime/services/data_loading.py) that
names its tenant, loaded by `specloom serve SURFACE --demo` through the same loader as
`specloom data load`: validated, with the API's invariants and events, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specloom.runtime.surfaces import spec_path

from .data_loading import DataLoader, batches, existing, file_tenant, read_file

DEFAULT_TENANT = "demo"


def demo_path(surface: str) -> Path:
    return spec_path(surface).parent / "demo.yaml"


def _demo_file(surface: str) -> dict[str, Any]:
    path = demo_path(surface)
    return read_file(path) if path.is_file() else {}


def demo_tenant(surface: str) -> str:
    return file_tenant(_demo_file(surface)) or DEFAULT_TENANT


async def load_demo(surface: str, runtime) -> int:
    """Load the demo records into a tenant that does not have them yet; how many were loaded
    (0 when the first of them is there already). A bad demo file raises `LoadError`."""
    data = _demo_file(surface)
    work = batches(data, runtime.surface)
    if not any(items for _, items in work):
        return 0
    first = existing(runtime.surface, work)
    tenant = demo_tenant(surface)
    if first is not None and await runtime.store.get(first[0], tenant, first[1]) is not None:
        return 0
    result = await DataLoader.for_runtime(runtime).load(tenant, work)
    return result.total
