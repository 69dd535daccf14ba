"""IR step for the commerce keywords of a resource declaration (issue 11): `derivedOnRead`,
`caseInsensitive`, `coupon`, `startsAs`, a numbering `format`, a threshold event's
`belowField`, a derivation's `minus`, and a transition's `decrements`, `redeems`, `credits` and `marks`.
`generator/build.py` calls these; each returns IR values (generator/ir.py)."""

from __future__ import annotations

import copy
from typing import Any

from .ir import (
    Condition,
    Coupon,
    Credit,
    CreditReturn,
    Decrement,
    Mark,
    Numbering,
    ReadDerivation,
    Redemption,
    Restoration,
)

_NUMBERING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes read aloud


def resource_keywords(decl: dict) -> dict[str, Any]:
    """`Resource` arguments for `derivedOnRead`, `caseInsensitive`, `coupon` and `startsAs`."""
    return {
        "derived_on_read": tuple(_read_derivation(field, rule)
                                 for field, rule in (decl.get("derivedOnRead") or {}).items()),
        "case_insensitive": tuple(decl.get("caseInsensitive") or ()),
        "coupon": _coupon(decl.get("coupon")),
        "starts_as": dict(decl.get("startsAs") or {}),
    }


def _read_derivation(field: str, rule: dict) -> ReadDerivation:
    cases = []
    for case in rule.get("cases") or ():
        when = case.get("when")
        cases.append((copy.deepcopy(case["value"]),
                       Condition(when["field"], when["op"], copy.deepcopy(when.get("value"))) if when else None))
    return ReadDerivation(field, tuple(cases), rule.get("from"), rule.get("thresholdsSetting"))


def _coupon(decl: dict | None) -> Coupon | None:
    if decl is None:
        return None
    uses = decl.get("uses") or {}
    return Coupon(
        code_field=decl["codeField"], type_field=decl["typeField"], value_field=decl["valueField"],
        kinds=dict(decl["kinds"]), status_field=decl.get("statusField"),
        active=tuple(decl.get("activeStatuses") or ()), minimum_field=decl.get("minimumField"),
        used_field=decl.get("usedField"), max_uses_field=decl.get("maxUsesField"),
        uses=uses.get("resource"), coupon_field=uses.get("couponField"),
        customer_field=uses.get("customerField"), per_customer_field=decl.get("perCustomerField"))


def numbering(decl: dict | None) -> Numbering | None:
    if decl is None:
        return None
    return Numbering(decl["field"], decl.get("prefix", ""), int(decl.get("digits", 6)), decl.get("format"),
                     decl.get("alphabet", _NUMBERING_ALPHABET if decl.get("format") else "0123456789"))


def transition_keywords(decl: dict) -> dict[str, Any]:
    """`Transition` arguments for `decrements`, `redeems` and `credits`."""
    redeems = decl.get("redeems")
    return {
        "marks": tuple(Mark(m["resource"], m["idField"], copy.deepcopy(m.get("set") or {}))
                       for m in decl.get("marks") or ()),
        "credits": tuple(
            Credit(c["resource"], c["accountField"], c["amountField"], c["rateSetting"], c["balanceField"],
                   c["entries"], c.get("per", 1), copy.deepcopy(c.get("entry") or {}), c.get("entryAmountField"))
            for c in decl.get("credits") or ()),
        "decrements": tuple(
            Decrement(d["resource"], d["forEach"], d["idField"], d["field"], d["by"], d.get("unlessField"),
                      d.get("refusalCode", "insufficient_quantity"))
            for d in decl.get("decrements") or ()),
        "redeems": Redemption(redeems["resource"], redeems["codeField"], redeems["amountField"],
                              redeems["discountField"], redeems.get("totalField"), redeems.get("customerField"),
                              redeems.get("refusalCode", "promotion_not_applicable")) if redeems else None,
        "restores": restoration(decl.get("restores")),
    }


def restoration(decl: dict | None) -> Restoration | None:
    """A transition's `restores`: what the moved record took, given back once."""
    if not decl:
        return None
    coupon = decl.get("coupon")
    return Restoration(
        decl["onceField"],
        decl.get("ifField"),
        stock=tuple(Decrement(d["resource"], d["forEach"], d["idField"], d["field"], d["by"], d.get("unlessField"))
                    for d in decl.get("stock") or ()),
        coupon=Redemption(coupon["resource"], coupon["codeField"], "", "", None,
                          coupon.get("customerField")) if coupon else None,
        credits=tuple(CreditReturn(c["resource"], c["accountField"], c["balanceField"], c["entries"], c["matchField"],
                                   c["amountField"], copy.deepcopy(c.get("entry") or {}))
                      for c in decl.get("credits") or ()))
