"""The tenant settings a surface's spec declares or reads, so `specloom tenants set` can refuse a
name no part of the spec knows (a typo would otherwise be stored and silently never read).

A setting is known when the spec declares it (`x-specloom.settings`, with its default and
description) or when a declaration reads it by name: `setting` (a login's `otp.setting`, a
resource's `settingDefaults.<field>.setting`) or `thresholdsSetting` (derived fields), found
anywhere in the surface's IR; plus the browser origins `keys create --origin` keeps where the
spec lets tenants choose CORS origins."""

from __future__ import annotations

from typing import Any

import attrs

from .tenant_settings import ORIGINS

READERS = ("setting", "thresholds_setting", "thresholdsSetting")


def declared_settings(surface: Any) -> dict[str, str]:
    """name -> description (empty when the spec only reads it)."""
    found: dict[str, str] = {}
    for name, spec in (getattr(surface, "settings", None) or {}).items():
        described = spec.get("description") if isinstance(spec, dict) else getattr(spec, "description", None)
        found[name] = described or ""
    for name in _read_names(surface, set()):
        found.setdefault(name, "")
    if getattr(surface, "cors", None) is not None:
        found.setdefault(ORIGINS, "browser origins the tenant allows (`keys create --origin`)")
    return found


def _read_names(node: Any, seen: set[int]) -> list[str]:
    if id(node) in seen or isinstance(node, (str, bytes, int, float, bool)) or node is None:
        return []
    seen.add(id(node))
    names: list[str] = []
    if attrs.has(type(node)):
        items = [(f.name, getattr(node, f.name, None)) for f in attrs.fields(type(node))]
    elif isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, (list, tuple, set, frozenset)):
        items = [("", v) for v in node]
    else:
        return []
    for key, value in items:
        if key in READERS and isinstance(value, str):
            names.append(value)
        else:
            names += _read_names(value, seen)
    return names
