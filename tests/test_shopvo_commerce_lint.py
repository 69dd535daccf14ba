"""Lint checks the commerce keywords' references: a misspelt field, resource or setting in
`derivedOnRead`, `coupon`, `decrements` or `redeems` is an error at its line, not a 500 later."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.support import ROOT


def lint_with(tmp_path, *replacements) -> subprocess.CompletedProcess:
    shutil.copytree(ROOT / "specs" / "shopvo", tmp_path / "specs" / "shopvo")
    spec = tmp_path / "specs" / "shopvo" / "openapi.yaml"
    text = spec.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    spec.write_text(text)
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "lint", "shopvo"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_commerce_references_are_checked(tmp_path):
    r = lint_with(tmp_path,
                  ("- { value: EXPIRED, when: { field: expiresAt,", "- { value: EXPIRED, when: { field: expiresOn,"),
                  ("tier: { from: points, thresholdsSetting: loyaltyTiers }", "tier: { from: points, thresholdsSetting: tiers }"),
                  ("perCustomerField: maxUsesPerCustomer", "perCustomerField: maxPerCustomer"),
                  ("{ resource: variants, forEach: items, idField: variantId, field: inventoryCount,",
                   "{ resource: variants, forEach: items, idField: variantId, field: stock,"),
                  ("              resource: promotions\n              codeField: promotionCode",
                   "              resource: orders\n              codeField: promotionCode"))
    assert r.returncode == 2, r.stdout
    for message in ("'expiresOn' is not a property of Promotion",
                    "setting 'tiers' is not declared in x-specloom.settings",
                    "'maxPerCustomer' is not a property of Promotion",
                    "'stock' is not a property of variants",
                    "redeems: 'orders' is not a resource declaring coupon"):
        assert message in r.stdout, r.stdout
    assert "/x-specloom/resources/promotions/derivedOnRead/status/cases/1/when/field" in r.stdout
