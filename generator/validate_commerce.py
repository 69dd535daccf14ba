"""Cross-references of the commerce keywords of a resource declaration (issue 11):
`derivedOnRead`, `caseInsensitive`, `startsAs`, `coupon`, a derivation's `minus`, an event's
`belowField`, and a transition's `decrements`, `redeems`, `credits` and `marks` must name real fields,
resources and settings. `generator/validate.py` calls `check_commerce` for each resource."""

from __future__ import annotations

from typing import Any, Callable

from .loader import LoadedSpec
from .problems import Problem, join_pointer


def _props(schemas: dict, resources: dict, name: Any) -> set[str] | None:
    res = resources.get(name) if isinstance(name, str) else None
    schema = schemas.get((res or {}).get("schema") or "") if isinstance(res, dict) else None
    return set((schema or {}).get("properties") or {}) if isinstance(schema, dict) else None


def check_commerce(spec: LoadedSpec, res: dict, resources: dict, schemas: dict, props: set[str],
                   schema_name: str, pointer: str, settings: dict, problems: list[Problem]) -> None:
    def err(message: str, *where: Any) -> None:
        problems.append(spec.problem("error", message, join_pointer(pointer, *where)))

    def field(name: Any, *where: Any, of: set[str] | None = None, schema: str | None = None) -> None:
        if not isinstance(name, str) or name not in (props if of is None else of):
            err(f"{name!r} is not a property of {schema or schema_name}", *where)

    for name, rule in (res.get("derivedOnRead") or {}).items():
        field(name, "derivedOnRead", name)
        for i, case in enumerate((rule or {}).get("cases") or []):
            when = (case or {}).get("when")
            if isinstance(when, dict):
                field(when.get("field"), "derivedOnRead", name, "cases", i, "when", "field")
        if (rule or {}).get("from") is not None:
            field(rule["from"], "derivedOnRead", name, "from")
        setting = (rule or {}).get("thresholdsSetting")
        if setting is not None and setting not in settings:
            err(f"setting {setting!r} is not declared in x-specloom.settings", "derivedOnRead", name, "thresholdsSetting")
    for i, name in enumerate(res.get("caseInsensitive") or []):
        field(name, "caseInsensitive", i)
    for name, source in (res.get("startsAs") or {}).items():
        field(name, "startsAs", name)
        field(source, "startsAs", name)
    for name, rule in (res.get("derive") or {}).items():
        if isinstance(rule, dict) and "minus" in rule:
            field(rule["minus"], "derive", name, "minus")
    for i, event in enumerate(res.get("events") or []):
        if isinstance(event, dict) and "belowField" in event:
            field(event["belowField"], "events", i, "belowField")
    _check_coupon(res.get("coupon"), resources, schemas, field, err)
    machine = res.get("stateMachine") or {}
    for name, transition in (machine.get("transitions") or {}).items():
        if isinstance(transition, dict):
            _check_effects(name, transition, resources, schemas, settings, field, err)


def _check_coupon(coupon: Any, resources: dict, schemas: dict, field: Callable, err: Callable) -> None:
    if not isinstance(coupon, dict):
        return
    for key in ("codeField", "typeField", "valueField", "statusField", "minimumField", "usedField",
                "maxUsesField", "perCustomerField"):
        if key in coupon:
            field(coupon[key], "coupon", key)
    uses = coupon.get("uses")
    if isinstance(uses, dict):
        target = _props(schemas, resources, uses.get("resource"))
        if target is None:
            err(f"coupon uses: unknown resource {uses.get('resource')!r}", "coupon", "uses", "resource")
            return
        for key in ("couponField", "customerField"):
            if key in uses:
                field(uses[key], "coupon", "uses", key, of=target, schema=str(uses.get("resource")))


def _check_effects(name: str, transition: dict, resources: dict, schemas: dict, settings: dict,
                   field: Callable, err: Callable) -> None:
    where = ("stateMachine", "transitions", name)
    for i, rule in enumerate(transition.get("decrements") or []):
        if not isinstance(rule, dict):
            continue
        target = _props(schemas, resources, rule.get("resource"))
        if target is None:
            err(f"decrements: unknown resource {rule.get('resource')!r}", *where, "decrements", i, "resource")
            continue
        field(rule.get("forEach"), *where, "decrements", i, "forEach")
        field(rule.get("field"), *where, "decrements", i, "field", of=target, schema=str(rule.get("resource")))
    for i, rule in enumerate(transition.get("credits") or []):
        if not isinstance(rule, dict):
            continue
        account = _props(schemas, resources, rule.get("resource"))
        entries = _props(schemas, resources, rule.get("entries"))
        if account is None or entries is None:
            err(f"credits: unknown resource {rule.get('resource') if account is None else rule.get('entries')!r}",
                *where, "credits", i, "resource" if account is None else "entries")
            continue
        field(rule.get("accountField"), *where, "credits", i, "accountField")
        field(rule.get("amountField"), *where, "credits", i, "amountField")
        field(rule.get("balanceField"), *where, "credits", i, "balanceField", of=account, schema=str(rule.get("resource")))
        if rule.get("rateSetting") not in settings:
            err(f"setting {rule.get('rateSetting')!r} is not declared in x-specloom.settings",
                *where, "credits", i, "rateSetting")
    for i, mark in enumerate(transition.get("marks") or []):
        if not isinstance(mark, dict):
            continue
        target = _props(schemas, resources, mark.get("resource"))
        if target is None:
            err(f"marks: unknown resource {mark.get('resource')!r}", *where, "marks", i, "resource")
            continue
        field(mark.get("idField"), *where, "marks", i, "idField")
        for name in mark.get("set") or {}:
            field(name, *where, "marks", i, "set", name, of=target, schema=str(mark.get("resource")))
    _check_restores(transition.get("restores"), where, resources, schemas, field, err)
    redeems = transition.get("redeems")
    if isinstance(redeems, dict):
        target = resources.get(redeems.get("resource"))
        if not isinstance(target, dict) or not isinstance(target.get("coupon"), dict):
            err(f"redeems: {redeems.get('resource')!r} is not a resource declaring coupon", *where, "redeems", "resource")
        for key in ("codeField", "amountField", "discountField", "totalField", "customerField"):
            if key in redeems:
                field(redeems[key], *where, "redeems", key)


def _check_restores(restores: Any, where: tuple, resources: dict, schemas: dict, field: Callable,
                    err: Callable) -> None:
    """`restores` names fields of the moved record, and resources and fields they give back to."""
    if not isinstance(restores, dict):
        return
    where = (*where, "restores")
    field(restores.get("onceField"), *where, "onceField")
    if "ifField" in restores:
        field(restores["ifField"], *where, "ifField")
    for i, rule in enumerate(restores.get("stock") or []):
        if not isinstance(rule, dict):
            continue
        target = _props(schemas, resources, rule.get("resource"))
        if target is None:
            err(f"restores stock: unknown resource {rule.get('resource')!r}", *where, "stock", i, "resource")
            continue
        field(rule.get("forEach"), *where, "stock", i, "forEach")
        field(rule.get("field"), *where, "stock", i, "field", of=target, schema=str(rule.get("resource")))
    coupon = restores.get("coupon")
    if isinstance(coupon, dict):
        target = resources.get(coupon.get("resource"))
        if not isinstance(target, dict) or not isinstance(target.get("coupon"), dict):
            err(f"restores coupon: {coupon.get('resource')!r} is not a resource declaring coupon",
                *where, "coupon", "resource")
        for key in ("codeField", "customerField"):
            if key in coupon:
                field(coupon[key], *where, "coupon", key)
    for i, rule in enumerate(restores.get("credits") or []):
        if not isinstance(rule, dict):
            continue
        account = _props(schemas, resources, rule.get("resource"))
        entries = _props(schemas, resources, rule.get("entries"))
        if account is None or entries is None:
            err(f"restores credits: unknown resource "
                f"{rule.get('resource') if account is None else rule.get('entries')!r}",
                *where, "credits", i, "resource" if account is None else "entries")
            continue
        field(rule.get("accountField"), *where, "credits", i, "accountField")
        field(rule.get("balanceField"), *where, "credits", i, "balanceField", of=account,
              schema=str(rule.get("resource")))
        for key in ("matchField", "amountField"):
            field(rule.get(key), *where, "credits", i, key, of=entries, schema=str(rule.get("entries")))
        for name in rule.get("entry") or {}:
            field(name, *where, "credits", i, "entry", name, of=entries, schema=str(rule.get("entries")))
