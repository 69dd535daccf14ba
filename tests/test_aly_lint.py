"""Lint checks the storefront declarations Aly uses (generator/validate_storefront.py and the
checkout.pay check): a catalog's references and price list, analytics' fields, and a checkout
transition that creates the paid record."""

from __future__ import annotations

from pathlib import Path

import yaml

from specloom.generator.pipeline import lint
from tests.support import ROOT

ALY = ROOT / "specs" / "aly" / "openapi.yaml"
CART_LINES = "/api/storefront/v1/stores/{store}/carts/{cart}/line_items"
ANALYTICS = "/api/storefront/v1/stores/{store}/analytics"
CHECKOUT = "/api/storefront/v1/stores/{store}/carts/{cart}/checkout"
COUPON = "/api/storefront/v1/stores/{store}/carts/{cart}/coupon"


def problems_of(tmp_path: Path, change) -> list[str]:
    doc = yaml.safe_load(ALY.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    _, problems = lint(path)
    return [f"{p.level}: {p.message} @ {p.pointer}" for p in problems]


def test_the_aly_spec_lints_clean(tmp_path):
    assert problems_of(tmp_path, lambda doc: None) == []


def test_lint_checks_catalog_price_lists_analytics_and_checkout(tmp_path):
    def break_it(doc):
        catalog = doc["paths"][CART_LINES]["post"]["x-specloom"]["with"]["catalog"]
        catalog["references"]["product_id"]["where"] = {"state": "active"}
        catalog["priceList"]["resource"] = "pricelists"
        catalog["priceList"]["groupField"] = "segment"
        summary = doc["paths"][ANALYTICS]["get"]["x-specloom"]["with"]
        summary["dateField"] = "placed_on"
        summary["metrics"]["gross_revenue"]["sum"] = "grand_total"
        doc["x-specloom"]["resources"]["price_lists"]["unique"] = []
        doc["paths"][CHECKOUT]["post"]["x-specloom"]["with"]["transition"] = "removeCoupon"
        doc["paths"][COUPON]["put"]["x-specloom"]["with"]["coupons"] = "customers"

    problems = problems_of(tmp_path, break_it)
    for expected in ("'state' is not a property of Product", "unknown resource 'pricelists'",
                     "'segment' is not a property of Customer", "dateField 'placed_on' must be filterable",
                     "'grand_total' is not a property of Order",
                     "transition 'removeCoupon' must create a 'orders' record",
                     "resource 'customers' declares no coupon", "one price list per group"):
        assert any(expected in p for p in problems), (expected, problems)
