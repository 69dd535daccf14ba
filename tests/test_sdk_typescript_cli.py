"""`specloom sdk` as a user runs it: --all writes a client per surface and each compiles under
`tsc --strict`; names derive from tags, paths and operationIds, and an operation's
`x-specloom.sdk` overrides them (validated by lint); bad usage exits 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from specloom.generator.pipeline import lint
from specloom.generator.sdk.build import camel, method_name
from specloom.runtime.surfaces import list_surfaces
from tests.golden.regenerate_sdk import rendered
from tests.sdk_typescript import copy_specs, tsc  # noqa: F401
from tests.support import ROOT


def specloom(*args: str, specs=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    if specs is not None:
        env["SPECLOOM_SPECS"] = str(specs)
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_sdk_all_writes_a_client_per_surface_and_each_compiles_strict(tmp_path, tsc):  # noqa: F811
    result = specloom("sdk", "--all", "--lang", "typescript", "--out", str(tmp_path / "clients"))
    assert result.returncode == 0, result.stdout + result.stderr
    surfaces = list_surfaces()
    assert {"shopvo", "alva", "aly", "alza", "scalev"} <= set(surfaces)
    for surface in surfaces:
        package = tmp_path / "clients" / surface
        assert (package / "package.json").exists() and f"{surface}: typescript client" in result.stdout
        compiled = subprocess.run([str(tsc), "-p", "tsconfig.json", "--strict"], cwd=package, capture_output=True,
                                  text=True, timeout=240)
        assert compiled.returncode == 0, f"{surface}:\n{compiled.stdout}{compiled.stderr}"
        assert (package / "dist" / "index.js").exists() and (package / "dist" / "index.d.ts").exists()


def test_bad_usage_exits_2(tmp_path):
    assert specloom("sdk", "shopvo", "--lang", "cobol", "--out", str(tmp_path)).returncode == 2
    assert specloom("sdk", "nosuchsurface", "--lang", "typescript", "--out", str(tmp_path)).returncode == 2
    assert specloom("sdk", "shopvo", "--all", "--lang", "typescript", "--out", str(tmp_path)).returncode == 2


@pytest.mark.parametrize(("operation_id", "group", "method"), [
    ("listProducts", "products", "list"),
    ("getProduct", "products", "get"),
    ("listProductVariants", "products", "listVariants"),
    ("createProductVariant", "products", "createVariant"),
    ("updateOrderStatus", "orders", "updateStatus"),
    ("listB2BAccounts", "b2bWholesale", "listAccounts"),
    ("authorizeOAuthApp", "oauth", "authorizeApp"),
    ("registerCustomer", "customerAuth", "register"),
    ("listCurrentCustomerOrders", "customer", "listCurrentOrders"),
    ("issueGiftCard", "giftCards", "issue"),
])
def test_method_names_drop_the_groups_noun(operation_id, group, method):
    assert method_name(operation_id, group) == method


def test_group_names_from_tags():
    assert [camel(t) for t in ("Products", "Gift Cards", "B2B / Wholesale", "OAuth", "Storefront API Setup")] == [
        "products", "giftCards", "b2bWholesale", "oauth", "storefrontApiSetup"]


def test_shopvo_reads_like_the_source_example_without_overrides():
    client = rendered("typescript", "shopvo")["src/client.ts"]
    for signature in ("  list(params?: T.ListProductsParams, options?: RequestOptions): Promise<Page<T.ProductSparse>>",
                      "  get(productId: string, params?: T.GetProductParams, options?: RequestOptions): Promise<T.Product>",
                      "  listVariants(productId: string, options?: RequestOptions): Promise<Array<T.ProductVariant>>",
                      "  createVariant(productId: string, body: T.ProductVariantCreate, options?: RequestOptions)",
                      "  readonly products: ProductsGroup;", "  readonly orders: OrdersGroup;",
                      "  readonly customers: CustomersGroup;"):
        assert signature in client
    assert "sdk:" not in (ROOT / "specs" / "shopvo" / "openapi.yaml").read_text(encoding="utf-8")


def test_an_operations_sdk_override_names_it_and_lint_checks_it(tmp_path):
    specs = copy_specs(tmp_path, "alza", lambda text: text.replace(
        "x-specloom: { resource: orders, action: get }",
        "x-specloom: { resource: orders, action: get, sdk: { group: exports, method: fetchOne } }"))
    spec = specs / "alza" / "openapi.yaml"
    client = rendered("typescript", "alza", spec)["src/client.ts"]
    assert "readonly exports: ExportsGroup;" in client
    assert "  fetchOne(orderId: string, options?: RequestOptions): Promise<T.SupplierOrder>" in client
    assert "  get(orderId: string" not in client

    bad = spec.read_text(encoding="utf-8").replace("method: fetchOne", "method: Fetch-One")
    spec.write_text(bad, encoding="utf-8")
    _, problems = lint(spec)
    errors = [p for p in problems if p.level == "error"]
    assert errors and any("Fetch-One" in p.message or "sdk" in str(p.pointer) for p in errors), errors


def test_a_schema_named_like_a_client_export_stays_reachable():
    """Shopvo has a schema `Page` (a content page) beside the client's `Page` of a list: the
    index exports the client's, and every schema under `types` too."""
    index = rendered("typescript", "shopvo")["src/index.ts"]
    assert "type Page," in index and 'export type * as types from "./types.js";' in index
    assert "export type Page = {" in rendered("typescript", "shopvo")["src/types.ts"]
