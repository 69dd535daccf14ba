"""Cross-references of the storefront actions' `with` settings (issue 14, Aly): a `catalog`'s
references (`where` fields of the named resource) and `priceList` (its resources and fields,
one price list per group), and `analytics.summary`'s date field, metrics and top list must
name real resources and fields. `generator/validate.py` calls `check_storefront_settings` for
every service action."""

from __future__ import annotations

from typing import Any, Callable

from .problems import join_pointer


def _props(doc: dict, resource: Any) -> dict | None:
    if not isinstance(resource, dict):
        return None
    schema = ((doc.get("components") or {}).get("schemas") or {}).get(resource.get("schema") or "")
    return (schema or {}).get("properties") if isinstance(schema, dict) else None


def check_storefront_settings(doc: dict, action: str, settings: dict, resource: dict, pointer: str,
                              err: Callable[..., None]) -> None:
    resources = (doc.get("x-specloom") or {}).get("resources") or {}
    where = join_pointer(pointer, "with")

    def field(name: Any, of: dict | None, label: str, *at: Any) -> None:
        if of is not None and (not isinstance(name, str) or name not in of):
            err(f"{name!r} is not a property of {label}", join_pointer(where, *at))

    def known(name: Any, *at: Any) -> dict | None:
        if name not in resources:
            err(f"unknown resource {name!r}; declared: {', '.join(resources) or 'none'}", join_pointer(where, *at))
            return None
        return resources[name]

    catalog = settings.get("catalog") if action.startswith("lists.") else None
    if isinstance(catalog, dict):
        for name, ref in (catalog.get("references") or {}).items():
            target = known((ref or {}).get("resource"), "catalog", "references", name, "resource")
            for key in ((ref or {}).get("where") or {}) if target else ():
                field(key, _props(doc, target), target.get("schema"), "catalog", "references", name, "where", key)
        rule = catalog.get("priceList")
        if isinstance(rule, dict):
            customers = known(rule.get("customers"), "catalog", "priceList", "customers")
            lists = known(rule.get("resource"), "catalog", "priceList", "resource")
            if customers:
                field(rule.get("groupField"), _props(doc, customers), customers.get("schema"),
                      "catalog", "priceList", "groupField")
            if lists:
                props = _props(doc, lists)
                for key in ("matchField", "entriesField"):
                    field(rule.get(key), props, lists.get("schema"), "catalog", "priceList", key)
                if [rule.get("matchField")] not in (lists.get("unique") or []):
                    err(f"priceList matchField {rule.get('matchField')!r} must be a unique group of "
                        f"{rule.get('resource')} (one price list per group)", join_pointer(where, "catalog", "priceList", "matchField"))
            field(rule.get("customerField"), _props(doc, resource), resource.get("schema"),
                  "catalog", "priceList", "customerField")
    if action == "coupons.apply":
        coupons = known(settings.get("coupons"), "coupons")
        if coupons is not None and not isinstance(coupons.get("coupon"), dict):
            err(f"resource {settings.get('coupons')!r} declares no coupon", join_pointer(where, "coupons"))
        for key in ("field", "amountField"):
            if key in settings:
                field(settings[key], _props(doc, resource), resource.get("schema"), key)
    if action == "analytics.summary":
        props = _props(doc, resource)
        label = resource.get("schema")
        columns = set(resource.get("filterable") or ()) | {f for group in resource.get("unique") or () for f in group}
        if settings.get("dateField") not in columns:
            err(f"dateField {settings.get('dateField')!r} must be filterable (a column the range is read by)",
                join_pointer(where, "dateField"))
        for key in settings.get("where") or {}:
            if key not in columns:
                err(f"where: {key!r} must be filterable (a column)", join_pointer(where, "where", key))
        for name, metric in (settings.get("metrics") or {}).items():
            for kind in ("sum", "minus", "average"):
                if isinstance(metric, dict) and kind in metric:
                    field(metric[kind], props, label, "metrics", name, kind)
        top = settings.get("top")
        if isinstance(top, dict):
            field(top.get("forEach"), props, label, "top", "forEach")
